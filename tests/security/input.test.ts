/**
 * The outside test's findings (#12), one by one, through real HTTP on both engines: each failed (500, a cut
 * connection or a frozen server) before the input layer (src/core/input.ts) and the db guard.
 */
import { unlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, problem, type TestApp, type TestUser } from '../helpers/app.js';
import { testEngines } from '../helpers/env.js';
import { seedCategories } from '../../src/modules/reports/index.js';

describe.each(testEngines())('the input layer (%s)', (engine) => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp(engine, { URBIA_RATE_LIMITS: 'false' });
    admin = await buildUser(t, { timisoara: ['admin'] });
  });
  afterAll(async () => {
    await t?.close();
  });
  const isProblem = (res: { headers: Record<string, unknown> }) => expect(String(res.headers['content-type'])).toContain('application/problem+json');

  it('PUT sensor-settings answers (it froze PGlite), and the server still answers afterwards', async () => {
    const res = await t.app.inject({ method: 'PUT', url: '/api/v1/tenants/timisoara/sensor-settings', headers: admin.headers, payload: { rawRetentionDays: 30 } });
    expect(res.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
  });

  it('a NUL byte or a lone surrogate in any string is a 400 naming the field (body, anonymous login)', async () => {
    const nul = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a\u0000@example.org', password: 'xxxxxxxxxxxx' } });
    expect(nul.statusCode).toBe(400);
    isProblem(nul);
    expect(problem(nul).errors?.[0]?.field).toBe('email');
    const sur = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email":"a\\ud800@example.org","password":"xxxxxxxxxxxx"}' });
    expect(sur.statusCode).toBe(400);
    expect(problem(sur).errors?.[0]).toMatchObject({ field: 'email', code: 'invalid_text' });
    const name = await t.app.inject({ method: 'PATCH', url: '/api/v1/auth/me', headers: admin.headers, payload: { displayName: 'Ana\u0000' } });
    expect(name.statusCode).toBe(400);
    expect(problem(name).errors?.[0]?.field).toBe('displayName');
  });

  it('a NUL in :tenant is 400 naming params.tenant, on a route without the tenant pattern too', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/tenants/tim%00isoara/surveys', headers: admin.headers });
    expect(res.statusCode).toBe(400);
    expect(problem(res).errors?.[0]?.field).toBe('params.tenant');
  });

  it('ids and integers beyond 32 bits: 404 for an id-or-slug path, 400 naming the body field', async () => {
    const id = await t.app.inject({ method: 'GET', url: '/api/v1/tenants/timisoara/surveys/2147483648' });
    expect(id.statusCode).toBe(404);
    isProblem(id);
    const body = await t.app.inject({ method: 'PUT', url: '/api/v1/tenants/timisoara/sensor-settings', headers: admin.headers, payload: { rawRetentionDays: 2147483648 } });
    expect(body.statusCode).toBe(400);
    expect(problem(body).errors?.[0]?.field).toBe('rawRetentionDays');
  });

  it('a PATCH with nothing to change is 400', async () => {
    const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/auth/me', headers: admin.headers, payload: {} });
    expect(res.statusCode).toBe(400);
    expect(problem(res).errors?.[0]).toMatchObject({ field: '(body)', code: 'empty_patch' });
  });

  it('an impossible date is 400 naming the field', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tenants/timisoara/processes',
      headers: admin.headers,
      payload: { slug: 'p-date', title: { ro: 'Proces' }, description: { ro: 'Descriere' }, phases: [{ key: 'a', title: { ro: 'Faza' }, start: '2026-02-30', end: '2026-03-10', components: [] }] },
    });
    expect(res.statusCode).toBe(400);
    expect(problem(res).errors?.some((e) => e.field === 'phases[0].start')).toBe(true);
  });

  it('malformed multipart is 400 problem+json', async () => {
    for (const [ct, payload] of [
      ['multipart/form-data; boundary=XX', '--XX\r\nContent-Disposition: form-data; name="title"\r\n\r\nabc'],
      ['multipart/form-data', 'garbage'],
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/tenants/timisoara/reports', headers: { ...admin.headers, 'content-type': ct! }, payload: payload! });
      expect(res.statusCode, res.body).toBe(400);
      isProblem(res);
    }
  });

  it('router errors are problem+json: bad percent-encoding 400, an over-long path segment 414', async () => {
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/tenants/%E0%A4%A/surveys' });
    expect(bad.statusCode).toBe(400);
    isProblem(bad);
    const long = await t.app.inject({ method: 'GET', url: `/api/v1/tenants/${'a'.repeat(5000)}/surveys` });
    expect(long.statusCode).toBe(414);
    isProblem(long);
  });

  it('a Multiloc of 100,000 characters is 400 naming the field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/tenants/timisoara/pillars', headers: admin.headers, payload: { code: 'Z9', title: { ro: 'x'.repeat(100_000) }, dimension: 'governance' } });
    expect(res.statusCode).toBe(400);
    expect(problem(res).errors?.some((e) => e.field === 'title.ro')).toBe(true);
  });

  it('concurrent supports of one report by one person: no 500, counted once', async () => {
    const reports = t.modules.reports!;
    await seedCategories(reports.db, reports.repo, await t.services.tenants.bySlug('timisoara'));
    const categories = (await t.app.inject({ method: 'GET', url: '/api/v1/tenants/timisoara/reports/categories' })).json() as { items: { code: string; attributes: { required: boolean }[] }[] };
    const category = categories.items.find((c) => c.attributes.every((a) => !a.required))!.code;
    const form = (b: string) => [`--${b}`, 'Content-Disposition: form-data; name="category"', '', category, `--${b}`, 'Content-Disposition: form-data; name="description"', '', 'A deep pothole in front of number 12', `--${b}`, 'Content-Disposition: form-data; name="lat"', '', '45.7537', `--${b}`, 'Content-Disposition: form-data; name="lon"', '', '21.2257', `--${b}--`, ''].join('\r\n');
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/tenants/timisoara/reports', headers: { ...admin.headers, 'content-type': 'multipart/form-data; boundary=BB' }, payload: form('BB') });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const supporter = await buildUser(t, { timisoara: ['citizen'] });
    const all = await Promise.all(Array.from({ length: 8 }, () => t.app.inject({ method: 'POST', url: `/api/v1/tenants/timisoara/reports/${id}/support`, headers: supporter.headers, payload: {} })));
    for (const r of all) expect(r.statusCode, r.body).toBeLessThan(500);
    const rows = await t.database.db.selectFrom('notifications_follows').select('id').where('kind', '=', 'reports.report').where('target', '=', id).where('user_id', '=', supporter.id).execute();
    expect(rows).toHaveLength(1);
  });

  it('a stored file missing from disk is 404 problem+json, not a 500 or a cut connection', async () => {
    const b = 'FF';
    const body = Buffer.concat([Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\nContent-Type: text/csv\r\n\r\n`), Buffer.from('a,b\n1,2\n'), Buffer.from(`\r\n--${b}--\r\n`)]);
    const up = await t.app.inject({ method: 'POST', url: '/api/v1/tenants/timisoara/opendata/uploads', headers: { ...admin.headers, 'content-type': `multipart/form-data; boundary=${b}` }, payload: body });
    expect(up.statusCode, up.body).toBe(201);
    const d = up.json() as { id: string; distributions: { fileName: string }[] };
    const row = await t.database.db.selectFrom('opendata_uploads').select('storage_path').where('slug', '=', d.id).executeTakeFirstOrThrow();
    unlinkSync(`${t.config.dataDir}/${row.storage_path}`);
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/tenants/timisoara/opendata/datasets/${d.id}/files/${d.distributions[0]!.fileName}`, headers: admin.headers });
    expect(res.statusCode).toBe(404);
    isProblem(res);
  });
});
