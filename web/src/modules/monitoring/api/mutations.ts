import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, apiForm } from '../../../api/client';
import { base, strategyKeys } from '../../strategy';
import { monitoringKeys } from './keys';
import type { NewReport, ProgressReport, ReportFields } from './types';

/** After a write, this city's monitoring and strategy data are refetched (approval changes the project). */
function useInvalidate(tenant: string) {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: monitoringKeys.all(tenant) }), qc.invalidateQueries({ queryKey: strategyKeys.all(tenant) })]);
}

export function useCreateReport(tenant: string) {
  const invalidate = useInvalidate(tenant);
  return useMutation({
    mutationFn: (body: NewReport) => api<ProgressReport>(`${base(tenant)}/progress-reports`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useUpdateReport(tenant: string, id: number) {
  const invalidate = useInvalidate(tenant);
  return useMutation({
    mutationFn: (body: Partial<ReportFields>) => api<ProgressReport>(`${base(tenant)}/progress-reports/${id}`, { method: 'PATCH', body }),
    onSuccess: invalidate,
  });
}

export function useTransition(tenant: string, id: number) {
  const invalidate = useInvalidate(tenant);
  return useMutation({
    mutationFn: ({ action, comment }: { action: 'submit' | 'return' | 'approve'; comment?: string }) =>
      api<ProgressReport>(`${base(tenant)}/progress-reports/${id}/${action}`, { method: 'POST', ...(action === 'submit' ? {} : { body: comment ? { comment } : {} }) }),
    onSuccess: invalidate,
  });
}

export function useAttach(tenant: string, id: number) {
  const invalidate = useInvalidate(tenant);
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file);
      return apiForm<ProgressReport>(`${base(tenant)}/progress-reports/${id}/attachments`, form);
    },
    onSuccess: invalidate,
  });
}
