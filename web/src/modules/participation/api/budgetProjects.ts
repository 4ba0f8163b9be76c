/** Budget projects (page, staff workflow), places and pictures of proposals and budget projects. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, type ApiGet, type FieldError } from '../../../api/client';
import type { BudgetProject, BudgetWorkflow, Multiloc } from './types';
import { base, participationKeys } from './hooks';

export type ProjectState = BudgetProject['review'];
export const PROJECT_STATES = ['proposed', 'eligible', 'ineligible', 'costed', 'ready'] as const satisfies readonly ProjectState[];

export type ProjectDetail = ApiGet<'/api/v1/tenants/{tenant}/budgets/{id}/projects/{project}'>;
export type Picture = ProjectDetail['images'][number];
export type ProjectStep = { to: 'eligible' } | { to: 'ineligible'; reason: string } | { to: 'costed'; cost: number; note: string } | { to: 'ready' };

const key = (tenant: string | undefined, ...rest: unknown[]) => ['participation', tenant ?? '', ...rest];

function useInvalidate(tenant: string) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: participationKeys.all(tenant) });
}

export function useBudgetProject(tenant: string | undefined, budget: string | undefined, project: string | undefined) {
  return useQuery({ queryKey: key(tenant, 'budget-project', budget, project), enabled: !!tenant && !!budget && !!project, queryFn: () => api<ProjectDetail>(`${base(tenant!)}/budgets/${encodeURIComponent(budget!)}/projects/${encodeURIComponent(project!)}`) });
}

export function useBudgetWorkflow(tenant: string | undefined, budget: string | undefined) {
  return useQuery({ queryKey: key(tenant, 'budget-workflow', budget), enabled: !!tenant && !!budget, queryFn: () => api<BudgetWorkflow>(`${base(tenant!)}/budgets/${encodeURIComponent(budget!)}/workflow`) });
}

export function useAddProject(tenant: string, budget: string) {
  const invalidate = useInvalidate(tenant);
  return useMutation({
    mutationFn: (body: { code: string; title: Multiloc; description?: Multiloc; cost: number; lat?: number; lon?: number; proposalId?: number }) => api<{ id: number }>(`${base(tenant)}/budgets/${encodeURIComponent(budget)}/projects`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useProjectStep(tenant: string, budget: string) {
  const invalidate = useInvalidate(tenant);
  return useMutation({
    mutationFn: ({ project, step }: { project: number; step: ProjectStep }) => api<null>(`${base(tenant)}/budgets/${encodeURIComponent(budget)}/projects/${project}/steps`, { method: 'POST', body: step }),
    onSuccess: invalidate,
  });
}

export function useBudgetStatus(tenant: string, budget: string) {
  const invalidate = useInvalidate(tenant);
  return useMutation({ mutationFn: (status: 'preparing' | 'voting' | 'closed') => api<null>(`${base(tenant)}/budgets/${encodeURIComponent(budget)}/status`, { method: 'PUT', body: { status } }), onSuccess: invalidate });
}

export function useEditProjectPlace(tenant: string, budget: string, project: number) {
  const invalidate = useInvalidate(tenant);
  return useMutation({ mutationFn: (place: { lat: number | null; lon: number | null }) => api<null>(`${base(tenant)}/budgets/${encodeURIComponent(budget)}/projects/${project}`, { method: 'PATCH', body: place }), onSuccess: invalidate });
}

export function useEditProposalPlace(tenant: string, id: number) {
  const invalidate = useInvalidate(tenant);
  return useMutation({ mutationFn: (place: { lat: number | null; lon: number | null }) => api<null>(`${base(tenant)}/proposals/${id}`, { method: 'PATCH', body: place }), onSuccess: invalidate });
}

/** Sends pictures as multipart/form-data (field "images"); the CSRF token comes from the signed-in session. */
export async function uploadPictures(url: string, files: File[], csrfToken: string | undefined): Promise<{ ids: string[] }> {
  const form = new FormData();
  for (const f of files) form.append('images', f, f.name);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(url, { method: 'POST', body: form, headers, credentials: 'same-origin' });
  const data = (await res.json().catch(() => ({}))) as { code?: string; detail?: string; errors?: FieldError[]; ids?: string[] };
  if (!res.ok) throw new ApiError(res.status, data.code ?? 'error', data.detail ?? res.statusText, data.errors ?? []);
  return data as { ids: string[] };
}

export function useUploadPictures(tenant: string, path: string, csrfToken: string | undefined) {
  const invalidate = useInvalidate(tenant);
  return useMutation({ mutationFn: (files: File[]) => uploadPictures(`${base(tenant)}/${path}`, files, csrfToken), onSuccess: invalidate });
}

export function useRemovePicture(tenant: string, path: string) {
  const invalidate = useInvalidate(tenant);
  return useMutation({ mutationFn: (id: string) => api<null>(`${base(tenant)}/${path}/${id}`, { method: 'DELETE' }), onSuccess: invalidate });
}
