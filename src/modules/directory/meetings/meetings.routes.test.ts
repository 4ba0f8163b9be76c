import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, problem, type TestUser } from '../../../../tests/helpers/app.js';
import { testEngines } from '../../../../tests/helpers/env.js';
import sharp from 'sharp';
import { directoryFixture, type DirectoryFixture, INSIDE, multipartFile, noEmails, odtFile, OUTSIDE, pdfFile, T } from '../directory.test-helpers.js';

const G = `${T}/groups/wg-meet`;
const when = (days: number, hours = 17) => new Date(Date.UTC(2027, 2, 1 + days, hours - 2)).toISOString(); // 17:00 in Bucharest (UTC+2 in March)
const meeting = { title: { ro: 'Ședința grupului', en: 'Group meeting' }, startsAt: when(0), endsAt: when(0, 19), address: 'Piața Victoriei 1', ...INSIDE, agenda: [{ ro: 'Termenii de referință' }], capacity: 2 };

describe.each(testEngines())('meetings on %s', (engine) => {
  let f: DirectoryFixture;
  let coord: TestUser;
  let mid: number;
  beforeAll(async () => {
    f = await directoryFixture(engine);
    coord = await buildUser(f.t, { timisoara: ['citizen'] }, { displayName: 'Coordonatoarea' });
    await f.t.app.inject({ method: 'POST', url: `${T}/groups`, headers: f.staff.headers, payload: { slug: 'wg-meet', kind: 'working_group', name: { ro: 'Grup de lucru' }, purpose: { ro: 'Proiect.' } } });
    const req = (await f.t.app.inject({ method: 'POST', url: `${G}/members`, headers: coord.headers, payload: {} })).json().id;
    await f.t.app.inject({ method: 'PATCH', url: `${G}/members/${req}`, headers: f.staff.headers, payload: { status: 'active', position: 'coordinator' } });
  });
  afterAll(async () => {
    await f?.t.close();
  });

  it('scheduling: 401 → 403 → 400 naming the field (ends before it starts, outside the city, no place) → 201; members notified', async () => {
    const { t, ana } = f;
    expect((await t.app.inject({ method: 'POST', url: `${G}/meetings`, payload: meeting })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: `${G}/meetings`, headers: ana.headers, payload: meeting })).statusCode).toBe(403);
    const backwards = await t.app.inject({ method: 'POST', url: `${G}/meetings`, headers: coord.headers, payload: { ...meeting, endsAt: when(0, 16) } });
    expect(problem(backwards).errors?.[0]).toMatchObject({ field: 'endsAt', code: 'ends_before_start' });
    expect(problem(await t.app.inject({ method: 'POST', url: `${G}/meetings`, headers: coord.headers, payload: { ...meeting, ...OUTSIDE } })).errors?.[0]?.field).toBe('lat');
    expect(problem(await t.app.inject({ method: 'POST', url: `${G}/meetings`, headers: coord.headers, payload: { ...meeting, address: undefined, lat: undefined, lon: undefined } })).errors?.[0]?.field).toBe('address');
    expect(problem(await t.app.inject({ method: 'POST', url: `${G}/meetings`, headers: coord.headers, payload: { ...meeting, timeZone: 'Mars/Olympus' } })).errors?.[0]?.field).toBe('timeZone');
    expect(await t.database.db.selectFrom('directory_meetings').select('id').execute()).toEqual([]);
    const res = await t.app.inject({ method: 'POST', url: `${G}/meetings`, headers: coord.headers, payload: meeting });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ timeZone: 'Europe/Bucharest', sequence: 0, minutesState: 'none', startsAt: '2027-03-01T15:00:00.000Z' });
    mid = res.json().id;
    await t.worker.drain(); // the members hear through the notifications hub, after the change committed
    const inbox = await t.database.db.selectFrom('notifications_inbox').select(['user_id', 'body']).where('kind', '=', 'directory.meeting.scheduled').execute();
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ user_id: coord.id });
    expect(inbox[0]!.body).toContain('17:00');
    const ev = await t.database.db.selectFrom('core_outbox').select('payload').where('type', '=', 'directory.meeting.scheduled').executeTakeFirstOrThrow();
    expect(ev.payload).toMatchObject({ meetingId: mid, groupSlug: 'wg-meet', timeZone: 'Europe/Bucharest', memberIds: [coord.id] });
  });

  it('registration up to the capacity; add-to-calendar links', async () => {
    const { t, ana, ion, maria } = f;
    const url = `${G}/meetings/${mid}/registrations`;
    expect((await t.app.inject({ method: 'POST', url })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url, headers: ana.headers })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'POST', url, headers: ana.headers })).statusCode).toBe(409);
    expect((await t.app.inject({ method: 'POST', url, headers: ion.headers })).statusCode).toBe(204);
    const full = await t.app.inject({ method: 'POST', url, headers: maria.headers });
    expect([full.statusCode, problem(full).code]).toEqual([409, 'full']);
    const d = (await t.app.inject({ method: 'GET', url: `${G}/meetings/${mid}`, headers: { cookie: ana.cookie } })).json();
    expect(d).toMatchObject({ registered: 2, myRegistration: true, registrations: [], abilities: { register: false, writeMinutes: false } });
    expect(d.links.google).toContain('dates=20270301T150000Z%2F20270301T170000Z');
    expect(d.links.outlook).toContain('outlook.live.com');
    expect(d.links.ics).toBe(`/api/v1/tenants/timisoara/groups/wg-meet/meetings/${mid}/calendar.ics`);
    const pub = await t.app.inject({ method: 'GET', url: `${G}/meetings/${mid}` });
    expect(noEmails(pub.body, [ana, ion, coord])).toBe(true);
  });

  it('attendance, minutes draft → new version → approved by the coordinator, then immutable; decisions', async () => {
    const { t, ana, staff } = f;
    const M = `${G}/meetings/${mid}`;
    const regs = (await t.app.inject({ method: 'GET', url: M, headers: { cookie: coord.cookie } })).json().registrations;
    expect(regs.map((r: { name: string }) => r.name)).toEqual(['Ana Popescu', 'Ion Ionescu']);
    expect((await t.app.inject({ method: 'PUT', url: `${M}/attendance`, headers: ana.headers, payload: { present: [regs[0].id] } })).statusCode).toBe(403);
    expect(problem(await t.app.inject({ method: 'PUT', url: `${M}/attendance`, headers: coord.headers, payload: { present: [999999] } })).errors?.[0]?.field).toBe('present[0]');
    expect((await t.app.inject({ method: 'PUT', url: `${M}/attendance`, headers: coord.headers, payload: { present: [regs[0].id] } })).statusCode).toBe(204);

    expect((await t.app.inject({ method: 'POST', url: `${M}/minutes/approve`, headers: coord.headers })).statusCode).toBe(409);
    expect((await t.app.inject({ method: 'POST', url: `${M}/minutes`, headers: ana.headers, payload: { body: { ro: 'x' } } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `${M}/minutes`, headers: coord.headers, payload: { body: { ro: 'Prima versiune.' } } })).json()).toEqual({ version: 1 });
    expect((await t.app.inject({ method: 'POST', url: `${M}/minutes`, headers: coord.headers, payload: { body: { ro: 'A doua versiune.', en: 'Second version.' } } })).json()).toEqual({ version: 2 });
    // the public see no draft
    expect((await t.app.inject({ method: 'GET', url: M })).json()).toMatchObject({ minutes: null, versions: [], minutesState: 'draft' });

    const vote = await t.app.inject({ method: 'POST', url: `${M}/decisions`, headers: coord.headers, payload: { text: { ro: 'Aprobăm termenii.' }, method: 'vote', votesFor: 5, votesAgainst: 1 } });
    expect(problem(vote).errors?.[0]?.field).toBe('votesAbstain');
    expect((await t.app.inject({ method: 'POST', url: `${M}/decisions`, headers: coord.headers, payload: { text: { ro: 'Aprobăm termenii.' }, method: 'vote', votesFor: 5, votesAgainst: 1, votesAbstain: 0, links: ['project:A3.P1'] } })).statusCode).toBe(201);

    expect((await t.app.inject({ method: 'POST', url: `${M}/minutes/approve`, headers: ana.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `${M}/minutes/approve`, headers: coord.headers })).json()).toEqual({ version: 2 });
    const after = (await t.app.inject({ method: 'GET', url: M })).json();
    expect(after).toMatchObject({ minutesState: 'approved', minutes: { version: 2, state: 'approved', body: { ro: 'A doua versiune.' }, attendance: ['Ana Popescu'] }, versions: [{ version: 2, state: 'approved' }] });
    expect(after.decisions[0]).toMatchObject({ method: 'vote', votesFor: 5, votesAgainst: 1, votesAbstain: 0, links: ['project:A3.P1'] });
    const coordView = (await t.app.inject({ method: 'GET', url: M, headers: { cookie: coord.cookie } })).json();
    expect(coordView.versions.map((v: { version: number; state: string }) => `${v.version}:${v.state}`)).toEqual(['2:approved', '1:draft']);

    // immutable: no new version, no agenda change, no attendance change, no decision, even for staff
    const again = await t.app.inject({ method: 'POST', url: `${M}/minutes`, headers: staff.headers, payload: { body: { ro: 'Schimbare' } } });
    expect([again.statusCode, problem(again).errors?.[0]?.field]).toEqual([409, 'body']);
    const agenda = await t.app.inject({ method: 'PATCH', url: M, headers: coord.headers, payload: { agenda: [{ ro: 'Alt punct' }] } });
    expect([agenda.statusCode, problem(agenda).errors?.[0]?.field]).toEqual([409, 'agenda']);
    expect((await t.app.inject({ method: 'PUT', url: `${M}/attendance`, headers: coord.headers, payload: { present: [] } })).statusCode).toBe(409);
    expect((await t.app.inject({ method: 'POST', url: `${M}/minutes/approve`, headers: coord.headers })).statusCode).toBe(409);
    const audit = await t.database.db.selectFrom('core_audit_log').select('action').where('action', 'like', 'directory.meeting.%').execute();
    expect(new Set(audit.map((a) => a.action))).toEqual(new Set(['directory.meeting.scheduled', 'directory.meeting.registered', 'directory.meeting.updated', 'directory.meeting.minutesDrafted', 'directory.meeting.decisionRecorded', 'directory.meeting.minutesApproved']));
  });

  it('a change bumps the SEQUENCE; cancelling notifies the registered; account deletion anonymises attendance', async () => {
    const { t, ana, ion } = f;
    const m2 = (await t.app.inject({ method: 'POST', url: `${G}/meetings`, headers: coord.headers, payload: { ...meeting, capacity: undefined, onlineUrl: 'https://meet.example.org/wg', address: undefined, lat: undefined, lon: undefined } })).json().id;
    await t.app.inject({ method: 'POST', url: `${G}/meetings/${m2}/registrations`, headers: ion.headers });
    const moved = await t.app.inject({ method: 'PATCH', url: `${G}/meetings/${m2}`, headers: coord.headers, payload: { startsAt: when(1), endsAt: when(1, 19) } });
    expect(moved.json().sequence).toBe(1);
    const bad = await t.app.inject({ method: 'PATCH', url: `${G}/meetings/${m2}`, headers: coord.headers, payload: { endsAt: when(0) } });
    expect(problem(bad).errors?.[0]?.field).toBe('endsAt');
    expect((await t.app.inject({ method: 'PATCH', url: `${G}/meetings/${m2}`, headers: coord.headers, payload: { status: 'cancelled' } })).json()).toMatchObject({ status: 'cancelled', sequence: 2 });
    // through the hub, after the commit: moved, then cancelled, each once, in the person's language
    await t.worker.drain();
    const inbox = await t.database.db.selectFrom('notifications_inbox').select(['user_id', 'subject', 'body', 'link']).where('kind', '=', 'directory.meeting.updated').orderBy('created_at').orderBy('id').execute();
    expect(inbox.map((r) => r.user_id)).toEqual([ion.id, ion.id]);
    expect(inbox[0]!.subject).toMatch(/^Modificată: /);
    expect(inbox[1]!.subject).toMatch(/^Anulată: /);
    expect(inbox[1]!.link).toMatch(new RegExp(`/groups/[^/]+/meetings/${m2}$`));

    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/auth/me', headers: ana.headers, payload: { password: ana.password } })).statusCode).toBe(204);
    await t.worker.drain();
    const after = (await t.app.inject({ method: 'GET', url: `${G}/meetings/${mid}` })).json();
    expect(after.minutes.attendance).toEqual(['—']);
    expect(after.registered).toBe(2);
    expect(await t.database.db.selectFrom('directory_meeting_registrations').select('id').where('user_id', '=', ana.id).execute()).toEqual([]);
  });

  it('documents: uploads checked by content (PDF, ODT, images re-encoded), listed on the meeting, downloadable; 401 → 403 → 400 → 201; frozen once the minutes are approved', async () => {
    const { t, ion, staff } = f;
    const m3 = (await t.app.inject({ method: 'POST', url: `${G}/meetings`, headers: coord.headers, payload: { ...meeting, capacity: undefined, agenda: [{ ro: 'Bugetul' }, { ro: 'Calendarul' }] } })).json().id;
    const M = `${G}/meetings/${m3}`;
    const up = (file: ReturnType<typeof multipartFile>, headers: Record<string, string>, q = '') => t.app.inject({ method: 'POST', url: `${M}/files${q}`, payload: file.payload, headers: { ...headers, ...file.headers } });
    const pdf = pdfFile('Ordinea de zi');
    const odt = odtFile('Termenii de referinta');
    const png = await sharp({ create: { width: 1200, height: 600, channels: 3, background: '#336699' } }).png().withMetadata({ exif: { IFD0: { Copyright: 'secret' } } }).toBuffer();
    const stored = async () => (await t.database.db.selectFrom('directory_meeting_files').select('id').where('meeting_id', '=', m3).execute()).length;

    expect((await up(multipartFile('file', 'a.pdf', pdf), {})).statusCode).toBe(401);
    expect((await up(multipartFile('file', 'a.pdf', pdf), ion.headers)).statusCode).toBe(403);
    // the content decides, not the name
    for (const [file, code] of [
      [multipartFile('file', 'agenda.odt', Buffer.from('<html><script>alert(1)</script></html>')), 'unsupported_file'],
      [multipartFile('file', 'agenda.pdf', pdf.subarray(0, 200)), 'not_a_pdf'],
      [multipartFile('file', 'agenda.odt', odtFile('x', 'application/x-evil')), 'unsupported_file'],
      [multipartFile('file', 'empty.pdf', Buffer.alloc(0)), 'empty_file'],
    ] as const) {
      const res = await up(file, coord.headers);
      expect(res.statusCode, res.body).toBe(400);
      expect(problem(res).errors?.[0]).toMatchObject({ field: 'file', code });
    }
    expect(problem(await up(multipartFile('document', 'a.pdf', pdf), coord.headers)).errors?.[0]?.field).toBe('file');
    const noItem = await up(multipartFile('file', 'a.pdf', pdf), coord.headers, '?agendaItem=2');
    expect([noItem.statusCode, problem(noItem).errors?.[0]?.field]).toEqual([400, 'agendaItem']);
    expect(await stored()).toBe(0);

    const a = await up(multipartFile('file', '../../Ordinea de zi.pdf', pdf, 'text/html'), coord.headers, '?title=Ordinea%20de%20zi&agendaItem=0');
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json()).toMatchObject({ title: 'Ordinea de zi', name: 'Ordinea de zi.pdf', mediaType: 'application/pdf', bytes: pdf.length, agendaItem: 0 });
    const b = await up(multipartFile('file', 'termeni.odt', odt), staff.headers);
    expect(b.json()).toMatchObject({ title: 'termeni.odt', mediaType: 'application/vnd.oasis.opendocument.text', agendaItem: null });
    const c = await up(multipartFile('file', 'harta.png', png, 'image/png'), coord.headers, '?agendaItem=1');
    expect(c.json()).toMatchObject({ name: 'harta.jpg', mediaType: 'image/jpeg' });

    // listed on the meeting (to anyone who may see it) and downloadable as stored
    const detail = (await t.app.inject({ method: 'GET', url: M })).json();
    expect(detail.files.map((x: { title: string; agendaItem: number | null }) => [x.title, x.agendaItem])).toEqual([['Ordinea de zi', 0], ['termeni.odt', null], ['harta.jpg', 1]]);
    const dl = await t.app.inject({ method: 'GET', url: detail.files[0].url });
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.headers['content-disposition']).toContain('attachment;');
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(dl.rawPayload.equals(pdf)).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: detail.files[1].url })).rawPayload.equals(odt)).toBe(true);
    const img = await sharp((await t.app.inject({ method: 'GET', url: detail.files[2].url })).rawPayload).metadata();
    expect([img.format, img.width, img.exif]).toEqual(['jpeg', 1200, undefined]);

    // removal: coordinators and staff only, audited; the file is gone
    expect((await t.app.inject({ method: 'DELETE', url: `${M}/files/${b.json().id}`, headers: ion.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: `${M}/files/${b.json().id}`, headers: coord.headers })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: `${M}/files/${b.json().id}` })).statusCode).toBe(404);
    const audit = await t.database.db.selectFrom('core_audit_log').select(['action', 'actor_user_id']).where('entity_type', '=', 'directory_meeting_file').orderBy('id').execute();
    expect(audit.map((x) => x.action)).toEqual(['directory.meeting.fileAdded', 'directory.meeting.fileAdded', 'directory.meeting.fileAdded', 'directory.meeting.fileRemoved']);

    // approved minutes freeze the documents
    await t.app.inject({ method: 'POST', url: `${M}/minutes`, headers: coord.headers, payload: { body: { ro: 'Proces-verbal.' } } });
    expect((await t.app.inject({ method: 'POST', url: `${M}/minutes/approve`, headers: coord.headers })).statusCode).toBe(200);
    const late = await up(multipartFile('file', 'a.pdf', pdf), coord.headers);
    expect([late.statusCode, problem(late).code, problem(late).errors?.[0]?.field]).toEqual([409, 'minutes_approved', 'file']);
    expect((await t.app.inject({ method: 'DELETE', url: `${M}/files/${a.json().id}`, headers: staff.headers })).statusCode).toBe(409);
    expect(await stored()).toBe(2);
  });
});
