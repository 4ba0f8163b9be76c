/**
 * pabulib imports as real files come: projects placed outside the importing city, files the pabulib checker
 * refuses (refused with the reason and the line, nothing written), one transaction for the whole import, and
 * a file without a description that must not break the budgets list.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { problem, useTestApp, useUser } from '../../../tests/helpers/app.js';
import { testEngines } from '../../../tests/helpers/env.js';
import { checkPb, parsePb } from './pabulib.js';

const PB = (f: string) => readFileSync(new URL(`../../../../shared/data/pabulib/${f}`, import.meta.url), 'utf8');
const T = '/api/v1/tenants/timisoara';

/** A small approval election; `projects` rows are `id;cost;name;selected;latitude;longitude`. */
const file = (o: { meta?: string[]; projects?: string[]; votes?: string[] } = {}) =>
  [
    'META', 'key;value',
    ...(o.meta ?? ['description;Test PB', 'country;Poland', 'unit;Kraków', 'instance;2024', 'num_projects;3', 'num_votes;4', 'budget;100', 'vote_type;approval', 'rule;greedy']),
    'PROJECTS', 'project_id;cost;name;selected;latitude;longitude',
    ...(o.projects ?? ['1;60;Park;1;50.0647;19.9450', '2;30;Bench;1;45.7540;21.2260', '3;50;Library;0;none;none']),
    'VOTES', 'voter_id;vote',
    ...(o.votes ?? ['v1;1,2', 'v2;1', 'v3;2,3', 'v4;3']),
  ].join('\n') + '\n';

describe('checkPb: what the pabulib checker refuses', () => {
  it('names each reason and its line', () => {
    const text = file({ meta: ['budget;100', 'num_projects;4', 'num_votes;4', 'max_length;2'], projects: ['1;60;A;1;none;none', '2;50;B;1;none;none', '2;10;B again;0;none;none'], votes: ['v1;1,2', 'v1;1', 'v3;1,1', 'v4;9'] });
    expect(() => parsePb(text)).toThrow(/line 11: project_id 2 is repeated \(first on line 10\)/);
    const problems = checkPb({ ...parsePbLoose(text) });
    expect(problems).toEqual(expect.arrayContaining([
      'line 11: project_id 2 is repeated (first on line 10)',
      'the selected projects cost 110, more than the budget 100',
      'META num_projects is 4 but PROJECTS has 3',
      'line 15: voter_id v1 is repeated (first on line 14)',
      'line 16: voter v3 voted for the same project twice',
      'line 17: voter v4 voted for unknown project 9',
    ]));
  });
  it('accepts the real files', () => {
    for (const f of ['france_toulouse_2019_.pb', 'poland_gdansk_2020_.pb', 'poland_krakow_2022_bienczyce.pb', 'poland_wieliczka_2023.pb']) expect(() => parsePb(PB(f)), f).not.toThrow();
  });
});

/** parsePb without the checker, to see every problem at once. */
function parsePbLoose(text: string) {
  try {
    return parsePb(text);
  } catch {
    const lines = text.split('\n');
    const sec = (name: string) => lines.indexOf(name);
    const meta = Object.fromEntries(lines.slice(sec('META') + 2, sec('PROJECTS')).map((l) => l.split(';') as [string, string]));
    const projects = lines.slice(sec('PROJECTS') + 2, sec('VOTES')).map((l, i) => {
      const [id, cost, name, selected] = l.split(';');
      return { id: id!, cost: Number(cost), name: name!, fields: { selected: selected! }, line: sec('PROJECTS') + 3 + i };
    });
    const votes = lines.slice(sec('VOTES') + 2).filter(Boolean).map((l, i) => {
      const [voterId, vote] = l.split(';');
      return { voterId: voterId!, projects: vote!.split(','), fields: {}, line: sec('VOTES') + 3 + i };
    });
    return { meta, projects, votes };
  }
}

