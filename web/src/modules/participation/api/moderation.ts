/** The moderation queue API (shapes from the generated OpenAPI types of src/modules/participation/moderation). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type ApiGet } from '../../../api/client';
import { base, participationKeys } from './hooks';

export type ModerationList = ApiGet<'/api/v1/tenants/{tenant}/moderation'>;
export type ModerationItem = ModerationList['items'][number];
export type ModerationStatus = 'open' | 'hidden';

export function useModerationQueue(tenant: string | undefined, status: ModerationStatus) {
  return useQuery({ queryKey: [...participationKeys.all(tenant ?? ''), 'moderation', status], enabled: !!tenant, queryFn: () => api<ModerationList>(`${base(tenant!)}/moderation?status=${status}`) });
}

/** hide (with the public reason), restore or dismiss the flags of one comment or proposal */
export function useModerate(tenant: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, id, action, reason }: { kind: ModerationItem['kind']; id: number; action: 'hide' | 'restore' | 'dismiss'; reason?: string }) =>
      api<null>(`${base(tenant)}/moderation/${kind === 'proposal' ? 'proposals' : 'comments'}/${id}/${action}`, { method: 'POST', ...(action === 'hide' ? { body: { reason } } : {}) }),
    onSuccess: () => qc.invalidateQueries({ queryKey: participationKeys.all(tenant) }),
  });
}

/** a signed-in person reports a proposal to the moderators, with a reason */
export function useFlagProposal(tenant: string, id: number) {
  return useMutation({
    mutationFn: (reason: string) => api<null>(`${base(tenant)}/proposals/${id}/flags`, { method: 'POST', body: { reason } }),
  });
}
