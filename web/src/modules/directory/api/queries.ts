/** The directory's API: types of what the pages read and one hook per call (TanStack Query). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiForm } from '../../../api/client';

export interface Multiloc {
  ro: string;
  en?: string;
  hu?: string;
}
export interface Organisation {
  id: number;
  name: Multiloc;
  helix: string;
  kind: string;
  cui: string | null;
  ngoRegistryNumber: string | null;
  legalForm: string | null;
  domains: string[];
  publicUtility: boolean;
  address: string | null;
  website: string | null;
  contact: { email: string | null; phone: string | null } | null;
  logoUrl: string | null;
  strategyCodes: string[];
  verified: boolean;
}
export interface OrganisationDetail extends Organisation {
  members: { userId: string | null; name: string; role: string; status: string; public: boolean }[];
  abilities: { edit: boolean; verify: boolean; manageMembers: boolean; join: boolean; claim: boolean };
  myRole: string | null;
}
export interface Claim {
  id: number;
  projectCode: string;
  projectTitle: Multiloc | null;
  organisation: { id: number; name: Multiloc; verified: boolean };
  plan: string;
  status: string;
}
export interface Group {
  id: number;
  slug: string;
  kind: string;
  name: Multiloc;
  purpose: Multiloc;
  strategyCode: string | null;
  visibility: string;
  openToRequests: boolean;
  memberCount: number;
}
export interface GroupDetail extends Group {
  members: { id: number; kind: string; name: string; position: string; status: string; mine: boolean }[];
  myMembership: { id: number; status: string; position: string } | null;
  abilities: { edit: boolean; manageMembers: boolean; join: boolean; scheduleMeeting: boolean };
}
export interface Meeting {
  id: number;
  groupSlug: string;
  title: Multiloc;
  description: Multiloc | null;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  address: string | null;
  onlineUrl: string | null;
  agenda: Multiloc[];
  documents: { title: string; url: string }[];
  capacity: number | null;
  registered: number;
  status: string;
  minutesState: string;
}
export interface MeetingDetail extends Meeting {
  minutes: { version: number; body: Multiloc; state: string; attendance: string[] } | null;
  versions: { version: number; state: string; createdAt: string }[];
  decisions: { id: number; text: Multiloc; method: string; votesFor: number | null; votesAgainst: number | null; votesAbstain: number | null }[];
  files: { id: number; title: string; name: string; mediaType: string; bytes: number; agendaItem: number | null; url: string }[];
  myRegistration: boolean;
  abilities: { edit: boolean; register: boolean; writeMinutes: boolean; approveMinutes: boolean };
  links: { ics: string; google: string; outlook: string };
}
export interface CalendarItem {
  type: string;
  id: string;
  kind: string;
  title: Multiloc;
  startsAt: string;
  endsAt: string;
  allDay: boolean;
  address: string | null;
  lat: number | null;
  lon: number | null;
  online: boolean;
  status: string;
  path: string;
}
export interface Place {
  id: number;
  kind: string;
  name: string;
  lat: number | null;
  lon: number | null;
  details: Record<string, unknown>;
  source: string;
  attribution: string | null;
}

const base = (t: string) => `/api/v1/tenants/${t}`;
const qs = (o: Record<string, string | undefined>) => {
  const p = new URLSearchParams(Object.entries(o).filter((e): e is [string, string] => !!e[1]));
  return p.size ? `?${p}` : '';
};

export const useOrganisations = (t: string, f: Record<string, string | undefined>) => useQuery({ queryKey: ['directory', t, 'orgs', f], queryFn: () => api<{ items: Organisation[]; total: number }>(`${base(t)}/organisations${qs(f)}`) });
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
