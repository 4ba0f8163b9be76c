import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../client';
import { authKeys } from './keys';

export interface Inbox {
  unread: number;
  items: { id: string; kind: string; subject: string; body: string; link: string | null; createdAt: string; read: boolean }[];
}

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
