import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, problem } from '../../../../tests/helpers/app.js';
import { testEngines } from '../../../../tests/helpers/env.js';
import { directoryFixture, type DirectoryFixture, INSIDE, noEmails, OUTSIDE, T, VALID_CUI } from '../directory.test-helpers.js';
import { validCui } from './organisations.schemas.js';

const startup = { name: { ro: 'Nod Verde SRL', en: 'Green Node Ltd' }, helix: 'business', kind: 'startup', cui: `RO${VALID_CUI}`, ...INSIDE, address: 'Piața Victoriei 1', website: 'https://nodverde.example.org', contactEmail: 'contact@nodverde.example.org', contactPublic: false, strategyCodes: ['A3'] };
const ngo = { name: { ro: 'Asociația Cartierul Viu' }, helix: 'civil_society', kind: 'association', cui: '18399517', ngoRegistryNumber: '12345/A/2015', legalForm: 'asociatie', domains: ['urbanism', 'cultură'], publicUtility: true, contactEmail: 'salut@cartierulviu.example.org', contactPublic: true };

describe('the CUI control digit (key 753217532)', () => {
  it('accepts real fiscal codes and refuses a wrong control digit', () => {
    expect(['14756536', 'RO14756536', 'ro 14756536', '18399517', '42683464'].every(validCui)).toBe(true);
    expect(['14756535', '1', '12345678901', 'RO', 'abcdefgh', '18399510'].some(validCui)).toBe(false);
  });
});

