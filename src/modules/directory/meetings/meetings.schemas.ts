/** Meetings of a group: time with time zone, place or online link, agenda, registration, attendance, minutes, decisions. */
import { z } from 'zod';
import { HttpUrl, IdParam, Multiloc, MultilocOut } from '../directory.common.js';
import { GroupParams } from '../groups/groups.schemas.js';
import { TEXT_LIMITS } from '../../../shared/limits.js';

const TimeZone = z.string().max(64).refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'Not an IANA time zone (e.g. Europe/Bucharest).');
const Instant = z.iso.datetime({ offset: true });
const Doc = z.strictObject({ title: z.string().trim().min(1).max(TEXT_LIMITS.meetingDocumentTitle), url: HttpUrl });

export const MeetingParams = GroupParams.extend({ meetingId: IdParam });
export const MeetingCreateBody = z.strictObject({
  title: Multiloc,
  description: Multiloc.optional(),
  startsAt: Instant,
  endsAt: Instant,
  timeZone: TimeZone.default('Europe/Bucharest'),
  address: z.string().trim().min(3).max(200).optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
  onlineUrl: HttpUrl.optional(),
  agenda: z.array(Multiloc).max(50).default([]),
  documents: z.array(Doc).max(20).default([]),
  capacity: z.number().int().positive().max(100_000).optional(),
});
export type MeetingCreateInput = z.infer<typeof MeetingCreateBody>;
export const MeetingUpdateBody = z.strictObject({
  title: Multiloc.optional(),
  description: Multiloc.nullable().optional(),
  startsAt: Instant.optional(),
  endsAt: Instant.optional(),
  timeZone: TimeZone.optional(),
  address: z.string().trim().min(3).max(200).nullable().optional(),
  lat: z.number().min(-90).max(90).nullable().optional(),
  lon: z.number().min(-180).max(180).nullable().optional(),
  onlineUrl: HttpUrl.nullable().optional(),
  agenda: z.array(Multiloc).max(50).optional(),
  documents: z.array(Doc).max(20).optional(),
  capacity: z.number().int().positive().max(100_000).nullable().optional(),
  status: z.enum(['scheduled', 'cancelled']).optional(),
});
export type MeetingUpdateInput = z.infer<typeof MeetingUpdateBody>;
export const MeetingListQuery = z.strictObject({ from: z.iso.date().optional(), to: z.iso.date().optional() });

export const AttendanceBody = z.strictObject({ present: z.array(IdParam).max(5000).describe('registration ids of those who attended') });
export const MinutesBody = z.strictObject({ body: Multiloc });
export const DecisionBody = z
  .strictObject({
    text: Multiloc,
    method: z.enum(['consensus', 'vote']),
    votesFor: z.number().int().min(0).optional(),
    votesAgainst: z.number().int().min(0).optional(),
    votesAbstain: z.number().int().min(0).optional(),
    links: z.array(z.string().regex(/^(project|proposal|recommendation):[A-Za-z0-9._/-]{1,60}$/, 'type:id, e.g. project:A1.P2')).max(20).default([]),
  })
  .superRefine((d, ctx) => {
    if (d.method === 'vote') for (const k of ['votesFor', 'votesAgainst', 'votesAbstain'] as const) if (d[k] === undefined) ctx.addIssue({ code: 'custom', path: [k], message: 'A vote needs the for, against and abstain counts.' });
    if (d.method === 'consensus') for (const k of ['votesFor', 'votesAgainst', 'votesAbstain'] as const) if (d[k] !== undefined) ctx.addIssue({ code: 'custom', path: [k], message: 'A consensus decision has no vote counts.' });
  });

export const MeetingOut = z
  .object({
    id: z.number(),
    groupId: z.number(),
    groupSlug: z.string(),
    title: MultilocOut,
    description: MultilocOut.nullable(),
    startsAt: z.string(),
    endsAt: z.string(),
    timeZone: z.string(),
    address: z.string().nullable(),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
    onlineUrl: z.string().nullable(),
    agenda: z.array(MultilocOut),
    documents: z.array(z.object({ title: z.string(), url: z.string() })),
    capacity: z.number().nullable(),
    registered: z.number(),
    status: z.enum(['scheduled', 'cancelled']),
    sequence: z.number(),
    minutesState: z.enum(['none', 'draft', 'approved']),
  })
  .meta({ id: 'Meeting' });
export const MinutesOut = z.object({ version: z.number(), body: MultilocOut, state: z.enum(['draft', 'approved']), attendance: z.array(z.string()), createdAt: z.string() });
export const DecisionOut = z.object({ id: z.number(), text: MultilocOut, method: z.enum(['consensus', 'vote']), votesFor: z.number().nullable(), votesAgainst: z.number().nullable(), votesAbstain: z.number().nullable(), links: z.array(z.string()), createdAt: z.string() });
export const MeetingFileOut = z
  .object({ id: z.number(), title: z.string(), name: z.string(), mediaType: z.string(), bytes: z.number(), agendaItem: z.number().nullable(), createdAt: z.string(), url: z.string().describe('the download') })
  .meta({ id: 'MeetingFile' });
export const MeetingFileQuery = z.strictObject({
  title: z.string().trim().min(1).max(TEXT_LIMITS.meetingDocumentTitle).optional().describe('shown instead of the file name'),
  agendaItem: z.coerce.number().int().min(0).max(99).optional().describe('the agenda item (0-based) the document belongs to'),
});
export const MeetingFileParams = MeetingParams.extend({ fileId: IdParam });
export const RegistrationOut = z.object({ id: z.number(), name: z.string(), attended: z.boolean() });
export const MeetingDetail = MeetingOut.extend({
  minutes: MinutesOut.nullable(),
  versions: z.array(MinutesOut.pick({ version: true, state: true, createdAt: true })),
  decisions: z.array(DecisionOut),
  files: z.array(MeetingFileOut).describe('uploaded documents (PDF, OpenDocument, images), checked by content'),
  registrations: z.array(RegistrationOut).describe('only to coordinators and staff'),
  myRegistration: z.boolean(),
  abilities: z.object({ edit: z.boolean(), register: z.boolean(), writeMinutes: z.boolean(), approveMinutes: z.boolean(), recordAttendance: z.boolean() }),
  links: z.object({ ics: z.string(), google: z.string(), outlook: z.string() }),
});
export const MeetingListResponse = z.object({ items: z.array(MeetingOut) });
