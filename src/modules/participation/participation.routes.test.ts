import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, problem, type TestApp, type TestUser } from '../../../tests/helpers/app.js';
import { testEngines } from '../../../tests/helpers/env.js';
import { parsePb } from './pabulib.js';
import { seedParticipationDemo } from './participation.demo.js';

const T = '/api/v1/tenants/timisoara';
const PB = (f: string) => readFileSync(new URL(`../../../data/participation/pabulib/${f}`, import.meta.url), 'utf8');

describe.each(testEngines())('participation on %s', (engine) => {
  let t: TestApp;
  let staff: TestUser;
  let citizen: TestUser;
  beforeAll(async () => {
    t = await createTestApp(engine);
    await seedParticipationDemo(t.database.db, t.modules.participation!);
    staff = await buildUser(t, { timisoara: ['staff'] });
    citizen = await buildUser(t, { timisoara: ['citizen'] });
  });
  afterAll(async () => {
    await t?.close();
  });

  const survey = {
    slug: 'parcuri-2026',
    title: { ro: 'Parcuri', en: 'Parks' },
    description: { ro: 'Ce vreți în parcuri?' },
    audience: 'users',
    questions: [
      { key: 'des', type: 'single', required: true, title: { ro: 'Cât de des mergeți în parc?' }, options: [{ key: 'zilnic', label: { ro: 'Zilnic' } }, { key: 'rar', label: { ro: 'Rar' } }] },
      { key: 'nota', type: 'scale', required: true, title: { ro: 'Notă' } },
      { key: 'voturi', type: 'allocation', votes: 3, title: { ro: 'Împărțiți 3 voturi' }, options: [{ key: 'banci', label: { ro: 'Bănci' } }, { key: 'umbra', label: { ro: 'Umbră' } }] },
    ],
  };

  it('staff create a survey: 401 → 400 → 403 → 201 and 409 on the same address', async () => {
    const url = `${T}/surveys`;
    expect((await t.app.inject({ method: 'POST', url, payload: survey })).statusCode).toBe(401);
    const bad = await t.app.inject({ method: 'POST', url, headers: staff.headers, payload: { ...survey, questions: [{ ...survey.questions[0], options: [] }] } });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors?.[0]?.field).toBe('questions[0].options');
    expect((await t.app.inject({ method: 'POST', url, headers: citizen.headers, payload: survey })).statusCode).toBe(403);
    const ok = await t.app.inject({ method: 'POST', url, headers: staff.headers, payload: survey });
    expect(ok.statusCode).toBe(201);
    expect((await t.app.inject({ method: 'POST', url, headers: staff.headers, payload: survey })).statusCode).toBe(409);
    const audit = await t.database.db.selectFrom('core_audit_log').select('action').where('entity_id', '=', String(ok.json().id)).where('action', '=', 'participation.survey.created').execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses bad answers with the rule broken and stores nothing; one response per person, also under a race', async () => {
    const url = `${T}/surveys/parcuri-2026/responses`;
    const bad = await t.app.inject({ method: 'POST', url, headers: citizen.headers, payload: { answers: { des: 'niciodata', nota: 12, voturi: { banci: 1 } } } });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors?.map((e) => e.field).sort()).toEqual(['answers.des', 'answers.nota', 'answers.voturi']);
    expect(problem(bad).detail).toContain('add up to 3');
    expect((await t.app.inject({ method: 'POST', url, payload: { answers: { des: 'rar', nota: 5 } } })).statusCode).toBe(401);

    const racer = await buildUser(t, { timisoara: ['citizen'] });
    const body = { answers: { des: 'zilnic', nota: 8, voturi: { banci: 2, umbra: 1 } }, profile: { cartier: 'Fabric' } };
    const both = await Promise.all([1, 2].map(() => t.app.inject({ method: 'POST', url, headers: racer.headers, payload: body })));
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(problem(both.find((r) => r.statusCode === 409)!).code).toBe('already_answered');
    expect((await t.app.inject({ method: 'POST', url, headers: citizen.headers, payload: { answers: { des: 'rar', nota: 4, voturi: { umbra: 3 } }, profile: { cartier: 'Iosefin' } } })).statusCode).toBe(201);
    const again = await t.app.inject({ method: 'POST', url, headers: citizen.headers, payload: { answers: { des: 'rar', nota: 4 } } });
    expect(again.statusCode).toBe(409);

    const s = await t.app.inject({ method: 'GET', url: `${T}/surveys/parcuri-2026`, headers: { cookie: citizen.cookie } });
    expect(s.json()).toMatchObject({ myResponse: { id: expect.any(Number) }, abilities: { answer: false } });

    const res = (await t.app.inject({ method: 'GET', url: `${T}/surveys/parcuri-2026/results` })).json();
    expect(res.respondents).toBe(2);
    expect(res.questions[0].options).toEqual([{ key: 'zilnic', count: 1, pct: 50 }, { key: 'rar', count: 1, pct: 50 }]);
    expect(res.questions[1].mean).toBe(6);
    expect(res.questions[2]).toMatchObject({ total: 6, options: [{ key: 'banci', points: 2 }, { key: 'umbra', points: 4 }] });
    expect(res.filter).toBeNull();
    expect(res.attributes).toEqual([{ key: 'cartier', values: [{ value: 'Fabric', count: 1 }, { value: 'Iosefin', count: 1 }] }]);
    const fabric = (await t.app.inject({ method: 'GET', url: `${T}/surveys/parcuri-2026/results?attr=cartier:Fabric` })).json();
    expect(fabric).toMatchObject({ respondents: 1, filter: { key: 'cartier', value: 'Fabric' } });
    expect(fabric.questions[1].mean).toBe(8);
    expect(fabric.attributes).toHaveLength(1);

    expect((await t.app.inject({ method: 'GET', url: `${T}/surveys/parcuri-2026/responses.csv`, headers: { cookie: citizen.cookie } })).statusCode).toBe(403);
    const csv = await t.app.inject({ method: 'GET', url: `${T}/surveys/parcuri-2026/responses.csv`, headers: { cookie: staff.cookie } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split(/\r\n/);
    expect(lines[0]).toBe('response,date,reconstructed,profile,des,nota,voturi');
    expect(lines).toHaveLength(3);
    expect(csv.body).not.toContain(citizen.email);
    expect(csv.body).not.toContain(citizen.id);
  });

  it('staff edit a draft (audited, event) and publish it; respondent attributes are checked, stored and filter the results', async () => {
    const ml = (ro: string) => ({ ro });
    const draft = {
      slug: 'cartier-2026',
      title: ml('Cartierul meu'),
      description: ml('Despre cartier'),
      audience: 'attribute',
      audienceAttribute: { key: 'ca', values: ['locuitor', 'profesionist'] },
      status: 'draft',
      attributes: [
        { key: 'cartier', label: ml('Cartierul'), required: true, options: [{ key: 'fabric', label: ml('Fabric') }, { key: 'iosefin', label: ml('Iosefin') }] },
        { key: 'ca', label: ml('Răspund ca'), required: true, options: [{ key: 'locuitor', label: ml('Locuitor') }, { key: 'profesionist', label: ml('Profesionist') }, { key: 'organizatie', label: ml('Organizație') }] },
        { key: 'tip', label: ml('Tipul organizației'), required: true, showIf: { attribute: 'ca', equals: 'organizatie' }, options: [{ key: 'ong', label: ml('ONG') }, { key: 'firma', label: ml('Firmă') }] },
      ],
      questions: [
        { key: 'q1', type: 'single', required: true, title: ml('Vă place?'), options: [{ key: 'da', label: ml('Da') }, { key: 'nu', label: ml('Nu') }] },
        { key: 'q2', type: 'scale', required: true, title: ml('Notă') },
        { key: 'q3', type: 'short_text', title: ml('De ce nu?'), showIf: { question: 'q1', equals: 'nu' } },
      ],
    };
    const url = `${T}/surveys`;
    // The server is the single source of truth for the builder: it names the broken field.
    const bad = await t.app.inject({ method: 'POST', url, headers: staff.headers, payload: { ...draft, audienceAttribute: { key: 'nu-exista', values: ['x'] }, attributes: [draft.attributes[0], { ...draft.attributes[2], showIf: { attribute: 'cartier', equals: 'nicaieri' } }], questions: [draft.questions[0], { ...draft.questions[2], showIf: { question: 'q1', equals: 'poate' } }] } });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors?.map((e) => e.field).sort()).toEqual(['attributes[1].showIf.attribute', 'audienceAttribute.key', 'questions[1].showIf.equals']);
    const anon = await t.app.inject({ method: 'POST', url, headers: staff.headers, payload: { ...draft, slug: 'anonim-2026', audience: 'anyone', anonymous: true, audienceAttribute: null, attributes: [...draft.attributes, { key: 'varsta', label: ml('Vârsta'), options: [{ key: 'a', label: ml('sub 30') }, { key: 'b', label: ml('peste 30') }] }] } });
    expect(problem(anon).errors?.map((e) => e.field)).toEqual(['attributes']);
    const created = await t.app.inject({ method: 'POST', url, headers: staff.headers, payload: draft });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as number;

    // A draft is hidden from the public, listed and readable for staff.
    expect((await t.app.inject({ method: 'GET', url: `${url}/cartier-2026` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url })).json().items.map((s: { slug: string }) => s.slug)).not.toContain('cartier-2026');
    expect((await t.app.inject({ method: 'GET', url, headers: { cookie: staff.cookie } })).json().items.map((s: { slug: string }) => s.slug)).toContain('cartier-2026');
    expect((await t.app.inject({ method: 'GET', url: `${url}/cartier-2026`, headers: { cookie: staff.cookie } })).json()).toMatchObject({ status: 'draft', abilities: { edit: true }, attributes: [{ key: 'cartier' }, { key: 'ca' }, { key: 'tip' }] });
    expect((await t.app.inject({ method: 'POST', url: `${url}/cartier-2026/responses`, headers: citizen.headers, payload: { answers: { q1: 'da', q2: 5 } } })).statusCode).toBe(404);

    // Edit: 401 → 403 → 400 (field named) → 200, audited with an event; then publish.
    const put = (headers: Record<string, string> | undefined, payload: unknown) => t.app.inject({ method: 'PUT', url: `${url}/cartier-2026`, ...(headers ? { headers } : {}), payload: payload as object });
    expect((await put(undefined, draft)).statusCode).toBe(401);
    expect((await put(citizen.headers, draft)).statusCode).toBe(403);
    const badEdit = await put(staff.headers, { ...draft, questions: [{ ...draft.questions[0], options: [] }] });
    expect(problem(badEdit).errors?.[0]?.field).toBe('questions[0].options');
    const edited = await put(staff.headers, { ...draft, title: ml('Cartierul meu, 2026') });
    expect(edited.statusCode).toBe(200);
    const audit = await t.database.db.selectFrom('core_audit_log').select(['action', 'before']).where('entity_id', '=', String(id)).where('action', '=', 'participation.survey.updated').execute();
    expect(audit).toHaveLength(1);
    const events = await t.database.db.selectFrom('core_outbox').select('type').where('type', '=', 'participation.survey.updated').execute();
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect((await put(staff.headers, { ...draft, status: 'open' })).statusCode).toBe(200);
    const afterOpen = await put(staff.headers, draft);
    expect(afterOpen.statusCode).toBe(409);
    expect(problem(afterOpen).code).toBe('survey_not_draft');

    // Close and reopen: 401 → 403 → 400 → 200, audited with its event; a closed consultation takes no answers.
    const status = (headers: Record<string, string> | undefined, payload: unknown) => t.app.inject({ method: 'PUT', url: `${url}/cartier-2026/status`, ...(headers ? { headers } : {}), payload: payload as object });
    expect((await status(undefined, { status: 'closed' })).statusCode).toBe(401);
    expect((await status(citizen.headers, { status: 'closed' })).statusCode).toBe(403);
    expect(problem(await status(staff.headers, { status: 'archived' })).errors?.[0]?.field).toBe('status');
    expect((await status(staff.headers, { status: 'closed' })).json()).toEqual({ status: 'closed' });
    const whileClosed = await t.app.inject({ method: 'POST', url: `${url}/cartier-2026/responses`, headers: citizen.headers, payload: { answers: { q1: 'da', q2: 5 }, profile: { cartier: 'Fabric' } } });
    expect(problem(whileClosed).code).toBe('survey_closed');
    expect((await status(staff.headers, { status: 'open' })).json()).toEqual({ status: 'open' });
    const changes = await t.database.db.selectFrom('core_audit_log').select('after').where('entity_id', '=', String(id)).where('action', '=', 'participation.survey.statusChanged').orderBy('id').execute();
    expect(changes.map((c) => (c.after as { status: string }).status)).toEqual(['closed', 'open']);
    expect(await t.database.db.selectFrom('core_outbox').select('payload').where('type', '=', 'participation.survey.statusChanged').execute()).toHaveLength(2);

    // Answers with the declared attributes: unknown keys, values off the list, missing required, hidden ones → 400.
    const r = `${url}/cartier-2026/responses`;
    const wrong = await t.app.inject({ method: 'POST', url: r, headers: citizen.headers, payload: { answers: { q1: 'da', q2: 5 }, profile: { cartier: 'centru', tip: 'ong', nume: 'Maria' } } });
    expect(wrong.statusCode).toBe(400);
    expect(problem(wrong).errors?.map((e) => e.field).sort()).toEqual(['profile.ca', 'profile.cartier', 'profile.nume', 'profile.tip']);
    // The audience: only people who declare they answer as resident or professional.
    const org = await t.app.inject({ method: 'POST', url: r, headers: citizen.headers, payload: { answers: { q1: 'da', q2: 5 }, profile: { cartier: 'fabric', ca: 'organizatie', tip: 'ong' } } });
    expect(org.statusCode).toBe(403);
    // Fresh people (the shared citizen's answers are counted by the account-deletion test below).
    const people = [await buildUser(t, { timisoara: ['citizen'] }), await buildUser(t, { timisoara: ['citizen'] }), await buildUser(t, { timisoara: ['citizen'] })];
    const profiles = [{ cartier: 'fabric', ca: 'locuitor' }, { cartier: 'fabric', ca: 'profesionist' }, { cartier: 'iosefin', ca: 'locuitor' }];
    const answers = [{ q1: 'da', q2: 9 }, { q1: 'nu', q2: 3, q3: 'Prea mult trafic' }, { q1: 'da', q2: 6 }];
    for (const [i, p] of people.entries()) expect((await t.app.inject({ method: 'POST', url: r, headers: p.headers, payload: { answers: answers[i], profile: profiles[i] } })).statusCode).toBe(201);
    const all = (await t.app.inject({ method: 'GET', url: `${url}/cartier-2026/results` })).json();
    expect(all.respondents).toBe(3);
    expect(all.survey.attributes.map((a: { key: string }) => a.key)).toEqual(['cartier', 'ca', 'tip']);
    expect(all.attributes).toEqual([{ key: 'ca', values: [{ value: 'locuitor', count: 2 }, { value: 'profesionist', count: 1 }] }, { key: 'cartier', values: [{ value: 'fabric', count: 2 }, { value: 'iosefin', count: 1 }] }]);
    const fabric = (await t.app.inject({ method: 'GET', url: `${url}/cartier-2026/results?attr=cartier:fabric` })).json();
    expect(fabric.respondents).toBe(2);
    expect(fabric.questions[1].mean).toBe(6);
    expect(fabric.questions[0].options).toEqual([{ key: 'da', count: 1, pct: 50 }, { key: 'nu', count: 1, pct: 50 }]);
  });

  it('anonymous consultations: one answer per browser token (another token answers again: the weakness the UI states), coarse attributes only', async () => {
    const ml = (ro: string) => ({ ro });
    const body = {
      slug: 'anonim-parc',
      title: ml('Parcul anonim'),
      description: ml('Fără cont'),
      audience: 'anyone',
      anonymous: true,
      attributes: [{ key: 'varsta', label: ml('Vârsta'), options: [{ key: 'sub-30', label: ml('sub 30') }, { key: 'peste-30', label: ml('30 sau mai mult') }] }],
      questions: [{ key: 'q1', type: 'single', required: true, title: ml('Vă place parcul?'), options: [{ key: 'da', label: ml('Da') }, { key: 'nu', label: ml('Nu') }] }],
    };
    const tooFine = await t.app.inject({ method: 'POST', url: `${T}/surveys`, headers: staff.headers, payload: { ...body, attributes: [{ ...body.attributes[0], options: Array.from({ length: 21 }, (_, i) => ({ key: `v${i}`, label: ml(`${i}`) })) }] } });
    expect(problem(tooFine).errors?.map((e) => e.field)).toEqual(['attributes[0].options']);
    const users = await t.app.inject({ method: 'POST', url: `${T}/surveys`, headers: staff.headers, payload: { ...body, audience: 'users' } });
    expect(problem(users).errors?.map((e) => e.field)).toEqual(['anonymous']);
    expect((await t.app.inject({ method: 'POST', url: `${T}/surveys`, headers: staff.headers, payload: body })).statusCode).toBe(201);
    const r = `${T}/surveys/anonim-parc/responses`;
    const answer = { answers: { q1: 'da' }, profile: { varsta: 'sub-30' } };
    expect(problem(await t.app.inject({ method: 'POST', url: r, payload: answer })).errors?.[0]?.field).toBe('browserToken');
    const token = 'browser-token-0123456789';
    expect((await t.app.inject({ method: 'POST', url: r, payload: { ...answer, browserToken: token } })).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'GET', url: `${T}/surveys/anonim-parc?browserToken=${token}` })).json()).toMatchObject({ myResponse: { id: expect.any(Number) }, abilities: { answer: false } });
    expect((await t.app.inject({ method: 'GET', url: `${T}/surveys/anonim-parc?browserToken=another-token-0123456` })).json()).toMatchObject({ myResponse: null, abilities: { answer: true } });
    const again = await t.app.inject({ method: 'POST', url: r, payload: { ...answer, browserToken: token } });
    expect([again.statusCode, problem(again).code]).toEqual([409, 'already_answered']);
    expect((await t.app.inject({ method: 'POST', url: r, payload: { answers: { q1: 'nu' }, browserToken: 'another-token-0123456' } })).statusCode).toBe(201);
    const res = (await t.app.inject({ method: 'GET', url: `${T}/surveys/anonim-parc/results?attr=varsta:sub-30` })).json();
    expect([res.respondents, res.attributes]).toEqual([1, [{ key: 'varsta', values: [{ value: 'sub-30', count: 1 }] }]]);
  });

  it('shows the reconstructed Timișoara consultation with the published percentages, and feeds the KPI metrics', async () => {
    const list = (await t.app.inject({ method: 'GET', url: `${T}/surveys` })).json();
    expect(list.items.find((s: { slug: string }) => s.slug === 'consultare-smart-city-2021')).toMatchObject({ reconstructed: true, responses: 305, status: 'closed' });
    const r = (await t.app.inject({ method: 'GET', url: `${T}/surveys/consultare-smart-city-2021/results` })).json();
    expect(r).toMatchObject({ respondents: 305, reconstructed: true });
    const q = (k: string) => r.questions.find((x: { key: string }) => x.key === k);
    expect(q('necesitate').options.map((o: { pct: number }) => Math.round(o.pct))).toEqual([77, 22, 1]);
    expect(q('nevoi').groups.map((g: { pct: number }) => g.pct)).toEqual([25.4, 16.4, 15.9, 15, 14.3, 13]);
    expect(q('disfunctie-1').codes.map((c: { n: number }) => c.n).reduce((a: number, b: number) => a + b, 0) + q('disfunctie-2').codes.map((c: { n: number }) => c.n).reduce((a: number, b: number) => a + b, 0)).toBe(457);
    const closed = await t.app.inject({ method: 'POST', url: `${T}/surveys/consultare-smart-city-2021/responses`, headers: citizen.headers, payload: { answers: {} } });
    expect(closed.statusCode).toBe(409);

    const tm = await t.services.tenants.bySlug('timisoara');
    expect(await t.metrics.compute('participation.consultation_participants_max', tm.id, { from: '2021-01-01', to: '2022-01-01' })).toBe(305);
    expect(await t.metrics.compute('participation.participants_total', tm.id, { from: '2021-01-01', to: '2022-01-01' })).toBe(305);
    expect(await t.metrics.compute('participation.consultation_participants_max', tm.id, { from: '2019-01-01', to: '2020-01-01' })).toBeNull();
    // The demo is idempotent.
    await seedParticipationDemo(t.database.db, t.modules.participation!);
    expect((await t.app.inject({ method: 'GET', url: `${T}/surveys/consultare-smart-city-2021/results` })).json().respondents).toBe(305);
    // The open answers' themes across both open questions, as the results document prints them (of 457).
    const tmResults = (await t.app.inject({ method: 'GET', url: `${T}/surveys/consultare-smart-city-2021/results` })).json();
    expect(tmResults.openClusters.map((c: { pct: number }) => c.pct)).toEqual([31.3, 25.6, 23.9, 11.4, 7.9]);
    expect(tmResults.openClusters.reduce((n: number, c: { n: number }) => n + c.n, 0)).toBe(457);
    expect(tmResults.openClusters[0].questions).toEqual(['disfunctie-1', 'disfunctie-2']);
    // Baia Mare's citizen survey, reconstructed from the strategy's Figures 7 and 8, once.
    const bm = (await t.app.inject({ method: 'GET', url: '/api/v1/tenants/baia-mare/surveys/chestionar-online-ssc-bm-2022/results' })).json();
    expect(bm.respondents).toBe(100);
    expect(bm.reconstructed).toBe(true);
    expect(bm.openClusters).toEqual([]); // no open question there
  });

  const projectsOf = async (slug: string) => (await t.app.inject({ method: 'GET', url: `${T}/budgets/${slug}/projects` })).json().items as { id: number; code: string; cost: number }[];
  const ids = (ps: { id: number; code: string }[], codes: string[]) => codes.map((c) => ps.find((p) => p.code === c)!.id);

  it('ballots under the three voting rules: running total, rule broken → 400 with nothing stored, checkout final, 409 after', async () => {
    const voter = await buildUser(t, { timisoara: ['citizen'] });
    // threshold_percent: 50 % of 600,000 at checkout, never over 600,000.
    let ps = await projectsOf('buget-2026-prag');
    const url = `${T}/budgets/buget-2026-prag/ballot`;
    expect((await t.app.inject({ method: 'PUT', url, payload: { projectIds: [] } })).statusCode).toBe(401);
    const over = await t.app.inject({ method: 'PUT', url, headers: voter.headers, payload: { projectIds: ids(ps, ['P3', 'P4']) } });
    expect(over.statusCode).toBe(400);
    expect(problem(over).errors?.[0]).toMatchObject({ field: 'projectIds', code: 'over_budget' });
    expect((await t.app.inject({ method: 'GET', url, headers: { cookie: voter.cookie } })).json()).toMatchObject({ projectIds: [], total: 0 });
    const small = await t.app.inject({ method: 'PUT', url, headers: voter.headers, payload: { projectIds: ids(ps, ['P5']) } });
    expect(small.json()).toMatchObject({ total: 100000, budget: 600000, canCheckout: false, problems: [{ code: 'under_threshold' }] });
    const under = await t.app.inject({ method: 'POST', url: `${url}/checkout`, headers: voter.headers });
    expect(under.statusCode).toBe(400);
    expect((problem(under).errors?.[0] as { code?: string } | undefined)?.code).toBe('under_threshold');
    const edited = await t.app.inject({ method: 'PUT', url, headers: voter.headers, payload: { projectIds: ids(ps, ['P4', 'P5']) } });
    expect(edited.json()).toMatchObject({ total: 500000, canCheckout: true });
    // Two racing checkouts: exactly one wins.
    const both = await Promise.all([1, 2].map(() => t.app.inject({ method: 'POST', url: `${url}/checkout`, headers: voter.headers })));
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const change = await t.app.inject({ method: 'PUT', url, headers: voter.headers, payload: { projectIds: ids(ps, ['P1']) } });
    expect(change.statusCode).toBe(409);
    expect(problem(change).code).toBe('ballot_final');

    // minimum_projects: at least 2, within the budget.
    ps = await projectsOf('buget-2026-minim');
    const url2 = `${T}/budgets/buget-2026-minim/ballot`;
    await t.app.inject({ method: 'PUT', url: url2, headers: voter.headers, payload: { projectIds: ids(ps, ['P4']) } });
    const few = await t.app.inject({ method: 'POST', url: `${url2}/checkout`, headers: voter.headers });
    expect((problem(few).errors?.[0] as { code?: string } | undefined)?.code).toBe('too_few_projects');
    await t.app.inject({ method: 'PUT', url: url2, headers: voter.headers, payload: { projectIds: ids(ps, ['P1', 'P2', 'P3']) } });
    expect((await t.app.inject({ method: 'POST', url: `${url2}/checkout`, headers: voter.headers })).statusCode).toBe(200);

    // selected_projects: 1 to 2 projects, budget ignored.
    ps = await projectsOf('buget-2026-selectie');
    const url3 = `${T}/budgets/buget-2026-selectie/ballot`;
    const many = await t.app.inject({ method: 'PUT', url: url3, headers: voter.headers, payload: { projectIds: ids(ps, ['P1', 'P2', 'P3']) } });
    expect((problem(many).errors?.[0] as { code?: string } | undefined)?.code).toBe('too_many_projects');
    const two = await t.app.inject({ method: 'PUT', url: url3, headers: voter.headers, payload: { projectIds: ids(ps, ['P3', 'P4']) } });
    expect(two.json()).toMatchObject({ total: 650000, canCheckout: true });
    expect((await t.app.inject({ method: 'POST', url: `${url3}/checkout`, headers: voter.headers })).statusCode).toBe(200);

    // The count is reproducible from the ballot table.
    const results = (await t.app.inject({ method: 'GET', url: `${T}/budgets/buget-2026-prag/results?rule=greedy` })).json();
    expect(results.ballots).toBe(1);
    expect(results.items.filter((i: { votes: number }) => i.votes === 1).map((i: { project: { code: string } }) => i.project.code).sort()).toEqual(['P4', 'P5']);
    const tm = await t.services.tenants.bySlug('timisoara');
    const year = new Date().getUTCFullYear();
    expect(await t.metrics.compute('participation.budget_voters', tm.id, { from: `${year}-01-01`, to: `${year + 1}-01-01` })).toBe(3);
  });

  it("the children's budget asks for an age in its range", async () => {
    const url = '/api/v1/tenants/baia-mare/budgets/buget-copii-2026';
    const ps = (await t.app.inject({ method: 'GET', url: `${url}/projects` })).json().items as { id: number }[];
    const kid = await buildUser(t, { 'baia-mare': ['citizen'] });
    const noAge = await t.app.inject({ method: 'PUT', url: `${url}/ballot`, headers: kid.headers, payload: { projectIds: [ps[0]!.id] } });
    expect(noAge.statusCode).toBe(400);
    expect(problem(noAge).errors?.[0]?.field).toBe('age');
    expect((await t.app.inject({ method: 'PUT', url: `${url}/ballot`, headers: kid.headers, payload: { projectIds: [ps[0]!.id], age: 30 } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PUT', url: `${url}/ballot`, headers: kid.headers, payload: { projectIds: [ps[0]!.id], age: 12 } })).json()).toMatchObject({ canCheckout: true });
  });

  it('two ballots for one person cannot exist: the database refuses a second row', async () => {
    const b = await t.database.db.selectFrom('participation_budgets').select('id').where('slug', '=', 'buget-2026-prag').executeTakeFirstOrThrow();
    const tm = await t.services.tenants.bySlug('timisoara');
    const row = { tenant_id: tm.id, budget_id: b.id, voter_key: 'same-person', user_id: null, meta: '{}' };
    await t.database.db.insertInto('participation_ballots').values(row).execute();
    await expect(t.database.db.insertInto('participation_ballots').values(row).execute()).rejects.toMatchObject({ code: '23505' });
  });

  it('imports a real .pb file; greedy and equal shares match the published outcome; export → re-import gives the same winners', async () => {
    const url = `${T}/budgets/import`;
    expect((await t.app.inject({ method: 'POST', url, headers: { ...citizen.headers, 'content-type': 'text/plain' }, payload: PB('poland_krakow_2022_bienczyce.pb') })).statusCode).toBe(403);
    const bad = await t.app.inject({ method: 'POST', url, headers: { ...staff.headers, 'content-type': 'text/plain' }, payload: 'META\nkey;value\n' });
    expect(bad.statusCode).toBe(400);

    const krakow = parsePb(PB('poland_krakow_2022_bienczyce.pb'));
    const imp = await t.app.inject({ method: 'POST', url, headers: { ...staff.headers, 'content-type': 'text/plain' }, payload: PB('poland_krakow_2022_bienczyce.pb') });
    expect(imp.statusCode).toBe(201);
    expect(imp.json()).toMatchObject({ projects: 26, ballots: 1490 });
    const r = (await t.app.inject({ method: 'GET', url: `${T}/budgets/${imp.json().slug}/results?rule=greedy` })).json();
    for (const p of krakow.projects) {
      const got = r.items.find((i: { project: { code: string } }) => i.project.code === p.id);
      expect(got.votes).toBe(Number(p.fields.votes));
      expect(got.score).toBe(Number(p.fields.score));
      expect(got.selected).toBe(p.fields.selected === '1');
    }

    const wieliczka = parsePb(PB('poland_wieliczka_2023.pb'));
    const imp2 = await t.app.inject({ method: 'POST', url: `${url}?slug=wieliczka-2023`, headers: { ...staff.headers, 'content-type': 'text/plain' }, payload: PB('poland_wieliczka_2023.pb') });
    expect(imp2.statusCode).toBe(201);
    const mes = (await t.app.inject({ method: 'GET', url: `${T}/budgets/wieliczka-2023/results?rule=equal-shares` })).json();
    const selected = (items: { project: { code: string }; selected: boolean }[]) => items.filter((i) => i.selected).map((i) => i.project.code).sort();
    expect(selected(mes.items)).toEqual(wieliczka.projects.filter((p) => p.fields.selected === '1').map((p) => p.id).sort());

    const exported = await t.app.inject({ method: 'GET', url: `${T}/budgets/wieliczka-2023/export.pb?rule=equal-shares` });
    expect(exported.statusCode).toBe(200);
    const again = await t.app.inject({ method: 'POST', url: `${url}?slug=wieliczka-2023-again`, headers: { ...staff.headers, 'content-type': 'text/plain' }, payload: exported.body });
    expect(again.statusCode).toBe(201);
    for (const rule of ['greedy', 'equal-shares']) {
      const a = (await t.app.inject({ method: 'GET', url: `${T}/budgets/wieliczka-2023/results?rule=${rule}` })).json();
      const b = (await t.app.inject({ method: 'GET', url: `${T}/budgets/wieliczka-2023-again/results?rule=${rule}` })).json();
      expect(selected(b.items)).toEqual(selected(a.items));
    }
  });

  it('open-answer coding: create, tag, rename, merge, and the shares follow', async () => {
    const s = { ...survey, slug: 'idei-deschise', questions: [{ key: 'idee', type: 'long_text', required: true, title: { ro: 'Ideea dvs.' } }] };
    expect((await t.app.inject({ method: 'POST', url: `${T}/surveys`, headers: staff.headers, payload: s })).statusCode).toBe(201);
    const people = await Promise.all([1, 2, 3].map(() => buildUser(t, { timisoara: ['citizen'] })));
    for (const [i, p] of people.entries()) expect((await t.app.inject({ method: 'POST', url: `${T}/surveys/idei-deschise/responses`, headers: p.headers, payload: { answers: { idee: ['trafic', 'parcare', 'aer'][i] } } })).statusCode).toBe(201);
    const code = async (label: string) => (await t.app.inject({ method: 'POST', url: `${T}/surveys/idei-deschise/codes`, headers: staff.headers, payload: { question: 'idee', label } })).json().id as number;
    const [mob, park, env] = [await code('Mobilitate'), await code('Parcare'), await code('Mediu')];
    expect((await t.app.inject({ method: 'POST', url: `${T}/surveys/idei-deschise/codes`, headers: staff.headers, payload: { question: 'nu-exista', label: 'X' } })).statusCode).toBe(400);
    const answers = (await t.app.inject({ method: 'GET', url: `${T}/surveys/idei-deschise/open-answers?question=idee`, headers: { cookie: staff.cookie } })).json().items as { responseId: number; text: string }[];
    const rid = (text: string) => answers.find((a) => a.text === text)!.responseId;
    for (const [c, text] of [[mob, 'trafic'], [park, 'parcare'], [env, 'aer']] as const) expect((await t.app.inject({ method: 'PUT', url: `${T}/surveys/idei-deschise/codes/${c}/answers/${rid(text)}`, headers: staff.headers })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'PATCH', url: `${T}/surveys/idei-deschise/codes/${mob}`, headers: staff.headers, payload: { label: 'Mobilitate urbană' } })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'POST', url: `${T}/surveys/idei-deschise/codes/${park}/merge`, headers: staff.headers, payload: { into: mob } })).statusCode).toBe(204);
    const r = (await t.app.inject({ method: 'GET', url: `${T}/surveys/idei-deschise/results` })).json();
    expect(r.questions[0].codes.map((c: { label: string; n: number; pct: number }) => [c.label, c.n, c.pct])).toEqual([['Mobilitate urbană', 2, 66.7], ['Mediu', 1, 33.3]]);
    expect((await t.app.inject({ method: 'PATCH', url: `${T}/surveys/idei-deschise/codes/${env}`, headers: citizen.headers, payload: { label: 'x' } })).statusCode).toBe(403);
  });

  it('account deletion keeps answers and ballots for the results but unlinks the person', async () => {
    const before = (await t.app.inject({ method: 'GET', url: `${T}/surveys/parcuri-2026/results` })).json().respondents;
    const n = await t.modules.participation!.anonymiseUser(citizen.id);
    expect(n.responses).toBe(1);
    expect((await t.app.inject({ method: 'GET', url: `${T}/surveys/parcuri-2026/results` })).json().respondents).toBe(before);
    const linked = await t.database.db.selectFrom('participation_responses').select('id').where('user_id', '=', citizen.id).execute();
    expect(linked).toHaveLength(0);
  });
});
