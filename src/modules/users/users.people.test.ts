import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, problem, type TestApp, type TestUser } from '../../../tests/helpers/app.js';
import { testEngines } from '../../../tests/helpers/env.js';
import { maskEmail } from './roles/roles.service.js';

type Person = { id: string; email: string; displayName: string; roles: string[] };

describe.each(testEngines())('role management: person search, grant and revoke on %s', (engine) => {
  let t: TestApp;
  let admin: TestUser;
  let staff: TestUser;
  let otherAdmin: TestUser;
  let ioana: TestUser;
  const base = '/api/v1/tenants/timisoara';
  beforeAll(async () => {
    t = await createTestApp(engine);
    admin = await buildUser(t, { timisoara: ['admin'] });
    staff = await buildUser(t, { timisoara: ['staff'] });
    otherAdmin = await buildUser(t, { 'baia-mare': ['admin'] });
    ioana = await buildUser(t, {}, { email: 'ioana.marin@example.org', displayName: 'Ioana Marin' });
    await buildUser(t, {}, { email: 'percent@example.org', displayName: '100% Ionescu' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const search = (u: TestUser | null, q: string) => t.app.inject({ url: `${base}/people?q=${encodeURIComponent(q)}`, headers: u?.headers ?? {} });

  it('refuses anonymous (401), staff and another city\'s admin (403)', async () => {
    expect((await search(null, 'Ioana')).statusCode).toBe(401);
    expect((await search(staff, 'Ioana')).statusCode).toBe(403);
    expect((await search(otherAdmin, 'Ioana')).statusCode).toBe(403);
  });

  it('names the field of a query too short (400)', async () => {
    const res = await search(admin, 'Io');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(problem(res).errors?.[0]?.field).toBe('query.q');
  });

  it('finds by part of a name with the address masked, by the exact address in full; wildcards are literal', async () => {
    const byName = (await search(admin, 'oana mar')).json().items as Person[];
    expect(byName.map((p) => p.displayName)).toEqual(['Ioana Marin']);
    expect(byName[0]!.email).toBe(maskEmail('ioana.marin@example.org'));
    expect(byName[0]!.email).not.toContain('ioana.marin');
    const byEmail = (await search(admin, 'IOANA.MARIN@example.org')).json().items as Person[];
    expect(byEmail).toMatchObject([{ id: ioana.id, email: 'ioana.marin@example.org', roles: [] }]);
    expect(((await search(admin, '%%%')).json().items as Person[]).map((p) => p.displayName)).toEqual([]);
    expect(((await search(admin, '100%')).json().items as Person[]).map((p) => p.displayName)).toEqual(['100% Ionescu']);
  });

  it('grants a staff role (audited), shows it in the search and the members list, then revokes it', async () => {
    const put = (roles: string[]) => t.app.inject({ method: 'PUT', url: `${base}/members/${ioana.id}/roles`, headers: admin.headers, payload: { roles } });
    expect((await t.app.inject({ method: 'PUT', url: `${base}/members/${ioana.id}/roles`, headers: staff.headers, payload: { roles: ['staff'] } })).statusCode).toBe(403);
    expect((await put(['staff'])).json()).toEqual({ roles: ['staff'] });
    const found = (await search(admin, 'Ioana')).json().items as Person[];
    // a member now: the address is shown in full, like in the members list
    expect(found).toMatchObject([{ email: 'ioana.marin@example.org', roles: ['staff'] }]);
    const members = (await t.app.inject({ url: `${base}/members`, headers: admin.headers })).json().items as Person[];
    expect(members.find((m) => m.id === ioana.id)?.roles).toEqual(['staff']);
    const audit = (await t.app.inject({ url: `${base}/audit`, headers: admin.headers })).json() as { items: { action: string; entityId: string }[] };
    expect(audit.items.find((a) => a.action === 'users.roles.changed' && a.entityId === ioana.id)).toBeDefined();
    // the role takes effect: the new staff member may open the console
    const login = await t.services.users.login('ioana.marin@example.org', ioana.password, {});
    const headers = { cookie: `urbia_session=${login.token}`, 'x-csrf-token': login.csrfToken };
    expect((await t.app.inject({ url: `${base}/console`, headers })).statusCode).toBe(200);
    expect((await put([])).json()).toEqual({ roles: [] });
    expect((await t.app.inject({ url: `${base}/console`, headers })).statusCode).toBe(403);
  });
});
