/**
 * Rate limits on a Redis server (REDIS_URL, issue 19): two app instances sharing one redis-server spawned on
 * loopback count one account's wrong passwords and one address's requests together; with the server gone,
 * sign-in fails closed (503, never a password checked uncounted) and other limited routes fail open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../app.js';
import { buildUser, createTestApp, problem, type TestApp } from '../../tests/helpers/app.js';
import { testEngines, withinOneWindow } from '../../tests/helpers/env.js';
import { type RunningServer, startRedisServer } from '../../tests/helpers/servers.js';
import { openDatabase } from './db.js';

/** the account count's window (ACCOUNT_LOGIN_LIMIT in src/modules/users/sessions/sessions.service.ts, which core may not import) */
const ACCOUNT_WINDOW_MS = 15 * 60_000;

const wrongLogin = (t: Pick<TestApp, 'app'>, email: string, ip: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'not the password at all' }, remoteAddress: ip });

describe.each(testEngines())('rate limits in Redis, two app instances, on %s', (engine) => {
  let redis: RunningServer & { url: string };
  let t: TestApp;
  let other: BuiltApp;
  const cleanup: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
    cleanup.push(() => redis.stop());
    t = await createTestApp(engine, { REDIS_URL: redis.url });
    cleanup.push(() => t.close());
    const database = engine === 'postgres' ? await openDatabase({ databaseUrl: t.database.url, dataDir: 'memory://', poolSize: 2 }) : t.database;
    other = await buildApp(t.config, database, { serveWeb: false, logger: false });
    cleanup.push(async () => {
      await other.app.close();
      await other.worker.stop();
      other.mailer.close();
      if (database !== t.database) await database.close();
    });
  }, 240_000);
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('the 11th wrong password for one account is refused with 429 whichever instance answers', async () => {
    // A new address each time: only the account count (in Redis) can refuse. Its window is a fixed quarter of an
    // hour: a run that straddles the window's end restarts the count, so it is repeated with a fresh account.
    const statuses = await withinOneWindow(ACCOUNT_WINDOW_MS, async (attempt) => {
      const user = await buildUser(t);
      const run: number[] = [];
      for (let i = 0; i < 12; i++) run.push((await wrongLogin(i % 2 ? other : t, user.email, `198.51.${100 + attempt}.${i + 1}`)).statusCode);
      return run;
    });
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // the counts are in Redis, not in the database's table
    const rows = await t.database.db.selectFrom('core_rate_limits').select('key').execute();
    expect(rows).toEqual([]);
  });

  it('the per-address limit is shared too; another address is not affected', async () => {
    // The per-address window is one fixed minute: on a loaded machine twelve sign-ins (each hashing a
    // password) can straddle its end, which restarts the count; such a run is repeated with a fresh address.
    const responses = await withinOneWindow(60_000, async (attempt) => {
      const run: Awaited<ReturnType<typeof wrongLogin>>[] = [];
      for (let i = 0; i < 12; i++) run.push(await wrongLogin(i % 2 ? other : t, `shared${attempt}-${i}@example.org`, `203.0.113.${attempt + 1}`));
      return run;
    });
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    const limited = responses[11]!;
    expect(limited.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await wrongLogin(t, 'shared-other@example.org', '203.0.113.100')).statusCode).toBe(401);
  });

  it('Redis down: sign-in answers 503 (fail closed), a limited read still answers (fail open)', async () => {
    await redis.stop();
    const login = await wrongLogin(t, 'someone@example.org', '192.0.2.50');
    expect(login.statusCode).toBe(503);
    expect(problem(login).code).toBe('unavailable');
    const read = await other.app.inject({ url: '/api/v1/tenants/timisoara/geocode?q=Pia', remoteAddress: '192.0.2.51' });
    expect(read.statusCode).toBe(200);
  });
});
