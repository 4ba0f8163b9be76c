import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problem } from '../../../../tests/helpers/app.js';
import { testEngines } from '../../../../tests/helpers/env.js';
import { directoryFixture, type DirectoryFixture, noEmails, T, VALID_CUI } from '../directory.test-helpers.js';
import { seedGroups } from './groups.seed.js';

describe.each(testEngines())('groups on %s', (engine) => {
  let f: DirectoryFixture;
  beforeAll(async () => {
    f = await directoryFixture(engine);
  });
  afterAll(async () => {
    await f?.t.close();
  });

  it("seeds Timișoara's 7 action groups (one per ambition, named after it) and SmarTM, Baia Mare's UIM SSC-BM, with no members; idempotent", async () => {
    const { t } = f;
    const tm = await t.services.tenants.bySlug('timisoara');
    const bm = await t.services.tenants.bySlug('baia-mare');
    expect(await seedGroups(tm, t.modules.directory!.groups, t.modules.strategy)).toBe(8);
    expect(await seedGroups(bm, t.modules.directory!.groups, t.modules.strategy)).toBe(1);
    expect(await seedGroups(tm, t.modules.directory!.groups, t.modules.strategy)).toBe(0);
    const items = (await t.app.inject({ method: 'GET', url: `${T}/groups` })).json().items;
    const action = items.filter((g: { kind: string }) => g.kind === 'action_group');
    expect(action.map((g: { strategyCode: string }) => g.strategyCode)).toEqual(['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7']);
    expect(action[0].name.ro).toBe('Grupul de acțiune A1 – Fiecare cetățean are o voce');
    expect(items.find((g: { slug: string }) => g.slug === 'smartm')).toMatchObject({ kind: 'steering_group', openToRequests: false });
    expect(items.every((g: { memberCount: number }) => g.memberCount === 0)).toBe(true);
    const bmItems = (await t.app.inject({ method: 'GET', url: '/api/v1/tenants/baia-mare/groups' })).json().items;
    expect(bmItems.map((g: { slug: string }) => g.slug)).toEqual(['uim-ssc-bm']);
  });

  it('create: 401 → 403 → 400 → 201 (staff), audited', async () => {
    const { t, ana, staff } = f;
    const body = { slug: 'wg-a3-p1', kind: 'working_group', name: { ro: 'Grup de lucru A3.P1' }, purpose: { ro: 'Termenii de referință ai proiectului.' }, strategyCode: 'A3' };
    expect((await t.app.inject({ method: 'POST', url: `${T}/groups`, payload: body })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: `${T}/groups`, headers: ana.headers, payload: body })).statusCode).toBe(403);
    const bad = await t.app.inject({ method: 'POST', url: `${T}/groups`, headers: staff.headers, payload: { ...body, strategyCode: 'Z9' } });
    expect(problem(bad).errors?.[0]?.field).toBe('strategyCode');
    const badKind = await t.app.inject({ method: 'POST', url: `${T}/groups`, headers: staff.headers, payload: { ...body, kind: 'party' } });
    expect(problem(badKind).errors?.[0]?.field).toBe('kind');
    expect((await t.app.inject({ method: 'POST', url: `${T}/groups`, headers: staff.headers, payload: body })).statusCode).toBe(201);
    const audit = await t.database.db.selectFrom('core_audit_log').select('action').where('action', '=', 'directory.group.created').where('actor_user_id', '=', staff.id).execute();
    expect(audit).toHaveLength(1);
  });

  it('join requests: a closed group refuses (409 naming the group); coordinators approve; members listed only with consent', async () => {
    const { t, ana, ion, maria, staff } = f;
    const closed = await t.app.inject({ method: 'POST', url: `${T}/groups/smartm/members`, headers: ana.headers, payload: {} });
    expect(closed.statusCode).toBe(409);
    expect(problem(closed)).toMatchObject({ code: 'group_closed', errors: [{ field: 'group' }] });
    const g = 'grup-actiune-a3';
    expect((await t.app.inject({ method: 'POST', url: `${T}/groups/${g}/members`, payload: {} })).statusCode).toBe(401);
    const anaReq = (await t.app.inject({ method: 'POST', url: `${T}/groups/${g}/members`, headers: ana.headers, payload: { public: true, message: 'Coordonez.' } })).json().id;
    const ionReq = (await t.app.inject({ method: 'POST', url: `${T}/groups/${g}/members`, headers: ion.headers, payload: { public: false } })).json().id;
    expect((await t.app.inject({ method: 'POST', url: `${T}/groups/${g}/members`, headers: ion.headers, payload: {} })).statusCode).toBe(409);
    // an organisation joins through its admin
    const org = (await t.app.inject({ method: 'POST', url: `${T}/organisations`, headers: maria.headers, payload: { name: { ro: 'Clusterul ICT Vest' }, helix: 'business', kind: 'cluster', cui: VALID_CUI } })).json().id;
    expect(problem(await t.app.inject({ method: 'POST', url: `${T}/groups/${g}/members`, headers: ion.headers, payload: { organisationId: org } })).errors?.[0]?.field).toBe('organisationId');
    const orgReq = (await t.app.inject({ method: 'POST', url: `${T}/groups/${g}/members`, headers: maria.headers, payload: { organisationId: org } })).json().id;

    // only staff or a coordinator approves
    expect((await t.app.inject({ method: 'PATCH', url: `${T}/groups/${g}/members/${ionReq}`, headers: ion.headers, payload: { status: 'active' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PATCH', url: `${T}/groups/${g}/members/${anaReq}`, headers: staff.headers, payload: { status: 'active', position: 'coordinator' } })).statusCode).toBe(204);
    for (const id of [ionReq, orgReq]) expect((await t.app.inject({ method: 'PATCH', url: `${T}/groups/${g}/members/${id}`, headers: ana.headers, payload: { status: 'active' } })).statusCode).toBe(204);
    // the coordinator cannot give consent for Ion
    expect((await t.app.inject({ method: 'PATCH', url: `${T}/groups/${g}/members/${ionReq}`, headers: ana.headers, payload: { public: true } })).statusCode).toBe(403);

    const pub = await t.app.inject({ method: 'GET', url: `${T}/groups/${g}` });
    expect(pub.json().memberCount).toBe(3);
    expect(pub.json().members.map((m: { name: string; position: string }) => [m.name, m.position])).toEqual([['Ana Popescu', 'coordinator'], ['Clusterul ICT Vest', 'member']]);
    expect(pub.json().members[0].message).toBeNull();
    expect(noEmails(pub.body, [ana, ion, maria])).toBe(true);
    const coord = (await t.app.inject({ method: 'GET', url: `${T}/groups/${g}`, headers: { cookie: ana.cookie } })).json();
    expect(coord.members).toHaveLength(3);
    expect(coord.abilities).toMatchObject({ manageMembers: true, scheduleMeeting: true, join: false });
    const inbox = await t.database.db.selectFrom('notifications_inbox').select('user_id').where('kind', '=', 'directory.group.membershipChanged').execute();
    expect(inbox.map((r) => r.user_id).sort()).toEqual([ana.id, ion.id, maria.id].sort());
  });

  it('a members-only group is hidden from others (404) and shown to its members', async () => {
    const { t, ion, staff, maria } = f;
    const g = (await t.app.inject({ method: 'POST', url: `${T}/groups`, headers: staff.headers, payload: { slug: 'consiliu-civic', kind: 'civic_council', name: { ro: 'Consiliul civic' }, purpose: { ro: 'Consultare.' }, visibility: 'members' } })).json();
    expect((await t.app.inject({ method: 'GET', url: `${T}/groups/${g.slug}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `${T}/groups` })).json().items.map((x: { slug: string }) => x.slug)).not.toContain('consiliu-civic');
    expect((await t.app.inject({ method: 'GET', url: `${T}/groups/${g.id}`, headers: { cookie: staff.cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: `${T}/groups/${g.slug}/members`, headers: ion.headers, payload: {} })).statusCode).toBe(404);
    expect(maria).toBeTruthy();
  });

  it('account deletion: the group seat stays counted but loses the person (name, consent, message), the organisation leaves its own organisations and loses the role', async () => {
    const { t, ana, maria } = f;
    const g = 'grup-actiune-a3';
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/auth/me', headers: ana.headers, payload: { password: ana.password } })).statusCode).toBe(204);
    await t.worker.drain();
    const pub = (await t.app.inject({ method: 'GET', url: `${T}/groups/${g}` })).json();
    expect(pub.memberCount).toBe(3);
    expect(JSON.stringify(pub)).not.toContain('Ana Popescu');
    expect(pub.members.map((m: { name: string }) => m.name)).toEqual(['Clusterul ICT Vest']);
    const seats = await t.database.db.selectFrom('directory_group_members').select(['user_id', 'public', 'message', 'anonymised']).where('anonymised', '=', true).execute();
    expect(seats).toEqual([{ user_id: null, public: false, message: null, anonymised: true }]);
    // Maria deletes her account: her organisation keeps its seat, she is no longer its admin and holds no role
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/auth/me', headers: maria.headers, payload: { password: maria.password } })).statusCode).toBe(204);
    await t.worker.drain();
    expect(await t.database.db.selectFrom('directory_organisation_members').select('user_id').where('user_id', '=', maria.id).execute()).toEqual([]);
    expect(await t.database.db.selectFrom('users_roles').select('role').where('user_id', 'in', [ana.id, maria.id]).execute()).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: `${T}/groups/${g}` })).json().members.map((m: { name: string }) => m.name)).toEqual(['Clusterul ICT Vest']);
  });
});
