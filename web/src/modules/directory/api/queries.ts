/** The directory's API: the generated types of what the pages read and one hook per call (TanStack Query). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiForm, type ApiGet, type Schemas } from '../../../api/client';

type Base = '/api/v1/tenants/{tenant}';

export type Multiloc = Schemas['Multiloc'];
export type Organisation = Schemas['Organisation'];
export type OrganisationList = ApiGet<`${Base}/organisations`>;
export type OrganisationDetail = ApiGet<`${Base}/organisations/{id}`>;
export type Claim = ApiGet<`${Base}/claims`>['items'][number];
export type Group = Schemas['Group'];
export type GroupDetail = ApiGet<`${Base}/groups/{id}`>;
export type Meeting = Schemas['Meeting'];
export type MeetingDetail = ApiGet<`${Base}/groups/{id}/meetings/{meetingId}`>;
export type CalendarItem = ApiGet<`${Base}/calendar`>['items'][number];
export type Place = ApiGet<`${Base}/places`>['items'][number];

const base = (t: string) => `/api/v1/tenants/${t}`;
const qs = (o: Record<string, string | undefined>) => {
  const p = new URLSearchParams(Object.entries(o).filter((e): e is [string, string] => !!e[1]));
  return p.size ? `?${p}` : '';
};

export const useOrganisations = (t: string, f: Record<string, string | undefined>) => useQuery({ queryKey: ['directory', t, 'orgs', f], queryFn: () => api<OrganisationList>(`${base(t)}/organisations${qs(f)}`) });
export const useOrganisation = (t: string, id: string) => useQuery({ queryKey: ['directory', t, 'org', id], queryFn: () => api<OrganisationDetail>(`${base(t)}/organisations/${id}`) });
export const useClaims = (t: string, f: Record<string, string | undefined>) => useQuery({ queryKey: ['directory', t, 'claims', f], queryFn: () => api<{ items: Claim[] }>(`${base(t)}/claims${qs(f)}`) });
export const useGroups = (t: string) => useQuery({ queryKey: ['directory', t, 'groups'], queryFn: () => api<{ items: Group[] }>(`${base(t)}/groups`) });
export const useGroup = (t: string, id: string) => useQuery({ queryKey: ['directory', t, 'group', id], queryFn: () => api<GroupDetail>(`${base(t)}/groups/${id}`) });
export const useMeetings = (t: string, g: string) => useQuery({ queryKey: ['directory', t, 'meetings', g], queryFn: () => api<{ items: Meeting[] }>(`${base(t)}/groups/${g}/meetings`) });
export const useMeeting = (t: string, g: string, id: string) => useQuery({ queryKey: ['directory', t, 'meeting', g, id], queryFn: () => api<MeetingDetail>(`${base(t)}/groups/${g}/meetings/${id}`) });
export const useCalendar = (t: string, f: Record<string, string | undefined>) => useQuery({ queryKey: ['directory', t, 'calendar', f], queryFn: () => api<{ items: CalendarItem[] }>(`${base(t)}/calendar${qs(f)}`) });
export const usePlaces = (t: string, kinds: string[]) => useQuery({ queryKey: ['directory', t, 'places', kinds], queryFn: () => (kinds.length ? api<{ items: Place[]; attribution: string }>(`${base(t)}/places${qs({ kind: kinds.join(',') })}`) : Promise.resolve({ items: [], attribution: '' })) });

/** Every published place's name (for the calendar's place filter). */
export const usePlaceNames = (t: string) => useQuery({ queryKey: ['directory', t, 'places', 'all'], queryFn: () => api<{ items: Place[] }>(`${base(t)}/places`), staleTime: 300_000 });

/** Uploads one file as multipart/form-data (field `field`); refreshes the directory's queries afterwards. */
export function useDirectoryUpload<R = unknown>(method: 'POST' | 'PUT', path: string, field: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, query = '' }: { file: File; query?: string }) => {
      const form = new FormData();
      form.append(field, file);
      return apiForm<R>(`${path}${query}`, form, method);
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['directory'] }),
  });
}

/** Any write in the directory; refreshes the directory's queries afterwards. */
export function useDirectoryWrite<B = unknown, R = unknown>(method: string, path: (b: B) => string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: B & { body?: unknown }) => api<R>(path(b), { method, body: b.body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['directory'] }),
  });
}
export { base as directoryBase };
