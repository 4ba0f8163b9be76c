import { useQuery } from '@tanstack/react-query';
import { api } from '../client';

export interface Tenant {
  slug: string;
  name: { ro: string; en?: string; hu?: string };
  /** a city or commune, or a metropolitan area grouping members */
  kind: 'city' | 'area';
  /** the slug of the area the city belongs to */
  parent: string | null;
  siruta: string | null;
  uatType: string | null;
  defaultLocale: string;
  locales: string[];
  timeZone: string;
  centre: { lat: number; lon: number };
  defaultZoom: number;
  boundary: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[] } | null;
  boundarySource: string | null;
  archived: boolean;
}

export const tenantKeys = { all: ['tenants'] as const };

export function useTenants() {
  return useQuery({ queryKey: tenantKeys.all, queryFn: async () => (await api<{ items: Tenant[] }>('/api/v1/tenants')).items, staleTime: 5 * 60_000 });
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
