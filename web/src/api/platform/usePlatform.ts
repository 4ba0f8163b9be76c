import { useQuery } from '@tanstack/react-query';
import { api, type ApiGet } from '../client';

export type Platform = ApiGet<'/api/v1/platform'>;

export function usePlatform() {
  return useQuery({ queryKey: ['platform'], queryFn: () => api<Platform>('/api/v1/platform'), staleTime: Infinity });
}
