import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from '../client';

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<null>('/api/v1/auth/logout', { method: 'POST' }),
    onSuccess: async () => {
      setCsrfToken(null);
      await qc.invalidateQueries();
    },
  });
}
