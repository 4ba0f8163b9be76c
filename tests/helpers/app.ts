/**
 * The real app on a real database for route and integration tests (app.inject), plus factories for the
 * people the tests need. Nothing here mocks our own server or database.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type BuiltApp } from '../../src/app.js';
import { type Role, SYSTEM } from '../../src/core/actor.js';
import { loadConfig, type Config } from '../../src/core/config.js';
import { ROOT_DIR } from '../../src/core/version.js';
import { seedTenants } from '../../src/modules/tenants/index.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import type { TestEngine } from './env.js';

export interface TestApp extends BuiltApp {
  database: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

export async function createTestApp(engine: TestEngine, env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase(engine);
  const dataDir = mkdtempSync(join(tmpdir(), 'urbia-test-'));
  const config = loadConfig({ URBIA_DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://urbia.test', ...env });
  const built = await buildApp(config, database, { serveWeb: false, logger: false });
  await built.app.ready();
  await seedTenants(built.services.tenants);
  return {
    ...built,
    database,
    config,
    async close() {
      await built.app.close();
      await built.worker.stop();
      built.mailer.close();
      await database.close();
    },
  };
}

/**
 * createTestApp for the enclosing describe block: made in a beforeAll registered here (so it runs in order
 * with the block's own hooks), closed in an afterAll. The object returned is filled in by that beforeAll, so
 * read it in hooks and tests only. `env` may be a function, for values known only once earlier hooks ran
 * (a mail catcher's URL).
 */
export function useTestApp(engine: TestEngine, env: Record<string, string> | (() => Record<string, string>) = {}): TestApp {
  const t = {} as TestApp;
  beforeAll(async () => {
    Object.assign(t, await createTestApp(engine, typeof env === 'function' ? env() : env));
  });
  afterAll(async () => {
    await t.close?.();
  });
  return t;
}

/** Timișoara's real strategy document, imported as the city's strategy; returns the tenant. */
export async function importTimisoaraStrategy(t: Pick<BuiltApp, 'services' | 'modules'>) {
  const tm = await t.services.tenants.bySlug('timisoara');
  await t.modules.strategy!.importDocument(SYSTEM, tm, JSON.parse(readFileSync(join(ROOT_DIR, 'data/strategies/timisoara-2022-2027.json'), 'utf8')));
  return tm;
}

/** The secret of a new API key for pushing sensor data to the tenant `slug`. */
export async function ingestKey(t: Pick<BuiltApp, 'services'>, slug: string, name: string): Promise<string> {
  const tenant = await t.services.tenants.bySlug(slug);
  return (await t.services.users.createApiKey(SYSTEM, tenant, { name, purpose: 'ingest' })).secret;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  cookie: string;
  csrf: string;
  /** headers for a cookie-session request, with the CSRF token */
  headers: Record<string, string>;
}

let counter = 0;

/** Creates a person with the given roles per tenant slug and signs them in. */
export async function buildUser(t: TestApp, roles: Record<string, Role[]> = {}, overrides: { email?: string; displayName?: string } = {}): Promise<TestUser> {
  const email = overrides.email ?? `person${++counter}-${process.pid}@example.org`;
  const password = 'correct horse battery';
  const user = await t.services.users.register({ email, password, displayName: overrides.displayName ?? `Person ${counter}`, locale: 'ro' });
  for (const [slug, list] of Object.entries(roles)) {
    const tenant = await t.services.tenants.bySlug(slug);
    await t.services.users.setMemberRoles({ kind: 'system' }, tenant, user.id, list);
  }
  const login = await t.services.users.login(email, password, {});
  const cookie = `urbia_session=${login.token}`;
  return { id: user.id, email, password, cookie, csrf: login.csrfToken, headers: { cookie, 'x-csrf-token': login.csrfToken } };
}

/** buildUser in a beforeAll of the enclosing describe block (after the hooks registered before it); filled in then. */
export function useUser(t: TestApp, roles: Record<string, Role[]> = {}, overrides: { email?: string; displayName?: string } = {}): TestUser {
  const user = {} as TestUser;
  beforeAll(async () => {
    Object.assign(user, await buildUser(t, roles, overrides));
  });
  return user;
}

export function problem(res: LightMyRequestResponse) {
  return res.json() as { status: number; code: string; detail: string; errors?: { field: string; message: string }[]; correlationId: string };
}
