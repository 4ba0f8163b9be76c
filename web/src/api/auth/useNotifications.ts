import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type ApiGet } from '../client';
import { authKeys } from './keys';

export type Inbox = ApiGet<'/api/v1/me/notifications'>;

export function useNotifications(enabled: boolean) {
  return useQuery({ queryKey: authKeys.notifications, queryFn: () => api<Inbox>('/api/v1/me/notifications'), enabled });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<null>(`/api/v1/me/notifications/${id}/read`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: authKeys.notifications }),
  });
}
