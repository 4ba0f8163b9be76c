import { useMutation, useQueryClient } from '@tanstack/react-query';
import { authKeys } from '../../../api/auth/keys';
import type { Me } from '../../../api/auth/types';
import { api, ApiError, type ApiBody, type FieldError } from '../../../api/client';
import { apiCode } from '../format';
import { base, strategyKeys } from './keys';
import type { KpiDetail, Measurement, Multiloc, ProjectDetail, RevisionSummary } from './types';

type Base = '/api/v1/tenants/{tenant}';

/** After any write, everything of this city's strategy is refetched (lists, totals, progress all move). */
function useInvalidate(tenant: string) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: strategyKeys.all(tenant) });
}

/** What a status change sends (generated from the server's schema). */
export type ProjectStatusInput = ApiBody<`${Base}/projects/{code}/status`, 'patch'>;

export function useChangeProjectStatus(tenant: string, code: string) {
  const invalidate = useInvalidate(tenant);
  return useMutation({
    mutationFn: (body: ProjectStatusInput) => api<ProjectDetail>(`${base(tenant)}/projects/${apiCode(code)}/status`, { method: 'PATCH', body }),
    onSuccess: invalidate,
  });
}

export function useUpdateProject(tenant: string, code: string) {
  const invalidate = useInvalidate(tenant);
  return useMutation({
    mutationFn: (body: ApiBody<`${Base}/projects/{code}`, 'patch'>) => api<ProjectDetail>(`${base(tenant)}/projects/${apiCode(code)}`, { method: 'PATCH', body }),
    onSuccess: invalidate,
  });
}

export function useCreateProject(tenant: string) {
  const invalidate = useInvalidate(tenant);
  return useMutation({
    mutationFn: (body: ApiBody<`${Base}/projects`, 'post'>) => api<ProjectDetail>(`${base(tenant)}/projects`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useDeleteProject(tenant: string, code: string) {
  const invalidate = useInvalidate(tenant);
  return useMutation({
    mutationFn: () => api<null>(`${base(tenant)}/projects/${apiCode(code)}`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

/** Follow or stop following a project or a KPI (the person is notified when it changes). */
export function useFollow(tenant: string, kind: 'project' | 'kpi', code: string) {
  const invalidate = useInvalidate(tenant);
  return useMutation({
    mutationFn: (follow: boolean) =>
      api<{ following: boolean; followers: number }>(`${base(tenant)}/${kind === 'project' ? 'projects' : 'kpis'}/${apiCode(code)}/follow`, { method: follow ? 'POST' : 'DELETE' }),
    onSuccess: invalidate,
  });
}

export function useCreateKpi(tenant: string) {
  const invalidate = useInvalidate(tenant);
  return useMutation({
    mutationFn: (body: ApiBody<`${Base}/kpis`, 'post'>) => api<KpiDetail>(`${base(tenant)}/kpis`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useDeleteKpi(tenant: string, code: string) {
  const invalidate = useInvalidate(tenant);
  return useMutation({
    mutationFn: () => api<null>(`${base(tenant)}/kpis/${apiCode(code)}`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

export function useUpdateKpi(tenant: string, code: string) {
  const invalidate = useInvalidate(tenant);
  return useMutation({
    mutationFn: (body: ApiBody<`${Base}/kpis/{code}`, 'patch'>) => api<KpiDetail>(`${base(tenant)}/kpis/${apiCode(code)}`, { method: 'PATCH', body }),
    onSuccess: invalidate,
  });
}

/** What recording a measurement sends (generated from the server's schema). */
export type MeasurementInput = ApiBody<`${Base}/kpis/{code}/measurements`, 'post'>;

export function useAddMeasurement(tenant: string, code: string) {
  const invalidate = useInvalidate(tenant);
  return useMutation({
    mutationFn: (body: MeasurementInput) => api<Measurement>(`${base(tenant)}/kpis/${apiCode(code)}/measurements`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

/** POST the CSV text as text/csv (api() only sends JSON), with the CSRF token and the same error handling. */
export function useImportMeasurements(tenant: string) {
  const qc = useQueryClient();
  const invalidate = useInvalidate(tenant);
  return useMutation({
    mutationFn: async (csv: string) => {
      const me = qc.getQueryData<Me>(authKeys.me);
      const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'text/csv' };
      if (me?.csrfToken) headers['x-csrf-token'] = me.csrfToken;
      const res = await fetch(`${base(tenant)}/kpis/measurements:import`, { method: 'POST', headers, body: csv, credentials: 'same-origin' });
      const text = await res.text();
      const data = text ? (JSON.parse(text) as unknown) : null;
      if (!res.ok) {
        const p = (data ?? {}) as { code?: string; detail?: string; errors?: FieldError[] };
        throw new ApiError(res.status, p.code ?? 'error', p.detail ?? res.statusText, p.errors ?? []);
      }
      return data as { imported: number; kpis: string[] };
    },
    onSuccess: invalidate,
  });
}

export function usePublishRevision(tenant: string) {
  const invalidate = useInvalidate(tenant);
  return useMutation({
    mutationFn: (body: ApiBody<`${Base}/revisions`, 'post'>) => api<RevisionSummary>(`${base(tenant)}/revisions`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useUpdatePillar(tenant: string, code: string) {
  const invalidate = useInvalidate(tenant);
  return useMutation({
    mutationFn: (body: ApiBody<`${Base}/pillars/{code}`, 'patch'>) => api<unknown>(`${base(tenant)}/pillars/${apiCode(code)}`, { method: 'PATCH', body }),
    onSuccess: invalidate,
  });
}

export function useUpdateObjective(tenant: string, code: string) {
  const invalidate = useInvalidate(tenant);
  return useMutation({
    mutationFn: (body: ApiBody<`${Base}/objectives/{code}`, 'patch'>) => api<unknown>(`${base(tenant)}/objectives/${apiCode(code)}`, { method: 'PATCH', body }),
    onSuccess: invalidate,
  });
}

export function useAddTimelineEntry(tenant: string, code: string) {
  const invalidate = useInvalidate(tenant);
  return useMutation({
    mutationFn: (body: ApiBody<`${Base}/projects/{code}/timeline`, 'post'>) => api<unknown>(`${base(tenant)}/projects/${apiCode(code)}/timeline`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

/** The editable entities' API paths, for the side-by-side translation editor (the strategy itself and funding sources have none). */
const ENTITY_PATH = { pillar: 'pillars', objective: 'objectives', project: 'projects', kpi: 'kpis' } as const;
export type TranslatableEntity = keyof typeof ENTITY_PATH;
export function isEditableEntity(entity: string): entity is TranslatableEntity {
  return entity in ENTITY_PATH;
}

/** Saves one translated field: PATCH the entity with the whole Multiloc (the other languages kept). */
export function useSaveTranslation(tenant: string) {
  const invalidate = useInvalidate(tenant);
  return useMutation({
    mutationFn: ({ entity, code, field, text }: { entity: TranslatableEntity; code: string; field: string; text: Multiloc }) =>
      api<unknown>(`${base(tenant)}/${ENTITY_PATH[entity]}/${apiCode(code)}`, { method: 'PATCH', body: { [field]: text } }),
    onSuccess: invalidate,
  });
}
