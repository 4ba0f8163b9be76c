import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type ApiBody, type ApiGet, type Schemas } from '../../../api/client';

export type Consents = Schemas['Consents'];
export type DataExport = Schemas['DataExport'];
export type Notices = ApiGet<'/api/v1/privacy/notices'>;

export const privacyKeys = { consents: ['me', 'consents'] as const, export: ['me', 'export'] as const, notices: (lang: string) => ['privacy', 'notices', lang] as const };

/** The notices in force, for the registration form. */
export function useNotices(lang: string) {
  return useQuery({ queryKey: privacyKeys.notices(lang), queryFn: () => api<Notices>(`/api/v1/privacy/notices?lang=${encodeURIComponent(lang)}`), staleTime: 10 * 60_000 });
}

export function useConsents(enabled: boolean) {
  // Asked on every page by the consent dialog: a minute's cache keeps that to one request per minute.
  return useQuery({ queryKey: privacyKeys.consents, queryFn: () => api<Consents>('/api/v1/me/consents'), enabled, staleTime: 60_000 });
}

export function useUpdateConsents() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ApiBody<'/api/v1/me/consents', 'put'>) => api<Consents>('/api/v1/me/consents', { method: 'PUT', body }),
    onSuccess: (data) => qc.setQueryData(privacyKeys.consents, data),
  });
}

/** The latest export; polled every 2 s while it is being prepared. */
export function useDataExport(enabled: boolean) {
  return useQuery({
    queryKey: privacyKeys.export,
    queryFn: () => api<ApiGet<'/api/v1/me/export'>>('/api/v1/me/export'),
    enabled,
    refetchInterval: (q) => (q.state.data?.export && ['queued', 'running'].includes(q.state.data.export.status) ? 2000 : false),
  });
}

export function useStartExport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<null>('/api/v1/me/export', { method: 'POST' }),
    onSettled: () => qc.invalidateQueries({ queryKey: privacyKeys.export }),
  });
}

export function useDeleteAccount() {
  return useMutation({ mutationFn: (password: string) => api<null>('/api/v1/auth/me', { method: 'DELETE', body: { password } }) });
}
