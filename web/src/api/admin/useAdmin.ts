import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type ApiGet } from '../client';

type Base = '/api/v1/tenants/{tenant}';

export type AuditEntry = ApiGet<`${Base}/audit`>['items'][number];
export type Member = ApiGet<`${Base}/members`>['items'][number];
export type ApiKey = ApiGet<`${Base}/api-keys`>['items'][number];

export const adminKeys = {
  audit: (t: string) => ['admin', t, 'audit'] as const,
  members: (t: string) => ['admin', t, 'members'] as const,
  apiKeys: (t: string) => ['admin', t, 'api-keys'] as const,
};

export const useAudit = (tenant: string, enabled = true) =>
  useQuery({ queryKey: adminKeys.audit(tenant), queryFn: async () => (await api<{ items: AuditEntry[] }>(`/api/v1/tenants/${tenant}/audit?limit=50`)).items, enabled });

export const useMembers = (tenant: string, enabled = true) =>
  useQuery({ queryKey: adminKeys.members(tenant), queryFn: async () => (await api<{ items: Member[] }>(`/api/v1/tenants/${tenant}/members`)).items, enabled });

export const useApiKeys = (tenant: string, enabled = true) =>
  useQuery({ queryKey: adminKeys.apiKeys(tenant), queryFn: async () => (await api<{ items: ApiKey[] }>(`/api/v1/tenants/${tenant}/api-keys`)).items, enabled });

export function useCreateApiKey(tenant: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; purpose: string }) => api<ApiKey & { secret: string }>(`/api/v1/tenants/${tenant}/api-keys`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', tenant] }),
  });
}

export function useRevokeApiKey(tenant: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<null>(`/api/v1/tenants/${tenant}/api-keys/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', tenant] }),
  });
}
