import { beforeAll, describe, expect, it } from 'vitest';
import { importTimisoaraStrategy, problem, useTestApp, useUser } from '../../../tests/helpers/app.js';
import { testEngines } from '../../../tests/helpers/env.js';
import { seedParticipationDemo } from './participation.demo.js';
import { similarity } from './proposals/proposals.similarity.js';

const T = '/api/v1/tenants/timisoara';

describe.each(testEngines())('proposals, comments, processes and interests on %s', (engine) => {
  const t = useTestApp(engine);
  beforeAll(async () => {
    await seedParticipationDemo(t.database.db, t.modules.participation!);
    await importTimisoaraStrategy(t);
  });
  const staff = useUser(t, { timisoara: ['staff'] });
  const ana = useUser(t, { timisoara: ['citizen'] }, { displayName: 'Ana' });
  const ion = useUser(t, { timisoara: ['citizen'] }, { displayName: 'Ion' });

  it('a proposal is submitted, hinted as similar, supported once (409 also in a race), answered and turned into an open action', async () => {
    expect((await t.app.inject({ method: 'POST', url: `${T}/proposals`, payload: { title: 'Bănci noi în parc', body: 'Mai multe bănci în Parcul Rozelor.' } })).statusCode).toBe(401);
    const short = await t.app.inject({ method: 'POST', url: `${T}/proposals`, headers: ana.headers, payload: { title: 'x', body: 'y' } });
    expect(problem(short).errors?.map((e) => e.field).sort()).toEqual(['body', 'title']);
    const created = await t.app.inject({ method: 'POST', url: `${T}/proposals`, headers: ana.headers, payload: { title: 'Bănci noi în Parcul Rozelor', body: 'Mai multe bănci și umbră în Parcul Rozelor.', lat: 45.75, lon: 21.23 } });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as number;
    const similar = (await t.app.inject({ method: 'GET', url: `${T}/proposals/similar?q=${encodeURIComponent('banci in parcul rozelor')}` })).json();
    expect(similar.items.map((s: { id: number }) => s.id)).toContain(id);

    expect((await t.app.inject({ method: 'POST', url: `${T}/proposals/${id}/supports`, headers: ana.headers })).statusCode).toBe(403);
    const race = await Promise.all([1, 2].map(() => t.app.inject({ method: 'POST', url: `${T}/proposals/${id}/supports`, headers: ion.headers })));
    expect(race.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const p = (await t.app.inject({ method: 'GET', url: `${T}/proposals/${id}`, headers: { cookie: ion.cookie } })).json();
    expect(p).toMatchObject({ supports: 1, supported: true, abilities: { support: false } });

    expect((await t.app.inject({ method: 'PUT', url: `${T}/proposals/${id}/answer`, headers: ion.headers, payload: { state: 'accepted', answer: { ro: 'Da' } } })).statusCode).toBe(403);
    const early = await t.app.inject({ method: 'POST', url: `${T}/proposals/${id}/convert`, headers: staff.headers, payload: { kind: 'open_action', code: 'OA-BANCI', parent: 'A1' } });
    expect(early.statusCode).toBe(409);
    expect((await t.app.inject({ method: 'PUT', url: `${T}/proposals/${id}/answer`, headers: staff.headers, payload: { state: 'accepted', answer: { ro: 'Propunerea este acceptată.', en: 'Accepted.' } } })).statusCode).toBe(204);
    if (t.modules.strategy) {
      const noCategory = await t.app.inject({ method: 'POST', url: `${T}/proposals/${id}/convert`, headers: staff.headers, payload: { kind: 'open_action', code: 'OA-BANCI', parent: 'A1' } });
      expect(noCategory.statusCode).toBe(400);
      expect(problem(noCategory).errors?.map((e) => e.field)).toEqual(['category']);
    }
    const conv = await t.app.inject({ method: 'POST', url: `${T}/proposals/${id}/convert`, headers: staff.headers, payload: { kind: 'open_action', code: 'OA-BANCI', parent: 'A1', category: 'infrastructure' } });
    if (t.modules.strategy) {
      expect(conv.statusCode, conv.body).toBe(201);
      expect((await t.app.inject({ method: 'GET', url: `${T}/proposals/${id}` })).json()).toMatchObject({ state: 'accepted', strategyCode: 'OA-BANCI', answer: { ro: 'Propunerea este acceptată.' } });
      const project = await t.modules.strategy.getProject((await t.services.tenants.bySlug('timisoara')).id, 'OA-BANCI');
      expect(project).toMatchObject({ category: 'infrastructure' });
    } else expect(conv.statusCode).toBe(409);
    const audit = await t.database.db.selectFrom('core_audit_log').select('action').where('entity_id', '=', String(id)).where('entity_type', '=', 'participation_proposal').execute();
    expect(audit.map((a) => a.action)).toContain('participation.proposal.answered');
  });

  it('comments: one level of threads, editable for 15 minutes, flaggable, hidden by staff with the original kept', async () => {
    const { items } = (await t.app.inject({ method: 'GET', url: `${T}/proposals` })).json();
    const on = `proposal:${items[0].id}`;
    const top = (await t.app.inject({ method: 'POST', url: `${T}/comments`, headers: ana.headers, payload: { on, body: 'Bună idee!' } })).json().id;
    const reply = (await t.app.inject({ method: 'POST', url: `${T}/comments`, headers: ion.headers, payload: { on, body: 'De acord.', parentId: top } })).json().id;
    const deep = (await t.app.inject({ method: 'POST', url: `${T}/comments`, headers: ana.headers, payload: { on, body: 'Mulțumesc.', parentId: reply } })).json().id;
    const list = (await t.app.inject({ method: 'GET', url: `${T}/comments?on=${on}` })).json().items;
    expect(list.find((c: { id: number }) => c.id === deep).parentId).toBe(top);
    expect((await t.app.inject({ method: 'POST', url: `${T}/comments`, headers: ana.headers, payload: { on: 'proposal:999999', body: 'x' } })).statusCode).toBe(404);

    expect((await t.app.inject({ method: 'PATCH', url: `${T}/comments/${top}`, headers: ion.headers, payload: { body: 'hack' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PATCH', url: `${T}/comments/${top}`, headers: ana.headers, payload: { body: 'Foarte bună idee!' } })).statusCode).toBe(204);
    await t.database.db.updateTable('participation_comments').set({ created_at: new Date(Date.now() - 16 * 60_000) }).where('id', '=', top).execute();
    const late = await t.app.inject({ method: 'PATCH', url: `${T}/comments/${top}`, headers: ana.headers, payload: { body: 'Prea târziu' } });
    expect(late.statusCode).toBe(409);
    expect(problem(late).code).toBe('edit_window_over');

    expect((await t.app.inject({ method: 'POST', url: `${T}/comments/${reply}/flags`, headers: ana.headers, payload: { reason: 'spam' } })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'POST', url: `${T}/comments/${reply}/flags`, headers: ana.headers, payload: { reason: 'spam' } })).statusCode).toBe(409);
    expect((await t.app.inject({ method: 'POST', url: `${T}/comments/${reply}/hide`, headers: ion.headers, payload: { reason: 'off topic' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `${T}/comments/${reply}/hide`, headers: staff.headers, payload: { reason: 'Limbaj nepotrivit' } })).statusCode).toBe(204);
    const pub = (await t.app.inject({ method: 'GET', url: `${T}/comments?on=${on}` })).json().items.find((c: { id: number }) => c.id === reply);
    expect(pub).toMatchObject({ hidden: true, body: null, hiddenReason: 'Limbaj nepotrivit' });
    const forStaff = (await t.app.inject({ method: 'GET', url: `${T}/comments?on=${on}`, headers: { cookie: staff.cookie } })).json().items.find((c: { id: number }) => c.id === reply);
    expect(forStaff).toMatchObject({ body: 'De acord.', flags: 1 });
  });

  it('processes switch components per phase and are listed for a linked strategy project', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const links = t.modules.strategy ? [{ type: 'project', code: 'A1.P1' }] : [];
    const body = { slug: 'idei-2026', title: { ro: 'Idei pentru 2026' }, description: { ro: 'Propuneri' }, scope: 'Fabric', phases: [{ key: 'vot', title: { ro: 'Vot' }, start: '2020-01-01', end: '2099-12-31', components: ['support', 'comment'] }], links };
    expect((await t.app.inject({ method: 'POST', url: `${T}/processes`, headers: ana.headers, payload: body })).statusCode).toBe(403);
    const created = await t.app.inject({ method: 'POST', url: `${T}/processes`, headers: staff.headers, payload: body });
    expect(created.statusCode).toBe(201);
    const pid = created.json().id;
    expect((await t.app.inject({ method: 'GET', url: `${T}/processes/idei-2026` })).json()).toMatchObject({ currentPhase: 'vot', scope: 'Fabric' });
    const closed = await t.app.inject({ method: 'POST', url: `${T}/proposals`, headers: ana.headers, payload: { title: 'O idee în afara fazei', body: 'Faza curentă nu permite propuneri.', processId: pid } });
    expect(closed.statusCode).toBe(409);
    expect(problem(closed).code).toBe('phase_closed');
    expect(today <= '2099-12-31').toBe(true);
    if (t.modules.strategy) {
      const tm = await t.services.tenants.bySlug('timisoara');
      expect((await t.modules.participation!.processesForProject(tm.id, 'A1.P1')).map((p) => p.slug)).toEqual(['idei-2026']);
    }
  });

  it('staff edit a process: phases added, reordered and retitled in three languages; bad dates and repeated keys name the field; audited', async () => {
    const body = { slug: 'editare-2026', title: { ro: 'Proces de editat' }, description: { ro: 'Descriere' }, phases: [{ key: 'idei', title: { ro: 'Idei' }, start: '2026-01-01', end: '2026-03-31', components: ['propose'] }] };
    expect((await t.app.inject({ method: 'POST', url: `${T}/processes`, headers: staff.headers, payload: body })).statusCode).toBe(201);
    const url = `${T}/processes/editare-2026`;
    const vot = { key: 'vot', title: { ro: 'Vot', en: 'Vote', hu: 'Szavazás' }, start: '2026-04-01', end: '2026-04-30', components: ['support'] };
    const edit = { title: { ro: 'Proces editat', hu: 'Szerkesztett folyamat' }, description: { ro: 'Descriere nouă' }, scope: 'city', phases: [vot, { ...body.phases[0], title: { ro: 'Idei', en: 'Ideas' } }], links: [] };
    expect((await t.app.inject({ method: 'PUT', url, payload: edit })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'PUT', url, headers: ana.headers, payload: edit })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url, headers: { cookie: ana.cookie } })).json().abilities).toEqual({ edit: false });
    expect((await t.app.inject({ method: 'GET', url, headers: { cookie: staff.cookie } })).json().abilities).toEqual({ edit: true });
    const backwards = await t.app.inject({ method: 'PUT', url, headers: staff.headers, payload: { ...edit, phases: [vot, { ...vot, key: 'x', start: '2026-05-02', end: '2026-05-01' }] } });
    expect(backwards.statusCode).toBe(400);
    expect(problem(backwards).errors?.map((e) => e.field)).toEqual(['phases[1].end']);
    const twice = await t.app.inject({ method: 'PUT', url, headers: staff.headers, payload: { ...edit, phases: [vot, vot] } });
    expect(problem(twice).errors?.map((e) => e.field)).toEqual(['phases[1].key']);
    const noTitle = await t.app.inject({ method: 'PUT', url, headers: staff.headers, payload: { ...edit, phases: [{ ...vot, title: { ro: '' } }] } });
    expect(noTitle.statusCode).toBe(400);
    expect(problem(noTitle).errors?.map((e) => e.field)).toEqual(['phases[0].title.ro']);
    const ok = await t.app.inject({ method: 'PUT', url, headers: staff.headers, payload: edit });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ slug: 'editare-2026', title: { ro: 'Proces editat', hu: 'Szerkesztett folyamat' }, phases: [{ key: 'vot', title: { hu: 'Szavazás' } }, { key: 'idei', title: { en: 'Ideas' } }] });
    const rows = await t.database.db.selectFrom('core_audit_log').select(['action', 'before']).where('entity_type', '=', 'participation_process').where('entity_id', '=', String(ok.json().id)).orderBy('id').execute();
    expect(rows.map((r) => r.action)).toEqual(['participation.process.created', 'participation.process.updated']);
    expect(rows[1]!.before).toMatchObject({ title: { ro: 'Proces de editat' } });
  });

  it('expressions of interest: one per person and project, staff list and CSV', async () => {
    const code = t.modules.strategy ? 'A1.P1' : 'ANY';
    const body = { projectCode: code, role: 'Expert în date deschise', message: 'Pot ajuta.', organisation: 'ONG Date', contactConsent: true };
    expect((await t.app.inject({ method: 'POST', url: `${T}/interests`, headers: ana.headers, payload: { ...body, contactConsent: false } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: `${T}/interests`, headers: ana.headers, payload: body })).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'POST', url: `${T}/interests`, headers: ana.headers, payload: body })).statusCode).toBe(409);
    expect((await t.app.inject({ method: 'GET', url: `${T}/interests`, headers: { cookie: ana.cookie } })).statusCode).toBe(403);
    const list = (await t.app.inject({ method: 'GET', url: `${T}/interests?project=${code}`, headers: { cookie: staff.cookie } })).json();
    expect(list.items).toHaveLength(1);
    const csv = await t.app.inject({ method: 'GET', url: `${T}/interests.csv`, headers: { cookie: staff.cookie } });
    expect(csv.body).toContain('ONG Date');
  });

  it('account deletion anonymises proposals and comments but keeps them', async () => {
    await t.modules.participation!.anonymiseUser(ana.id);
    const mine = await t.database.db.selectFrom('participation_comments').select('id').where('author_id', '=', ana.id).execute();
    expect(mine).toHaveLength(0);
    const { items } = (await t.app.inject({ method: 'GET', url: `${T}/proposals` })).json();
    expect(items.length).toBeGreaterThan(0);
    expect(similarity('Bănci în parc', 'banci in parc')).toBe(1);
  });
});
