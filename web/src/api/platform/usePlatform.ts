import { useQuery } from '@tanstack/react-query';
import { api } from '../client';

export interface Platform {
  version: string;
  map: { tileUrl: string | null; attribution: string };
  locales: string[];
}

export function usePlatform() {
  return useQuery({ queryKey: ['platform'], queryFn: () => api<Platform>('/api/v1/platform'), staleTime: Infinity });
}
