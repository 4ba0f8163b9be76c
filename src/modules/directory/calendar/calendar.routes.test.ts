/**
 * The iCalendar feeds, parsed by an independent parser (ical.js, Mozilla's): stable UIDs, DTSTAMP, SEQUENCE
 * bumped on change, local times in Europe/Bucharest with its VTIMEZONE, the link in URL and DESCRIPTION, the
 * online link in LOCATION, STATUS:CANCELLED; the personal feed at a secret, rotatable address.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, problem, type TestUser } from '../../../../tests/helpers/app.js';
import { testEngines } from '../../../../tests/helpers/env.js';
import { directoryFixture, type DirectoryFixture, INSIDE, noEmails, T } from '../directory.test-helpers.js';

function parse(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const events = cal.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return { uid: e.uid, sequence: e.sequence, summary: e.summary, location: e.location, description: e.description, url: String(v.getFirstPropertyValue('url')), status: String(v.getFirstPropertyValue('status')), dtstamp: v.getFirstProperty('dtstamp')!.toICALString(), tzid: v.getFirstProperty('dtstart')!.getParameter('tzid'), start: e.startDate.toJSDate().toISOString(), allDay: e.startDate.isDate };
  });
  return { cal, events, name: cal.getFirstPropertyValue('name'), refresh: cal.getFirstPropertyValue('refresh-interval') };
}

describe.each(testEngines())('events, the calendar and iCalendar feeds on %s', (engine) => {
  let f: DirectoryFixture;
  let coord: TestUser;
  let eventId: number;
  let meetingId: number;
  beforeAll(async () => {
    f = await directoryFixture(engine);
    coord = await buildUser(f.t, { timisoara: ['citizen'] }, { displayName: 'Coord' });
    const { t, staff } = f;
    await t.app.inject({ method: 'POST', url: `${T}/groups`, headers: staff.headers, payload: { slug: 'grup-a1', kind: 'action_group', name: { ro: 'Grupul A1' }, purpose: { ro: 'Voce.' }, strategyCode: 'A1' } });
    await t.app.inject({ method: 'POST', url: `${T}/groups`, headers: staff.headers, payload: { slug: 'secret', kind: 'advisory_committee', name: { ro: 'Comitet' }, purpose: { ro: 'x' }, visibility: 'members' } });
    const req = (await t.app.inject({ method: 'POST', url: `${T}/groups/grup-a1/members`, headers: coord.headers, payload: {} })).json().id;
    await t.app.inject({ method: 'PATCH', url: `${T}/groups/grup-a1/members/${req}`, headers: staff.headers, payload: { status: 'active', position: 'coordinator' } });
    meetingId = (await t.app.inject({ method: 'POST', url: `${T}/groups/grup-a1/meetings`, headers: coord.headers, payload: { title: { ro: 'Ședința online' }, startsAt: '2027-07-01T18:00:00+03:00', endsAt: '2027-07-01T20:00:00+03:00', onlineUrl: 'https://meet.example.org/a1' } })).json().id;
    await t.app.inject({ method: 'POST', url: `${T}/groups/secret/meetings`, headers: staff.headers, payload: { title: { ro: 'Ședință privată' }, startsAt: '2027-07-02T18:00:00+03:00', endsAt: '2027-07-02T20:00:00+03:00', address: 'Primăria' } });
    const proc = await t.app.inject({ method: 'POST', url: `${T}/processes`, headers: staff.headers, payload: { slug: 'buget-2027', title: { ro: 'Bugetare participativă 2027' }, description: { ro: 'x' }, phases: [{ key: 'propuneri', title: { ro: 'Propuneri' }, start: '2027-06-01', end: '2027-06-30', components: ['propose'] }], links: [{ type: 'pillar', code: 'A1' }] } });
    expect(proc.statusCode, proc.body).toBe(201);
  });
  afterAll(async () => {
    await f?.t.close();
  });

  it('events: 401 → 403 → 400 naming the field → 201 for staff; an organisation admin publishes for their organisation', async () => {
    const { t, ana, staff } = f;
    const body = { kind: 'hackathon', title: { ro: 'Hackathon Timișoara', en: 'Timișoara hackathon' }, description: { ro: 'Date deschise; aduceți laptopul.' }, startsAt: '2027-06-20T10:00:00+03:00', endsAt: '2027-06-21T18:00:00+03:00', address: 'Piața Victoriei 1', ...INSIDE, strategyCode: 'A3' };
    expect((await t.app.inject({ method: 'POST', url: `${T}/events`, payload: body })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: `${T}/events`, headers: ana.headers, payload: body })).statusCode).toBe(403);
    expect(problem(await t.app.inject({ method: 'POST', url: `${T}/events`, headers: staff.headers, payload: { ...body, endsAt: '2027-06-20T09:00:00+03:00' } })).errors?.[0]?.field).toBe('endsAt');
    expect(problem(await t.app.inject({ method: 'POST', url: `${T}/events`, headers: staff.headers, payload: { ...body, kind: 'party' } })).errors?.[0]?.field).toBe('kind');
    const res = await t.app.inject({ method: 'POST', url: `${T}/events`, headers: staff.headers, payload: body });
    expect(res.statusCode, res.body).toBe(201);
    eventId = res.json().id;
    const org = (await t.app.inject({ method: 'POST', url: `${T}/organisations`, headers: ana.headers, payload: { name: { ro: 'Teatrul Mic' }, helix: 'civil_society', kind: 'association' } })).json().id;
    const own = await t.app.inject({ method: 'POST', url: `${T}/events`, headers: ana.headers, payload: { ...body, kind: 'cultural', title: { ro: 'Spectacol' }, organisationId: org } });
    expect(own.statusCode).toBe(201);
    const feed = parse((await t.app.inject({ method: 'GET', url: `${T}/organisations/${org}/calendar.ics` })).body);
    expect(feed.events.map((e) => e.summary)).toEqual(['Spectacol']);
  });

  it('the calendar list: events, public meetings and process phases, with filters', async () => {
    const { t } = f;
    const all = (await t.app.inject({ method: 'GET', url: `${T}/calendar` })).json().items;
    expect(all.map((i: { type: string; kind: string }) => `${i.type}:${i.kind}`)).toEqual(['phase:phase', 'event:hackathon', 'event:cultural', 'meeting:meeting']);
    expect((await t.app.inject({ method: 'GET', url: `${T}/calendar?kind=hackathon,phase` })).json().items.map((i: { kind: string }) => i.kind)).toEqual(['phase', 'hackathon']);
    expect((await t.app.inject({ method: 'GET', url: `${T}/calendar?strategyCode=A1` })).json().items.map((i: { type: string }) => i.type)).toEqual(['phase', 'meeting']);
    expect((await t.app.inject({ method: 'GET', url: `${T}/calendar?group=grup-a1` })).json().items.map((i: { id: string }) => i.id)).toEqual([`meeting:${meetingId}`]);
    expect((await t.app.inject({ method: 'GET', url: `${T}/calendar?place=online` })).json().items.map((i: { type: string }) => i.type)).toEqual(['meeting']);
    expect((await t.app.inject({ method: 'GET', url: `${T}/calendar?from=2027-06-25&to=2027-07-01` })).json().items.map((i: { type: string }) => i.type)).toEqual(['phase']);
    expect((await t.app.inject({ method: 'GET', url: `${T}/calendar?kind=<script>` })).statusCode).toBe(400);
    const staffView = (await t.app.inject({ method: 'GET', url: `${T}/calendar?kind=meeting`, headers: { cookie: f.staff.cookie } })).json().items;
    expect(staffView).toHaveLength(2);
  });

  it('the calendar filtered by a named place of the resource map or by an address; the list follows every change at once', async () => {
    const { t, staff } = f;
    const ids = async (q: string, headers: Record<string, string> = {}) => {
      const res = await t.app.inject({ method: 'GET', url: `${T}/calendar?${q}`, headers });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items.map((i: { type: string; kind: string }) => `${i.type}:${i.kind}`);
    };
    const place = async (name: string, lat: number, lon: number, details: Record<string, unknown> = {}) => (await t.app.inject({ method: 'POST', url: `${T}/places`, headers: staff.headers, payload: { kind: 'coworking', name, lat, lon, details } })).json().id as number;
    const near = await place('Hub Victoriei', INSIDE.lat + 0.0005, INSIDE.lon); // ~55 m from the events' point
    const far = await place('Biblioteca Bastion', 45.7578, 21.2336); // ~750 m away, no event there
    const named = await place('Sala Capitol', 45.7469, 21.2339, { address: 'Bulevardul Take Ionescu 2' });
    expect(await ids(`placeId=${near}`)).toEqual(['event:hackathon', 'event:cultural']);
    expect(await ids(`placeId=${far}`)).toEqual([]);
    expect(await ids('address=PIATA victoriei')).toEqual(['event:hackathon', 'event:cultural']);
    // the members-only group's meeting at "Primăria" is found only by those who may see it
    expect(await ids('address=primaria')).toEqual([]);
    expect(await ids('address=primaria', { cookie: staff.cookie })).toEqual(['meeting:meeting']);
    const bad = await t.app.inject({ method: 'GET', url: `${T}/calendar?placeId=999999` });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors?.[0]?.field).toBe('query.placeId');
    expect(problem(await t.app.inject({ method: 'GET', url: `${T}/calendar?address=x` })).errors?.[0]?.field).toBe('query.address');

    // a new event naming the place in its address (no map point): found by the place; then changes show at once
    const ev = await t.app.inject({ method: 'POST', url: `${T}/events`, headers: staff.headers, payload: { kind: 'cultural', title: { ro: 'Concert' }, startsAt: '2027-08-01T19:00:00+03:00', endsAt: '2027-08-01T21:00:00+03:00', address: 'Sala Capitol, Timișoara' } });
    expect(ev.statusCode, ev.body).toBe(201);
    expect(await ids(`placeId=${named}`)).toEqual(['event:cultural']);
    expect((await t.app.inject({ method: 'PATCH', url: `${T}/events/${ev.json().id}`, headers: staff.headers, payload: { status: 'cancelled' } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `${T}/calendar?placeId=${named}` })).json().items[0].status).toBe('cancelled');
    // a members-only group made public: its meeting joins the public list
    expect(await ids('kind=meeting')).toEqual(['meeting:meeting']);
    expect((await t.app.inject({ method: 'PATCH', url: `${T}/groups/secret`, headers: staff.headers, payload: { visibility: 'public' } })).statusCode).toBe(200);
    expect(await ids('kind=meeting')).toEqual(['meeting:meeting', 'meeting:meeting']);
    expect((await t.app.inject({ method: 'PATCH', url: `${T}/groups/secret`, headers: staff.headers, payload: { visibility: 'members' } })).statusCode).toBe(200);
    expect(await ids('kind=meeting')).toEqual(['meeting:meeting']);
  });

  it('the city feed parses with ical.js: RFC 7986 name and refresh, Europe/Bucharest, URL and DESCRIPTION links, online LOCATION; no private meeting', async () => {
    const { t } = f;
    const res = await t.app.inject({ method: 'GET', url: `${T}/calendar.ics` });
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const feed = parse(res.body);
    expect(feed.name).toMatch(/^Calendarul orașului/);
    expect(String(feed.refresh)).toBe('PT1H');
    expect(feed.cal.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Bucharest');
    expect(feed.events.map((e) => e.summary)).not.toContain('Comitet: Ședință privată');
    const hack = feed.events.find((e) => e.summary === 'Hackathon Timișoara')!;
    expect(hack).toMatchObject({ tzid: 'Europe/Bucharest', start: '2027-06-20T07:00:00.000Z', status: 'CONFIRMED', sequence: 0, url: `http://urbia.test/timisoara/events/${eventId}`, location: 'Piața Victoriei 1' });
    expect(hack.description).toContain(`http://urbia.test/timisoara/events/${eventId}`);
    expect(hack.description).toContain('Date deschise');
    expect(hack.dtstamp).toMatch(/^DTSTAMP:\d{8}T\d{6}Z$/);
    expect(res.body).toMatch(/DTSTART;TZID=Europe\/Bucharest:20270620T100000/);
    const online = feed.events.find((e) => e.uid.startsWith('meeting-'))!;
    expect(online).toMatchObject({ location: 'https://meet.example.org/a1', start: '2027-07-01T15:00:00.000Z' });
    const phase = feed.events.find((e) => e.uid.startsWith('phase-'))!;
    expect(phase.allDay).toBe(true);
    // en
    expect(parse((await t.app.inject({ method: 'GET', url: `${T}/calendar.ics?lang=en` })).body).events.map((e) => e.summary)).toContain('Timișoara hackathon');
  });

  it('UIDs are stable, SEQUENCE goes up on each change, a cancelled event is STATUS:CANCELLED', async () => {
    const { t, staff } = f;
    const before = parse((await t.app.inject({ method: 'GET', url: `${T}/calendar.ics` })).body).events;
    const hackBefore = before.find((e) => e.summary === 'Hackathon Timișoara')!;
    const moved = await t.app.inject({ method: 'PATCH', url: `${T}/events/${eventId}`, headers: staff.headers, payload: { startsAt: '2027-06-20T11:00:00+03:00' } });
    expect(moved.json().sequence).toBe(1);
    await t.app.inject({ method: 'PATCH', url: `${T}/events/${eventId}`, headers: staff.headers, payload: { status: 'cancelled' } });
    await t.app.inject({ method: 'PATCH', url: `${T}/groups/grup-a1/meetings/${meetingId}`, headers: coord.headers, payload: { title: { ro: 'Ședința online (mutată)' } } });
    const after = parse((await t.app.inject({ method: 'GET', url: `${T}/calendar.ics` })).body).events;
    expect(after.map((e) => e.uid).sort()).toEqual(before.map((e) => e.uid).sort());
    const hack = after.find((e) => e.uid === hackBefore.uid)!;
    expect(hack).toMatchObject({ sequence: 2, status: 'CANCELLED', start: '2027-06-20T08:00:00.000Z' });
    expect(hack.dtstamp >= hackBefore.dtstamp).toBe(true);
    expect(after.find((e) => e.uid.startsWith('meeting-'))).toMatchObject({ sequence: 1, summary: 'Grupul A1: Ședința online (mutată)' });
    const single = parse((await t.app.inject({ method: 'GET', url: `${T}/events/${eventId}/calendar.ics` })).body).events;
    expect(single.map((e) => [e.uid, e.sequence])).toEqual([[hackBefore.uid, 2]]);
  });

  it("a group's feed and the personal feed at a secret, rotatable address; a members-only group's feed is hidden", async () => {
    const { t, ion, ana } = f;
    const group = parse((await t.app.inject({ method: 'GET', url: `${T}/groups/grup-a1/calendar.ics` })).body);
    expect(group.name).toBe('Grupul A1');
    expect(group.events).toHaveLength(1);
    expect((await t.app.inject({ method: 'GET', url: `${T}/groups/secret/calendar.ics` })).statusCode).toBe(404);

    expect((await t.app.inject({ method: 'POST', url: '/api/v1/me/calendar-token' })).statusCode).toBe(401);
    const url1 = (await t.app.inject({ method: 'POST', url: '/api/v1/me/calendar-token', headers: ion.headers })).json().url as string;
    expect(url1).toMatch(/^http:\/\/urbia\.test\/api\/v1\/me\/calendar\/[A-Za-z0-9_-]{32}\.ics$/);
    const path1 = new URL(url1).pathname;
    expect(parse((await t.app.inject({ method: 'GET', url: path1 })).body).events).toEqual([]);
    await t.app.inject({ method: 'PUT', url: `${T}/events/${eventId}/follow`, headers: ion.headers, payload: { following: true } });
    // a follower hears of a new time through the notifications hub (in their language, once)
    expect((await t.app.inject({ method: 'PATCH', url: `${T}/events/${eventId}`, headers: f.staff.headers, payload: { startsAt: '2027-06-20T10:00:00+03:00' } })).statusCode).toBe(200);
    await t.worker.drain();
    const told = await t.database.db.selectFrom('notifications_inbox').select(['subject', 'link']).where('user_id', '=', ion.id).where('kind', '=', 'directory.event.updated').execute();
    expect(told).toEqual([{ subject: 'Modificat: Hackathon Timișoara', link: `http://urbia.test/timisoara/events/${eventId}` }]);
    await t.app.inject({ method: 'POST', url: `${T}/groups/grup-a1/meetings/${meetingId}/registrations`, headers: ion.headers });
    const mine = parse((await t.app.inject({ method: 'GET', url: path1 })).body);
    expect(mine.name).toBe('Calendarul meu');
    expect(mine.events.map((e) => e.summary).sort()).toEqual(['Grupul A1: Ședința online (mutată)', 'Hackathon Timișoara']);
    expect(noEmails(JSON.stringify(mine.events), [ion, ana, coord])).toBe(true);
    // rotating revokes the old address
    const url2 = (await t.app.inject({ method: 'POST', url: '/api/v1/me/calendar-token', headers: ion.headers })).json().url as string;
    expect(url2).not.toBe(url1);
    expect((await t.app.inject({ method: 'GET', url: path1 })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: new URL(url2).pathname })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/calendar-token', headers: { cookie: ion.cookie } })).json()).toEqual({ exists: true });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/calendar/short.ics' })).statusCode).toBe(400);
    // account deletion: follows and the secret address go
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/auth/me', headers: ion.headers, payload: { password: ion.password } })).statusCode).toBe(204);
    await t.worker.drain();
    expect((await t.app.inject({ method: 'GET', url: new URL(url2).pathname })).statusCode).toBe(404);
    expect(await t.database.db.selectFrom('directory_event_follows').select('event_id').where('user_id', '=', ion.id).execute()).toEqual([]);
  });
});
