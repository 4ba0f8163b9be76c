import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../client';
import { authKeys } from './keys';
import type { User } from './types';

export function useUpdateProfile() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { displayName?: string; locale?: string }) => api<User>('/api/v1/auth/me', { method: 'PATCH', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: authKeys.me }),
  });
}
