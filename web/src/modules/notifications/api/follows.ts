import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';
import type { Follow } from './types';

export const followKeys = { mine: (tenant: string) => ['me', 'follows', tenant] as const };

/** What I follow in a city (one request per city, shared by every follow button on the page). */
export function useMyFollows(tenant: string, enabled: boolean) {
  return useQuery({ queryKey: followKeys.mine(tenant), queryFn: async () => (await api<{ items: Follow[] }>(`/api/v1/me/follows?tenant=${encodeURIComponent(tenant)}`)).items, enabled });
}

/** Follows (true) or stops following (false) one thing through the hub. */
export function useSetFollow(tenant: string, kind: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (on: boolean) => api(`/api/v1/me/follows`, { method: on ? 'POST' : 'DELETE', body: { tenant, kind, id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: followKeys.mine(tenant) }),
  });
}

/** The Atom feed of a followable thing, in a language. */
export function feedUrl(tenant: string, kind: string, id: string, lang: string): string {
  return `/api/v1/tenants/${encodeURIComponent(tenant)}/feeds/${encodeURIComponent(kind)}/${encodeURIComponent(id)}.atom?lang=${encodeURIComponent(lang)}`;
}
