import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';
import type { AirQuality, Alert, Follow, Rule, Sensor, Series } from './types';

const base = (tenant: string) => `/api/v1/tenants/${encodeURIComponent(tenant)}`;
export const sensorKeys = {
  all: (tenant: string) => ['sensors', tenant] as const,
};

export function useSensors(tenant: string | undefined) {
  return useQuery({
    queryKey: [...sensorKeys.all(tenant ?? ''), 'list'],
    queryFn: async () => (await api<{ items: Sensor[] }>(`${base(tenant!)}/sensors`)).items,
    enabled: !!tenant,
    refetchInterval: 60_000,
  });
}

export function useSensor(tenant: string | undefined, id: string | undefined) {
  return useQuery({ queryKey: [...sensorKeys.all(tenant ?? ''), 'one', id], queryFn: () => api<Sensor>(`${base(tenant!)}/sensors/${id}`), enabled: !!tenant && !!id });
}

export function useSeries(tenant: string | undefined, id: string | undefined, property: string, interval: 'hour' | 'day', days: number) {
  return useQuery({
    queryKey: [...sensorKeys.all(tenant ?? ''), 'series', id, property, interval, days],
    queryFn: () => {
      const to = new Date(Date.now() + 60_000);
      const from = new Date(to.getTime() - days * 86_400_000);
      return api<Series>(`${base(tenant!)}/sensors/${id}/series?property=${property}&interval=${interval}&from=${from.toISOString()}&to=${to.toISOString()}`);
    },
    enabled: !!tenant && !!id,
  });
}

export function useAirQuality(tenant: string | undefined) {
  return useQuery({ queryKey: [...sensorKeys.all(tenant ?? ''), 'air'], queryFn: () => api<AirQuality>(`${base(tenant!)}/air-quality`), enabled: !!tenant });
}

export function useAlerts(tenant: string | undefined) {
  return useQuery({ queryKey: [...sensorKeys.all(tenant ?? ''), 'alerts'], queryFn: async () => (await api<{ items: Alert[] }>(`${base(tenant!)}/sensor-alerts`)).items, enabled: !!tenant });
}

export function useRules(tenant: string | undefined) {
  return useQuery({ queryKey: [...sensorKeys.all(tenant ?? ''), 'rules'], queryFn: async () => (await api<{ items: Rule[] }>(`${base(tenant!)}/sensor-alert-rules`)).items, enabled: !!tenant });
}

export function useFollows(tenant: string | undefined, signedIn: boolean) {
  return useQuery({ queryKey: [...sensorKeys.all(tenant ?? ''), 'follows'], queryFn: async () => (await api<{ items: Follow[] }>(`${base(tenant!)}/sensor-follows`)).items, enabled: !!tenant && signedIn });
}

export function useFollowMutation(tenant: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ on, ...body }: { on: boolean; sensor?: number; area?: string }) => api<{ items: Follow[] }>(`${base(tenant)}/sensor-follows`, { method: on ? 'POST' : 'DELETE', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...sensorKeys.all(tenant), 'follows'] }),
  });
}

export function useCreateRule(tenant: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { property: string; threshold: number; clearBelow?: number; durationMinutes: number; area?: string }) => api<Rule>(`${base(tenant)}/sensor-alert-rules`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: sensorKeys.all(tenant) }),
  });
}

export function useDeactivateRule(tenant: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<null>(`${base(tenant)}/sensor-alert-rules/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: sensorKeys.all(tenant) }),
  });
}
