/**
 * Promoting a budget's winners to strategy projects is one transaction per winner (issue 12, multi-step
 * writes): the strategy project, the budget project's link to it and both audit rows commit together. A
 * failure after the strategy project is written (a trigger planted in the real database) leaves neither
 * the project nor its audit row; without the trigger the same call succeeds and links them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, type TestApp, type TestUser } from '../../../tests/helpers/app.js';
import { testEngines } from '../../../tests/helpers/env.js';
import { SYSTEM } from '../../core/actor.js';
import { ROOT_DIR } from '../../core/version.js';

const T = '/api/v1/tenants/timisoara';
const PB = ['META', 'key;value', 'description;Test PB', 'budget;100', 'vote_type;approval', 'rule;greedy', 'PROJECTS', 'project_id;cost;name;selected;latitude;longitude', '1;60;Park;1;;', '2;30;Bench;1;45.7537;21.2257', '3;50;Library;0;;', 'VOTES', 'voter_id;vote', 'v1;1,2', 'v2;1', 'v3;2,3', 'v4;3'].join('\n') + '\n';

describe.each(testEngines())('promoting budget winners on %s', (engine) => {
  let t: TestApp;
  let staff: TestUser;
  let parent: string;
  beforeAll(async () => {
    t = await createTestApp(engine);
    const doc = JSON.parse(readFileSync(join(ROOT_DIR, 'data/strategies/timisoara-2022-2027.json'), 'utf8'));
    await t.modules.strategy!.importDocument(SYSTEM, await t.services.tenants.bySlug('timisoara'), doc);
    staff = await buildUser(t, { timisoara: ['admin'] });
    const row = await t.database.db.selectFrom('strategy_pillars').select('code').where('tenant_id', '=', (await t.services.tenants.bySlug('timisoara')).id).orderBy('id').executeTakeFirstOrThrow();
    parent = row.code;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const counts = async () => {
    const db = t.database.db;
    const projects = await db.selectFrom('strategy_projects').select((eb) => eb.fn.countAll<number>().as('n')).where('code', 'like', 'PB-%').executeTakeFirstOrThrow();
    const audit = await db.selectFrom('core_audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', 'in', ['strategy.project.created', 'participation.budget.promoted']).executeTakeFirstOrThrow();
    return [Number(projects.n), Number(audit.n)];
  };

  it('a failure after the strategy project is written rolls back the project and its audit row', async () => {
    const imported = await t.app.inject({ method: 'POST', url: `${T}/budgets/import?slug=promote-test`, headers: { ...staff.headers, 'content-type': 'text/plain' }, payload: PB });
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json(), imported.body).toMatchObject({ placesDropped: 0 });
    const placed = await t.database.db.selectFrom('participation_budget_projects').select(['code', 'lat', 'lon']).where('budget_id', '=', imported.json().id).orderBy('code').execute();
    expect(placed.map((p) => [p.code, p.lat])).toEqual([['1', null], ['2', 45.7537], ['3', null]]);
    const promote = () => t.app.inject({ method: 'POST', url: `${T}/budgets/promote-test/promote`, headers: staff.headers, payload: { rule: 'greedy', parent, prefix: 'PB' } });
    const before = await counts();

    await sql`create function urbia_test_fail() returns trigger language plpgsql as $$ begin raise exception 'injected failure after the strategy project'; end $$`.execute(t.database.db);
    await sql`create trigger urbia_test_fail before update on participation_budget_projects for each row execute function urbia_test_fail()`.execute(t.database.db);
    const failed = await promote();
    expect(failed.statusCode).toBeGreaterThanOrEqual(400);
    expect(await counts()).toEqual(before);

    await sql`drop trigger urbia_test_fail on participation_budget_projects`.execute(t.database.db);
    const ok = await promote();
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().created).toHaveLength(2);
    expect(await counts()).toEqual([before[0]! + 2, before[1]! + 4]);
    // the winners (greedy: 2 and 3, the tie broken by cost) keep their place and budget on the strategy project
    const tm = await t.services.tenants.bySlug('timisoara');
    const made = await t.database.db.selectFrom('strategy_projects').select(['code', 'lat', 'lon', 'budget_text']).where('tenant_id', '=', tm.id).where('code', 'in', ok.json().created).orderBy('code').execute();
    expect(made.map((m) => [m.lat, m.lon])).toEqual([[45.7537, 21.2257], [null, null]]);
    expect(made.map((m) => m.budget_text)).toEqual([expect.stringContaining('30'), expect.stringContaining('50')]);
    // a second promotion finds both linked and creates nothing
    expect((await promote()).json().created).toEqual([]);
  }, 120_000);
});
