import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, type TestApp, type TestUser } from '../../../tests/helpers/app.js';
import { testEngines } from '../../../tests/helpers/env.js';
import { multipart } from '../../../tests/helpers/multipart.js';
import { seedCategories } from '../reports/index.js';

type Counter = { module: string; key: string; count: number; tone: string };
type Block = { module: string; key: string; path: string; figures: { key: string; value: number | null }[]; items: { path: string }[]; headline: string | null };

describe.each(testEngines())('staff console and city overview on %s', (engine) => {
  let t: TestApp;
  let staff: TestUser;
  let admin: TestUser;
  let citizen: TestUser;
  let otherStaff: TestUser;
  const url = '/api/v1/tenants/timisoara/console';
  beforeAll(async () => {
    t = await createTestApp(engine);
    const reports = t.modules.reports!;
    for (const tenant of await t.services.tenants.list()) await seedCategories(reports.db, reports.repo, tenant);
    staff = await buildUser(t, { timisoara: ['staff'] });
    admin = await buildUser(t, { timisoara: ['admin'] });
    citizen = await buildUser(t, { timisoara: ['citizen'] });
    otherStaff = await buildUser(t, { 'baia-mare': ['staff'] });
  });
  afterAll(async () => {
    await t?.close();
  });

  const counters = async (u: TestUser) => {
    const res = await t.app.inject({ url, headers: u.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { counters: Counter[]; unavailable: string[]; abilities: Record<string, boolean> };
  };
  const count = (cs: Counter[], module: string, key: string) => cs.find((c) => c.module === module && c.key === key)?.count;

  it('refuses anonymous (401), a citizen and another city\'s staff (403)', async () => {
    expect((await t.app.inject({ url })).statusCode).toBe(401);
    expect((await t.app.inject({ url, headers: citizen.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ url, headers: otherStaff.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/v1/tenants/nowhere/console', headers: staff.headers })).statusCode).toBe(404);
  });

  it('gathers every contributing module in one call, and sends abilities by role', async () => {
    const s = await counters(staff);
    expect(s.unavailable).toEqual([]);
    expect(new Set(s.counters.map((c) => c.module))).toEqual(new Set(['reports', 'participation', 'opendata', 'monitoring']));
    for (const key of ['toTriage', 'overdue']) expect(count(s.counters, 'reports', key)).toBe(0);
    expect(s.abilities).toEqual({ manageMembers: false, manageApiKeys: false, editCity: false, createCity: false, archiveCity: false });
    expect((await counters(admin)).abilities).toMatchObject({ manageMembers: true, editCity: true, createCity: false });
  });

  it('a report to triage is counted until staff acknowledge it', async () => {
    const body = multipart({ category: 'pothole', lat: '45.7537', lon: '21.2257', title: 'Groapă', 'attribute[size]': 'small' }, []);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/tenants/timisoara/reports', payload: body.payload, headers: { ...body.headers, ...citizen.headers } });
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as { id: string }).id;
    expect(count((await counters(staff)).counters, 'reports', 'toTriage')).toBe(1);
    // the other city's console does not see it
    const bm = await t.app.inject({ url: '/api/v1/tenants/baia-mare/console', headers: otherStaff.headers });
    expect(count((bm.json() as { counters: Counter[] }).counters, 'reports', 'toTriage')).toBe(0);
    const ack = await t.app.inject({ method: 'POST', url: `/api/v1/tenants/timisoara/reports/${id}/actions`, headers: staff.headers, payload: { status: 'acknowledged' } });
    expect(ack.statusCode, ack.body).toBe(204);
    expect(count((await counters(staff)).counters, 'reports', 'toTriage')).toBe(0);
  });

  it('the public overview: blocks from the modules, each with a link; a city without a strategy gets the empty state', async () => {
    t.modules.console!.forget();
    const res = await t.app.inject({ url: '/api/v1/tenants/timisoara/overview' });
    expect(res.statusCode, res.body).toBe(200);
    const blocks = (res.json() as { blocks: Block[] }).blocks;
    const reports = blocks.find((b) => b.module === 'reports')!;
    expect(reports.path).toBe('reports');
    expect(reports.figures.find((f) => f.key === 'thisMonth')?.value).toBe(1);
    // no strategy was imported in this test database
    expect(blocks.find((b) => b.module === 'strategy')).toMatchObject({ key: 'missing', figures: [] });
    for (const b of blocks) expect(b.path).toMatch(/^[a-z][a-z/-]*$/);
    const home = await t.app.inject({ url: '/api/v1/overview' });
    expect(home.statusCode).toBe(200);
    const tm = (home.json() as { items: { tenant: string; figures: { module: string; key: string; value: number }[] }[] }).items.find((i) => i.tenant === 'timisoara');
    expect(tm?.figures.find((f) => f.module === 'reports')).toMatchObject({ key: 'thisMonth', value: 1 });
  });

  it('a city without a strategy starts one from the blank template (staff only, once); the overview then shows its progress', async () => {
    const url = '/api/v1/tenants/baia-mare/strategy/blank';
    expect((await t.app.inject({ method: 'POST', url })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url, headers: citizen.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url, headers: staff.headers })).statusCode).toBe(403);
    const res = await t.app.inject({ method: 'POST', url, headers: otherStaff.headers });
    expect(res.statusCode, res.body).toBe(201);
    expect((await t.app.inject({ method: 'POST', url, headers: otherStaff.headers })).statusCode).toBe(409);
    const tree = (await t.app.inject({ url: '/api/v1/tenants/baia-mare/strategy' })).json() as { strategy: { status: string; title: { hu: string } }; pillars: { code: string }[] };
    expect(tree.strategy.status).toBe('draft');
    expect(tree.strategy.title.hu).toContain('Nagybánya');
    expect(tree.pillars.map((p) => p.code)).toEqual(['A1']);
    t.modules.console!.forget();
    const blocks = ((await t.app.inject({ url: '/api/v1/tenants/baia-mare/overview' })).json() as { blocks: Block[] }).blocks;
    expect(blocks.find((b) => b.module === 'strategy' && b.key === 'progress')?.figures.find((f) => f.key === 'projects')?.value).toBe(0);
    expect(blocks.some((b) => b.key === 'missing')).toBe(false);
  });
});
