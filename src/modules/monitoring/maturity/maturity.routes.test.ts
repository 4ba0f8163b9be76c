/**
 * The maturity matrix over real HTTP (app.inject) on both engines: the model (Baia Mare's from its strategy,
 * Timișoara without one until it adopts Baia Mare's, or leaves it off), the role ladder, a round from
 * creation to publication with evidence links checked in the city, published rounds immutable, drafts for
 * staff only, levels reached and the change since the previous round, audit rows and events, the open dataset.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, problem, type TestApp, type TestUser } from '../../../../tests/helpers/app.js';
import { testEngines } from '../../../../tests/helpers/env.js';
import { SYSTEM } from '../../../core/actor.js';
import { ROOT_DIR } from '../../../core/version.js';

const BM = '/api/v1/tenants/baia-mare';
const TM = '/api/v1/tenants/timisoara';
const json = (u: TestUser | undefined, body?: unknown) => ({ headers: { ...(u?.headers ?? {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });

interface Criterion { code: string; level: number; state: string; previousState: string | null; evidence: { text: { ro: string } | null; links: { type: string; ref: string; label: { ro: string } }[] }; comment: { ro: string } | null }
interface Pillar { code: string; levelReached: number; levelInProgress: number; level2030: number; previousLevel: number | null; change: number | null; criteria: Criterion[] }

describe.each(testEngines())('maturity matrix on %s', (engine) => {
  let t: TestApp;
  let staff: TestUser, citizen: TestUser, steering: TestUser, tmStaff: TestUser;
  let firstId: number, secondId: number;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const doc = JSON.parse(readFileSync(join(ROOT_DIR, 'data/strategies/baia-mare-2030.json'), 'utf8')) as { tenant: string };
    await t.modules.strategy!.importDocument(SYSTEM, await t.services.tenants.bySlug('baia-mare'), doc);
    [staff, citizen, steering, tmStaff] = await Promise.all([
      buildUser(t, { 'baia-mare': ['staff'] }),
      buildUser(t, { 'baia-mare': ['citizen'] }),
      buildUser(t, { 'baia-mare': ['steering'] }),
      buildUser(t, { timisoara: ['staff'] }),
    ]);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it("Baia Mare's model comes from its strategy: 6 pillars, 5 levels, 127 criteria; no round yet", async () => {
    const r = await t.app.inject({ url: `${BM}/maturity` });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({ enabled: true, source: 'strategy', round: null, draft: null, abilities: { manage: false } });
    expect(body.model.pillars.map((p: { code: string }) => p.code)).toEqual(['E', 'C', 'Me', 'L', 'Mo', 'G']);
    expect(body.model.levels).toHaveLength(5);
    expect(body.model.pillars.flatMap((p: { criteria: unknown[] }) => p.criteria)).toHaveLength(127);
  });

  it('writes are refused to anonymous (401), citizens and the steering body (403)', async () => {
    const body = { name: { ro: '2026 referință' } };
    expect((await t.app.inject({ method: 'POST', url: `${BM}/maturity/rounds`, ...json(undefined, body) })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: `${BM}/maturity/rounds`, ...json(citizen, body) })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `${BM}/maturity/rounds`, ...json(steering, body) })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `${BM}/maturity/rounds`, ...json(tmStaff, body) })).statusCode, "another city's staff").toBe(403);
    expect((await t.app.inject({ method: 'PUT', url: `${BM}/maturity/model`, ...json(citizen, { source: 'none' }) })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `${BM}/maturity/rounds/1/publish`, ...json(undefined, undefined) })).statusCode).toBe(401);
    const bad = await t.app.inject({ method: 'POST', url: `${BM}/maturity/rounds`, ...json(staff, { name: { ro: '' } }) });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors!.map((e: { field: string }) => e.field)).toContain('name.ro');
    expect((await t.database.db.selectFrom('monitoring_maturity_rounds').select('id').execute()).length).toBe(0);
  });

  it('staff start a round, fill it in with evidence checked in the city, and publish it', async () => {
    const created = await t.app.inject({ method: 'POST', url: `${BM}/maturity/rounds`, ...json(staff, { name: { ro: '2026 referință', en: '2026 baseline' } }) });
    expect(created.statusCode).toBe(201);
    const round = created.json();
    firstId = round.id;
    expect(round).toMatchObject({ status: 'draft', previous: null, abilities: { edit: true, publish: true }, counts: { not_started: 127, achieved: 0 } });

    // Drafts are for staff: the public does not see them.
    expect((await t.app.inject({ url: `${BM}/maturity/rounds/${firstId}` })).statusCode).toBe(401);
    expect((await t.app.inject({ url: `${BM}/maturity/rounds/${firstId}`, ...json(citizen) })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `${BM}/maturity/rounds` })).json().items).toEqual([]);
    expect((await t.app.inject({ url: `${BM}/maturity/rounds`, ...json(staff) })).json().items).toHaveLength(1);

    // Unknown criterion, unknown KPI, a project of another city, a sensor property it does not measure: 400 naming the field, nothing written.
    const kpi = (await t.modules.strategy!.kpis((await t.services.tenants.bySlug('baia-mare')).id))[0]!;
    const project = (await t.modules.strategy!.listProjects((await t.services.tenants.bySlug('baia-mare')).id, { limit: 1 })).items[0]!;
    const bad = await t.app.inject({
      method: 'PATCH',
      url: `${BM}/maturity/rounds/${firstId}`,
      ...json(staff, { criteria: [{ code: 'E1.1', state: 'achieved' }, { code: 'X9.9', state: 'achieved' }] }),
    });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors).toEqual([expect.objectContaining({ field: 'criteria[1].code' })]);
    const badLinks = await t.app.inject({
      method: 'PATCH',
      url: `${BM}/maturity/rounds/${firstId}`,
      ...json(staff, { criteria: [{ code: 'E1.1', state: 'achieved', evidence: { links: [{ type: 'kpi', ref: kpi.code }, { type: 'kpi', ref: 'NOPE.K1' }, { type: 'dataset', ref: 'no-such-dataset' }, { type: 'file', ref: 'nope' }] } }] }),
    });
    expect(badLinks.statusCode).toBe(400);
    expect(problem(badLinks).errors!.map((e: { field: string }) => e.field)).toEqual(['criteria[0].evidence.links[1].ref', 'criteria[0].evidence.links[2].ref', 'criteria[0].evidence.links[3].ref']);
    const badState = await t.app.inject({ method: 'PATCH', url: `${BM}/maturity/rounds/${firstId}`, ...json(staff, { criteria: [{ code: 'E1.1', state: 'done' }] }) });
    expect(badState.statusCode).toBe(400);
    expect(problem(badState).errors!.map((e: { field: string }) => e.field)).toEqual(['criteria[0].state']);
    expect((await t.app.inject({ url: `${BM}/maturity/rounds/${firstId}`, ...json(staff) })).json().counts.achieved).toBe(0);

    // Level 1 of Economy achieved, level 2 partly, with evidence.
    const e1 = ['E1.1', 'E1.2', 'E1.3', 'E1.4'].map((code) => ({ code, state: 'achieved' }));
    const ok = await t.app.inject({
      method: 'PATCH',
      url: `${BM}/maturity/rounds/${firstId}`,
      ...json(staff, {
        criteria: [
          ...e1,
          { code: 'E2.1', state: 'in_progress', evidence: { text: { ro: 'Ghișeu unic în implementare.' }, links: [{ type: 'kpi', ref: kpi.code }, { type: 'project', ref: project.code }] }, comment: { ro: 'Termen 2026.' } },
          { code: 'E2.2', state: 'planned_2030' },
          { code: 'C1.1', state: 'achieved' },
        ],
      }),
    });
    expect(ok.statusCode).toBe(200);
    const filled = ok.json();
    const E = filled.pillars.find((p: Pillar) => p.code === 'E') as Pillar;
    expect(E).toMatchObject({ levelReached: 1, levelInProgress: 1, level2030: 1, previousLevel: null, change: null });
    const e21 = E.criteria.find((c) => c.code === 'E2.1')!;
    expect(e21).toMatchObject({ state: 'in_progress', evidence: { text: { ro: 'Ghișeu unic în implementare.' } }, comment: { ro: 'Termen 2026.' } });
    expect(e21.evidence.links).toEqual([
      { type: 'kpi', ref: kpi.code, label: kpi.name },
      { type: 'project', ref: project.code, label: project.title },
    ]);
    // A later edit of the state alone keeps the evidence.
    const again = await t.app.inject({ method: 'PATCH', url: `${BM}/maturity/rounds/${firstId}`, ...json(staff, { criteria: [{ code: 'E2.1', state: 'achieved' }] }) });
    expect((again.json().pillars[0] as Pillar).criteria.find((c) => c.code === 'E2.1')).toMatchObject({ state: 'achieved', comment: { ro: 'Termen 2026.' }, evidence: { links: [expect.anything(), expect.anything()] } });

    const pub = await t.app.inject({ method: 'POST', url: `${BM}/maturity/rounds/${firstId}/publish`, ...json(staff, undefined) });
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toMatchObject({ status: 'published', abilities: { edit: false, publish: false } });
    expect(pub.json().publishedAt).toEqual(expect.any(String));

    // Published is immutable.
    const edit = await t.app.inject({ method: 'PATCH', url: `${BM}/maturity/rounds/${firstId}`, ...json(staff, { criteria: [{ code: 'E1.1', state: 'not_started' }] }) });
    expect(edit.statusCode).toBe(409);
    expect(problem(edit)).toMatchObject({ code: 'round_published', errors: [{ field: 'status' }] });
    expect((await t.app.inject({ method: 'POST', url: `${BM}/maturity/rounds/${firstId}/publish`, ...json(staff, undefined) })).statusCode).toBe(409);

    // The public reads it, on the matrix page and by id.
    const pub2 = (await t.app.inject({ url: `${BM}/maturity` })).json();
    expect(pub2.round).toMatchObject({ id: firstId, status: 'published' });
    expect(pub2.draft).toBeNull();
    expect((await t.app.inject({ url: `${BM}/maturity/rounds/${firstId}`, ...json(citizen) })).statusCode).toBe(200);
  });

  it('a new round starts from the previous one; publishing it shows the change since', async () => {
    const bad = await t.app.inject({ method: 'POST', url: `${BM}/maturity/rounds`, ...json(staff, { name: { ro: 'x' }, copyFrom: 999999 }) });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors).toEqual([expect.objectContaining({ field: 'copyFrom' })]);
    const created = await t.app.inject({ method: 'POST', url: `${BM}/maturity/rounds`, ...json(staff, { name: { ro: '2027 anuală' }, copyFrom: 'latest' }) });
    expect(created.statusCode).toBe(201);
    secondId = created.json().id;
    expect(created.json()).toMatchObject({ basedOn: firstId, previous: { id: firstId }, changedCriteria: [] });
    expect(created.json().counts.achieved).toBe(6);
    expect((await t.app.inject({ url: `${BM}/maturity`, ...json(staff) })).json().draft).toMatchObject({ id: secondId });

    const e2 = ['E2.2', 'E2.3', 'E2.4'].map((code) => ({ code, state: 'achieved' }));
    expect((await t.app.inject({ method: 'PATCH', url: `${BM}/maturity/rounds/${secondId}`, ...json(staff, { criteria: e2 }) })).statusCode).toBe(200);
    const pub = await t.app.inject({ method: 'POST', url: `${BM}/maturity/rounds/${secondId}/publish`, ...json(staff, undefined) });
    expect(pub.statusCode).toBe(200);
    const E = pub.json().pillars.find((p: Pillar) => p.code === 'E') as Pillar;
    expect(E).toMatchObject({ levelReached: 2, previousLevel: 1, change: 1 });
    expect(pub.json().changedCriteria).toEqual([
      { code: 'E2.2', from: 'planned_2030', to: 'achieved' },
      { code: 'E2.3', from: 'not_started', to: 'achieved' },
      { code: 'E2.4', from: 'not_started', to: 'achieved' },
    ]);
    const overview = (await t.app.inject({ url: `${BM}/maturity` })).json();
    expect(overview.round.id).toBe(secondId);
    // The service call the evaluation reports use.
    const summary = await t.modules.monitoring!.maturity.levelsSummary((await t.services.tenants.bySlug('baia-mare')).id);
    expect(summary.latest?.id).toBe(secondId);
    expect(summary.previous?.id).toBe(firstId);
    expect(summary.latest?.pillars.find((p) => p.code === 'E')?.level).toBe(2);
    expect(summary.previous?.pillars.find((p) => p.code === 'E')?.level).toBe(1);
    // As of a date before the second round was published (a report's period end): the first round, no previous.
    const asOf = new Date(new Date(summary.latest!.publishedAt).getTime() - 1);
    const before = await t.modules.monitoring!.maturity.levelsSummary((await t.services.tenants.bySlug('baia-mare')).id, asOf);
    expect(before.latest?.id).toBe(firstId);
    expect(before.previous).toBeNull();
    const list = (await t.app.inject({ url: `${BM}/maturity/rounds` })).json();
    expect(list.items.map((r: { id: number }) => r.id)).toEqual([secondId, firstId]);
  });

  it('every write is audited and emits its event', async () => {
    const audit = await t.database.db.selectFrom('core_audit_log').select(['action', 'entity_id']).where('entity_type', '=', 'monitoring_maturity_round').orderBy('id').execute();
    expect(audit.filter((a) => a.entity_id === String(firstId)).map((a) => a.action)).toEqual(['monitoring.maturityRound.created', 'monitoring.maturityRound.updated', 'monitoring.maturityRound.updated', 'monitoring.maturityRound.published']);
    const events = await t.database.db.selectFrom('core_outbox').select(['type', 'payload']).where('type', 'like', 'monitoring.maturityRound.%').orderBy('id').execute();
    expect(events.map((e) => e.type)).toEqual(['monitoring.maturityRound.created', 'monitoring.maturityRound.updated', 'monitoring.maturityRound.updated', 'monitoring.maturityRound.published', 'monitoring.maturityRound.created', 'monitoring.maturityRound.updated', 'monitoring.maturityRound.published']);
    expect(events.at(-1)!.payload).toMatchObject({ roundId: secondId, levels: { E: 2 }, previousLevels: { E: 1 } });
  });

  it('Timișoara has no model until it adopts one; it can leave it off again', async () => {
    expect((await t.app.inject({ url: `${TM}/maturity` })).json()).toMatchObject({ enabled: false, source: 'none', model: null, round: null });
    const refused = await t.app.inject({ method: 'POST', url: `${TM}/maturity/rounds`, ...json(tmStaff, { name: { ro: '2026' } }) });
    expect(refused.statusCode).toBe(409);
    expect(problem(refused).code).toBe('maturity_off');
    const noStrategy = await t.app.inject({ method: 'PUT', url: `${TM}/maturity/model`, ...json(tmStaff, { source: 'strategy' }) });
    expect(noStrategy.statusCode).toBe(400);
    expect(problem(noStrategy).errors).toEqual([expect.objectContaining({ field: 'source' })]);
    const unknown = await t.app.inject({ method: 'PUT', url: `${TM}/maturity/model`, ...json(tmStaff, { source: 'adopted', from: 'atlantis' }) });
    expect(unknown.statusCode).toBe(400);
    expect(problem(unknown).errors).toEqual([expect.objectContaining({ field: 'from' })]);
    // Its own model must have the strategy document's format.
    const own = await t.app.inject({ method: 'PUT', url: `${TM}/maturity/model`, ...json(tmStaff, { source: 'own', model: { levels: [{ level: 1, name: { ro: 'Ad hoc' } }], pillars: [{ code: 'G', pillar: 'A1', title: { ro: 'Guvernanță' }, currentLevel: null, criteria: [{ code: 'G1.1', level: 2, text: { ro: 'x' } }] }] } }) });
    expect(own.statusCode).toBe(400);
    expect(problem(own).errors!.map((e: { field: string }) => e.field), JSON.stringify(problem(own).errors)).toEqual(['model.pillars[0].criteria[0].level']);

    const adopted = await t.app.inject({ method: 'PUT', url: `${TM}/maturity/model`, ...json(tmStaff, { source: 'adopted', from: 'baia-mare' }) });
    expect(adopted.statusCode).toBe(200);
    expect(adopted.json()).toMatchObject({ enabled: true, source: 'adopted', adoptedFrom: 'baia-mare', round: null, abilities: { manage: true } });
    expect(adopted.json().model.pillars).toHaveLength(6);
    const round = await t.app.inject({ method: 'POST', url: `${TM}/maturity/rounds`, ...json(tmStaff, { name: { ro: '2026' } }) });
    expect(round.statusCode).toBe(201);
    // Rounds are per city: Baia Mare's are not Timișoara's.
    expect((await t.app.inject({ url: `${TM}/maturity/rounds/${firstId}`, ...json(tmStaff) })).statusCode).toBe(404);
    const off = await t.app.inject({ method: 'PUT', url: `${TM}/maturity/model`, ...json(tmStaff, { source: 'none' }) });
    expect(off.json()).toMatchObject({ enabled: false, source: 'none', model: null });
    const audit = await t.database.db.selectFrom('core_audit_log').select('action').where('entity_type', '=', 'monitoring_maturity_model').execute();
    expect(audit).toHaveLength(2);
  });

  it('published rounds are an open dataset (DCAT-AP catalogue, CSV)', async () => {
    const d = await t.app.inject({ url: `${BM}/opendata/datasets/maturity-rounds` });
    expect(d.statusCode).toBe(200);
    const csv = d.json().distributions.find((x: { format: string; id: string }) => x.format === 'CSV' && x.id === 'maturity-criteria') as { downloadUrl: string };
    const file = await t.app.inject({ url: csv.downloadUrl.replace(/^https?:\/\/[^/]+/, '') });
    expect(file.statusCode).toBe(200);
    const lines = file.body.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^round_id,round,published_at,reconstructed,pillar,criterion,level,text_ro,state/);
    expect(lines).toHaveLength(1 + 2 * 127);
    expect(lines.find((l) => l.startsWith(`${secondId},`) && l.includes(',E2.3,'))).toMatch(/,achieved,/);
  });
});
