/**
 * Time zones for the feeds. Entries are written in the city's local time with TZID=Europe/Bucharest and a
 * VTIMEZONE for it (RFC 5545 §3.6.5): Romania follows the EU rule since 1997 (EET +02:00, EEST +03:00 from
 * the last Sunday of March 03:00 to the last Sunday of October 04:00 local time). Other zones fall back to UTC.
 */
export const CITY_TZ = 'Europe/Bucharest';

const VTIMEZONES: Record<string, string> = {
  'Europe/Bucharest': [
    'BEGIN:VTIMEZONE',
    'TZID:Europe/Bucharest',
    'X-LIC-LOCATION:Europe/Bucharest',
    'BEGIN:DAYLIGHT',
    'TZOFFSETFROM:+0200',
    'TZOFFSETTO:+0300',
    'TZNAME:EEST',
    'DTSTART:19970330T030000',
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
    'END:DAYLIGHT',
    'BEGIN:STANDARD',
    'TZOFFSETFROM:+0300',
    'TZOFFSETTO:+0200',
    'TZNAME:EET',
    'DTSTART:19971026T040000',
    'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    'END:STANDARD',
    'END:VTIMEZONE',
  ].join('\r\n'),
};

export const vtimezone = (tz: string): string | null => VTIMEZONES[tz] ?? null;
export const supportedZone = (tz: string) => tz in VTIMEZONES;

const formatters = new Map<string, Intl.DateTimeFormat>();
/** The instant as local wall-clock time in `tz`, "YYYY-MM-DDTHH:mm:ss" (what DTSTART;TZID= carries). */
export function localTime(d: Date, tz: string): string {
  // building a formatter costs far more than using one: one per zone, kept
  let f = formatters.get(tz);
  if (!f) formatters.set(tz, (f = new Intl.DateTimeFormat('en-GB', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })));
  const parts = Object.fromEntries(f.formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}
