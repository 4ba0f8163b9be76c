/**
 * Every route declares who may call it; this walks the whole list, so a module that lands later is
 * covered without anyone remembering to add a test.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeclaredRoute } from '../../src/core/http.js';
import { buildUser, createTestApp, problem, type TestApp, type TestUser } from '../helpers/app.js';

/** A concrete URL for a route pattern: :tenant → a real city, ids → plausible values. */
function concrete(url: string): string {
  return url
    .replace(/::/g, '~COLON~') // Fastify's escaped colon is a literal ':' in the path
    .replace(':tenant', 'timisoara')
    .replace(/:[A-Za-z]*[iI]d\b/g, randomUUID())
    .replace(/:[A-Za-z]+/g, 'x1')
    .replace(/\*$/, 'x')
    .replace(/~COLON~/g, ':');
}

describe('access control on every declared route (pglite)', () => {
  let t: TestApp;
  let citizen: TestUser;
  let routes: DeclaredRoute[];
  beforeAll(async () => {
    t = await createTestApp('pglite');
    citizen = await buildUser(t, { timisoara: ['citizen'] });
    routes = t.app.declaredRoutes;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('every route declares its access, and the list is not empty', () => {
    expect(routes.length).toBeGreaterThan(15);
    for (const r of routes) expect(r.access, `${r.method} ${r.url}`).toBeDefined();
  });

  it('refuses anonymous callers on every non-public route (401)', async () => {
    const closed = routes.filter((r) => r.access !== 'public');
    expect(closed.length).toBeGreaterThan(5);
    for (const r of closed) {
      const res = await t.app.inject({ method: r.method as 'GET', url: concrete(r.url), payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {} });
      expect(res.statusCode, `${r.method} ${r.url} → ${res.statusCode} ${res.body.slice(0, 200)}`).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('refuses a citizen on every staff/admin route that takes no body (403)', async () => {
    const staffOnly = routes.filter(
      (r) => typeof r.access === 'object' && 'roles' in r.access && r.access.roles && !r.access.roles.includes('citizen') && (r.method === 'GET' || r.method === 'DELETE') && r.url.includes(':tenant'),
    );
    expect(staffOnly.length).toBeGreaterThan(2);
    for (const r of staffOnly) {
      const res = await t.app.inject({ method: r.method as 'GET', url: concrete(r.url), headers: citizen.headers });
      // 400 is acceptable only when the made-up path parameters are malformed for the route.
      expect([403, 400], `${r.method} ${r.url} → ${res.statusCode} ${res.body.slice(0, 200)}`).toContain(res.statusCode);
      if (res.statusCode === 400) expect(problem(res).errors?.every((e) => e.field.startsWith('params') || e.field.startsWith('query')), `${r.method} ${r.url}: ${res.body}`).toBe(true);
    }
  });

  it('refuses an invalid API key on any route (401), even a public one', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/tenants', headers: { 'x-api-key': 'urbia_not-a-key' } });
    expect(res.statusCode).toBe(401);
  });
});

describe('the 401 → 400 → 403 → 2xx ladder on a staff write (pglite)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('anonymous 401, invalid body 400 with the field, citizen 403, admin 200 — and only the last one writes', async () => {
    const target = await buildUser(t, { timisoara: ['citizen'] });
    const citizen = await buildUser(t, { timisoara: ['citizen'] });
    const admin = await buildUser(t, { timisoara: ['admin'] });
    const url = `/api/v1/tenants/timisoara/members/${target.id}/roles`;

    const anon = await t.app.inject({ method: 'PUT', url, payload: { roles: ['staff'] } });
    expect(anon.statusCode).toBe(401);

    const invalid = await t.app.inject({ method: 'PUT', url, headers: citizen.headers, payload: { roles: ['mayor'] } });
    expect(invalid.statusCode).toBe(400);
    expect(problem(invalid).errors?.[0]?.field).toBe('roles[0]');

    const forbidden = await t.app.inject({ method: 'PUT', url, headers: citizen.headers, payload: { roles: ['staff'] } });
    expect(forbidden.statusCode).toBe(403);

    const rolesBefore = await t.database.db.selectFrom('users_roles').select('role').where('user_id', '=', target.id).execute();
    expect(rolesBefore.map((r) => r.role)).toEqual(['citizen']);

    const ok = await t.app.inject({ method: 'PUT', url, headers: admin.headers, payload: { roles: ['citizen', 'staff'] } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ roles: ['citizen', 'staff'] });

    // The staff action is in the audit log, with who did it and the before/after.
    const audit = await t.app.inject({ method: 'GET', url: '/api/v1/tenants/timisoara/audit?entityType=user', headers: { cookie: admin.cookie } });
    const entry = audit.json().items.find((i: { action: string; entityId: string }) => i.action === 'users.roles.changed' && i.entityId === target.id);
    expect(entry).toMatchObject({ before: { roles: ['citizen'] }, after: { roles: ['citizen', 'staff'] } });
    expect(entry.actor).toContain(admin.email);

    // Staff of another city are strangers here.
    const other = await buildUser(t, { 'baia-mare': ['admin'] });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/tenants/timisoara/members', headers: { cookie: other.cookie } })).statusCode).toBe(403);
  });

  it('API keys: created once by an admin (audited), scoped to a tenant and purpose, revocable', async () => {
    const admin = await buildUser(t, { timisoara: ['admin'] });
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/tenants/timisoara/api-keys', headers: admin.headers, payload: { name: 'uRADMonitor bridge', purpose: 'ingest' } });
    expect(created.statusCode).toBe(201);
    const { id, secret } = created.json();
    expect(secret).toMatch(/^urbia_/);
    const listed = await t.app.inject({ method: 'GET', url: '/api/v1/tenants/timisoara/api-keys', headers: { cookie: admin.cookie } });
    expect(JSON.stringify(listed.json())).not.toContain(secret);
    const stored = await t.database.db.selectFrom('users_api_keys').select('key_hash').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.key_hash).not.toContain(secret);

    // The key authenticates a machine (anonymous-looking reads still work with it)…
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/tenants', headers: { 'x-api-key': secret } })).statusCode).toBe(200);
    // …but a machine is not a person: person-only routes refuse it.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/tenants/timisoara/members', headers: { 'x-api-key': secret } })).statusCode).toBe(401);

    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/tenants/timisoara/api-keys/${id}`, headers: admin.headers })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/tenants', headers: { authorization: `Bearer ${secret}` } })).statusCode).toBe(401);
    const actions = (await t.database.db.selectFrom('core_audit_log').select('action').where('entity_id', '=', id).orderBy('id').execute()).map((a) => a.action);
    expect(actions).toEqual(['users.api_key.created', 'users.api_key.revoked']);
  });
});
