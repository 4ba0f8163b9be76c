import { useQuery } from '@tanstack/react-query';
import { api, type ApiGet, type Schemas } from '../client';

/** A city, commune or metropolitan area as GET /api/v1/tenants sends it. */
export type Tenant = Schemas['Tenant'];

export const tenantKeys = { all: ['tenants'] as const };

export function useTenants() {
  return useQuery({ queryKey: tenantKeys.all, queryFn: async () => (await api<ApiGet<'/api/v1/tenants'>>('/api/v1/tenants')).items, staleTime: 5 * 60_000 });
}

/** One tenant by slug, from the cached list. */
export function useTenant(slug: string | undefined) {
  const q = useTenants();
  return { ...q, data: q.data?.find((t) => t.slug === slug), allTenants: q.data ?? [] };
}

/** The main places of the home page: areas, and the cities a person looks for first (not every commune). */
export function homeEntries(all: Tenant[]): { areas: Tenant[]; cities: Tenant[] } {
  return {
    areas: all.filter((t) => t.kind === 'area'),
    cities: all.filter((t) => t.kind === 'city' && (t.parent === null || t.uatType === 'municipiu')),
  };
}
