/** "Add to calendar" links for one entry: Google Calendar's and Outlook's template URLs (the .ics file is served by the API). */

export interface CalendarEntryLink {
  title: string;
  start: Date;
  end: Date;
  description: string;
  location: string;
}

const compact = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

export function googleLink(e: CalendarEntryLink): string {
  const u = new URL('https://calendar.google.com/calendar/render');
  u.searchParams.set('action', 'TEMPLATE');
  u.searchParams.set('text', e.title);
  u.searchParams.set('dates', `${compact(e.start)}/${compact(e.end)}`);
  u.searchParams.set('details', e.description);
  if (e.location) u.searchParams.set('location', e.location);
  return u.toString();
}

export function outlookLink(e: CalendarEntryLink): string {
  const u = new URL('https://outlook.live.com/calendar/0/deeplink/compose');
  u.searchParams.set('path', '/calendar/action/compose');
  u.searchParams.set('rru', 'addevent');
  u.searchParams.set('subject', e.title);
  u.searchParams.set('startdt', e.start.toISOString());
  u.searchParams.set('enddt', e.end.toISOString());
  u.searchParams.set('body', e.description);
  if (e.location) u.searchParams.set('location', e.location);
  return u.toString();
}
