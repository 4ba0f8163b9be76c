/**
 * Preferences per kind of notification: 401 → 400 naming the item → 200; inbox off leaves the inbox empty,
 * e-mail off sends none, daily puts the e-mail in the digest queue instead of sending it.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildUser, importTimisoaraStrategy, problem, type TestUser, useTestApp, useUser } from '../../../tests/helpers/app.js';
import { testEngines } from '../../../tests/helpers/env.js';
import { outboxMails } from '../../../tests/helpers/mail.js';
import { NotificationsRepository } from './notifications.repository.js';
import { localClock } from './digests/digests.service.js';
import { NotificationsService } from './notifications.service.js';

const URL_ = '/api/v1/me/notification-preferences';

describe.each(testEngines())('notification preferences on %s', (engine) => {
  const t = useTestApp(engine);
  beforeAll(async () => {
    await importTimisoaraStrategy(t);
  });
  const staff = useUser(t, { timisoara: ['staff'] });
  const ana = useUser(t, { timisoara: ['citizen'] });

  const put = (u: TestUser | undefined, payload: object) => t.app.inject({ method: 'PUT', url: URL_, headers: u?.headers ?? {}, payload });
  const measure = (value: number) => t.app.inject({ method: 'POST', url: '/api/v1/tenants/timisoara/kpis/A6.K1/measurements', headers: staff.headers, payload: { date: '2025-12-31', value } });

  it('lists every kind with defaults; 401 → 400 naming the item → 200; fields left out keep their value', async () => {
    expect((await t.app.inject({ url: URL_ })).statusCode).toBe(401);
    const all = (await t.app.inject({ url: URL_, headers: { cookie: ana.cookie } })).json().items;
    expect(all).toContainEqual({ kind: 'strategy.kpi.measurement', inbox: true, email: true, push: false, sms: false, emailFrequency: 'immediate' });
    expect((await put(undefined, { items: [{ kind: 'strategy.kpi.measurement', email: false }] })).statusCode).toBe(401);
    const bad = await put(ana, { items: [{ kind: 'strategy.kpi.measurement' }, { kind: 'unicorn' }] });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors?.[0]?.field).toBe('items[1].kind');
    const freq = await put(ana, { items: [{ kind: 'strategy.kpi.measurement', emailFrequency: 'hourly' }] });
    expect(freq.statusCode).toBe(400);
    expect(problem(freq).errors?.[0]?.field).toMatch(/^items\.0\.emailFrequency|^items\[0\]\.emailFrequency/);
    const ok = await put(ana, { items: [{ kind: 'strategy.kpi.measurement', inbox: false }] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().items).toContainEqual({ kind: 'strategy.kpi.measurement', inbox: false, email: true, push: false, sms: false, emailFrequency: 'immediate' });
  });

  it('every kind a person can set has a label in Romanian, English and Hungarian on the settings page (no raw code)', async () => {
    const kinds = ((await t.app.inject({ url: URL_, headers: { cookie: ana.cookie } })).json().items as { kind: string }[]).map((k) => k.kind);
    expect(kinds).toContain('directory.meeting.updated');
    for (const locale of ['ro', 'en', 'hu']) {
      const labels = JSON.parse(readFileSync(new URL(`../../../web/src/modules/notifications/i18n/${locale}.json`, import.meta.url), 'utf8')).prefs.kinds as Record<string, string>;
      expect(kinds.filter((k) => !labels[k.replace(/\./g, '_')]), locale).toEqual([]);
    }
    // …and every kind of thing one can follow has its name (the unsubscribe page says what stops)
    const followable = (await t.app.inject({ url: '/api/v1/me/follows', headers: { cookie: ana.cookie } })).json().kinds as string[];
    expect(followable).toContain('sensors.alert');
    for (const locale of ['ro', 'en', 'hu']) {
      const names = JSON.parse(readFileSync(new URL(`../../../web/src/modules/notifications/i18n/${locale}.json`, import.meta.url), 'utf8')).kinds;
      const name = (k: string) => k.split('.').reduce<unknown>((o, part) => (o as Record<string, unknown> | undefined)?.[part], names);
      expect(followable.filter((k) => typeof name(k) !== 'string'), locale).toEqual([]);
    }
  });

  it('inbox off, e-mail off and daily digests are honoured by the fan-out', async () => {
    await t.app.inject({ method: 'POST', url: '/api/v1/me/follows', headers: ana.headers, payload: { tenant: 'timisoara', kind: 'strategy.kpi', id: 'A6.K1' } });
    const mails = () => outboxMails(t.config.dataDir).filter((m) => m.to.includes(ana.email) && m.raw.includes('A6.K1'));
    const inboxCount = async () => (await t.app.inject({ url: '/api/v1/me/notifications', headers: { cookie: ana.cookie } })).json().items.length as number;

    // inbox off (from the test above), e-mail immediate
    await measure(0.5);
    await t.worker.drain();
    expect(await inboxCount()).toBe(0);
    expect(mails()).toHaveLength(1);

    // inbox on, e-mail off
    await put(ana, { items: [{ kind: 'strategy.kpi.measurement', inbox: true, email: false }] });
    await measure(0.6);
    await t.worker.drain();
    expect(await inboxCount()).toBe(1);
    expect(mails()).toHaveLength(1);

    // e-mail daily: queued for the digest, not sent now
    await put(ana, { items: [{ kind: 'strategy.kpi.measurement', email: true, emailFrequency: 'daily' }] });
    await measure(0.7);
    await t.worker.drain();
    expect(await inboxCount()).toBe(2);
    expect(mails()).toHaveLength(1);
    const queued = await t.database.db.selectFrom('notifications_digest_items').selectAll().where('user_id', '=', ana.id).execute();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ frequency: 'daily', kind: 'strategy.kpi.measurement', thing_kind: 'strategy.kpi', thing_id: 'A6.K1', sent_at: null });
    expect(queued[0]!.body).toContain('0.7');
  });

  it('the daily digest (at a given clock time): one e-mail grouped by thing, newest first; nothing sent twice', async () => {
    await t.app.inject({ method: 'POST', url: '/api/v1/me/follows', headers: ana.headers, payload: { tenant: 'timisoara', kind: 'strategy.kpi', id: 'A1.K1' } });
    await measure(0.8);
    await t.app.inject({ method: 'POST', url: '/api/v1/tenants/timisoara/kpis/A1.K1/measurements', headers: staff.headers, payload: { date: '2025-12-31', value: 42 } });
    await t.worker.drain();
    const hub = t.services.notifications;
    // a clock before the items were made: nothing is due yet
    expect(await hub.sendDigests('daily', new Date(Date.now() - 3600_000))).toBe(0);
    const later = new Date(Date.now() + 60_000);
    expect(await hub.sendDigests('daily', later)).toBe(1);
    expect(await hub.sendDigests('daily', later)).toBe(0);
    expect(await hub.sendDigests('weekly', later)).toBe(0);
    await t.worker.drain();
    const digests = outboxMails(t.config.dataDir).filter((m) => m.to.includes(ana.email) && m.raw.includes('Noutățile despre ce urmăriți'));
    expect(digests).toHaveLength(1);
    const raw = digests[0]!.raw;
    // grouped: the A1.K1 group (newest item) first, then A6.K1 with 0.8 before 0.7
    const at = (s: string) => raw.indexOf(s);
    expect(at('A1.K1')).toBeGreaterThan(-1);
    expect(at('A1.K1')).toBeLessThan(at('A6.K1'));
    expect(at('2025-12-31: 0.8')).toBeLessThan(at('2025-12-31: 0.7'));
    expect(raw.match(/Indicatorul A6\.K1/g)).toHaveLength(4); // two items, in the text and the HTML part
  });

  it('the digest clock: at the city hour (08:00 Europe/Bucharest), once per period across processes and a restart', async () => {
    expect(localClock(new Date('2027-07-05T05:00:00Z'), 'Europe/Bucharest')).toEqual({ date: '2027-07-05', hour: 8, weekday: 1, isoWeek: '2027-W27' });
    expect(localClock(new Date('2027-01-04T05:59:00Z'), 'Europe/Bucharest')).toEqual({ date: '2027-01-04', hour: 7, weekday: 1, isoWeek: '2027-W01' });
    const tm = await t.services.tenants.bySlug('timisoara');
    const hub = t.services.notifications;
    await measure(0.9);
    await t.worker.drain();
    const mine = (runs: Awaited<ReturnType<typeof hub.runDueDigests>>) => runs.filter((r) => r.tenantId === tm.id);
    // Monday 4 January 2027, 07:59 in Timișoara: not yet
    expect(mine(await hub.runDueDigests(new Date('2027-01-04T05:59:00Z')))).toEqual([]);
    // 08:05: two processes tick at once; the daily and (Monday) weekly runs happen once
    const at = new Date('2027-01-04T06:05:00Z');
    const [a, b] = await Promise.all([hub.runDueDigests(at), hub.runDueDigests(at)]);
    expect(mine([...a, ...b])).toEqual([
      { tenantId: tm.id, frequency: 'daily', period: '2027-01-04', people: 1 },
      { tenantId: tm.id, frequency: 'weekly', period: '2027-W01', people: 0 },
    ]);
    // a restarted process (a new hub on the same database) later that day: nothing again
    const restarted = new NotificationsService(new NotificationsRepository(t.database.db), () => 'http://localhost');
    expect(mine(await restarted.runDueDigests(new Date('2027-01-04T09:00:00Z')))).toEqual([]);
    // the next day at 08:00: a new period, nobody has anything new
    expect(mine(await restarted.runDueDigests(new Date('2027-01-05T06:00:00Z')))).toEqual([{ tenantId: tm.id, frequency: 'daily', period: '2027-01-05', people: 0 }]);
    await t.worker.drain();
    const digests = outboxMails(t.config.dataDir).filter((m) => m.to.includes(ana.email) && m.raw.includes('2025-12-31: 0.9'));
    expect(digests).toHaveLength(1);
    // a city may move its hour; a zone that does not exist is refused naming the field
    await expect(hub.setDigestSchedule(tm.id, { hour: 20, timeZone: 'Mars/Olympus', weeklyDay: 5 })).rejects.toMatchObject({ errors: [{ field: 'timeZone' }] });
    expect(await hub.setDigestSchedule(tm.id, { hour: 20, timeZone: 'Europe/Bucharest', weeklyDay: 5 })).toEqual({ hour: 20, timeZone: 'Europe/Bucharest', weeklyDay: 5 });
    expect(mine(await hub.runDueDigests(new Date('2027-01-06T06:00:00Z')))).toEqual([]);
    expect(mine(await hub.runDueDigests(new Date('2027-01-06T18:00:00Z')))).toEqual([{ tenantId: tm.id, frequency: 'daily', period: '2027-01-06', people: 0 }]);
  });

  it('the digest schedule route: 401 → 403 (staff, another city\'s admin) → 400 naming the field → 200 with an audit row', async () => {
    const url = '/api/v1/tenants/timisoara/digest-schedule';
    const admin = await buildUser(t, { timisoara: ['admin'] });
    const otherAdmin = await buildUser(t, { 'baia-mare': ['admin'] });
    const body = { hour: 7, timeZone: 'Europe/Bucharest', weeklyDay: 2 };
    expect((await t.app.inject({ method: 'PUT', url, payload: body })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'PUT', url, headers: staff.headers, payload: body })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PUT', url, headers: otherAdmin.headers, payload: body })).statusCode).toBe(403);
    expect((await t.app.inject({ url, headers: staff.headers })).statusCode).toBe(403);
    for (const [bad, field] of [[{ ...body, hour: 24 }, 'hour'], [{ ...body, weeklyDay: 0 }, 'weeklyDay'], [{ ...body, timeZone: 'Mars/Olympus' }, 'timeZone']] as const) {
      const r = await t.app.inject({ method: 'PUT', url, headers: admin.headers, payload: bad });
      expect(r.statusCode, field).toBe(400);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(problem(r).errors?.map((e) => e.field)).toContain(field);
    }
    const tm = await t.services.tenants.bySlug('timisoara');
    const before = (await t.app.inject({ url, headers: admin.headers })).json();
    const ok = await t.app.inject({ method: 'PUT', url, headers: admin.headers, payload: body });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual(body);
    expect((await t.app.inject({ url, headers: admin.headers })).json()).toEqual(body);
    const audit = await t.database.db.selectFrom('core_audit_log').selectAll().where('tenant_id', '=', tm.id).where('action', '=', 'notifications.digestSchedule.set').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(admin.id);
    expect(audit.before).toEqual(before);
    expect(audit.after).toEqual(body);
  });
});
