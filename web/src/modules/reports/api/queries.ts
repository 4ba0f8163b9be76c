import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, type ApiGet, type FieldError } from '../../../api/client';
import type { Areas, Category, NearbyReport, ReportDetail, ReportList, ReportMap, ReportSummary, StaffQueue, Stats } from './types';

const base = (tenant: string) => `/api/v1/tenants/${encodeURIComponent(tenant)}/reports`;
export const reportKeys = { all: (tenant: string) => ['reports', tenant] as const };

export function useCategories(tenant: string | undefined) {
  return useQuery({ queryKey: [...reportKeys.all(tenant ?? ''), 'categories'], queryFn: async () => (await api<{ items: Category[] }>(`${base(tenant!)}/categories`)).items, enabled: !!tenant, staleTime: 5 * 60_000 });
}

export function useAreas(tenant: string | undefined) {
  return useQuery({ queryKey: [...reportKeys.all(tenant ?? ''), 'areas'], queryFn: () => api<Areas>(`${base(tenant!)}/areas`), enabled: !!tenant, staleTime: 60 * 60_000 });
}

export function useReports(tenant: string | undefined, filter: { status?: string; category?: string; area?: string; page: number }) {
  const qs = new URLSearchParams({ page: String(filter.page), pageSize: '20' });
  if (filter.area) qs.set('area', filter.area);
  if (filter.status) qs.set('status', filter.status);
  if (filter.category) qs.set('category', filter.category);
  return useQuery({
    queryKey: [...reportKeys.all(tenant ?? ''), 'list', filter],
    queryFn: () => api<ReportList>(`${base(tenant!)}?${qs}`),
    enabled: !!tenant,
    placeholderData: keepPreviousData,
  });
}

export function useReportMap(tenant: string | undefined, bbox: string | undefined, filter: { status?: string; category?: string; area?: string }) {
  const qs = new URLSearchParams({ bbox: bbox ?? '' });
  if (filter.area) qs.set('area', filter.area);
  if (filter.status) qs.set('status', filter.status);
  if (filter.category) qs.set('category', filter.category);
  return useQuery({
    queryKey: [...reportKeys.all(tenant ?? ''), 'map', bbox, filter],
    queryFn: () =>
      api<ReportMap>(`${base(tenant!)}/map?${qs}`),
    enabled: !!tenant && !!bbox,
    // panning keeps the markers drawn until the next box's answer arrives
    placeholderData: keepPreviousData,
  });
}

export function useMyReports(tenant: string | undefined, enabled: boolean) {
  return useQuery({ queryKey: [...reportKeys.all(tenant ?? ''), 'mine'], queryFn: async () => (await api<{ items: ReportSummary[] }>(`${base(tenant!)}/mine`)).items, enabled: !!tenant && enabled });
}

export function useReport(tenant: string | undefined, id: string | undefined) {
  return useQuery({ queryKey: [...reportKeys.all(tenant ?? ''), 'one', id], queryFn: () => api<ReportDetail>(`${base(tenant!)}/${id}`), enabled: !!tenant && !!id, retry: false });
}

export function useNearby(tenant: string | undefined, category: string, point: [number, number] | null) {
  return useQuery({
    queryKey: [...reportKeys.all(tenant ?? ''), 'nearby', category, point],
    queryFn: async () => (await api<{ items: NearbyReport[] }>(`${base(tenant!)}/nearby?category=${category}&lat=${point![0]}&lon=${point![1]}`)).items,
    enabled: !!tenant && !!category && !!point,
  });
}

export function useQueue(tenant: string | undefined, filter: { status?: string; category?: string; sort: string }) {
  const qs = new URLSearchParams({ sort: filter.sort, pageSize: '100' });
  if (filter.status) qs.set('status', filter.status);
  if (filter.category) qs.set('category', filter.category);
  return useQuery({ queryKey: [...reportKeys.all(tenant ?? ''), 'queue', filter], queryFn: () => api<StaffQueue>(`${base(tenant!)}/queue?${qs}`), enabled: !!tenant });
}

export function useStats(tenant: string | undefined) {
  return useQuery({ queryKey: [...reportKeys.all(tenant ?? ''), 'stats'], queryFn: () => api<Stats>(`${base(tenant!)}/stats`), enabled: !!tenant });
}

function useInvalidate(tenant: string) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: reportKeys.all(tenant) });
}

export function useStaffAction(tenant: string, id: string) {
  const done = useInvalidate(tenant);
  return useMutation({ mutationFn: (body: { status?: string; publicUpdate?: string; internalNote?: string; duplicateOf?: string; assignTo?: string | null }) => api(`${base(tenant)}/${id}/actions`, { method: 'POST', body }), onSuccess: done });
}

export function useHide(tenant: string, id: string) {
  const done = useInvalidate(tenant);
  return useMutation({ mutationFn: (body: { hidden: boolean; reason: string }) => api(`${base(tenant)}/${id}/hide`, { method: 'POST', body }), onSuccess: done });
}

export function useBulk(tenant: string) {
  const done = useInvalidate(tenant);
  return useMutation({ mutationFn: (body: { ids: string[]; status: string }) => api<{ updated: number }>(`${base(tenant)}/bulk`, { method: 'POST', body }), onSuccess: done });
}

