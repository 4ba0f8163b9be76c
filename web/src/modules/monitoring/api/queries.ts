import { useQuery } from '@tanstack/react-query';
import { api, type ApiGet } from '../../../api/client';
import { apiCode, base } from '../../strategy';
import { monitoringKeys } from './keys';
import type { Overdue, ProgressReport, ProjectReporting, ReportList, Teams } from './types';

export function useReports(tenant: string | undefined, enabled = true) {
  return useQuery({ queryKey: monitoringKeys.reports(tenant ?? ''), enabled: !!tenant && enabled, queryFn: () => api<ReportList>(`${base(tenant!)}/progress-reports`) });
}

export function useReport(tenant: string | undefined, id: number) {
  return useQuery({ queryKey: monitoringKeys.report(tenant ?? '', id), enabled: !!tenant && id > 0, queryFn: () => api<ProgressReport>(`${base(tenant!)}/progress-reports/${id}`) });
}

export function useOverdue(tenant: string | undefined, enabled: boolean) {
  return useQuery({ queryKey: monitoringKeys.overdue(tenant ?? ''), enabled: !!tenant && enabled, queryFn: () => api<Overdue>(`${base(tenant!)}/monitoring/overdue`) });
}

export function useTeams(tenant: string | undefined, enabled: boolean) {
  return useQuery({ queryKey: monitoringKeys.teams(tenant ?? ''), enabled: !!tenant && enabled, queryFn: () => api<Teams>(`${base(tenant!)}/monitoring/teams`) });
}

export function useProjectReporting(tenant: string | undefined, code: string | undefined) {
  return useQuery({
    queryKey: monitoringKeys.reporting(tenant ?? '', code ?? ''),
    enabled: !!tenant && !!code,
    queryFn: () => api<ProjectReporting>(`${base(tenant!)}/monitoring/projects/${apiCode(code!)}/reporting`),
  });
}

/** The platform metrics a KPI can be computed from (for the KPI's staff form). */
export function useMetrics(tenant: string | undefined) {
  return useQuery({
    queryKey: ['monitoring', tenant ?? '', 'metrics'],
    enabled: !!tenant,
    staleTime: 10 * 60_000,
    queryFn: () => api<ApiGet<'/api/v1/tenants/{tenant}/monitoring/metrics'>>(`${base(tenant!)}/monitoring/metrics`),
  });
}
