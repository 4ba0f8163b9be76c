/** City events (workshops, hackathons, public debates, cultural and sport events) and the one calendar of the city. */
import { z } from 'zod';
import { HttpUrl, IdParam, Multiloc, MultilocOut } from '../directory.common.js';
import { TenantParams } from '../../tenants/index.js';

export const EVENT_KINDS = ['workshop', 'hackathon', 'public_debate', 'cultural', 'sport', 'other'] as const;
const Instant = z.iso.datetime({ offset: true });
const Code = z.string().regex(/^[A-Za-z0-9._/-]{1,40}$/);

export const EventParams = TenantParams.extend({ id: IdParam });
export const EventCreateBody = z.strictObject({
  kind: z.enum(EVENT_KINDS),
  title: Multiloc,
  description: Multiloc.optional(),
  startsAt: Instant,
  endsAt: Instant,
  address: z.string().trim().min(3).max(200).optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
  onlineUrl: HttpUrl.optional(),
  strategyCode: Code.optional(),
  groupId: z.number().int().positive().optional(),
  organisationId: z.number().int().positive().optional().describe('an organisation you administer (or any, for staff)'),
});
export type EventCreateInput = z.infer<typeof EventCreateBody>;
export const EventUpdateBody = z.strictObject({
  kind: z.enum(EVENT_KINDS).optional(),
  title: Multiloc.optional(),
  description: Multiloc.nullable().optional(),
  startsAt: Instant.optional(),
  endsAt: Instant.optional(),
  address: z.string().trim().min(3).max(200).nullable().optional(),
  lat: z.number().min(-90).max(90).nullable().optional(),
  lon: z.number().min(-180).max(180).nullable().optional(),
  onlineUrl: HttpUrl.nullable().optional(),
  strategyCode: Code.nullable().optional(),
  status: z.enum(['scheduled', 'cancelled']).optional(),
});
export type EventUpdateInput = z.infer<typeof EventUpdateBody>;

export const CalendarQuery = z.strictObject({
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  kind: z.string().regex(/^[a-z_]+(,[a-z_]+)*$/).max(200).optional().describe('comma-separated: event kinds, "meeting", "phase"'),
  strategyCode: Code.optional(),
  group: z.string().regex(/^[a-z0-9-]{1,80}$/).optional(),
  place: z.enum(['online', 'in_person']).optional(),
  placeId: IdParam.optional().describe('a place of the resource map: entries at its point (within 150 m) or naming it in their address'),
  address: z.string().trim().min(2).max(200).optional().describe('free text found in the entry\'s address (case and diacritics ignored)'),
});
export type CalendarFilters = z.infer<typeof CalendarQuery>;

export const EventOut = z
  .object({ id: z.number(), kind: z.enum(EVENT_KINDS), title: MultilocOut, description: MultilocOut.nullable(), startsAt: z.string(), endsAt: z.string(), address: z.string().nullable(), lat: z.number().nullable(), lon: z.number().nullable(), onlineUrl: z.string().nullable(), strategyCode: z.string().nullable(), groupId: z.number().nullable(), organisationId: z.number().nullable(), status: z.enum(['scheduled', 'cancelled']), sequence: z.number() })
  .meta({ id: 'CityEvent' });
export const CalendarLinks = z.object({ ics: z.string(), google: z.string(), outlook: z.string() });
export const EventDetail = EventOut.extend({ following: z.boolean(), abilities: z.object({ edit: z.boolean(), follow: z.boolean() }), links: CalendarLinks });
export const EventListResponse = z.object({ items: z.array(EventOut) });

/** One entry of the city's calendar: a city event, a group meeting or a participatory-process phase. */
export const CalendarItem = z
  .object({
    type: z.enum(['event', 'meeting', 'phase']),
    id: z.string().describe('event:12, meeting:3, phase:7/propuneri'),
    kind: z.string(),
    title: MultilocOut,
    startsAt: z.string(),
    endsAt: z.string(),
    allDay: z.boolean(),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
    address: z.string().nullable(),
    online: z.boolean(),
    strategyCode: z.string().nullable(),
    group: z.string().nullable(),
    status: z.enum(['scheduled', 'cancelled']),
    path: z.string().describe('the page in the web app'),
  })
  .meta({ id: 'CalendarItem' });
export const CalendarResponse = z.object({ items: z.array(CalendarItem) });
