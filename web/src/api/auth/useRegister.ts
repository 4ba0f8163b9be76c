import { useMutation } from '@tanstack/react-query';
import { api } from '../client';
import type { User } from './types';

export function useRegister() {
  return useMutation({
    mutationFn: (body: { email: string; password: string; displayName: string; locale: string; tenant?: string; acceptTerms: boolean; acceptPrivacy: boolean; optionalConsents?: string[] }) =>
      api<User>('/api/v1/auth/register', { method: 'POST', body }),
  });
}