describe.each(testEngines())('pabulib import on %s', (engine) => {
  const t = useTestApp(engine);
  const staff = useUser(t, { timisoara: ['staff'] });
  const imp = (text: string, slug: string) => t.app.inject({ method: 'POST', url: `${T}/budgets/import?slug=${slug}`, headers: { ...staff.headers, 'content-type': 'text/plain' }, payload: text });
  const counts = async () => {
    const db = t.database.db;
    const n = async (table: 'participation_budgets' | 'participation_budget_projects' | 'participation_ballots' | 'participation_ballot_items') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return [await n('participation_budgets'), await n('participation_budget_projects'), await n('participation_ballots'), await n('participation_ballot_items')];
  };

  it('imports a file whose projects lie outside the city: the places are dropped and the response says so', async () => {
    const r = await imp(file(), 'krakow-test');
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ projects: 3, ballots: 4, placesDropped: 1, notes: [expect.stringContaining('1 project place(s) outside Timișoara')] });
    const projects = await t.database.db.selectFrom('participation_budget_projects').select(['code', 'lat', 'lon']).where('budget_id', '=', r.json().id).orderBy('code').execute();
    expect(projects).toEqual([{ code: '1', lat: null, lon: null }, { code: '2', lat: 45.754, lon: 21.226 }, { code: '3', lat: null, lon: null }]);
    const budget = await t.database.db.selectFrom('participation_budgets').select('status').where('id', '=', r.json().id).executeTakeFirstOrThrow();
    expect(budget.status).toBe('closed');
    const res = (await t.app.inject({ url: `${T}/budgets/krakow-test/results?rule=greedy` })).json();
    expect(res.items.map((i: { project: { code: string }; votes: number }) => [i.project.code, i.votes]).sort()).toEqual([['1', 2], ['2', 2], ['3', 2]]);
  });

  it('refuses a checker-invalid file with the reason and the line; a repeated voter id is a 400 and nothing is written', async () => {
    const before = await counts();
    const repeated = await imp(file({ votes: ['v1;1,2', 'v2;1', 'v1;2,3', 'v4;3'] }), 'repeated-voter');
    expect(repeated.statusCode).toBe(400);
    expect(problem(repeated).detail).toContain('line 21: voter_id v1 is repeated (first on line 19)');
    const unknown = await imp(file({ votes: ['v1;1,2', 'v2;1', 'v3;2,7', 'v4;3'] }), 'unknown-project');
    expect(unknown.statusCode).toBe(400);
    expect(problem(unknown).detail).toContain('line 21: voter v3 voted for unknown project 7');
    const mismatch = await imp(file({ meta: ['description;x', 'budget;100', 'num_votes;5'] }), 'num-votes');
    expect(problem(mismatch).detail).toContain('META num_votes is 5 but VOTES has 4');
    const over = await imp(file({ projects: ['1;60;Park;1;none;none', '2;30;Bench;1;none;none', '3;50;Library;1;none;none'] }), 'over-budget');
    expect(problem(over).detail).toContain('the selected projects cost 140, more than the budget 100');
    expect(await counts()).toEqual(before);
    expect((await t.app.inject({ url: `${T}/budgets/repeated-voter/results?rule=greedy` })).statusCode).toBe(404);
  });

  it('a failure after the budget is written leaves nothing behind (one transaction)', async () => {
    const before = await counts();
    // a slug that already exists fails inside the transaction, after the checks
    const again = await imp(file(), 'krakow-test');
    expect(again.statusCode).toBe(409);
    // a failure while the ballots are written: a voter key longer than the column allows is refused by the database
    const huge = await imp(file({ votes: ['v1;1,2', 'v2;1', 'v3;2,3', `${'x'.repeat(3000)};3`] }), 'late-failure');
    expect(huge.statusCode).toBeLessThan(500);
    expect(await counts()).toEqual(huge.statusCode === 201 ? [before[0]! + 1, before[1]! + 3, before[2]! + 4, before[3]! + 6] : before);
  });

  it('an import without any description keeps GET …/budgets answering', async () => {
    const r = await imp(file({ meta: ['budget;100', 'vote_type;approval'] }), 'no-description');
    expect(r.statusCode, r.body).toBe(201);
    const list = await t.app.inject({ url: `${T}/budgets` });
    expect(list.statusCode, list.body).toBe(200);
    const b = list.json().items.find((x: { slug: string }) => x.slug === 'no-description');
    expect(b.description.ro).toBe('Importat dintr-un fișier pabulib.');
    expect((await t.app.inject({ url: `${T}/budgets/no-description/results?rule=greedy` })).statusCode).toBe(200);
  });
});
