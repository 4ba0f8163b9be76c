import { useQuery } from '@tanstack/react-query';
import { api } from '../client';

export interface Tenant {
  slug: string;
  name: { ro: string; en?: string; hu?: string };
  defaultLocale: string;
  locales: string[];
  timeZone: string;
  centre: { lat: number; lon: number };
  defaultZoom: number;
  boundary: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[] } | null;
}

export const tenantKeys = { all: ['tenants'] as const };

export function useTenants() {
  return useQuery({ queryKey: tenantKeys.all, queryFn: async () => (await api<{ items: Tenant[] }>('/api/v1/tenants')).items, staleTime: 5 * 60_000 });
}

/** One tenant by slug, from the cached list. */
export function useTenant(slug: string | undefined) {
  const q = useTenants();
  return { ...q, data: q.data?.find((t) => t.slug === slug) };
}
