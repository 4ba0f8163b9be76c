import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from '../client';
import { authKeys } from './keys';
import type { Me } from './types';

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) => api<Me>('/api/v1/auth/login', { method: 'POST', body }),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      qc.setQueryData(authKeys.me, me);
    },
  });
}
