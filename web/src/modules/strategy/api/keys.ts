import type { KpiFilters, ProjectFilters } from './types';

/** Query keys: everything of one city's strategy starts with ['strategy', tenant], so a write can refresh it all. */
export const strategyKeys = {
  all: (tenant: string) => ['strategy', tenant] as const,
  tree: (tenant: string) => ['strategy', tenant, 'tree'] as const,
  projects: (tenant: string, filters: ProjectFilters) => ['strategy', tenant, 'projects', filters] as const,
  allProjects: (tenant: string) => ['strategy', tenant, 'projects', 'all'] as const,
  project: (tenant: string, code: string) => ['strategy', tenant, 'project', code] as const,
  kpis: (tenant: string, filters: KpiFilters) => ['strategy', tenant, 'kpis', filters] as const,
  kpi: (tenant: string, code: string) => ['strategy', tenant, 'kpi', code] as const,
  revisions: (tenant: string) => ['strategy', tenant, 'revisions'] as const,
  diff: (tenant: string, a: string, b: string) => ['strategy', tenant, 'diff', a, b] as const,
  notes: (tenant: string) => ['strategy', tenant, 'notes'] as const,
  translations: (tenant: string) => ['strategy', tenant, 'translations'] as const,
};

export function base(tenant: string): string {
  return `/api/v1/tenants/${encodeURIComponent(tenant)}`;
}

/** A query string from the filters that are set (empty values are left out). */
export function queryString(filters: object): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}
