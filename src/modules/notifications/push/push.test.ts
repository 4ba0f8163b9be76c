/**
 * Web push end to end on both engines: the VAPID key, subscriptions (401 → 400 naming the field → 201 →
 * DELETE), and a notification fanned out to a person's two devices through a push-service stub on loopback
 * that checks the VAPID JWT and DECRYPTS the aes128gcm payload with each device's private key; TTL, Urgency
 * and Topic per kind; a 410 removes the device; a device that keeps failing is retried, then recorded as
 * failed in the delivery log, while the e-mail of the same notification goes out regardless.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, importTimisoaraStrategy, problem, type TestApp, type TestUser } from '../../../../tests/helpers/app.js';
import { testEngines } from '../../../../tests/helpers/env.js';
import { settleOutbox } from '../../../../tests/helpers/outbox.js';
import { outboxMails } from '../../../../tests/helpers/mail.js';
import { type PushDevice, startPushService } from '../../../../tests/helpers/push.js';
import { CHANNEL_ATTEMPTS } from './push.service.js';

describe.each(testEngines())('web push on %s', (engine) => {
  let t: TestApp;
  let stub: Awaited<ReturnType<typeof startPushService>>;
  let staff: TestUser;
  let ana: TestUser;
  let phone: PushDevice;
  let laptop: PushDevice;

  beforeAll(async () => {
    stub = await startPushService();
    t = await createTestApp(engine, { URBIA_CHANNELS_ALLOW_HTTP: 'true' });
    await importTimisoaraStrategy(t);
    staff = await buildUser(t, { timisoara: ['staff'] });
    ana = await buildUser(t, { timisoara: ['citizen'] });
    phone = stub.device('phone');
    laptop = stub.device('laptop');
  }, 300_000);
  afterAll(async () => {
    await t?.close();
    await stub?.close();
  });

  const subscribe = (u: TestUser | undefined, payload: object, method: 'POST' | 'DELETE' = 'POST') => t.app.inject({ method, url: '/api/v1/me/push-subscriptions', headers: u?.headers ?? {}, payload });
  const measure = (value: number) => t.app.inject({ method: 'POST', url: '/api/v1/tenants/timisoara/kpis/A6.K1/measurements', headers: staff.headers, payload: { date: '2025-12-31', value } });
  const settle = () => settleOutbox(t, CHANNEL_ATTEMPTS + 2);

  it('gives the VAPID public key (the same every time) and takes subscriptions: 401 → 400 naming the field → 201', async () => {
    const k1 = await t.app.inject({ url: '/api/v1/push/vapid-public-key' });
    expect(k1.statusCode).toBe(200);
    const key = Buffer.from(k1.json().publicKey as string, 'base64url');
    expect(key).toHaveLength(65);
    expect(key[0]).toBe(4);
    expect((await t.app.inject({ url: '/api/v1/push/vapid-public-key' })).json().publicKey).toBe(k1.json().publicKey);

    expect((await subscribe(undefined, phone.subscription)).statusCode).toBe(401);
    const badKey = await subscribe(ana, { ...phone.subscription, keys: { ...phone.subscription.keys, p256dh: Buffer.alloc(33, 1).toString('base64url') } });
    expect(badKey.statusCode).toBe(400);
    expect(problem(badKey).errors?.map((e) => e.field)).toEqual(['keys.p256dh']);
    const badAuth = await subscribe(ana, { ...phone.subscription, keys: { ...phone.subscription.keys, auth: 'not base64!' } });
    expect(badAuth.statusCode).toBe(400);
    expect(problem(badAuth).errors?.[0]?.field).toBe('keys.auth');
    const badEndpoint = await subscribe(ana, { ...phone.subscription, endpoint: 'ftp://push.example/x' });
    expect(problem(badEndpoint).errors?.map((e) => e.field)).toEqual(['endpoint']);
    expect(await t.database.db.selectFrom('notifications_push_subscriptions').select('id').execute()).toHaveLength(0);

    expect((await subscribe(ana, phone.subscription)).statusCode).toBe(201);
    expect((await subscribe(ana, laptop.subscription)).statusCode).toBe(201);
    expect((await subscribe(ana, laptop.subscription)).statusCode).toBe(201); // the same device again: still one
    const devices = (await t.app.inject({ url: '/api/v1/me/push-subscriptions', headers: { cookie: ana.cookie } })).json().items;
    expect(devices).toHaveLength(2);
    expect(JSON.stringify(devices)).not.toContain('/phone'); // the endpoint is a capability: not echoed back
  });

  it('pushes to every device of a person who turned push on: the stub decrypts the payload and checks the VAPID JWT', async () => {
    // push is off by default: nothing is pushed
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/me/follows', headers: ana.headers, payload: { tenant: 'timisoara', kind: 'strategy.kpi', id: 'A6.K1' } })).statusCode).toBe(201);
    expect((await measure(10)).statusCode).toBeLessThan(300);
    await settle();
    expect(stub.received).toHaveLength(0);

    const on = await t.app.inject({ method: 'PUT', url: '/api/v1/me/notification-preferences', headers: ana.headers, payload: { items: [{ kind: 'strategy.kpi.measurement', push: true }] } });
    expect(on.statusCode).toBe(200);
    expect((await measure(11)).statusCode).toBeLessThan(300);
    await settle();
    expect(stub.errors).toEqual([]);
    expect(stub.received.map((r) => r.path).sort()).toEqual(['/laptop', '/phone']);
    const vapidKey = (await t.app.inject({ url: '/api/v1/push/vapid-public-key' })).json().publicKey;
    for (const r of stub.received) {
      const msg = JSON.parse(r.plaintext) as { title: string; body: string; url: string; kind: string };
      expect(msg.kind).toBe('strategy.kpi.measurement');
      expect(msg.title).toContain('A6.K1');
      expect(msg.body).toContain('11');
      expect(msg.url).toBe('http://urbia.test/timisoara/kpis/A6.K1');
      expect(r.vapidKey).toBe(vapidKey);
      expect(r.jwt.claims.sub).toBe('mailto:no-reply@urbia.local');
      // a KPI's news can wait a week, wakes nobody, and a newer value replaces an undelivered older one
      expect(r.headers).toMatchObject({ ttl: String(7 * 24 * 3600), urgency: 'low' });
      expect(r.headers.topic).toMatch(/^[A-Za-z0-9_-]{32}$/);
    }
    const log = (await t.app.inject({ url: '/api/v1/me/deliveries', headers: { cookie: ana.cookie } })).json().items as { channel: string; status: string; target: string }[];
    expect(log.filter((d) => d.channel === 'push' && d.status === 'sent')).toHaveLength(2);
  });

  it('a 410 removes the device; a device that keeps failing is retried then logged as failed; the e-mail goes regardless', async () => {
    stub.received.length = 0;
    stub.respond.phone = [410];
    stub.respond.laptop = Array.from({ length: CHANNEL_ATTEMPTS }, () => 503);
    const mailsBefore = outboxMails(t.config.dataDir).filter((m) => m.to === ana.email).length;
    expect((await measure(12)).statusCode).toBeLessThan(300);
    await settle();
    expect(stub.received.filter((r) => r.path === '/laptop')).toHaveLength(CHANNEL_ATTEMPTS);
    expect(stub.received.filter((r) => r.path === '/phone')).toHaveLength(1);
    const left = await t.database.db.selectFrom('notifications_push_subscriptions').select('endpoint').execute();
    expect(left.map((d) => d.endpoint)).toEqual([laptop.endpoint]);
    const log = (await t.app.inject({ url: '/api/v1/me/deliveries', headers: { cookie: ana.cookie } })).json().items as { status: string; attempts: number; error: string | null }[];
    expect(log[0]).toMatchObject({ status: expect.stringMatching(/^(gone|failed)$/) });
    expect(log.find((d) => d.status === 'failed')).toMatchObject({ attempts: CHANNEL_ATTEMPTS, error: expect.stringContaining('503') });
    expect(log.find((d) => d.status === 'gone')).toBeTruthy();
    // the outbox rows ended (not left failing): the channel recorded the failure itself
    expect((await sql<{ n: number }>`select count(*)::int as n from core_outbox where failed_at is not null`.execute(t.database.db)).rows[0]!.n).toBe(0);
    expect(outboxMails(t.config.dataDir).filter((m) => m.to === ana.email).length).toBe(mailsBefore + 1);
  });

  it('DELETE stops push to a device (404 if not mine)', async () => {
    const other = await buildUser(t, { timisoara: ['citizen'] });
    expect((await subscribe(other, { endpoint: laptop.endpoint }, 'DELETE')).statusCode).toBe(404);
    expect((await subscribe(ana, { endpoint: laptop.endpoint }, 'DELETE')).statusCode).toBe(204);
    expect((await subscribe(ana, { endpoint: laptop.endpoint }, 'DELETE')).statusCode).toBe(404);
  });
});
