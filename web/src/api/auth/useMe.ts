import { useQuery } from '@tanstack/react-query';
import { api, setCsrfToken } from '../client';
import { authKeys } from './keys';
import type { Me } from './types';

/** The signed-in person (or not), their roles and abilities; also keeps the CSRF token current. */
export function useMe() {
  return useQuery({
    queryKey: authKeys.me,
    queryFn: async () => {
      const me = await api<Me>('/api/v1/auth/me');
      setCsrfToken(me.csrfToken);
      return me;
    },
    staleTime: 60_000,
  });
}
