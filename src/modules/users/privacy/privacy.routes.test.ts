import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, problem, type TestApp, type TestUser } from '../../../../tests/helpers/app.js';
import { testEngines } from '../../../../tests/helpers/env.js';
import { multipart } from '../../../../tests/helpers/multipart.js';
import { seedCategories } from '../../reports/index.js';
import { FIRST_VERSION } from './privacy.notices.js';

const T = '/api/v1/tenants/timisoara';

describe.each(testEngines())('a person’s own data on %s', (engine) => {
  let t: TestApp;
  let ana: TestUser;
  let ion: TestUser;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const reports = t.modules.reports!;
    await seedCategories(reports.db, reports.repo, await t.services.tenants.bySlug('timisoara'));
    ana = await buildUser(t, { timisoara: ['citizen'] }, { displayName: 'Ana Export' });
    ion = await buildUser(t, { timisoara: ['citizen'] }, { displayName: 'Ion Other' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const me = (u: TestUser | undefined, method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: u?.headers ?? {}, ...(payload ? { payload } : {}) });

  it('refuses anonymous callers (401) on every personal route', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/me/consents'],
      ['PUT', '/api/v1/me/consents'],
      ['POST', '/api/v1/me/export'],
      ['GET', '/api/v1/me/export'],
      ['GET', '/api/v1/me/export/download/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
    ] as const)
      expect((await me(undefined, method, url, method === 'PUT' ? { optional: { sms: true } } : undefined)).statusCode, `${method} ${url}`).toBe(401);
    // a city's privacy settings are for its admins
    expect((await me(ana, 'PUT', `${T}/privacy/dpo`, { dpoEmail: 'dpo@primariatm.ro' })).statusCode).toBe(403);
  });

  it('refuses a registration without the terms and the privacy notice (400 naming the fields), records both with it', async () => {
    const body = { email: 'consent@example.org', password: 'a long enough password', displayName: 'C', tenant: 'timisoara' };
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { ...body, acceptTerms: false }, remoteAddress: '10.9.0.1' });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors?.map((e) => e.field).sort()).toEqual(['acceptPrivacy', 'acceptTerms']);
    expect(await t.database.db.selectFrom('users').select('id').where('email', '=', body.email).executeTakeFirst()).toBeUndefined();

    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { ...body, acceptTerms: true, acceptPrivacy: true, optionalConsents: ['email_digests'] }, remoteAddress: '10.9.0.1' });
    expect(ok.statusCode).toBe(201);
    const rows = await t.database.db.selectFrom('users_consents').select(['kind', 'version', 'source']).where('user_id', '=', ok.json().id).orderBy('kind').execute();
    expect(rows).toEqual([
      { kind: 'email_digests', version: null, source: 'registration' },
      { kind: 'privacy', version: FIRST_VERSION, source: 'registration' },
      { kind: 'terms', version: FIRST_VERSION, source: 'registration' },
    ]);
  });

  it('asks again when a notice changes; an outdated version is refused; optional consents are withdrawn with their history kept', async () => {
    const first = (await me(ana, 'GET', '/api/v1/me/consents?tenant=timisoara')).json();
    expect(first.pending).toEqual([]);
    expect(first.notices.find((n: { kind: string }) => n.kind === 'privacy').text).toContain('prin registratura primăriei');

    const admin = await buildUser(t, { timisoara: ['admin'] });
    expect((await me(admin, 'PUT', `${T}/privacy/dpo`, { dpoEmail: 'not-an-email' })).statusCode).toBe(400);
    expect((await me(admin, 'PUT', `${T}/privacy/dpo`, { dpoEmail: 'dpo@primariatm.ro' })).statusCode).toBe(200);
    const published = await me(admin, 'POST', `${T}/privacy/notices`, { kind: 'privacy', version: '2027-01-01', body: { ro: 'Notă nouă. Contact: {dpo}.', en: 'New notice. Contact: {dpo}.' } });
    expect(published.statusCode).toBe(201);

    const asked = (await me(ana, 'GET', '/api/v1/me/consents?tenant=timisoara')).json();
    expect(asked.pending).toEqual(['privacy']);
    expect(asked.notices.find((n: { kind: string }) => n.kind === 'privacy')).toMatchObject({ version: '2027-01-01', text: 'Notă nouă. Contact: dpo@primariatm.ro.', accepted: false });
    // the platform-wide notice did not change: someone not asking for this city is not asked
    expect((await me(ana, 'GET', '/api/v1/me/consents')).json().pending).toEqual([]);

    const outdated = await me(ana, 'PUT', '/api/v1/me/consents?tenant=timisoara', { accept: [{ kind: 'privacy', version: FIRST_VERSION }] });
    expect(outdated.statusCode).toBe(409);
    expect(problem(outdated).errors?.[0]?.field).toBe('accept[0].version');
    expect((await me(ana, 'PUT', '/api/v1/me/consents', {})).statusCode).toBe(400);

    const accepted = await me(ana, 'PUT', '/api/v1/me/consents?tenant=timisoara', { accept: [{ kind: 'privacy', version: '2027-01-01' }], optional: { public_name: true, sms: true } });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().pending).toEqual([]);
    const withdrawn = (await me(ana, 'PUT', '/api/v1/me/consents?tenant=timisoara', { optional: { sms: false } })).json();
    expect(withdrawn.optional).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'public_name', granted: true }),
        expect.objectContaining({ kind: 'sms', granted: false }),
      ]),
    );
    const sms = withdrawn.history.filter((h: { kind: string }) => h.kind === 'sms');
    expect(sms).toHaveLength(1);
    expect(sms[0].withdrawnAt).not.toBeNull();
    const audit = await t.database.db.selectFrom('core_audit_log').select('action').where('actor_user_id', '=', ana.id).where('action', '=', 'users.consents.changed').execute();
    expect(audit).toHaveLength(2);
  });

  it('exports a ZIP with the person’s report, photo and proposal, not another person’s; the link is theirs only and expires', async () => {
    const report = multipart({ category: 'graffiti', lat: '45.7537', lon: '21.2257', title: 'Graffiti pe zidul Anei' }, [{ name: 'photos', filename: 'a.png', type: 'image/png', data: await tinyPng() }]);
    const posted = await t.app.inject({ method: 'POST', url: `${T}/reports`, payload: report.payload, headers: { ...report.headers, ...ana.headers } });
    expect(posted.statusCode, posted.body).toBe(201);
    for (const [who, title] of [
      [ana, 'Bănci noi lângă casa Anei'],
      [ion, 'Propunerea lui Ion, nu a Anei'],
    ] as const)
      expect((await me(who, 'POST', `${T}/proposals`, { title, body: `${title}: mai multe bănci și umbră.` })).statusCode).toBe(201);

    expect((await me(ana, 'GET', '/api/v1/me/export')).json()).toEqual({ export: null });
    const started = await me(ana, 'POST', '/api/v1/me/export');
    expect(started.statusCode).toBe(202);
    expect(started.json()).toMatchObject({ status: 'queued', downloadUrl: null });
    const again = await me(ana, 'POST', '/api/v1/me/export');
    expect(again.statusCode).toBe(409);
    expect(problem(again).code).toBe('export_pending');

    await t.worker.drain();
    const ready = (await me(ana, 'GET', '/api/v1/me/export')).json().export;
    expect(ready).toMatchObject({ id: started.json().id, status: 'ready' });
    expect(ready.downloadUrl).toMatch(/^\/api\/v1\/me\/export\/download\/[A-Za-z0-9_-]{40,}$/);
    // someone else's session cannot open it, nor can a made-up token
    expect((await me(ion, 'GET', ready.downloadUrl)).statusCode).toBe(404);
    expect((await me(ion, 'GET', '/api/v1/me/export')).json()).toEqual({ export: null });
    expect((await me(ana, 'GET', '/api/v1/me/export/download/not-a-token!')).statusCode).toBe(400);

    const zipRes = await me(ana, 'GET', ready.downloadUrl);
    expect(zipRes.statusCode).toBe(200);
    expect(zipRes.headers['content-type']).toBe('application/zip');
    const files = unzipSync(new Uint8Array(zipRes.rawPayload));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['data.json', 'account.json', 'reports.json', 'participation.json', 'directory.json', 'monitoring.json', 'strategy.json']));
    const data = JSON.parse(strFromU8(files['data.json']!));
    expect(data.account.profile).toMatchObject({ id: ana.id, email: ana.email, displayName: 'Ana Export' });
    expect(JSON.stringify(data.account.sessions)).not.toContain(ana.csrf);
    expect(data.reports.reports.map((r: { title: string }) => r.title)).toEqual(['Graffiti pe zidul Anei']);
    expect(data.participation.proposals.map((p: { title: string }) => p.title)).toEqual(['Bănci noi lângă casa Anei']);
    expect(JSON.stringify(data)).not.toContain('Ion');
    const photo = data.reports.reports[0].photos[0] as string;
    expect(files[`files/reports/${photo}`]?.byteLength).toBeGreaterThan(50);
    expect(data.missingFiles).toEqual([]);

    // 24 hours later the link is gone (410) and so is the file
    const dir = join(t.config.dataDir, 'exports');
    expect(readdirSync(dir)).toHaveLength(1);
    await sql`update users_exports set expires_at = now() - interval '1 minute' where user_id = ${ana.id}`.execute(t.database.db);
    const gone = await me(ana, 'GET', ready.downloadUrl);
    expect(gone.statusCode).toBe(410);
    expect(problem(gone).code).toBe('export_expired');
    expect(readdirSync(dir)).toHaveLength(0);
    expect((await me(ana, 'GET', '/api/v1/me/export')).json().export).toMatchObject({ status: 'expired', downloadUrl: null });
  });

  it('a crashed build is built again when the outbox hands the event out again', async () => {
    const started = (await me(ion, 'POST', '/api/v1/me/export')).json();
    // as if a process claimed it and died: running, never finished
    await sql`update users_exports set status = 'running' where id = ${started.id}`.execute(t.database.db);
    await t.worker.drain();
    expect((await me(ion, 'GET', '/api/v1/me/export')).json().export.status).toBe('ready');
  });

  it('account deletion removes the exports and their files and withdraws the consents', async () => {
    const u = await buildUser(t, { timisoara: ['citizen'] });
    await me(u, 'POST', '/api/v1/me/export');
    await t.worker.drain();
    const file = await t.database.db.selectFrom('users_exports').select('file_name').where('user_id', '=', u.id).executeTakeFirstOrThrow();
    expect(existsSync(join(t.config.dataDir, 'exports', file.file_name!))).toBe(true);
    const del = await t.app.inject({ method: 'DELETE', url: '/api/v1/auth/me', headers: u.headers, payload: { password: u.password } });
    expect(del.statusCode).toBe(204);
    await t.worker.drain();
    expect(existsSync(join(t.config.dataDir, 'exports', file.file_name!))).toBe(false);
    expect(await t.database.db.selectFrom('users_exports').select('id').where('user_id', '=', u.id).execute()).toEqual([]);
    expect(await t.database.db.selectFrom('users_consents').select('id').where('user_id', '=', u.id).where('withdrawn_at', 'is', null).execute()).toEqual([]);
  });
});

async function tinyPng(): Promise<Buffer> {
  const sharp = (await import('sharp')).default;
  return sharp({ create: { width: 16, height: 16, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .png()
    .toBuffer();
}
