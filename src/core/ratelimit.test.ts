/**
 * Rate limits behind a proxy (issue 12, item 7): the client is the right-most untrusted hop, a rotating
 * X-Forwarded-For does not reset the per-address limit, one account gets at most 10 wrong passwords per
 * window whatever the addresses, and the account limit is counted in the database, so two app processes
 * on one PostgreSQL database share it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { buildUser, createTestApp, type TestApp } from '../../tests/helpers/app.js';
import { testEngines, withinOneWindow } from '../../tests/helpers/env.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db.js';

const wrongLogin = (t: Pick<TestApp, 'app'>, email: string, forwardedFor: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'not the password at all' }, remoteAddress: '10.9.9.9', headers: { 'x-forwarded-for': forwardedFor } });

let n = 0;
const randomHop = () => `198.51.${++n % 250}.${(n * 7) % 250}`;

describe('TRUST_PROXY', () => {
  it('accepts true (one hop), false, a hop count and proxy CIDRs; refuses anything else naming the variable', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.1' }).trustProxy).toEqual(['10.0.0.0/8', '192.168.1.1']);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/99' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY/);
  });
});

describe.each(testEngines())('rate limits behind a proxy on %s', (engine) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('a client rotating X-Forwarded-For is still one address: the per-address limit answers 429', async () => {
    const t = await createTestApp(engine, { TRUST_PROXY: 'true' });
    cleanup.push(() => t.close());
    // A different account each time, so only the per-address limit (10 per minute) can answer 429.
    const statuses = await withinOneWindow(60_000, async (attempt) => {
      const run: number[] = [];
      for (let i = 0; i < 12; i++) run.push((await wrongLogin(t, `nobody${attempt}-${i}@example.org`, `${randomHop()}, 203.0.113.${7 + attempt}`)).statusCode);
      return run;
    });
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('one account: 25 wrong passwords from 25 addresses meet a 429 after 10, even with the right password', async () => {
    const t = await createTestApp(engine, { TRUST_PROXY: '10.0.0.0/8' });
    cleanup.push(() => t.close());
    // The account window is a fixed quarter of an hour (ACCOUNT_LOGIN_LIMIT); a run straddling its end is repeated.
    const { user, statuses } = await withinOneWindow(15 * 60_000, async () => {
      const user = await buildUser(t);
      const statuses: number[] = [];
      for (let i = 0; i < 25; i++) statuses.push((await wrongLogin(t, user.email, randomHop())).statusCode);
      return { user, statuses };
    });
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    const right = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: user.password }, remoteAddress: '10.9.9.9', headers: { 'x-forwarded-for': randomHop() } });
    expect(right.statusCode).toBe(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
  });

  it.skipIf(engine !== 'postgres')('two app processes on one database share the account count', async () => {
    const t = await createTestApp(engine, { TRUST_PROXY: '1' });
    cleanup.push(() => t.close());
    // A second app instance with its own connection pool on the same database: another process in production.
    const second = await openDatabase({ databaseUrl: t.database.url, dataDir: 'memory://', poolSize: 2 });
    const other = await buildApp(t.config, second, { serveWeb: false, logger: false });
    cleanup.push(async () => {
      await other.app.close();
      await other.worker.stop();
      other.mailer.close();
      await second.close();
    });
    const statuses = await withinOneWindow(15 * 60_000, async () => {
      const user = await buildUser(t);
      const run: number[] = [];
      for (let i = 0; i < 12; i++) run.push((await wrongLogin(i % 2 ? other : t, user.email, randomHop())).statusCode);
      return run;
    });
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);

    // The per-address limit is shared too (a store on the database, not each process's memory): one
    // address, a new account each time (so only the address can be limited), alternating processes.
    const { perAddress, ip } = await withinOneWindow(60_000, async (attempt) => {
      const ip = `203.0.113.${99 - attempt}`;
      const perAddress: number[] = [];
      for (let i = 0; i < 12; i++) perAddress.push((await wrongLogin(i % 2 ? other : t, `shared${attempt}-${i}@example.org`, ip)).statusCode);
      return { perAddress, ip };
    });
    expect(perAddress.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(perAddress.slice(10)).toEqual([429, 429]);
    const limited = await wrongLogin(other, 'shared-last@example.org', ip);
    expect(limited.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // another address is not affected, and neither is another route's count
    expect((await wrongLogin(t, 'shared-other@example.org', '203.0.113.100')).statusCode).toBe(401);
  });
});
