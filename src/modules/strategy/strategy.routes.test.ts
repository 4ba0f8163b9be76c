import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, problem, type TestApp } from '../../../tests/helpers/app.js';
import { testEngines } from '../../../tests/helpers/env.js';
import { queryCounter } from '../../../tests/helpers/queries.js';
import { SYSTEM } from '../../core/actor.js';
import { ROOT_DIR } from '../../core/version.js';
import { StrategyDocument } from './strategy.document.js';
import { strategyModule } from './index.js';

const read = (f: string) => JSON.parse(readFileSync(join(ROOT_DIR, 'data/strategies', f), 'utf8')) as StrategyDocument;
const TM = '/api/v1/tenants/timisoara';
const BM = '/api/v1/tenants/baia-mare';

describe.each(testEngines())('strategy on %s', (engine) => {
  let t: TestApp;
  let counter: ReturnType<typeof queryCounter>;
  beforeAll(async () => {
    t = await createTestApp(engine);
    counter = queryCounter(t);
    for (const f of ['timisoara-2022-2027.json', 'baia-mare-2030.json']) {
      const doc = read(f);
      await t.modules.strategy!.importDocument(SYSTEM, await t.services.tenants.bySlug(doc.tenant), doc);
    }
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('loads both real strategies in full, with baselines and targets as printed', async () => {
    const tm = (await t.app.inject({ url: `${TM}/strategy` })).json();
    expect(tm.counts).toMatchObject({ pillars: 7, objectives: 22, projects: 85, kpis: 62 });
    expect(tm.pillars.map((p: { code: string }) => p.code)).toEqual(['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7']);
    expect(tm.abilities.edit).toBe(false);
    const bm = (await t.app.inject({ url: `${BM}/strategy` })).json();
    expect(bm.counts).toMatchObject({ pillars: 6, projects: 111 });
    expect(bm.maturityMatrix.pillars.length).toBeGreaterThan(0);

    const pm25 = (await t.app.inject({ url: `${TM}/kpis/A5.K1` })).json();
    expect(pm25).toMatchObject({ level: 'key', baseline: { available: true, value: 22.04 }, target: { kind: 'absolute', value: 10, year: 2027 }, direction: 'decrease' });
    // An automatic KPI whose metric nobody registered shows "no data" honestly, naming the metric.
    expect(pm25.automatic).toMatchObject({ metric: 'air.pm25_annual_mean' });
    if (!pm25.automatic.registered) expect(pm25).toMatchObject({ status: 'no_data', statusReason: 'metric_not_registered', progress: null });

    const a1k1 = (await t.app.inject({ url: `${TM}/kpis/A1.K1` })).json();
    expect(a1k1).toMatchObject({ baseline: { value: 2639, year: 2021 }, target: { kind: 'multiplier', value: 5 }, targetValue: 13195 });
    const a2k3 = (await t.app.inject({ url: `${TM}/kpis/A2.K3` })).json();
    expect(a2k3).toMatchObject({ baseline: { value: 2 }, target: { kind: 'delta', value: 5 }, targetValue: 7 });
    const o4k7 = (await t.app.inject({ url: `${BM}/kpis/O4.K7` })).json();
    expect(o4k7).toMatchObject({ baseline: { value: 403685.14 }, target: { kind: 'multiplier', value: 0.8, year: 2030 } });
    const o4k1 = (await t.app.inject({ url: `${BM}/kpis/O4.K1` })).json();
    expect(o4k1.baseline).toMatchObject({ available: false, value: null, text: 'N/A' });

    // A code with a slash, URL-encoded.
    const d = await t.app.inject({ url: `${BM}/projects/${encodeURIComponent('D3.2/5')}` });
    expect(d.statusCode).toBe(200);
    expect(d.json()).toMatchObject({ code: 'D3.2/5', budget: { amount: 250000, basis: 'one_off' }, pillar: { code: 'O3' } });
    expect((await t.app.inject({ url: `${BM}/projects/NOPE` })).statusCode).toBe(404);
  });

  it('round-trips import → export → import → export without loss', async () => {
    for (const [f, slug] of [['timisoara-2022-2027.json', 'timisoara'], ['baia-mare-2030.json', 'baia-mare']] as const) {
      const original = StrategyDocument.parse(read(f));
      const tenant = await t.services.tenants.bySlug(slug);
      const first = await t.modules.strategy!.exportDocument(tenant);
      expect(first).toEqual(original);
      await t.modules.strategy!.importDocument(SYSTEM, tenant, JSON.parse(JSON.stringify(first)));
      const second = await t.modules.strategy!.exportDocument(tenant);
      expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    }
    // The public document endpoint serves the same export.
    const doc = (await t.app.inject({ url: `${BM}/strategy/document` })).json();
    expect(doc.projects).toHaveLength(111);
  });

  it('rejects a malformed document with the JSON path of each error and writes nothing', async () => {
    const doc = read('timisoara-2022-2027.json') as unknown as Record<string, never>;
    const tenant = await t.services.tenants.bySlug('timisoara');
    const before = await t.modules.strategy!.exportDocument(tenant);
    const fieldsOf = async (d: unknown) => {
      const err = (await t.modules.strategy!.importDocument(SYSTEM, tenant, d).catch((e: unknown) => e)) as { status: number; errors: { field: string }[] };
      expect(err.status).toBe(400);
      return err.errors.map((e) => e.field);
    };
    // Shape errors…
    const bad = JSON.parse(JSON.stringify(doc));
    bad.projects[3].status = 'someday';
    bad.kpis[0].target.kind = 'lots';
    delete bad.pillars[1].title;
    expect(await fieldsOf(bad)).toEqual(expect.arrayContaining(['$.projects[3].status', '$.kpis[0].target.kind', '$.pillars[1].title']));
    // …and reference errors, found once the shape is right.
    const refs = JSON.parse(JSON.stringify(doc));
    refs.projects[4].parent = 'A9.9';
    refs.projects[5].fundingSources = ['NOPE'];
    refs.projects.push({ ...refs.projects[0], title: { ro: 'Proiect nou care nu trebuie să apară' } });
    expect((await fieldsOf(refs)).sort()).toEqual(['$.projects[4].parent', '$.projects[5].fundingSources[0]', '$.projects[85].code']);
    expect(await t.modules.strategy!.exportDocument(tenant)).toEqual(before);

    // A valid document that fails in the database half-way (a funding code is checked, so break a KPI
    // scope only the database sees) leaves the previous strategy untouched: one transaction.
    const other = JSON.parse(JSON.stringify(doc));
    other.tenant = 'baia-mare';
    const bm = await t.services.tenants.bySlug('baia-mare');
    const bmBefore = await t.modules.strategy!.exportDocument(bm);
    other.projects[0].progress = 150;
    const e2 = await t.modules.strategy!.importDocument(SYSTEM, bm, other).catch((e: unknown) => e as { status: number });
    expect((e2 as { status: number }).status).toBe(400);
    expect(await t.modules.strategy!.exportDocument(bm)).toEqual(bmBefore);
  });

  it('guards staff writes: 401 → 400 → 403 → 201, audited with its event', async () => {
    const citizen = await buildUser(t, { timisoara: ['citizen'] });
    const staff = await buildUser(t, { timisoara: ['staff'] });
    const body = { code: 'A1.P99', title: { ro: 'Hartă participativă a cartierelor' }, parent: 'A1.1', status: 'planned', fundingSources: [] };
    // The presented tree is cached per tenant: read it now so the write below must invalidate it.
    const a1Projects = () => t.app.inject({ url: `${TM}/strategy`, headers: staff.headers }).then((r) => r.json().pillars.find((p: { code: string }) => p.code === 'A1').counts.projects as number);
    const before = await a1Projects();
    expect((await t.app.inject({ method: 'POST', url: `${TM}/projects`, payload: body })).statusCode).toBe(401);
    const invalid = await t.app.inject({ method: 'POST', url: `${TM}/projects`, headers: citizen.headers, payload: { ...body, status: 'whenever', extra: 1 } });
    expect(invalid.statusCode).toBe(400);
    expect(problem(invalid).errors?.map((e) => e.field).sort()).toEqual(['extra', 'status']);
    expect((await t.app.inject({ method: 'POST', url: `${TM}/projects`, headers: citizen.headers, payload: body })).statusCode).toBe(403);
    const created = await t.app.inject({ method: 'POST', url: `${TM}/projects`, headers: staff.headers, payload: body });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code: 'A1.P99', status: 'planned', pillar: { code: 'A1' }, parent: { code: 'A1.1', type: 'objective' }, abilities: { edit: true } });
    expect(await a1Projects()).toBe(before + 1);
    // one cached tree, abilities still per caller
    expect((await t.app.inject({ url: `${TM}/strategy`, headers: staff.headers })).json().abilities.edit).toBe(true);
    expect((await t.app.inject({ url: `${TM}/strategy`, headers: citizen.headers })).json().abilities.edit).toBe(false);

    const dup = await t.app.inject({ method: 'POST', url: `${TM}/projects`, headers: staff.headers, payload: body });
    expect(dup.statusCode).toBe(409);
    const badParent = await t.app.inject({ method: 'POST', url: `${TM}/projects`, headers: staff.headers, payload: { ...body, code: 'A1.P98', parent: 'Z9', fundingSources: ['NOPE'] } });
    expect(badParent.statusCode).toBe(400);
    expect(problem(badParent).errors?.[0]?.field).toBe('parent');

    const audit = await t.database.db.selectFrom('core_audit_log').select(['action', 'entity_id']).where('action', '=', 'strategy.project.created').execute();
    expect(audit).toEqual([{ action: 'strategy.project.created', entity_id: 'A1.P99' }]);
    const events = await t.database.db.selectFrom('core_outbox').select('type').where('type', '=', 'strategy.project.created').execute();
    expect(events).toHaveLength(1);

    // Pillar, objective and KPI writes, and a measurement that gives the KPI a progress.
    const pillar = await t.app.inject({ method: 'POST', url: `${TM}/pillars`, headers: staff.headers, payload: { code: 'A8', kind: 'ambition', title: { ro: 'Oraș verde' }, dimension: 'environment' } });
    expect(pillar.statusCode).toBe(201);
    const obj = await t.app.inject({ method: 'POST', url: `${TM}/objectives`, headers: staff.headers, payload: { code: 'A8.1', pillar: 'A8', kind: 'objective', title: { ro: 'Mai mulți copaci' } } });
    expect(obj.statusCode).toBe(201);
    // A unit is a code from src/shared/units.ts: free text is refused, naming the field.
    const freeUnit = await t.app.inject({
      method: 'POST',
      url: `${TM}/kpis`,
      headers: staff.headers,
      payload: { code: 'A8.K1', level: 'outcome', scope: 'A8.1', name: { ro: 'Copaci plantați' }, unit: 'copaci plantați', direction: 'increase', baseline: { available: true, value: 0 }, target: { kind: 'absolute', value: 1000 } },
    });
    expect(freeUnit.statusCode).toBe(400);
    expect(freeUnit.json().errors.map((e: { field: string }) => e.field)).toContain('unit');
    const kpi = await t.app.inject({
      method: 'POST',
      url: `${TM}/kpis`,
      headers: staff.headers,
      payload: { code: 'A8.K1', level: 'outcome', scope: 'A8.1', name: { ro: 'Copaci plantați' }, unit: '{tree}', direction: 'increase', baseline: { available: true, value: 0, year: 2022 }, target: { kind: 'absolute', value: 1000, year: 2027 } },
    });
    expect(kpi.statusCode).toBe(201);
    expect(kpi.json()).toMatchObject({ status: 'no_data', statusReason: 'no_measurement', unit: '{tree}', unitLabel: { ro: 'copaci', en: 'trees', hu: 'fa' } });
    const m = await t.app.inject({ method: 'POST', url: `${TM}/kpis/A8.K1/measurements`, headers: staff.headers, payload: { date: '2024-12-31', value: 600 } });
    expect(m.statusCode).toBe(201);
    const after = (await t.app.inject({ url: `${TM}/kpis/A8.K1` })).json();
    expect(after).toMatchObject({ progress: 60, latest: { value: 600 }, status: 'on_track' });
    expect((await t.app.inject({ method: 'DELETE', url: `${TM}/pillars/A8`, headers: staff.headers })).statusCode).toBe(409);
    const filtered = (await t.app.inject({ url: `${TM}/kpis?ambition=A8&status=on_track` })).json();
    expect(filtered.items.map((k: { code: string }) => k.code)).toEqual(['A8.K1']);
  });

  it('lets another module create a project and its first timeline entry inside its own transaction', async () => {
    const s = t.modules.strategy!;
    const tenant = await t.services.tenants.bySlug('timisoara');
    const input = { code: 'A1.PB1', kind: 'project' as const, title: { ro: 'Câștigător buget participativ 2025' }, parent: 'A1', status: 'planned' as const, priority: null, budget: { amount: 90000, currency: 'EUR' as const, basis: 'one_off' as const }, fundingSources: [] as string[] };
    const created = await t.database.db.transaction().execute(async (trx) => {
      const p = await s.createProject(SYSTEM, tenant, input, trx);
      await s.addTimelineEntry(SYSTEM, tenant, p.code, { text: { ro: 'Proiect câștigător la vot.' }, date: '2025-10-01' }, trx);
      return p;
    });
    expect(created).toMatchObject({ code: 'A1.PB1', pillar: { code: 'A1' }, budget: { amount: 90000 } });
    expect((await s.getProject(tenant.id, 'A1.PB1'))?.status).toBe('planned');
    const detail = (await t.app.inject({ url: `${TM}/projects/A1.PB1` })).json();
    expect(detail.timeline).toEqual([expect.objectContaining({ date: '2025-10-01', text: { ro: 'Proiect câștigător la vot.' }, author: 'Urbia' })]);
    // A failure later in the caller's transaction takes the project back out.
    await expect(
      t.database.db.transaction().execute(async (trx) => {
        await s.createProject(SYSTEM, tenant, { ...input, code: 'A1.PB2' }, trx);
        throw new Error('the vote was annulled');
      }),
    ).rejects.toThrow('annulled');
    expect(await s.getProject(tenant.id, 'A1.PB2')).toBeUndefined();
  });

  it('imports KPI measurements from CSV all-or-nothing, naming row and field', async () => {
    const staff = await buildUser(t, { timisoara: ['staff'] });
    const url = `${TM}/kpis/measurements:import`;
    const bad = await t.app.inject({ method: 'POST', url, headers: { ...staff.headers, 'content-type': 'text/csv' }, payload: 'kpi,date,value,source,note\nA3.K1,2023-12-31,7.5,INS,\nA3.K1,2024-13-45,8,INS,\nNOPE,2024-12-31,abc,,\n' });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors?.map((e) => e.field)).toEqual(['row 3.date', 'row 4.kpi', 'row 4.value']);
    expect((await t.app.inject({ url: `${TM}/kpis/A3.K1/measurements` })).json().items).toHaveLength(0);
    const ok = await t.app.inject({ method: 'POST', url, headers: { ...staff.headers, 'content-type': 'text/csv' }, payload: '\uFEFFkpi,date,value,source,note\r\nA3.K1,2023-12-31,"7,5",INS,first\r\nA3.K1,2024-12-31,8.4,INS,\r\n' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ imported: 2, kpis: ['A3.K1'] });
    const list = (await t.app.inject({ url: `${TM}/kpis/A3.K1/measurements` })).json();
    expect(list.items.map((x: { value: number }) => x.value)).toEqual([7.5, 8.4]);
    const k = (await t.app.inject({ url: `${TM}/kpis/A3.K1` })).json();
    expect(k.progress).toBe(50); // (8.4 − 6.8) / (10 − 6.8)
    const csv = await t.app.inject({ url: `${TM}/kpis/A3.K1/measurements.csv` });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('A3.K1,2024-12-31,8.4,INS');
  });

  it('serves every collection as CSV (suffix or Accept header)', async () => {
    const byExt = await t.app.inject({ url: `${TM}/projects.csv?ambition=A5` });
    expect(byExt.statusCode).toBe(200);
    expect(byExt.headers['content-type']).toContain('text/csv');
    const lines = byExt.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^code,kind,title_ro/);
    expect(lines.slice(1).every((l) => l.startsWith('A5.'))).toBe(true);
    const byAccept = await t.app.inject({ url: `${BM}/projects`, headers: { accept: 'text/csv' } });
    expect(byAccept.body.replace(/^\uFEFF/, '').trim().split('\r\n')).toHaveLength(112);
    const kpis = await t.app.inject({ url: `${TM}/kpis.csv?level=key` });
    expect(kpis.body).toContain('A5.K1,key,A5,A5');
    expect((await t.app.inject({ url: `${TM}/strategy.csv` })).body).toContain('A1,ambition');
    expect((await t.app.inject({ url: `${TM}/revisions.csv` })).statusCode).toBe(200);
  });

  it('searches projects with and without diacritics, filters and paginates', async () => {
    const q = async (s: string) => (await t.app.inject({ url: `${BM}/projects?q=${encodeURIComponent(s)}&limit=200` })).json();
    const plain = await q('participativa');
    const marked = await q('participativă');
    expect(plain.total).toBeGreaterThan(0);
    expect(plain.items.map((p: { code: string }) => p.code)).toEqual(marked.items.map((p: { code: string }) => p.code));
    expect(plain.items.some((p: { title: { ro: string } }) => p.title.ro.includes('participativă'))).toBe(true);
    const tm = (await t.app.inject({ url: `${TM}/projects?q=timisoara&limit=200` })).json();
    expect(tm.total).toBeGreaterThan(0);
    expect(tm.items.some((p: { title: { ro: string } }) => p.title.ro.includes('Timișoara'))).toBe(true);
    expect(tm.items.every((p: { title: { ro: string; en?: string }; description?: { ro: string }; responsible?: string; partners?: string }) => JSON.stringify(p).match(/Timi[șşs]oara/i))).toBe(true);
    const none = (await t.app.inject({ url: `${TM}/projects?q=${encodeURIComponent('100%_')}` })).json();
    expect(none.total).toBe(0);

    const page2 = (await t.app.inject({ url: `${BM}/projects?page=2&limit=10` })).json();
    expect(page2).toMatchObject({ total: 111, page: 2, limit: 10 });
    expect(page2.items).toHaveLength(10);
    const funded = (await t.app.inject({ url: `${BM}/projects?funding=LOCAL_BUDGET&objective=D1.1&priority=long_list&limit=200` })).json();
    expect(funded.total).toBeGreaterThan(0);
    expect(funded.items.every((p: { fundingSources: { code: string }[]; parent: { code: string } }) => p.parent.code === 'D1.1' && p.fundingSources.some((f) => f.code === 'LOCAL_BUDGET'))).toBe(true);
    const env = (await t.app.inject({ url: `${TM}/projects?dimension=environment&limit=200` })).json();
    expect(env.items.every((p: { pillar: { dimension: string } }) => p.pillar.dimension === 'environment')).toBe(true);
  });

  it('issues a fixed number of SQL queries per project-list page, whatever its size', async () => {
    const counts: number[] = [];
    for (const limit of [1, 20, 111]) {
      counter.reset();
      const res = await t.app.inject({ url: `${BM}/projects?limit=${limit}` });
      expect(res.statusCode).toBe(200);
      counts.push(counter.count);
    }
    expect(new Set(counts).size).toBe(1);
    expect(counts[0]).toBeLessThanOrEqual(8); // version, count, page, pillars, objectives, funding, KPI counts, follower counts
    // a page already presented (unchanged list) is served after the version query alone
    counter.reset();
    expect((await t.app.inject({ url: `${BM}/projects?limit=20` })).statusCode).toBe(200);
    expect(counter.count).toBe(1);
    // The tree: its version, then strategy, pillars, objectives, projects, KPIs with latest values, funding,
    // latest revision — whatever the size (Baia Mare has no automatic KPI). A second read of an unchanged
    // strategy is served from the cached tree after the version query alone.
    counter.reset();
    await t.app.inject({ url: `${BM}/strategy` });
    expect(counter.count).toBeLessThanOrEqual(8);
    counter.reset();
    await t.app.inject({ url: `${BM}/strategy` });
    expect(counter.count).toBe(1);
    await t.app.inject({ url: `${TM}/strategy` });
    counter.reset();
    await t.app.inject({ url: `${TM}/strategy` });
    expect(counter.count).toBe(1);
  });

  it('never serves a cached project page stale after a write, and adds each caller\'s own abilities', async () => {
    const staff = await buildUser(t, { 'baia-mare': ['staff'] });
    const citizen = await buildUser(t, { 'baia-mare': ['citizen'] });
    const url = `${BM}/projects?limit=5&q=participativa`;
    const first = (await t.app.inject({ url })).json();
    const code = first.items[0].code as string;
    // the staff variant is never what a citizen or an anonymous caller gets from the same cached page
    expect((await t.app.inject({ url, headers: staff.headers })).json().abilities).toEqual({ edit: true });
    expect((await t.app.inject({ url, headers: citizen.headers })).json().abilities).toEqual({ edit: false });
    expect((await t.app.inject({ url })).json()).toEqual(first);

    const title = { ...first.items[0].title, ro: `${first.items[0].title.ro} (actualizat)` };
    const patch = await t.app.inject({ method: 'PATCH', url: `${BM}/projects/${encodeURIComponent(code)}`, headers: staff.headers, payload: { title } });
    expect(patch.statusCode).toBe(200);
    const after = (await t.app.inject({ url })).json();
    expect(after.items.find((p: { code: string }) => p.code === code).title.ro).toBe(title.ro);

    // a follow does not touch the strategy, yet the page's follower count follows it
    const followers = after.items.find((p: { code: string }) => p.code === code).followers as number;
    await t.app.inject({ method: 'POST', url: `${BM}/projects/${encodeURIComponent(code)}/follow`, headers: citizen.headers });
    expect((await t.app.inject({ url })).json().items.find((p: { code: string }) => p.code === code).followers).toBe(followers + 1);
    await t.app.inject({ method: 'DELETE', url: `${BM}/projects/${encodeURIComponent(code)}/follow`, headers: citizen.headers });
    expect((await t.app.inject({ url })).json().items.find((p: { code: string }) => p.code === code).followers).toBe(followers);

    // the KPI list likewise: a new measurement shows at once
    const kpis = (await t.app.inject({ url: `${BM}/kpis` })).json();
    expect((await t.app.inject({ url: `${BM}/kpis`, headers: staff.headers })).json().abilities).toEqual({ edit: true });
    const kpi = kpis.items[0].code as string;
    const m = await t.app.inject({ method: 'POST', url: `${BM}/kpis/${encodeURIComponent(kpi)}/measurements`, headers: staff.headers, payload: { date: '2099-12-31', value: 4242 } });
    expect(m.statusCode).toBe(201);
    const after2 = (await t.app.inject({ url: `${BM}/kpis` })).json();
    expect(after2.items.find((k: { code: string }) => k.code === kpi).latest).toMatchObject({ date: '2099-12-31', value: 4242 });
    expect(after2.abilities).toEqual({ edit: false });
  });

  it('serves a repeated project or KPI page after the version query alone, never stale, with each caller\'s own follow and abilities', async () => {
    const staff = await buildUser(t, { 'baia-mare': ['staff'] });
    const citizen = await buildUser(t, { 'baia-mare': ['citizen'] });
    const code = 'D3.2/5';
    const url = `${BM}/projects/${encodeURIComponent(code)}`;
    const read = async (u: string, headers: Record<string, string> = {}) => {
      counter.reset();
      const res = await t.app.inject({ url: u, headers });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      return { body: res.body, json: res.json(), sql: counter.count };
    };
    await read(url);
    const visitor = await read(url);
    expect(visitor.sql).toBe(1); // the version
    expect(visitor.json).toMatchObject({ code, following: false, abilities: { edit: false, follow: false } });
    await read(url, citizen.headers);
    const asCitizen = await read(url, citizen.headers);
    expect(asCitizen.sql).toBeLessThanOrEqual(2); // the version and the caller's own follow (their session is cached)
    expect(asCitizen.json).toMatchObject({ following: false, abilities: { edit: false, follow: true } });
    expect((await read(url, staff.headers)).json.abilities).toEqual({ edit: true, follow: true });
    expect((await read(url)).json.abilities).toEqual({ edit: false, follow: false });

    // a staff edit shows at once, and the cached page is byte for byte what the staff write answers (uncached)
    const title = { ...visitor.json.title, ro: `${visitor.json.title.ro} (pagină)` };
    const patch = await t.app.inject({ method: 'PATCH', url, headers: staff.headers, payload: { title } });
    expect(patch.statusCode).toBe(200);
    expect((await read(url, staff.headers)).body).toBe(patch.body);
    expect((await read(url)).json.title.ro).toBe(title.ro);
    const entry = await t.app.inject({ method: 'POST', url: `${url}/timeline`, headers: staff.headers, payload: { date: '2099-01-02', text: { ro: 'Etapă nouă' } } });
    expect(entry.statusCode).toBe(201);
    expect((await read(url)).json.timeline.at(-1)).toMatchObject({ date: '2099-01-02', text: { ro: 'Etapă nouă' } });
    // a KPI of the project: its page lists it at once
    const kpi = `${code}.K9`;
    const created = await t.app.inject({
      method: 'POST',
      url: `${BM}/kpis`,
      headers: staff.headers,
      payload: { code: kpi, level: 'output', scope: code, name: { ro: 'Indicator de pagină' }, direction: 'increase', baseline: { available: true, value: 1 }, target: { kind: 'absolute', value: 10 } },
    });
    expect(created.statusCode).toBe(201);
    const withKpi = (await read(url)).json;
    expect(withKpi.kpiCount).toBe(visitor.json.kpiCount + 1);
    expect(withKpi.kpis.map((k: { code: string }) => k.code)).toContain(kpi);

    // a follow (the notifications hub's, not the strategy's) shows in the count for all, as "following" for the follower only
    const followers = (await read(url)).json.followers as number;
    await t.app.inject({ method: 'POST', url: `${url}/follow`, headers: citizen.headers });
    expect((await read(url, citizen.headers)).json).toMatchObject({ following: true, followers: followers + 1 });
    expect((await read(url)).json).toMatchObject({ following: false, followers: followers + 1 });
    expect((await read(url, staff.headers)).json).toMatchObject({ following: false, followers: followers + 1 });
    await t.app.inject({ method: 'DELETE', url: `${url}/follow`, headers: citizen.headers });
    expect((await read(url, citizen.headers)).json).toMatchObject({ following: false, followers });

    // one KPI's page likewise: a new measurement shows at once, on its page and in its project's
    const kurl = `${BM}/kpis/${encodeURIComponent(kpi)}`;
    await read(kurl);
    const k1 = await read(kurl);
    expect(k1.sql).toBe(1);
    expect(k1.json).toMatchObject({ code: kpi, following: false, abilities: { edit: false, follow: false } });
    expect((await read(kurl, staff.headers)).json.abilities).toEqual({ edit: true, follow: true });
    const m = await t.app.inject({ method: 'POST', url: `${kurl}/measurements`, headers: staff.headers, payload: { date: '2099-12-30', value: 4343 } });
    expect(m.statusCode).toBe(201);
    const k2 = (await read(kurl)).json;
    expect(k2.latest).toMatchObject({ date: '2099-12-30', value: 4343 });
    expect(k2.measurements.at(-1)).toMatchObject({ date: '2099-12-30', value: 4343 });
    expect(k2.measurementCount).toBe(k1.json.measurementCount + 1);
    expect((await read(url)).json.kpis.find((k: { code: string }) => k.code === kpi).latest).toMatchObject({ value: 4343 });
    const name = { ...k1.json.name, ro: `${k1.json.name.ro} (pagină)` };
    const kpatch = await t.app.inject({ method: 'PATCH', url: kurl, headers: staff.headers, payload: { name, note: 'staff-only page note' } });
    expect(kpatch.statusCode).toBe(200);
    expect((await read(kurl, staff.headers)).body).toBe(kpatch.body);
    const k3 = await read(kurl);
    expect(k3.json.name.ro).toBe(name.ro);
    expect(k3.body).not.toContain('staff-only page note');
    await t.app.inject({ method: 'POST', url: `${kurl}/follow`, headers: citizen.headers });
    expect((await read(kurl, citizen.headers)).json).toMatchObject({ following: true, abilities: { edit: false, follow: true } });
    expect((await read(kurl)).json).toMatchObject({ following: false, abilities: { edit: false, follow: false } });
    await t.app.inject({ method: 'DELETE', url: `${kurl}/follow`, headers: citizen.headers });
    expect((await read(kurl, citizen.headers)).json.following).toBe(false);
  });

  it('notifies followers of a status change (through the hub, from the outbox), and records it on the timeline', async () => {
    const follower = await buildUser(t, { timisoara: ['citizen'] });
    const staff = await buildUser(t, { timisoara: ['staff'] });
    const code = 'A5.P1';
    const url = `${TM}/projects/${encodeURIComponent(code)}`;
    expect((await t.app.inject({ method: 'POST', url: `${url}/follow` })).statusCode).toBe(401);
    const f = await t.app.inject({ method: 'POST', url: `${url}/follow`, headers: follower.headers });
    expect(f.json()).toEqual({ following: true, followers: 1 });
    expect((await t.app.inject({ url, headers: follower.headers })).json()).toMatchObject({ following: true, followers: 1 });

    const change = await t.app.inject({ method: 'PATCH', url: `${url}/status`, headers: staff.headers, payload: { status: 'completed', note: { ro: 'Lucrările au fost recepționate.', en: 'Works were accepted.' }, date: '2025-06-30' } });
    expect(change.statusCode).toBe(200);
    expect(change.json().status).toBe('completed');
    expect(change.json().timeline.at(-1)).toMatchObject({ date: '2025-06-30', status: 'completed', text: { ro: 'Lucrările au fost recepționate.' } });

    await t.worker.drain(); // the hub fans the event out after the change committed
    const inbox = (await t.app.inject({ url: '/api/v1/me/notifications', headers: follower.headers })).json();
    expect(inbox.items[0]).toMatchObject({ kind: 'strategy.project.status' });
    expect(inbox.items[0].subject).toContain(code);
    expect(inbox.items[0].body).toContain('Lucrările au fost recepționate.');
    const staffInbox = (await t.app.inject({ url: '/api/v1/me/notifications', headers: staff.headers })).json();
    expect(staffInbox.items).toHaveLength(0);

    const un = await t.app.inject({ method: 'DELETE', url: `${url}/follow`, headers: follower.headers });
    expect(un.json()).toEqual({ following: false, followers: 0 });

    // Following a KPI: a new value reaches the follower's inbox.
    expect((await t.app.inject({ method: 'POST', url: `${TM}/kpis/A6.K1/follow`, headers: follower.headers })).json()).toEqual({ following: true, followers: 1 });
    await t.app.inject({ method: 'POST', url: `${TM}/kpis/A6.K1/measurements`, headers: staff.headers, payload: { date: '2025-12-31', value: 0.85, source: 'Direcția de Cultură' } });
    await t.worker.drain();
    const inbox2 = (await t.app.inject({ url: '/api/v1/me/notifications', headers: follower.headers })).json();
    expect(inbox2.items[0]).toMatchObject({ kind: 'strategy.kpi.measurement' });
    expect(inbox2.items[0].body).toContain('2025-12-31: 0.85');
  });

  it('publishes revisions and shows a readable diff by entity code', async () => {
    const staff = await buildUser(t, { 'baia-mare': ['staff'] });
    const r1 = await t.app.inject({ method: 'POST', url: `${BM}/revisions`, headers: staff.headers, payload: { name: 'Adoptată 2023' } });
    expect(r1.statusCode).toBe(201);
    expect(r1.json()).toMatchObject({ name: 'Adoptată 2023', counts: { projects: 111 } });
    await t.app.inject({ method: 'PATCH', url: `${BM}/projects/${encodeURIComponent('D1.1/1')}`, headers: staff.headers, payload: { progress: 40, budget: { amount: 60000, basis: 'one_off' } } });
    await t.app.inject({ method: 'PATCH', url: `${BM}/kpis/O4.K6`, headers: staff.headers, payload: { target: { kind: 'absolute', value: 40, text: '40' } } });
    await t.app.inject({ method: 'POST', url: `${BM}/projects`, headers: staff.headers, payload: { code: 'D1.1/99', title: { ro: 'Proiect nou' }, parent: 'D1.1' } });
    const r2 = await t.app.inject({ method: 'POST', url: `${BM}/revisions`, headers: staff.headers, payload: { name: 'Actualizare anuală 2025' } });
    const list = (await t.app.inject({ url: `${BM}/revisions` })).json();
    expect(list.items.map((r: { name: string }) => r.name)).toEqual(['Actualizare anuală 2025', 'Adoptată 2023']);

    const diff = (await t.app.inject({ url: `${BM}/revisions/${r1.json().id}/diff/${r2.json().id}` })).json();
    expect(diff.summary).toEqual({ added: 1, removed: 0, changed: 2 });
    const project = diff.changes.find((c: { code: string }) => c.code === 'D1.1/1');
    expect(project.fields).toEqual([
      { field: 'budget.amount', before: 50000, after: 60000 },
      { field: 'budget.text', before: '50,000', after: null },
      { field: 'progress', before: null, after: 40 },
    ]);
    expect(diff.changes.find((c: { code: string }) => c.code === 'O4.K6').fields.map((f: { field: string }) => f.field)).toEqual(['target.text', 'target.value']);
    expect(diff.changes.find((c: { change: string }) => c.change === 'added')).toMatchObject({ type: 'project', code: 'D1.1/99' });
    const live = (await t.app.inject({ url: `${BM}/revisions/${r2.json().id}/diff/current` })).json();
    expect(live.summary).toEqual({ added: 0, removed: 0, changed: 0 });
    expect((await t.app.inject({ url: `${BM}/revisions/99999/diff/current` })).statusCode).toBe(404);
  });
  it('runs the demo step idempotently and the `urbia strategy` commands with progress output', async () => {
    const logs: string[] = [];
    const demo = strategyModule.demo![0]!;
    const ctx = { built: t, database: t.database, config: t.config, log: (m: string) => logs.push(m) };
    // Skipped when the file is the one last imported (staff edits made since then are kept), else replaced.
    await demo.run(ctx, t.modules.strategy!);
    logs.length = 0;
    await demo.run(ctx, t.modules.strategy!);
    expect(logs.every((l) => l.includes('already loaded'))).toBe(true);
    expect(logs).toHaveLength(2);

    const out: string[] = [];
    const err: string[] = [];
    const program = new Command().exitOverride();
    strategyModule.cli!(program, { config: () => t.config, withServices: (_cfg, fn) => fn(t, t.database), out: (m) => out.push(m), err: (m) => err.push(m) });
    const dir = mkdtempSync(join(tmpdir(), 'urbia-strategy-'));
    const broken = join(dir, 'broken.json');
    const doc = read('baia-mare-2030.json') as unknown as { kpis: { direction: string }[] };
    doc.kpis[2]!.direction = 'sideways';
    writeFileSync(broken, JSON.stringify(doc));
    process.exitCode = undefined;
    await program.parseAsync(['node', 'urbia', 'strategy', 'import', broken, '--tenant', 'baia-mare']);
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
    expect(err.join('\n')).toContain('$.kpis[2].direction');

    await program.parseAsync(['node', 'urbia', 'strategy', 'import', join(ROOT_DIR, 'data/strategies/baia-mare-2030.json'), '--tenant', 'baia-mare']);
    expect(out.join('\n')).toMatch(/111 projects[\s\S]*Imported in/);
    const exported = join(dir, 'bm.json');
    await program.parseAsync(['node', 'urbia', 'strategy', 'export', '--tenant', 'baia-mare', '-o', exported]);
    expect(JSON.parse(readFileSync(exported, 'utf8'))).toEqual(StrategyDocument.parse(read('baia-mare-2030.json')));
    await program.parseAsync(['node', 'urbia', 'strategy', 'validate', exported]);
    expect(out.at(-1)).toContain('OK');
  });
});
