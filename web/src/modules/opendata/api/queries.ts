import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../../api/client';
import { useMe } from '../../../api/auth/useMe';

export interface Multiloc {
  ro: string;
  en?: string;
  hu?: string;
}
export interface Distribution {
  id: string;
  format: string;
  mediaType: string;
  title: Multiloc | null;
  byteSize: number | null;
  downloadUrl: string;
  fileName: string;
}
export interface Dataset {
  id: string;
  kind: 'platform' | 'upload';
  source: string;
  title: Multiloc;
  description: Multiloc;
  themes: string[];
  keywords: { value: string; lang: string }[];
  publisher: string;
  license: string;
  licenseUrl: string;
  frequency: string;
  temporal: { start: string | null; end: string | null } | null;
  issued: string | null;
  modified: string | null;
  published: boolean;
  collectionId: string | null;
  distributions: Distribution[];
  links: { dcatTurtle: string; dcatJsonLd: string; dcatRdfXml: string; ckan: string; ogcItems: string | null };
}
export interface Facet {
  value: string;
  count: number;
}
export interface SearchResult {
  total: number;
  page: number;
  perPage: number;
  items: Dataset[];
  facets: { theme: Facet[]; format: Facet[]; publisher: Facet[]; keyword: Facet[] };
}
export interface Preview {
  dataset: Dataset;
  table: { columns: string[]; rows: string[][]; truncated: boolean } | null;
  map: { features: { id: string; geometry: GeoJSON.Geometry | null; properties: Record<string, unknown> }[]; truncated: boolean } | null;
}
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

export interface DescribeBody {
  title?: Multiloc;
  description?: Multiloc;
  themes?: string[];
  keywords?: string[];
}

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
