import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Schemas } from '../client';
import type { Member } from '../admin/useAdmin';
import { authKeys } from '../auth/keys';
import type { Role } from '../auth/types';
import { type Tenant, tenantKeys } from '../tenants/useTenants';

export type ConsoleData = Schemas['Console'];
export type ConsoleCounter = Schemas['ConsoleCounter'];
export type CityOverview = Schemas['CityOverview'];
export type OverviewBlock = Schemas['OverviewBlock'];
export type OverviewFigure = OverviewBlock['figures'][number];
export type Headline = Schemas['HomeHeadlines']['items'][number];

export const consoleKeys = {
  console: (t: string) => ['console', t] as const,
  overview: (t: string) => ['overview', t] as const,
  headlines: ['overview', 'headlines'] as const,
  people: (t: string, q: string) => ['admin', t, 'people', q] as const,
};

export const useConsole = (tenant: string) => useQuery({ queryKey: consoleKeys.console(tenant), queryFn: () => api<ConsoleData>(`/api/v1/tenants/${tenant}/console`) });

export const useOverview = (tenant: string | undefined) =>
  useQuery({ queryKey: consoleKeys.overview(tenant ?? ''), queryFn: () => api<CityOverview>(`/api/v1/tenants/${tenant}/overview`), enabled: !!tenant, staleTime: 60_000 });

export const useHeadlines = () => useQuery({ queryKey: consoleKeys.headlines, queryFn: async () => (await api<Schemas['HomeHeadlines']>('/api/v1/overview')).items, staleTime: 60_000 });

export const usePeopleSearch = (tenant: string, q: string) =>
  useQuery({ queryKey: consoleKeys.people(tenant, q), queryFn: async () => (await api<{ items: Member[] }>(`/api/v1/tenants/${tenant}/people?q=${encodeURIComponent(q)}`)).items, enabled: q.trim().length >= 3 });

export function useSetRoles(tenant: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, roles }: { userId: string; roles: Role[] }) => api<{ roles: Role[] }>(`/api/v1/tenants/${tenant}/members/${userId}/roles`, { method: 'PUT', body: { roles } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', tenant] }),
  });
}

export type CityBody = {
  slug?: string;
  name?: { ro: string; en?: string; hu?: string };
  kind?: 'city' | 'area';
  parent?: string | null;
  defaultLocale?: string;
  locales?: string[];
  boundary?: unknown;
};

export function useSaveCity(slug: string | null) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CityBody) => (slug ? api<Tenant>(`/api/v1/tenants/${slug}`, { method: 'PATCH', body }) : api<Tenant>('/api/v1/tenants', { method: 'POST', body })),
    // a new city changes the list and the cities one may administer (sent with /auth/me)
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: tenantKeys.all }), qc.invalidateQueries({ queryKey: authKeys.me })]),
  });
}

export function useArchiveCity() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ slug, archived }: { slug: string; archived: boolean }) => api<Tenant>(`/api/v1/tenants/${slug}/archived`, { method: 'PUT', body: { archived } }),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: tenantKeys.all }), qc.invalidateQueries({ queryKey: authKeys.me })]),
  });
}