describe.each(testEngines())('organisations, the NGO register and claims of open actions on %s', (engine) => {
  let f: DirectoryFixture;
  let orgId: number;
  let ngoId: number;
  beforeAll(async () => {
    f = await directoryFixture(engine);
  });
  afterAll(async () => {
    await f?.t.close();
  });
  const count = async () => Number((await f.t.database.db.selectFrom('directory_organisations').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('registration: 401 anonymous, 400 naming the field (bad CUI, point outside the city) with nothing written, 201 unverified', async () => {
    const { t, ana } = f;
    expect((await t.app.inject({ method: 'POST', url: `${T}/organisations`, payload: startup })).statusCode).toBe(401);
    const badCui = await t.app.inject({ method: 'POST', url: `${T}/organisations`, headers: ana.headers, payload: { ...startup, cui: '14756535' } });
    expect(badCui.statusCode).toBe(400);
    expect(problem(badCui).errors?.map((e) => e.field)).toEqual(['cui']);
    const outside = await t.app.inject({ method: 'POST', url: `${T}/organisations`, headers: ana.headers, payload: { ...startup, ...OUTSIDE } });
    expect(outside.statusCode).toBe(400);
    expect(problem(outside).errors?.[0]).toMatchObject({ field: 'lat', code: 'outside_boundary' });
    const badCode = await t.app.inject({ method: 'POST', url: `${T}/organisations`, headers: ana.headers, payload: { ...startup, strategyCodes: ['Z9'] } });
    expect(problem(badCode).errors?.[0]?.field).toBe('strategyCodes[0]');
    const badKind = await t.app.inject({ method: 'POST', url: `${T}/organisations`, headers: ana.headers, payload: { ...startup, kind: 'bank' } });
    expect(problem(badKind).errors?.[0]?.field).toBe('kind');
    expect(await count()).toBe(0);

    const res = await t.app.inject({ method: 'POST', url: `${T}/organisations`, headers: ana.headers, payload: startup });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ cui: VALID_CUI, verified: false, name: { ro: 'Nod Verde SRL' } });
    orgId = res.json().id;
    const dup = await t.app.inject({ method: 'POST', url: `${T}/organisations`, headers: f.ion.headers, payload: { ...startup, name: { ro: 'Alt nume' } } });
    expect(dup.statusCode).toBe(409);
    ngoId = (await t.app.inject({ method: 'POST', url: `${T}/organisations`, headers: f.ion.headers, payload: ngo })).json().id;
    expect(await count()).toBe(2);
  });

  it('verification: 401 → 403 → 200 for staff, audited; the admin is the only editor besides staff', async () => {
    const { t, ana, ion, staff } = f;
    const url = `${T}/organisations/${orgId}/verification`;
    expect((await t.app.inject({ method: 'PUT', url, payload: { verified: true } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'PUT', url, headers: ana.headers, payload: { verified: true } })).statusCode).toBe(403);
    const ok = await t.app.inject({ method: 'PUT', url, headers: staff.headers, payload: { verified: true } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().verified).toBe(true);
    const audit = await t.database.db.selectFrom('core_audit_log').select(['action', 'actor_user_id']).where('entity_type', '=', 'directory_organisation').where('entity_id', '=', String(orgId)).execute();
    expect(audit).toContainEqual({ action: 'directory.organisation.verified', actor_user_id: staff.id });

    expect((await t.app.inject({ method: 'PATCH', url: `${T}/organisations/${orgId}`, headers: ion.headers, payload: { website: 'https://evil.example.org' } })).statusCode).toBe(403);
    const edit = await t.app.inject({ method: 'PATCH', url: `${T}/organisations/${orgId}`, headers: ana.headers, payload: { domains: ['energie', 'mobilitate'] } });
    expect(edit.statusCode).toBe(200);
    expect(edit.json().domains).toEqual(['energie', 'mobilitate']);
    const outside = await t.app.inject({ method: 'PATCH', url: `${T}/organisations/${orgId}`, headers: ana.headers, payload: { lat: OUTSIDE.lat } });
    expect(problem(outside).errors?.[0]?.field).toBe('lat');
  });

  it('members: a request approved by an admin; listed publicly only with consent; no e-mail address in public answers', async () => {
    const { t, ana, ion, maria } = f;
    const url = `${T}/organisations/${orgId}/members`;
    expect((await t.app.inject({ method: 'POST', url, payload: {} })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url, headers: ion.headers, payload: { public: true } })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'POST', url, headers: ion.headers, payload: { public: true } })).statusCode).toBe(409);
    expect((await t.app.inject({ method: 'POST', url, headers: maria.headers, payload: { public: false } })).statusCode).toBe(204);
    // a requester cannot approve themselves
    expect((await t.app.inject({ method: 'PATCH', url: `${url}/${ion.id}`, headers: ion.headers, payload: { status: 'active' } })).statusCode).toBe(403);
    for (const u of [ion, maria]) expect((await t.app.inject({ method: 'PATCH', url: `${url}/${u.id}`, headers: ana.headers, payload: { status: 'active' } })).statusCode).toBe(204);
    // the admin cannot give consent for someone else
    expect((await t.app.inject({ method: 'PATCH', url: `${url}/${maria.id}`, headers: ana.headers, payload: { public: true } })).statusCode).toBe(403);

    const pub = await t.app.inject({ method: 'GET', url: `${T}/organisations/${orgId}` });
    expect(pub.json().members.map((m: { name: string }) => m.name)).toEqual(['Ion Ionescu']);
    expect(pub.json().members[0].userId).toBeNull();
    expect(pub.json().contact).toBeNull();
    expect(noEmails(pub.body, [ana, ion, maria])).toBe(true);
    expect(pub.body).not.toContain('contact@nodverde');
    const admin = (await t.app.inject({ method: 'GET', url: `${T}/organisations/${orgId}`, headers: { cookie: ana.cookie } })).json();
    expect(admin.members).toHaveLength(3);
    expect(admin.contact.email).toBe('contact@nodverde.example.org');
    expect(admin.abilities).toMatchObject({ edit: true, manageMembers: true, claim: true, join: false });
    expect(noEmails(JSON.stringify(admin), [ana, ion, maria])).toBe(true);
    // the last admin cannot leave
    const last = await t.app.inject({ method: 'DELETE', url: `${url}/${ana.id}`, headers: ana.headers });
    expect(last.statusCode).toBe(409);
  });

  it('the NGO register: filters, JSON and CSV export, contact details only with consent', async () => {
    const { t, ion } = f;
    const all = (await t.app.inject({ method: 'GET', url: `${T}/organisations` })).json();
    expect(all.total).toBe(2);
    const reg = (await t.app.inject({ method: 'GET', url: `${T}/organisations?ngo=true&publicUtility=true` })).json();
    expect(reg.items.map((o: { id: number }) => o.id)).toEqual([ngoId]);
    expect(reg.items[0]).toMatchObject({ ngoRegistryNumber: '12345/A/2015', contact: { email: 'salut@cartierulviu.example.org' }, verified: false });
    expect((await t.app.inject({ method: 'GET', url: `${T}/organisations?verified=true` })).json().items.map((o: { id: number }) => o.id)).toEqual([orgId]);
    expect((await t.app.inject({ method: 'GET', url: `${T}/organisations?domain=energie` })).json().total).toBe(1);
    expect((await t.app.inject({ method: 'GET', url: `${T}/organisations?q=viu` })).json().total).toBe(1);
    expect((await t.app.inject({ method: 'GET', url: `${T}/organisations?kind=bank` })).statusCode).toBe(400);

    const csv = await t.app.inject({ method: 'GET', url: `${T}/ngo-register.csv` });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('12345/A/2015');
    expect(csv.body).not.toContain('nodverde');
    const json = (await t.app.inject({ method: 'GET', url: `${T}/ngo-register.json` })).json();
    expect(json.items).toHaveLength(1);
    expect(noEmails(csv.body + JSON.stringify(json), [ion])).toBe(true);
    const startupCsv = await t.app.inject({ method: 'GET', url: `${T}/organisations`, headers: { accept: 'text/csv' } });
    expect(startupCsv.body).not.toContain('contact@nodverde'); // no consent
  });

  it('the logo is checked by content and re-encoded', async () => {
    const { t, ana, ion } = f;
    const form = (data: Buffer, name = 'logo') => {
      const b = '----logo' + Math.random().toString(16).slice(2);
      return { payload: Buffer.concat([Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${name}"; filename="x.png"\r\nContent-Type: image/png\r\n\r\n`), data, Buffer.from(`\r\n--${b}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
    };
    const png = await sharp({ create: { width: 800, height: 400, channels: 4, background: '#00aa5500' } }).png().toBuffer();
    const url = `${T}/organisations/${orgId}/logo`;
    const fake = form(Buffer.from('<svg onload=alert(1)>'));
    const bad = await t.app.inject({ method: 'PUT', url, payload: fake.payload, headers: { ...ana.headers, ...fake.headers } });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors?.[0]).toMatchObject({ field: 'logo', code: 'not_an_image' });
    const good = form(png);
    expect((await t.app.inject({ method: 'PUT', url, payload: good.payload, headers: { ...ion.headers, ...good.headers } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PUT', url, payload: good.payload, headers: { ...ana.headers, ...good.headers } })).statusCode).toBe(204);
    const img = await t.app.inject({ method: 'GET', url });
    expect(img.headers['content-type']).toBe('image/jpeg');
    const meta = await sharp(img.rawPayload).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 512, 256]);
  });

  it('claims: a member proposes to take on an open action, staff accept, the open action shows who took it on', async () => {
    const { t, ana, ion, maria, staff } = f;
    const oa = await t.app.inject({ method: 'POST', url: `${T}/projects`, headers: staff.headers, payload: { code: 'A3.OA1', kind: 'open_action', parent: 'A3', category: 'platform', title: { ro: 'Hartă a spațiilor de coworking', en: 'Map of coworking spaces' } } });
    expect(oa.statusCode, oa.body).toBe(201);
    const plan = 'Cartografiem spațiile și publicăm datele deschise în trei luni.';
    const url = `${T}/organisations/${orgId}/claims`;
    expect((await t.app.inject({ method: 'POST', url, payload: { projectCode: 'A3.OA1', plan } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url, headers: staff.headers, payload: { projectCode: 'A3.OA1', plan } })).statusCode).toBe(403);
    const short = await t.app.inject({ method: 'POST', url, headers: ion.headers, payload: { projectCode: 'A3.OA1', plan: 'da' } });
    expect(problem(short).errors?.[0]?.field).toBe('plan');
    const unknown = await t.app.inject({ method: 'POST', url, headers: ion.headers, payload: { projectCode: 'Z9.OA9', plan } });
    expect(problem(unknown).errors?.[0]?.field).toBe('projectCode');
    const made = await t.app.inject({ method: 'POST', url, headers: ion.headers, payload: { projectCode: 'A3.OA1', plan } });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ status: 'proposed', projectTitle: { ro: 'Hartă a spațiilor de coworking' } });
    const claimId = made.json().id;
    expect((await t.app.inject({ method: 'POST', url, headers: ana.headers, payload: { projectCode: 'A3.OA1', plan } })).statusCode).toBe(409);

    // not public until accepted; members see their own
    expect((await t.app.inject({ method: 'GET', url: `${T}/claims?project=A3.OA1` })).json().items).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: `${T}/claims?project=A3.OA1`, headers: { cookie: maria.cookie } })).json().items).toHaveLength(1);

    const decide = `${T}/claims/${claimId}/decision`;
    expect((await t.app.inject({ method: 'PUT', url: decide, payload: { status: 'accepted' } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'PUT', url: decide, headers: ana.headers, payload: { status: 'accepted' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PUT', url: decide, headers: staff.headers, payload: { status: 'maybe' } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'PUT', url: decide, headers: staff.headers, payload: { status: 'accepted' } })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'PUT', url: decide, headers: staff.headers, payload: { status: 'declined' } })).statusCode).toBe(409);

    const pub = (await t.app.inject({ method: 'GET', url: `${T}/claims?project=A3.OA1` })).json().items;
    expect(pub).toHaveLength(1);
    expect(pub[0]).toMatchObject({ status: 'accepted', organisation: { id: orgId, name: { ro: 'Nod Verde SRL' }, verified: true } });
    const project = (await t.app.inject({ method: 'GET', url: `${T}/projects/A3.OA1` })).json();
    expect(project.timeline.map((e: { text: { ro: string } }) => e.text.ro).join('\n')).toContain('Preluată de Nod Verde SRL');
    const inbox = await t.database.db.selectFrom('notifications_inbox').select(['kind', 'user_id']).where('kind', '=', 'directory.claim.decided').execute();
    expect(inbox).toEqual([{ kind: 'directory.claim.decided', user_id: ana.id }]);
    const events = await t.database.db.selectFrom('core_outbox').select('type').where('type', 'like', 'directory.%').execute();
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['directory.organisation.registered', 'directory.organisation.verified', 'directory.claim.proposed', 'directory.claim.decided']));
    const tenant = await t.services.tenants.bySlug('timisoara');
    const today = new Date().toISOString().slice(0, 10);
    expect(await t.modules.directory!.organisations.engagedActors(tenant.id, today, today)).toBe(1);
  });

  it('the NGO register is an open dataset in the DCAT-AP catalogue', async () => {
    const { t } = f;
    const ds = await t.app.inject({ method: 'GET', url: `${T}/opendata/datasets/ngo-register` });
    expect(ds.statusCode, ds.body).toBe(200);
    const cat = await t.app.inject({ method: 'GET', url: `/dcat/timisoara/catalog.ttl` });
    expect(cat.statusCode).toBe(200);
    expect(cat.body).toContain('ngo-register');
  });

  it('an accepted member or admin holds the platform role "organisation" in the city, and loses it on leaving the last one (audited)', async () => {
    const { t, ana, staff } = f;
    const eva = await buildUser(t, { timisoara: ['citizen'] }, { displayName: 'Eva Szabó' });
    const roles = async () => ((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: eva.cookie } })).json().memberships as { tenant: string; roles: string[] }[]).find((m) => m.tenant === 'timisoara')?.roles;
    const audit = async () => (await t.database.db.selectFrom('core_audit_log').select(['action', 'actor_user_id']).where('entity_type', '=', 'user').where('entity_id', '=', eva.id).orderBy('id').execute()).filter((a) => a.action.startsWith('users.role.'));
    expect(await roles()).toEqual(['citizen']);
    // a request is not a membership
    expect((await t.app.inject({ method: 'POST', url: `${T}/organisations/${orgId}/members`, headers: eva.headers, payload: { public: false } })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'POST', url: `${T}/organisations/${ngoId}/members`, headers: eva.headers, payload: { public: false } })).statusCode).toBe(204);
    expect(await roles()).toEqual(['citizen']);
    // accepted by an admin: the role comes with it, once, audited as done by the admin
    expect((await t.app.inject({ method: 'PATCH', url: `${T}/organisations/${orgId}/members/${eva.id}`, headers: ana.headers, payload: { status: 'active' } })).statusCode).toBe(204);
    expect(await roles()).toEqual(['citizen', 'organisation']);
    expect((await t.app.inject({ method: 'PATCH', url: `${T}/organisations/${ngoId}/members/${eva.id}`, headers: staff.headers, payload: { status: 'active', role: 'admin' } })).statusCode).toBe(204);
    expect(await audit()).toEqual([{ action: 'users.role.granted', actor_user_id: ana.id }]);
    // leaving one of two keeps it; leaving the last withdraws it
    expect((await t.app.inject({ method: 'DELETE', url: `${T}/organisations/${orgId}/members/${eva.id}`, headers: eva.headers })).statusCode).toBe(204);
    expect(await roles()).toEqual(['citizen', 'organisation']);
    expect((await t.app.inject({ method: 'DELETE', url: `${T}/organisations/${ngoId}/members/${eva.id}`, headers: staff.headers })).statusCode).toBe(204);
    expect(await roles()).toEqual(['citizen']);
    expect(await audit()).toEqual([
      { action: 'users.role.granted', actor_user_id: ana.id },
      { action: 'users.role.revoked', actor_user_id: staff.id },
    ]);
    // whoever registers an organisation is its admin, so holds the role too
    expect((await t.database.db.selectFrom('users_roles').select('role').where('user_id', '=', ana.id).execute()).map((r) => r.role).sort()).toEqual(['citizen', 'organisation']);
  });

  it('account deletion removes the person from organisations', async () => {
    const { t, maria } = f;
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/auth/me', headers: maria.headers, payload: { password: maria.password } })).statusCode).toBe(204);
    await t.worker.drain();
    const rows = await t.database.db.selectFrom('directory_organisation_members').select('user_id').where('user_id', '=', maria.id).execute();
    expect(rows).toEqual([]);
  });
});
