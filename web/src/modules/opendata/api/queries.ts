import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, type ApiBody, type ApiGet, type Schemas } from '../../../api/client';
import { useMe } from '../../../api/auth/useMe';

type Base = '/api/v1/tenants/{tenant}/opendata';

export type Multiloc = Schemas['Multiloc'];
export type Dataset = Schemas['OpendataDataset'];
export type Distribution = Dataset['distributions'][number];
export type SearchResult = ApiGet<`${Base}/datasets`>;
export type Facet = SearchResult['facets']['theme'][number];
export type Preview = ApiGet<`${Base}/datasets/{id}/preview`>;
/** the search form's state; the URL's query string carries it */
export interface SearchParams {
  q: string;
  theme: string[];
  format: string[];
  publisher: string[];
  keyword: string[];
  page: number;
}

const base = (tenant: string) => `/api/v1/tenants/${tenant}/opendata`;
export const opendataKeys = {
  all: (tenant: string) => ['opendata', tenant] as const,
  search: (tenant: string, p: SearchParams) => ['opendata', tenant, 'search', p] as const,
  preview: (tenant: string, id: string) => ['opendata', tenant, 'preview', id] as const,
  uploads: (tenant: string) => ['opendata', tenant, 'uploads'] as const,
};

export function useDatasetSearch(tenant: string, p: SearchParams) {
  const qs = new URLSearchParams();
  if (p.q) qs.set('q', p.q);
  for (const k of ['theme', 'format', 'publisher', 'keyword'] as const) for (const v of p[k]) qs.append(k, v);
  if (p.page > 1) qs.set('page', String(p.page));
  return useQuery({ queryKey: opendataKeys.search(tenant, p), queryFn: () => api<SearchResult>(`${base(tenant)}/datasets?${qs.toString()}`), placeholderData: keepPreviousData });
}

export function usePreview(tenant: string, id: string) {
  return useQuery({ queryKey: opendataKeys.preview(tenant, id), queryFn: () => api<Preview>(`${base(tenant)}/datasets/${id}/preview`) });
}

export function useUploads(tenant: string, enabled: boolean) {
  return useQuery({ queryKey: opendataKeys.uploads(tenant), queryFn: async () => (await api<{ items: Dataset[] }>(`${base(tenant)}/uploads`)).items, enabled });
}

export function useUploadFile(tenant: string) {
  const qc = useQueryClient();
  const me = useMe();
  return useMutation({
    mutationFn: async (file: File) => {
      const form = new FormData();
      form.append('file', file);
      const res = await fetch(`${base(tenant)}/uploads`, { method: 'POST', body: form, credentials: 'same-origin', headers: { accept: 'application/json', 'x-csrf-token': me.data?.csrfToken ?? '' } });
      const data = (await res.json().catch(() => ({}))) as Dataset & { code?: string; detail?: string; errors?: { field: string; message: string }[] };
      if (!res.ok) throw new ApiError(res.status, data.code ?? 'error', data.detail ?? res.statusText, data.errors ?? []);
      return data;
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: opendataKeys.all(tenant) }),
  });
}

export type DescribeBody = ApiBody<`${Base}/uploads/{id}`, 'patch'>;

export function useDescribe(tenant: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: DescribeBody }) => api<Dataset>(`${base(tenant)}/uploads/${id}`, { method: 'PATCH', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: opendataKeys.all(tenant) }),
  });
}

export function usePublish(tenant: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, publish }: { id: string; publish: boolean }) => api<Dataset>(`${base(tenant)}/uploads/${id}/${publish ? 'publish' : 'unpublish'}`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: opendataKeys.all(tenant) }),
  });
}
