/**
 * The SMS gateway hook end to end on both engines, with a receiver on loopback that checks every request's
 * HMAC-SHA256 signature: the city admin sets the webhook (401 → 403 → 400 naming the field → 200, audited);
 * a person's number is refused unless E.164, then verified by the code the gateway received; a notification
 * goes by SMS only to a verified number of someone who turned SMS on; a failing gateway is retried and then
 * recorded as failed in the person's delivery log while the inbox gets the notification regardless.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, importTimisoaraStrategy, problem, type TestApp, type TestUser } from '../../../../tests/helpers/app.js';
import { testEngines } from '../../../../tests/helpers/env.js';
import { settleOutbox } from '../../../../tests/helpers/outbox.js';
import { CHANNEL_ATTEMPTS } from '../push/push.service.js';

const SECRET = 'a-city-secret-of-32-characters!!';

/** A city's SMS gateway: answers with the next status in `respond` (then 200) and keeps what passed the HMAC check. */
async function startGateway() {
  const got: { to: string; body: string }[] = [];
  const refused: string[] = [];
  const respond: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const ts = String(req.headers['x-urbia-timestamp'] ?? '');
      const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(`${ts}.${raw}`).digest('hex')}`);
      const given = Buffer.from(String(req.headers['x-urbia-signature'] ?? ''));
      const fresh = Math.abs(Date.now() / 1000 - Number(ts)) < 300;
      if (given.length !== expected.length || !timingSafeEqual(given, expected) || !fresh || req.headers['content-type'] !== 'application/json') {
        refused.push(raw);
        return res.writeHead(401).end();
      }
      const status = respond.shift() ?? 200;
      if (status === 200) got.push(JSON.parse(raw) as { to: string; body: string });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`, got, refused, respond, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe.each(testEngines())('the SMS gateway hook on %s', (engine) => {
  let t: TestApp;
  let gw: Awaited<ReturnType<typeof startGateway>>;
  let admin: TestUser;
  let staff: TestUser;
  let ana: TestUser;

  beforeAll(async () => {
    gw = await startGateway();
    t = await createTestApp(engine, { URBIA_CHANNELS_ALLOW_HTTP: 'true' });
    await importTimisoaraStrategy(t);
    admin = await buildUser(t, { timisoara: ['admin'] });
    staff = await buildUser(t, { timisoara: ['staff'] });
    ana = await buildUser(t, { timisoara: ['citizen'] });
  }, 300_000);
  afterAll(async () => {
    await t?.close();
    await gw?.close();
  });

  const settle = () => settleOutbox(t, CHANNEL_ATTEMPTS + 2);
  const GW = '/api/v1/tenants/timisoara/sms-gateway';

  it('the city admin sets the webhook: 401 → 403 → 400 naming the field → 200, audited without the secret', async () => {
    expect((await t.app.inject({ method: 'PUT', url: GW, payload: { url: gw.url, secret: SECRET } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'PUT', url: GW, headers: staff.headers, payload: { url: gw.url, secret: SECRET } })).statusCode).toBe(403);
    const bad = await t.app.inject({ method: 'PUT', url: GW, headers: admin.headers, payload: { url: 'ftp://gw.example/x', secret: SECRET } });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors?.map((e) => e.field)).toEqual(['url']);
    const short = await t.app.inject({ method: 'PUT', url: GW, headers: admin.headers, payload: { url: gw.url, secret: 'short' } });
    expect(problem(short).errors?.map((e) => e.field)).toEqual(['secret']);
    const ok = await t.app.inject({ method: 'PUT', url: GW, headers: admin.headers, payload: { url: gw.url, secret: SECRET } });
    expect(ok.json()).toEqual({ url: gw.url, configured: true });
    expect((await t.app.inject({ url: GW, headers: { cookie: admin.cookie } })).json()).toEqual({ url: gw.url, configured: true });
    const audit = await t.database.db.selectFrom('core_audit_log').select(['action', 'after']).where('action', '=', 'notifications.smsGateway.set').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.after)).not.toContain(SECRET);
  });

  it('a number must be E.164 and is used only once verified by the code the gateway delivered (signed)', async () => {
    const put = (u: TestUser | undefined, phone: string) => t.app.inject({ method: 'PUT', url: '/api/v1/me/phone', headers: u?.headers ?? {}, payload: { tenant: 'timisoara', phone } });
    expect((await put(undefined, '+40722123456')).statusCode).toBe(401);
    for (const bad of ['0722123456', '+0722123456', '+40 72x', '+4072212345678901']) {
      const r = await put(ana, bad);
      expect(r.statusCode, bad).toBe(400);
      expect(problem(r).errors?.map((e) => e.field)).toEqual(['phone']);
    }
    const ok = await put(ana, '+40 722 123 456');
    expect(ok.statusCode).toBe(202);
    expect(ok.json()).toEqual({ phone: '+40722123456', verified: false });
    await settle();
    expect(gw.refused).toEqual([]);
    expect(gw.got).toHaveLength(1);
    expect(gw.got[0]!.to).toBe('+40722123456');
    const code = /(\d{6})/.exec(gw.got[0]!.body)![1]!;
    const verify = (c: string) => t.app.inject({ method: 'POST', url: '/api/v1/me/phone/verify', headers: ana.headers, payload: { code: c } });
    const wrong = await verify(code === '000000' ? '111111' : '000000');
    expect(wrong.statusCode).toBe(400);
    expect(problem(wrong).errors?.[0]?.field).toBe('code');
    expect((await verify(code)).json()).toEqual({ phone: '+40722123456', verified: true });
  });

  it('a notification goes by SMS when turned on; a failing gateway is retried, then logged as failed; the inbox gets it regardless', async () => {
    await t.app.inject({ method: 'POST', url: '/api/v1/me/follows', headers: ana.headers, payload: { tenant: 'timisoara', kind: 'strategy.kpi', id: 'A6.K1' } });
    await t.app.inject({ method: 'PUT', url: '/api/v1/me/notification-preferences', headers: ana.headers, payload: { items: [{ kind: 'strategy.kpi.measurement', sms: true }] } });
    const measure = (value: number) => t.app.inject({ method: 'POST', url: '/api/v1/tenants/timisoara/kpis/A6.K1/measurements', headers: staff.headers, payload: { date: '2025-12-31', value } });
    gw.got.length = 0;
    await measure(21);
    await settle();
    expect(gw.got).toHaveLength(1);
    expect(gw.got[0]).toMatchObject({ to: '+40722123456', body: expect.stringContaining('A6.K1') });
    expect(gw.got[0]!.body).toContain('http://urbia.test/timisoara/kpis/A6.K1');

    gw.respond.push(...Array.from({ length: CHANNEL_ATTEMPTS }, () => 500));
    await measure(22);
    await settle();
    expect(gw.got).toHaveLength(1);
    const log = (await t.app.inject({ url: '/api/v1/me/deliveries', headers: { cookie: ana.cookie } })).json().items as { channel: string; kind: string; status: string; attempts: number; target: string }[];
    expect(log[0]).toMatchObject({ channel: 'sms', kind: 'strategy.kpi.measurement', status: 'failed', attempts: CHANNEL_ATTEMPTS, target: '…456' });
    expect(log.filter((d) => d.status === 'sent').map((d) => d.kind).sort()).toEqual(['notifications.phone.code', 'strategy.kpi.measurement']);
    const inbox = (await t.app.inject({ url: '/api/v1/me/notifications', headers: { cookie: ana.cookie } })).json().items as { body: string }[];
    expect(inbox.some((n) => n.body.includes('22'))).toBe(true);
  });
});