export function useBlock(tenant: string) {
  return useMutation({ mutationFn: (body: { email: string }) => api(`${base(tenant)}/blocklist`, { method: 'POST', body }) });
}

export function useSupport(tenant: string, id: string) {
  const done = useInvalidate(tenant);
  return useMutation({ mutationFn: (body: { email?: string }) => api<{ supporters: number; pending: boolean }>(`${base(tenant)}/${id}/support`, { method: 'POST', body }), onSuccess: done });
}

/** The e-mailed link of a support (double opt-in): counts it. */
export function useConfirmSupport() {
  return useMutation({ mutationFn: (token: string) => api<{ reportId: string; supporters: number }>('/api/v1/reports/supports/confirm', { method: 'POST', body: { token } }) });
}

export function useCounter(tenant: string) {
  const done = useInvalidate(tenant);
  return useMutation({ mutationFn: (body: { month: string; count: number }) => api(`${base(tenant)}/counter-requests`, { method: 'PUT', body }), onSuccess: done });
}

export function useConfirm() {
  return useMutation({ mutationFn: (token: string) => api<{ id: string }>('/api/v1/reports/confirm', { method: 'POST', body: { token } }) });
}

/** Sends the report form as multipart (photos included); `api()` only speaks JSON. */
export function useCreateReport(tenant: string, csrfToken: string | null | undefined) {
  const done = useInvalidate(tenant);
  return useMutation({
    mutationFn: async (form: FormData) => {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (csrfToken) headers['x-csrf-token'] = csrfToken;
      const res = await fetch(base(tenant), { method: 'POST', body: form, headers, credentials: 'same-origin' });
      const data = (await res.json().catch(() => ({}))) as { code?: string; detail?: string; errors?: FieldError[]; id?: string; published?: boolean };
      if (!res.ok) throw new ApiError(res.status, data.code ?? 'error', data.detail ?? res.statusText, data.errors ?? []);
      return data as { id: string; token: string; published: boolean };
    },
    onSuccess: done,
  });
}

/** The city's members with their roles (admins only: GET /members answers 403 to others). */
export function useStaffMembers(tenant: string, enabled: boolean) {
  return useQuery({
    queryKey: [...reportKeys.all(tenant), 'members'],
    queryFn: async () =>
      (await api<ApiGet<'/api/v1/tenants/{tenant}/members'>>(`/api/v1/tenants/${encodeURIComponent(tenant)}/members`)).items.filter((m) => m.roles.includes('staff') || m.roles.includes('admin')),
    enabled,
    staleTime: 5 * 60_000,
  });
}

export function useFollowing(tenant: string, id: string, enabled: boolean) {
  return useQuery({ queryKey: [...reportKeys.all(tenant), 'follow', id], queryFn: () => api<{ following: boolean }>(`${base(tenant)}/${id}/follow`), enabled });
}

export function useSetFollowing(tenant: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (following: boolean) => api<{ following: boolean }>(`${base(tenant)}/${id}/follow`, { method: following ? 'PUT' : 'DELETE' }),
    onSuccess: (data) => qc.setQueryData([...reportKeys.all(tenant), 'follow', id], data),
  });
}

export type GeocodeItem = ApiGet<'/api/v1/tenants/{tenant}/geocode'>['items'][number];

/** Address suggestions for the typed text (the caller debounces); nothing is asked for fewer than 2 characters. */
export function useGeocode(tenant: string | undefined, q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: ['reports-geocode', tenant ?? '', text.toLowerCase()],
    queryFn: async () => (await api<{ items: GeocodeItem[] }>(`/api/v1/tenants/${encodeURIComponent(tenant!)}/geocode?${new URLSearchParams({ q: text })}`)).items,
    enabled: !!tenant && text.length >= 2,
    staleTime: 10 * 60_000,
    placeholderData: keepPreviousData,
  });
}

/** Staff: how many entries the city's address gazetteer has. */
export function useGazetteer(tenant: string) {
  return useQuery({ queryKey: [...reportKeys.all(tenant), 'gazetteer'], queryFn: () => api<{ rows: number; externalGeocoder: boolean }>(`${base(tenant)}/gazetteer`) });
}

/** Staff: load a gazetteer CSV (all rows or none; the server names each bad line). */
export function useGazetteerImport(tenant: string, csrfToken: string | null | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ file, append }: { file: File; append: boolean }) => {
      const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'text/csv; charset=utf-8' };
      if (csrfToken) headers['x-csrf-token'] = csrfToken;
      const qs = new URLSearchParams({ mode: append ? 'append' : 'replace', source: file.name.slice(0, 200) });
      const res = await fetch(`${base(tenant)}/gazetteer?${qs}`, { method: 'POST', body: await file.text(), headers, credentials: 'same-origin' });
      const data = (await res.json().catch(() => ({}))) as { code?: string; detail?: string; errors?: FieldError[]; rows?: number; replaced?: boolean };
      if (!res.ok) throw new ApiError(res.status, data.code ?? 'error', data.detail ?? res.statusText, data.errors ?? []);
      return data as { rows: number; replaced: boolean };
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: [...reportKeys.all(tenant), 'gazetteer'] }),
  });
}
