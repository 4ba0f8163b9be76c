import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';
import type { Phone, Preference } from './types';

export const notificationKeys = { preferences: ['me', 'notification-preferences'] as const, phone: ['me', 'phone'] as const };

export function usePreferences() {
  return useQuery({ queryKey: notificationKeys.preferences, queryFn: async () => (await api<{ items: Preference[] }>('/api/v1/me/notification-preferences')).items });
}

export function useSavePreferences() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (items: Partial<Preference>[]) => (await api<{ items: Preference[] }>('/api/v1/me/notification-preferences', { method: 'PUT', body: { items } })).items,
    onSuccess: (items) => qc.setQueryData(notificationKeys.preferences, items),
  });
}

export function usePhone() {
  return useQuery({ queryKey: notificationKeys.phone, queryFn: () => api<Phone>('/api/v1/me/phone') });
}

export function useSetPhone() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { tenant: string; phone: string }) => api<Phone>('/api/v1/me/phone', { method: 'PUT', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: notificationKeys.phone }),
  });
}

export function useVerifyPhone() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api<Phone>('/api/v1/me/phone/verify', { method: 'POST', body: { code } }),
    onSuccess: (p) => qc.setQueryData(notificationKeys.phone, p),
  });
}
