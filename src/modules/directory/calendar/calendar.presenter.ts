/**
 * Calendar entries → API items and iCalendar text (ical-generator): RFC 5545 with the RFC 7986 calendar
 * properties (NAME, DESCRIPTION via X-WR-CALDESC, URL, REFRESH-INTERVAL). Every entry has a stable UID, DTSTAMP
 * (its last change), SEQUENCE, local times with TZID=Europe/Bucharest and a VTIMEZONE, the link to its page in
 * URL and in DESCRIPTION, the online link as LOCATION when online, and STATUS:CANCELLED when cancelled.
 */
import ical, { ICalEventStatus } from 'ical-generator';
import { type Locale, type Multiloc, pick } from '../../../core/i18n.js';
import { CITY_TZ, localTime, supportedZone, vtimezone } from './calendar.vtimezone.js';

export interface CalendarEntry {
  type: 'event' | 'meeting' | 'phase';
  id: string;
  uid: string;
  kind: string;
  title: Multiloc;
  description: Multiloc | null;
  start: Date;
  end: Date;
  /** all-day entries (process phases): `start`/`end` are dates, end exclusive */
  allDay: boolean;
  timeZone: string;
  address: string | null;
  lat: number | null;
  lon: number | null;
  onlineUrl: string | null;
  strategyCode: string | null;
  group: string | null;
  status: 'scheduled' | 'cancelled';
  sequence: number;
  updatedAt: Date;
  /** the page in the web app, e.g. /timisoara/events/3 */
  path: string;
}

export function presentCalendarItem(e: CalendarEntry) {
  return {
    type: e.type,
    id: e.id,
    kind: e.kind,
    title: e.title,
    startsAt: e.allDay ? e.start.toISOString().slice(0, 10) : e.start.toISOString(),
    endsAt: e.allDay ? e.end.toISOString().slice(0, 10) : e.end.toISOString(),
    allDay: e.allDay,
    lat: e.lat,
    lon: e.lon,
    address: e.address,
    online: e.onlineUrl !== null,
    strategyCode: e.strategyCode,
    group: e.group,
    status: e.status,
    path: e.path,
  };
}

export interface FeedMeta {
  name: string;
  description: string;
  /** the calendar's page (RFC 7986 URL) */
  url: string;
  base: string;
  locale: Locale;
}

/** A feed as the service returns it: its entries in time order and what the calendar says of itself. */
export interface CalendarFeed {
  entries: CalendarEntry[];
  meta: FeedMeta;
}

const ymd = (d: Date) => d.toISOString().slice(0, 10);

export function toICalendar(entries: CalendarEntry[], meta: FeedMeta): string {
  const cal = ical({
    name: meta.name,
    description: meta.description,
    url: meta.url,
    ttl: 60 * 60,
    prodId: { company: 'Urbia', product: 'directory', language: meta.locale.toUpperCase() },
    timezone: { name: null, generator: vtimezone },
  });
  cal.x('X-WR-TIMEZONE', CITY_TZ);
  for (const e of entries) {
    const link = new URL(e.path, meta.base).toString();
    const text = e.description ? pick(e.description, meta.locale) : '';
    // the city's zone when we can describe it in a VTIMEZONE; otherwise UTC instants
    const tz = supportedZone(e.timeZone) ? e.timeZone : supportedZone(CITY_TZ) ? CITY_TZ : null;
    cal.createEvent({
      id: e.uid,
      sequence: e.sequence,
      stamp: e.updatedAt,
      lastModified: e.updatedAt,
      ...(e.allDay ? { start: ymd(e.start), end: ymd(e.end), allDay: true } : tz ? { start: localTime(e.start, tz), end: localTime(e.end, tz), timezone: tz } : { start: e.start, end: e.end }),
      summary: pick(e.title, meta.locale),
      description: [text, link].filter(Boolean).join('\n\n'),
      url: link,
      location: e.onlineUrl ?? e.address ?? null,
      status: e.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      ...(e.lat !== null && e.lon !== null && !e.onlineUrl ? { location: { title: e.address ?? pick(e.title, meta.locale), geo: { lat: e.lat, lon: e.lon } } } : {}),
    });
  }
  return cal.toString();
}
