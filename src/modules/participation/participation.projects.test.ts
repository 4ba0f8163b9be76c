import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, problem, type TestApp, type TestUser } from '../../../tests/helpers/app.js';
import { testEngines } from '../../../tests/helpers/env.js';
import { seedMetropolitanAreas } from '../tenants/index.js';

const T = '/api/v1/tenants/timisoara';
const INSIDE = { lat: 45.7537, lon: 21.2257 }; // Piața Victoriei
const OUTSIDE = { lat: 45.65, lon: 21.5 }; // fields east of the city
const HEIC = new URL('../reports/fixtures/photo.heic', import.meta.url);

function form(files: { name?: string; filename: string; type: string; data: Buffer }[]) {
  const boundary = `----pp${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const f of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name ?? 'images'}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const jpegWithExif = () =>
  sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } })
    .jpeg()
    .withExif({ IFD0: { Artist: 'Secret Person' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '45/1 45/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '21/1 13/1 0/1' } })
    .toBuffer();
const webp = () => sharp({ create: { width: 20, height: 20, channels: 3, background: '#aa0000' } }).webp().toBuffer();

describe.each(testEngines())('budget projects, places and pictures on %s', (engine) => {
  let t: TestApp;
  let staff: TestUser;
  let citizen: TestUser;
  let other: TestUser;
  const files = () => {
    try {
      return readdirSync(join(t.config.dataDir, 'uploads', 'participation')).length;
    } catch {
      return 0;
    }
  };
  beforeAll(async () => {
    t = await createTestApp(engine);
    staff = await buildUser(t, { timisoara: ['staff'] });
    citizen = await buildUser(t, { timisoara: ['citizen'] });
    other = await buildUser(t, { timisoara: ['citizen'] });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a proposal takes an optional place inside the city (400 naming the field otherwise); the author edits it', async () => {
    const url = `${T}/proposals`;
    const base = { title: 'Bănci în Parcul Rozelor', body: 'Mai multe bănci la umbră, lângă fântână.' };
    const out = await t.app.inject({ method: 'POST', url, headers: citizen.headers, payload: { ...base, ...OUTSIDE } });
    expect(out.statusCode).toBe(400);
    expect(problem(out).errors).toEqual([expect.objectContaining({ field: 'lat', code: 'outside_boundary' })]);
    const half = await t.app.inject({ method: 'POST', url, headers: citizen.headers, payload: { ...base, lat: INSIDE.lat } });
    expect(problem(half).errors?.[0]?.field).toBe('lon');
    const ok = await t.app.inject({ method: 'POST', url, headers: citizen.headers, payload: { ...base, ...INSIDE } });
    expect(ok.statusCode).toBe(201);
    const id = ok.json().id as number;
    expect((await t.app.inject({ url: `${url}/${id}` })).json()).toMatchObject({ ...INSIDE, images: [], abilities: { edit: false } });

    const moved = { lat: 45.757, lon: 21.229 };
    expect((await t.app.inject({ method: 'PATCH', url: `${url}/${id}`, headers: other.headers, payload: moved })).statusCode).toBe(403);
    expect(problem(await t.app.inject({ method: 'PATCH', url: `${url}/${id}`, headers: citizen.headers, payload: OUTSIDE })).errors?.[0]?.field).toBe('lat');
    expect((await t.app.inject({ method: 'PATCH', url: `${url}/${id}`, headers: citizen.headers, payload: moved })).statusCode).toBe(204);
    expect((await t.app.inject({ url: `${url}/${id}`, headers: { cookie: citizen.cookie } })).json()).toMatchObject({ ...moved, abilities: { edit: true } });
    expect((await t.app.inject({ method: 'PATCH', url: `${url}/${id}`, headers: citizen.headers, payload: { lat: null, lon: null } })).statusCode).toBe(204);
    expect((await t.app.inject({ url: `${url}/${id}` })).json()).toMatchObject({ lat: null, lon: null });
  });

  it('pictures on a proposal: checked by content, re-encoded without EXIF, at most 3, nothing left behind on failure', async () => {
    const { id } = (await t.app.inject({ method: 'POST', url: `${T}/proposals`, headers: citizen.headers, payload: { title: 'Fântână de băut în Piața Unirii', body: 'O cișmea cu apă rece pentru vară.' } })).json();
    const url = `${T}/proposals/${id}/images`;
    const jpeg = await jpegWithExif();
    expect((await t.app.inject({ method: 'POST', url, ...form([{ filename: 'a.jpg', type: 'image/jpeg', data: jpeg }]) })).statusCode).toBe(401);
    const one = form([{ filename: 'a.jpg', type: 'image/jpeg', data: jpeg }]);
    const notMine = await t.app.inject({ method: 'POST', url, payload: one.payload, headers: { ...other.headers, ...one.headers } });
    expect(notMine.statusCode).toBe(403);

    // A text file called .jpg next to a good picture: 400 naming it, and neither file is kept.
    const before = files();
    const fake = form([
      { filename: 'ok.jpg', type: 'image/jpeg', data: jpeg },
      { filename: 'x.jpg', type: 'image/jpeg', data: Buffer.from('not a picture at all') },
    ]);
    const bad = await t.app.inject({ method: 'POST', url, payload: fake.payload, headers: { ...citizen.headers, ...fake.headers } });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors).toEqual([expect.objectContaining({ field: 'images[1]', code: 'not_an_image' })]);
    expect(files()).toBe(before);

    const two = form([
      { filename: 'a.jpg', type: 'image/jpeg', data: jpeg },
      { filename: 'b.heic', type: 'application/octet-stream', data: readFileSync(HEIC) },
    ]);
    const ok = await t.app.inject({ method: 'POST', url, payload: two.payload, headers: { ...citizen.headers, ...two.headers } });
    expect(ok.statusCode).toBe(201);
    expect(files()).toBe(before + 2);
    const detail = (await t.app.inject({ url: `${T}/proposals/${id}` })).json();
    expect(detail.images).toHaveLength(2);
    const img = await t.app.inject({ url: detail.images[0].url });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
    const meta = await sharp(img.rawPayload).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();

    const tooMany = form([
      { filename: 'c.webp', type: 'image/webp', data: await webp() },
      { filename: 'd.webp', type: 'image/webp', data: await webp() },
    ]);
    const over = await t.app.inject({ method: 'POST', url, payload: tooMany.payload, headers: { ...citizen.headers, ...tooMany.headers } });
    expect(over.statusCode).toBe(400);
    expect(problem(over).errors?.[0]).toMatchObject({ field: 'images', code: 'too_many' });
    expect(files()).toBe(before + 2);

    // Two racing uploads for the last free place: one wins, the other is refused, no file is left behind.
    const { id: id2 } = (await t.app.inject({ method: 'POST', url: `${T}/proposals`, headers: citizen.headers, payload: { title: 'Copaci pe strada Paris', body: 'Umbră pe trotuar pentru pietoni.' } })).json();
    const race = await Promise.all([0, 1].map(async () => {
      const f2 = form([{ filename: 'a.jpg', type: 'image/jpeg', data: jpeg }, { filename: 'b.jpg', type: 'image/jpeg', data: jpeg }]);
      return t.app.inject({ method: 'POST', url: `${T}/proposals/${id2}/images`, payload: f2.payload, headers: { ...citizen.headers, ...f2.headers } });
    }));
    // The loser gets 409 when both counted the free places before either wrote (the unique slot refuses it),
    // or 400 too_many when it counted after the winner's commit.
    const codes = race.map((r) => r.statusCode).sort();
    expect(codes[0]).toBe(201);
    expect([400, 409]).toContain(codes[1]);
    expect((await t.app.inject({ url: `${T}/proposals/${id2}` })).json().images).toHaveLength(2);
    expect(files()).toBe(before + 4);

    // Withdrawn: the pictures are no longer public.
    expect((await t.app.inject({ method: 'POST', url: `${T}/proposals/${id}/withdraw`, headers: citizen.headers })).statusCode).toBe(204);
    expect((await t.app.inject({ url: detail.images[0].url })).statusCode).toBe(404);
  });

  it('budget projects: proposed → eligible/ineligible (public reason) → costed (note) → ready; only ready projects on the ballot; audited with events', async () => {
    const svc = t.modules.participation!;
    const tenant = await t.services.tenants.bySlug('timisoara');
    await svc.createBudget({ kind: 'system' }, tenant, { slug: 'bp-cartiere', title: { ro: 'Buget pe cartiere' }, description: { ro: 'Proiecte mici în cartiere.' }, total: 100_000, currency: 'RON', scope: 'city', eligibility: {}, votingRule: 'threshold_percent', status: 'preparing', projects: [] });
    const url = `${T}/budgets/bp-cartiere/projects`;
    const project = { code: 'P1', title: { ro: 'Pistă de biciclete' }, cost: 40_000, ...INSIDE };
    expect((await t.app.inject({ method: 'POST', url, headers: citizen.headers, payload: project })).statusCode).toBe(403);
    const out = await t.app.inject({ method: 'POST', url, headers: staff.headers, payload: { ...project, ...OUTSIDE } });
    expect(problem(out).errors?.[0]).toMatchObject({ field: 'lat', code: 'outside_boundary' });
    const p1 = (await t.app.inject({ method: 'POST', url, headers: staff.headers, payload: project })).json().id as number;
    const p2 = (await t.app.inject({ method: 'POST', url, headers: staff.headers, payload: { code: 'P2', title: { ro: 'Fântână' }, cost: 5_000 } })).json().id as number;
    expect((await t.app.inject({ method: 'POST', url, headers: staff.headers, payload: project })).statusCode).toBe(409);

    const step = (id: number, body: object, who = staff) => t.app.inject({ method: 'POST', url: `${url}/${id}/steps`, headers: who.headers, payload: body });
    expect((await step(p1, { to: 'ready' })).statusCode).toBe(409);
    expect((await step(p1, { to: 'eligible' }, citizen)).statusCode).toBe(403);
    expect(problem(await step(p2, { to: 'ineligible' })).errors?.[0]?.field).toBe('reason');
    expect((await step(p2, { to: 'ineligible', reason: 'Terenul nu aparține primăriei.' })).statusCode).toBe(204);
    expect((await step(p1, { to: 'eligible' })).statusCode).toBe(204);
    expect((await step(p1, { to: 'costed', cost: 45_500, note: 'Deviz al direcției tehnice, cu TVA.' })).statusCode).toBe(204);

    // Not ready yet: the vote cannot open.
    const status = (s: string) => t.app.inject({ method: 'PUT', url: `${T}/budgets/bp-cartiere/status`, headers: staff.headers, payload: { status: s } });
    expect(problem(await status('voting')).code).toBe('no_ready_projects');
    expect((await step(p1, { to: 'ready' })).statusCode).toBe(204);
    expect((await status('voting')).statusCode).toBe(204);

    const d1 = (await t.app.inject({ url: `${url}/${p1}` })).json();
    expect(d1).toMatchObject({ review: 'ready', cost: 45_500, proposedCost: 40_000, costNote: 'Deviz al direcției tehnice, cu TVA.', ...INSIDE, budget: { slug: 'bp-cartiere', status: 'voting' }, abilities: { manage: false } });
    expect((await t.app.inject({ url: `${url}/${p2}` })).json()).toMatchObject({ review: 'ineligible', reviewReason: 'Terenul nu aparține primăriei.' });
    const list = (await t.app.inject({ url })).json();
    expect(list.items.map((p: { code: string; review: string }) => [p.code, p.review])).toEqual([['P1', 'ready'], ['P2', 'ineligible']]);

    // The ballot takes only ready projects, and the ready project is frozen while the vote is open.
    const ballot = (ids: number[]) => t.app.inject({ method: 'PUT', url: `${T}/budgets/bp-cartiere/ballot`, headers: citizen.headers, payload: { projectIds: ids } });
    expect(problem(await ballot([p2])).errors?.[0]).toMatchObject({ field: 'projectIds[0]', code: 'invalid_project' });
    expect((await ballot([p1])).json()).toMatchObject({ total: 45_500 });
    // Casting it: one statement makes it final and writes its event; a second cast is 409.
    const cast = await t.app.inject({ method: 'POST', url: `${T}/budgets/bp-cartiere/ballot/checkout`, headers: citizen.headers });
    expect(cast.json()).toMatchObject({ projectIds: [p1], total: 45_500, checkedOutAt: expect.any(String) });
    const ev = await t.database.db.selectFrom('core_outbox').select(['payload', 'tenant_id']).where('type', '=', 'participation.ballot.checkedOut').execute();
    const mine = await t.database.db.selectFrom('participation_ballots').select('id').where('voter_key', '=', citizen.id).where('checked_out_at', 'is not', null).executeTakeFirstOrThrow();
    expect(ev.map((e) => (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload))).toContainEqual({ budgetId: expect.any(Number), ballotId: Number(mine.id), userId: citizen.id });
    expect((await t.app.inject({ method: 'POST', url: `${T}/budgets/bp-cartiere/ballot/checkout`, headers: citizen.headers })).statusCode).toBe(409);
    expect(problem(await step(p1, { to: 'ineligible', reason: 'Prea târziu pentru asta.' })).code).toBe('voting_open');
    expect(problem(await t.app.inject({ method: 'PATCH', url: `${url}/${p1}`, headers: staff.headers, payload: { lat: null, lon: null } })).code).toBe('voting_open');

    const audit = await t.database.db.selectFrom('core_audit_log').select('action').where('entity_type', '=', 'participation_budget_project').where('entity_id', 'in', [String(p1), String(p2)]).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual([
      'participation.budgetProject.added',
      'participation.budgetProject.added',
      'participation.budgetProject.reviewed',
      'participation.budgetProject.reviewed',
      'participation.budgetProject.costed',
      'participation.budgetProject.markedReady',
    ]);
    const events = await t.database.db.selectFrom('core_outbox').select('type').where('type', 'like', 'participation.budget%').execute();
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['participation.budgetProject.reviewed', 'participation.budgetProject.costed', 'participation.budgetProject.markedReady', 'participation.budget.statusChanged']));
  });

  // Confirmed by SQL, as another process would: this process's remembered session (UsersService, a few
  // seconds) is not told, so the person signs in again to be seen as confirmed at once.
  const verify = async (who: TestUser): Promise<TestUser> => {
    await t.database.db.updateTable('users').set({ email_verified_at: new Date() }).where('id', '=', who.id).execute();
    const login = await t.services.users.login(who.email, who.password, {});
    const cookie = `urbia_session=${login.token}`;
    return { ...who, cookie, csrf: login.csrfToken, headers: { cookie, 'x-csrf-token': login.csrfToken } };
  };

  it('who may vote is enforced: a verified resident needs a confirmed email and a role in the city; staff see drafts on the workflow screen', async () => {
    const svc = t.modules.participation!;
    const tenant = await t.services.tenants.bySlug('timisoara');
    await svc.createBudget({ kind: 'system' }, tenant, { slug: 'bp-rezidenti', title: { ro: 'Doar locuitori' }, description: { ro: 'Pentru locuitori.' }, total: 1000, currency: 'RON', scope: 'city', eligibility: { verifiedResident: true }, votingRule: 'threshold_percent', projects: [{ code: 'R1', title: { ro: 'R1' }, cost: 10 }] });
    const { items } = (await t.app.inject({ url: `${T}/budgets/bp-rezidenti/projects` })).json();
    const put = (who: TestUser) => t.app.inject({ method: 'PUT', url: `${T}/budgets/bp-rezidenti/ballot`, headers: who.headers, payload: { projectIds: [items[0].id] } });
    const resident = await buildUser(t, { timisoara: ['citizen'] });
    const outsider = await buildUser(t, { 'baia-mare': ['citizen'] });
    expect((await put(resident)).statusCode).toBe(403); // email not confirmed yet
    expect((await put(await verify(outsider))).statusCode).toBe(403); // registered in another city
    expect((await put(await verify(resident))).statusCode).toBe(200);
    expect((await t.app.inject({ url: `${T}/budgets/bp-rezidenti` + '/projects' })).json().budget.eligibility).toEqual({ verifiedResident: true });

    await svc.createBudget({ kind: 'system' }, tenant, { slug: 'bp-ascuns', title: { ro: 'Ascuns' }, description: { ro: 'Ciornă.' }, total: 1000, currency: 'RON', scope: 'city', eligibility: {}, votingRule: 'threshold_percent', status: 'draft', projects: [] });
    expect((await t.app.inject({ url: `${T}/budgets/bp-ascuns/projects` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `${T}/budgets/bp-ascuns/workflow`, headers: { cookie: citizen.cookie } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `${T}/budgets/bp-ascuns/workflow`, headers: { cookie: staff.cookie } })).json()).toMatchObject({ budget: { slug: 'bp-ascuns', status: 'draft' }, items: [] });
  });

  it('a metropolitan area runs a budget of its own: residents of any member place vote, residents elsewhere do not', async () => {
    await seedMetropolitanAreas(t.services.tenants);
    const area = await t.services.tenants.bySlug('zm-timisoara');
    await t.modules.participation!.createBudget({ kind: 'system' }, area, { slug: 'bp-metropolitan', title: { ro: 'Buget metropolitan' }, description: { ro: 'Proiecte comune ale zonei.' }, total: 5000, currency: 'RON', scope: 'metropolitan', eligibility: { verifiedResident: true }, votingRule: 'threshold_percent', projects: [{ code: 'M1', title: { ro: 'Pistă de biciclete Timișoara–Dumbrăvița' }, cost: 100 }] });
    const A = '/api/v1/tenants/zm-timisoara';
    expect((await t.app.inject({ url: `${A}/budgets` })).json().items.map((b: { slug: string }) => b.slug)).toContain('bp-metropolitan');
    const { items } = (await t.app.inject({ url: `${A}/budgets/bp-metropolitan/projects` })).json();
    const put = (who: TestUser) => t.app.inject({ method: 'PUT', url: `${A}/budgets/bp-metropolitan/ballot`, headers: who.headers, payload: { projectIds: [items[0].id] } });
    const elsewhere = await put(await verify(await buildUser(t, { 'baia-mare': ['citizen'] })));
    expect(elsewhere.statusCode).toBe(403);
    expect(problem(elsewhere).detail).toContain('member places');
    expect((await put(await verify(await buildUser(t, { timisoara: ['citizen'] })))).statusCode).toBe(200);
  });

  it('pictures on a budget project are staff uploads (audited), public once the budget is public', async () => {
    const svc = t.modules.participation!;
    const tenant = await t.services.tenants.bySlug('timisoara');
    await svc.createBudget({ kind: 'system' }, tenant, { slug: 'bp-ciorna', title: { ro: 'Ciornă' }, description: { ro: 'Ciornă.' }, total: 1000, currency: 'RON', scope: 'city', eligibility: {}, votingRule: 'threshold_percent', status: 'draft', projects: [{ code: 'X', title: { ro: 'X' }, cost: 10 }] });
    const list = await t.database.db.selectFrom('participation_budget_projects as p').innerJoin('participation_budgets as b', 'b.id', 'p.budget_id').select('p.id').where('b.slug', '=', 'bp-ciorna').executeTakeFirstOrThrow();
    const url = `${T}/budgets/bp-ciorna/projects/${list.id}/images`;
    const f = form([{ filename: 'p.png', type: 'image/png', data: await sharp({ create: { width: 10, height: 10, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer() }]);
    expect((await t.app.inject({ method: 'POST', url, payload: f.payload, headers: { ...citizen.headers, ...f.headers } })).statusCode).toBe(403);
    const ok = await t.app.inject({ method: 'POST', url, payload: f.payload, headers: { ...staff.headers, ...f.headers } });
    expect(ok.statusCode).toBe(201);
    const [imageId] = ok.json().ids as string[];
    expect((await t.app.inject({ url: `${url}/${imageId}` })).statusCode).toBe(404); // draft budget: not public
    expect((await t.app.inject({ url: `${url}/${imageId}`, headers: { cookie: staff.cookie } })).statusCode).toBe(404); // the public route serves published content only
    expect((await t.app.inject({ method: 'PUT', url: `${T}/budgets/bp-ciorna/status`, headers: staff.headers, payload: { status: 'preparing' } })).statusCode).toBe(204);
    expect((await t.app.inject({ url: `${url}/${imageId}` })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: `${url}/${imageId}`, headers: staff.headers })).statusCode).toBe(204);
    expect((await t.app.inject({ url: `${url}/${imageId}` })).statusCode).toBe(404);
    const audit = await t.database.db.selectFrom('core_audit_log').select('action').where('entity_id', '=', String(list.id)).where('action', 'like', 'participation.images.%').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['participation.images.added', 'participation.images.removed']);
  });
});
