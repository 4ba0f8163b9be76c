import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, problem, type TestApp, type TestUser } from '../../../../tests/helpers/app.js';
import { testEngines } from '../../../../tests/helpers/env.js';
import { outboxMails } from '../../../../tests/helpers/mail.js';
import { countQueries } from '../../../../tests/helpers/queries.js';
import { backfillAreas, generateReports, seedCategories } from '../reports.demo.js';
import { areaFor, areasOf } from '../reports.areas.js';
import { reportsChanged } from '../reports.common.js';
import { photoDir, processPhoto } from '../reports.photos.js';
import { jpegWithGps, multipart, png } from '../reports.test-helpers.js';

const HEIC_FIXTURE = new URL('../fixtures/photo.heic', import.meta.url);
const CENTRE = { lat: '45.7537', lon: '21.2257' };

it('a HEIC whose HEIF transform says "rotate 90°" (irot) comes out upright, rotated once', async () => {
  // photo.heic with an irot box (90° anticlockwise) added to its item properties: displayed 64×96,
  // the red left half at the bottom, the blue right half at the top
  const out = await processPhoto(readFileSync(new URL('../fixtures/photo-rotated.heic', import.meta.url)), 'photos[0]');
  const { data, info } = await sharp(out.buffer).raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height]).toEqual([64, 96]);
  const px = (x: number, y: number) => [...data.subarray((y * 64 + x) * 3, (y * 64 + x) * 3 + 3)];
  expect(px(32, 10)[2]).toBeGreaterThan(180);
  expect(px(32, 85)[0]).toBeGreaterThan(180);
});

describe.each(testEngines())('reports on %s', (engine) => {
  let t: TestApp;
  let staff: TestUser;
  let citizen: TestUser;
  const url = '/api/v1/tenants/timisoara/reports';
  const files = () => {
    try {
      return readdirSync(photoDir(t.config.dataDir));
    } catch {
      return [];
    }
  };
  const post = (fields: Record<string, string>, photos: { filename: string; type: string; data: Buffer }[] = [], headers: Record<string, string> = {}) => {
    const body = multipart(fields, photos.map((p) => ({ name: 'photos', ...p })));
    return t.app.inject({ method: 'POST', url, payload: body.payload, headers: { ...body.headers, ...headers } });
  };

  beforeAll(async () => {
    t = await createTestApp(engine);
    const service = t.modules.reports!;
    for (const tenant of await t.services.tenants.list()) await seedCategories(service.db, service.repo, tenant);
    staff = await buildUser(t, { timisoara: ['staff'] });
    citizen = await buildUser(t, { timisoara: ['citizen'] });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists the seeded categories with department and target', async () => {
    const res = await t.app.inject({ url: `${url}/categories` });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { code: string; name: { ro: string; hu: string }; targetDays: number }[];
    expect(items).toHaveLength(15);
    expect(items.find((c) => c.code === 'ragweed')?.name.ro).toBe('Ambrozie pe terenuri neîngrijite');
  });

  it('refuses bad input with the field named, storing nothing and leaving no file', async () => {
    const before = (await t.app.inject({ url: `${url}/queue`, headers: staff.headers })).json().total as number;
    const good = { category: 'pothole', ...CENTRE, email: 'x@example.org', 'attribute[size]': 'small' };
    const cases: [Record<string, string>, { filename: string; type: string; data: Buffer }[], string, string?][] = [
      [{ ...good, lat: '44.4268', lon: '26.1025' }, [], 'lat', 'outside_boundary'],
      [{ ...good, category: 'unicorns' }, [], 'category', 'unknown_category'],
      [{ category: 'pothole', ...CENTRE, email: 'x@example.org' }, [], 'attribute[size]', 'required'],
      [{ ...good, description: 'a'.repeat(4001) }, [], 'description'],
      // a valid JPEG first, then a text file named .jpg: checked by content, and the good one is not kept either
      [good, [{ filename: 'ok.jpg', type: 'image/jpeg', data: await jpegWithGps() }, { filename: 'photo.jpg', type: 'image/jpeg', data: Buffer.from('not an image at all') }], 'photos[1]', 'not_an_image'],
      [good, [{ filename: 'big.jpg', type: 'image/jpeg', data: Buffer.alloc(10 * 1024 * 1024 + 10, 0xff) }], 'photos[0]', 'too_large'],
      // named and announced as HEIC but not one: a text file, and a HEIC header with nothing behind it
      [good, [{ filename: 'p.heic', type: 'image/heic', data: Buffer.from('just some text, not a photo') }], 'photos[0]', 'not_an_image'],
      [good, [{ filename: 'p.heic', type: 'image/heic', data: Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(64)]) }], 'photos[0]', 'not_an_image'],
    ];
    for (const [fields, photos, field, code] of cases) {
      const res = await post(fields, photos);
      expect(res.statusCode, field).toBe(400);
      const p = problem(res);
      expect(p.errors?.map((e) => e.field), JSON.stringify(p)).toContain(field);
      if (code) expect((p.errors as { code?: string }[]).map((e) => e.code)).toContain(code);
    }
    expect(files()).toEqual([]);
    expect((await t.app.inject({ url: `${url}/queue`, headers: staff.headers })).json().total).toBe(before);
  });

  it('anonymous report: photo re-encoded without EXIF, confirmed by email, then public and notified', async () => {
    const res = await post({ category: 'pothole', ...CENTRE, title: 'Groapă mare', description: 'Lângă stație', email: 'Ana@Example.org', name: 'Ana', anonymous: 'true', 'attribute[size]': 'large' }, [
      { filename: 'IMG_1.jpg', type: 'image/jpeg', data: await jpegWithGps() },
      { filename: 'x.png', type: 'image/png', data: await png() },
      // a real HEIC (HEVC) photo made by libheif's heif-enc from a JPEG with EXIF GPS and an artist name
      { filename: 'IMG_2.HEIC', type: 'application/octet-stream', data: readFileSync(HEIC_FIXTURE) },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const { id, token, published } = res.json() as { id: string; token: string; published: boolean };
    expect(published).toBe(false);
    expect(files()).toHaveLength(3);
    for (const f of files()) {
      const path = join(photoDir(t.config.dataDir), f);
      const meta = await sharp(path).metadata();
      expect(meta.format).toBe('jpeg');
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(readFileSync(path).includes('Secret Person')).toBe(false);
    }
    expect(readFileSync(HEIC_FIXTURE).includes('Secret Person')).toBe(true); // the fixture does carry EXIF
    // the HEIC one was really decoded: 96×64, red on the left, blue on the right
    const heic = await Promise.all(files().map(async (f) => sharp(join(photoDir(t.config.dataDir), f)).raw().toBuffer({ resolveWithObject: true })));
    const decoded = heic.find((h) => h.info.width === 96 && h.info.height === 64);
    expect(decoded, 'the HEIC photo stored as a 96×64 JPEG').toBeDefined();
    const px = (x: number, y: number) => [...decoded!.data.subarray((y * 96 + x) * 3, (y * 96 + x) * 3 + 3)];
    expect(px(10, 32)[0]).toBeGreaterThan(180);
    expect(px(10, 32)[2]).toBeLessThan(80);
    expect(px(85, 32)[2]).toBeGreaterThan(180);
    expect(px(85, 32)[0]).toBeLessThan(80);
    // not public before confirmation
    expect((await t.app.inject({ url: `${url}/${id}` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/open311/v2/tokens/${token}.json` })).json()).toEqual([{ service_request_id: null, token }]);

    await t.worker.drain();
    const mail = outboxMails(t.config.dataDir).find((m) => m.to.includes('ana@example.org'));
    const confirmToken = /\/timisoara\/reports\/confirm\?token=([A-Za-z0-9_-]+)/.exec(mail!.raw)![1]!;
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/reports/confirm', payload: { token: confirmToken } });
    expect(ok.json()).toEqual({ id });
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/reports/confirm', payload: { token: confirmToken } })).statusCode).toBe(404);

    const page = await t.app.inject({ url: `${url}/${id}` });
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ id, status: 'open', title: 'Groapă mare', reporterName: null, staff: null, attributes: { size: 'large' } });
    expect(page.body).not.toContain('ana@example.org');
    const photo = await t.app.inject({ url: page.json().photos[0].url });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');

    // listed, on the map, and found as a nearby duplicate within 50 m but not 200 m away
    expect((await t.app.inject({ url: `${url}?category=pothole` })).json().items.map((r: { id: string }) => r.id)).toContain(id);
    const map = await t.app.inject({ url: `${url}/map?bbox=21.2,45.74,21.25,45.76` });
    expect(map.json().items.map((r: { id: string }) => r.id)).toContain(id);
    const near = await t.app.inject({ url: `${url}/nearby?category=pothole&lat=45.7540&lon=21.2257` });
    expect(near.json().items.map((r: { id: string }) => r.id)).toEqual([id]);
    expect((await t.app.inject({ url: `${url}/nearby?category=pothole&lat=45.7555&lon=21.2257` })).json().items).toEqual([]);
    expect((await t.app.inject({ url: `${url}/nearby?category=graffiti&lat=45.7540&lon=21.2257` })).json().items).toEqual([]);

    // a neighbour supports it instead of reporting again
    const sup = await t.app.inject({ method: 'POST', url: `${url}/${id}/support`, headers: citizen.headers, payload: {} });
    // (the citizen's e-mail is not verified: the support waits for its link, double opt-in)
    expect(sup.json()).toEqual({ supporters: 0, pending: true });

    // staff triage ladder: 401 → 400 → 403 → 204
    const action = { status: 'acknowledged', publicUpdate: 'Am preluat sesizarea.' };
    expect((await t.app.inject({ method: 'POST', url: `${url}/${id}/actions`, payload: action })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: `${url}/${id}/actions`, headers: staff.headers, payload: { status: 'bogus' } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: `${url}/${id}/actions`, headers: citizen.headers, payload: action })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `${url}/${id}/actions`, headers: staff.headers, payload: action })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'POST', url: `${url}/${id}/actions`, headers: staff.headers, payload: { status: 'fixed', publicUpdate: 'Groapa a fost astupată.', internalNote: 'echipa 3' } })).statusCode).toBe(204);

    const after = (await t.app.inject({ url: `${url}/${id}` })).json();
    expect(after.status).toBe('fixed');
    expect(after.updates.map((u: { status: string; text: string }) => [u.status, u.text])).toEqual([
      ['acknowledged', 'Am preluat sesizarea.'],
      ['fixed', 'Groapa a fost astupată.'],
    ]);
    const staffView = (await t.app.inject({ url: `${url}/${id}`, headers: staff.headers })).json();
    expect(staffView.updates.some((u: { kind: string }) => u.kind === 'internal')).toBe(true);

    await t.worker.drain();
    const toReporter = outboxMails(t.config.dataDir).filter((m) => m.to.includes('ana@example.org')).map((m) => m.raw);
    expect(toReporter.some((m) => m.includes('preluat'))).toBe(true);
    expect(toReporter.some((m) => m.includes('rezolvat'))).toBe(true);
    expect(outboxMails(t.config.dataDir).filter((m) => m.to.includes(citizen.email)).length).toBeGreaterThanOrEqual(2);

    const audit = await t.database.db.selectFrom('core_audit_log').select(['action']).where('entity_type', '=', 'report').where('entity_id', '=', id).execute();
    expect(audit.map((a) => a.action)).toEqual(['reports.report.updated', 'reports.report.updated']);

    // statistics and KPIs see it
    const stats = await t.app.inject({ url: `${url}/stats` });
    expect(stats.statusCode, stats.body).toBe(200);
    const row = (stats.json().rows as { category: string; fixed: number; fixedWithinTarget: number }[]).find((r) => r.category === 'pothole');
    expect(row).toMatchObject({ fixed: 1, fixedWithinTarget: 1 });
    const csv = await t.app.inject({ url: `${url}/stats.csv` });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('fix_median_days');
    const tenant = await t.services.tenants.bySlug('timisoara');
    const period = { from: '2000-01-01', to: '2100-01-01' };
    expect(await t.metrics.compute('reports.submitted', tenant.id, period)).toBeGreaterThanOrEqual(1);
    expect(await t.metrics.compute('reports.share_fixed_within_target', tenant.id, period)).toBeGreaterThan(0);
    expect(await t.metrics.compute('reports.online_share_of_requests', tenant.id, period)).toBeNull();
    const month = new Date().toISOString().slice(0, 7);
    expect((await t.app.inject({ method: 'PUT', url: `${url}/counter-requests`, headers: staff.headers, payload: { month, count: 3 } })).statusCode).toBe(204);
    const share = await t.metrics.compute('reports.online_share_of_requests', tenant.id, period);
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThan(1);
  });

  it('unconfirmed anonymous reports expire after 7 days, photos included', async () => {
    const res = await post({ category: 'noise', ...CENTRE, email: 'late@example.org' }, [{ filename: 'a.png', type: 'image/png', data: await png() }]);
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    const before = files().length;
    expect(await t.modules.reports!.expireUnconfirmed()).toBe(0);
    await t.database.db.updateTable('reports_reports').set({ created_at: new Date(Date.now() - 8 * 86400_000) }).where('id', '=', id).execute();
    expect(await t.modules.reports!.expireUnconfirmed()).toBe(1);
    expect(files().length).toBe(before - 1);
    expect((await t.app.inject({ url: `${url}/${id}`, headers: staff.headers })).statusCode).toBe(404);
  });

  it('signed-in report is public at once; staff hide, merge, bulk-close and block', async () => {
    const a = await post({ category: 'graffiti', ...CENTRE, title: 'Graffiti pe zid' }, [], citizen.headers);
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json().published).toBe(true);
    const b = await post({ category: 'graffiti', lat: '45.7538', lon: '21.2258', title: 'Același graffiti' }, [], citizen.headers);
    const idA = a.json().id as string;
    const idB = b.json().id as string;
    expect((await t.app.inject({ url: `${url}/mine`, headers: citizen.headers })).json().items.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([idA, idB]));

    expect((await t.app.inject({ method: 'POST', url: `${url}/${idB}/actions`, headers: staff.headers, payload: { status: 'duplicate' } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: `${url}/${idB}/actions`, headers: staff.headers, payload: { duplicateOf: idA } })).statusCode).toBe(204);
    expect((await t.app.inject({ url: `${url}/${idB}` })).json()).toMatchObject({ status: 'duplicate', duplicateOf: idA });

    expect((await t.app.inject({ method: 'POST', url: `${url}/${idA}/hide`, headers: staff.headers, payload: { reason: 'injurii' } })).statusCode).toBe(204);
    expect((await t.app.inject({ url: `${url}/${idA}` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `${url}/${idA}`, headers: staff.headers })).json().staff).toMatchObject({ hidden: true, hiddenReason: 'injurii' });

    const bulk = await t.app.inject({ method: 'POST', url: `${url}/bulk`, headers: staff.headers, payload: { ids: [idA, idB], status: 'closed' } });
    expect(bulk.json()).toEqual({ updated: 2 });
    const bad = await t.app.inject({ method: 'POST', url: `${url}/bulk`, headers: staff.headers, payload: { ids: [idA, '999999999'], status: 'open' } });
    expect(bad.statusCode).toBe(404);
    expect((await t.app.inject({ url: `${url}/${idA}`, headers: staff.headers })).json().status).toBe('closed');

    expect((await t.app.inject({ method: 'POST', url: `${url}/blocklist`, headers: staff.headers, payload: { email: 'Troll@Example.org' } })).statusCode).toBe(204);
    const blocked = await post({ category: 'noise', ...CENTRE, email: 'troll@example.org' });
    expect(blocked.statusCode).toBe(403);
    const queue = await t.app.inject({ url: `${url}/queue?sort=sla`, headers: staff.headers });
    expect(queue.statusCode).toBe(200);
    expect(queue.json().items[0]).toHaveProperty('slaBreached');
  });
  it('follow without supporting; followers are notified and can stop by the emailed link', async () => {
    const follower = await buildUser(t, { timisoara: ['citizen'] });
    const created = await post({ category: 'noise', ...CENTRE, title: 'Zgomot noaptea' }, [], citizen.headers);
    const id = created.json().id as string;
    expect((await t.app.inject({ method: 'PUT', url: `${url}/${id}/follow` })).statusCode).toBe(401);
    expect((await t.app.inject({ url: `${url}/${id}/follow` })).json()).toEqual({ following: false });
    expect((await t.app.inject({ method: 'PUT', url: `${url}/${id}/follow`, headers: follower.headers })).json()).toEqual({ following: true });
    expect((await t.app.inject({ url: `${url}/${id}/follow`, headers: follower.headers })).json()).toEqual({ following: true });
    expect((await t.app.inject({ url: `${url}/${id}` })).json().supporters).toBe(0);
    expect((await t.app.inject({ method: 'PUT', url: `${url}/999999999/follow`, headers: follower.headers })).statusCode).toBe(404);

    const mailsTo = () => outboxMails(t.config.dataDir).filter((m) => m.to.includes(follower.email) && m.raw.includes(`#${id}`));
    expect((await t.app.inject({ method: 'POST', url: `${url}/${id}/actions`, headers: staff.headers, payload: { status: 'acknowledged' } })).statusCode).toBe(204);
    await t.worker.drain();
    expect(mailsTo()).toHaveLength(1);
    // the hub's one-click link (quoted-printable soft line breaks removed)
    const token = /\/unsubscribe\/([0-9a-f-]{36})/.exec(mailsTo()[0]!.raw.replace(/=\r?\n/g, ''))?.[1];
    expect(token).toBeDefined();
    expect((await t.app.inject({ url: `/api/v1/unsubscribe/${token}` })).json()).toEqual({ tenant: 'timisoara', kind: 'reports.report', id, active: true });
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/unsubscribe/${token}` })).json()).toEqual({ tenant: 'timisoara', kind: 'reports.report', id, active: false });
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/unsubscribe/${token}` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `${url}/${id}/follow`, headers: follower.headers })).json()).toEqual({ following: false });
    expect((await t.app.inject({ method: 'POST', url: `${url}/${id}/actions`, headers: staff.headers, payload: { status: 'in_progress' } })).statusCode).toBe(204);
    await t.worker.drain();
    expect(mailsTo()).toHaveLength(1);
    // the reporter still follows and got both
    expect(outboxMails(t.config.dataDir).filter((m) => m.to.includes(citizen.email) && m.raw.includes(`#${id}`))).toHaveLength(2);

    await t.app.inject({ method: 'PUT', url: `${url}/${id}/follow`, headers: follower.headers });
    expect((await t.app.inject({ method: 'DELETE', url: `${url}/${id}/follow`, headers: follower.headers })).json()).toEqual({ following: false });
    expect((await t.app.inject({ url: `${url}/${id}/follow`, headers: follower.headers })).json()).toEqual({ following: false });
  });
  it('assigns each report its area; lists filter by area; statistics and CSV per area', async () => {
    const areas = (await t.app.inject({ url: `${url}/areas` })).json();
    // Timișoara's 31 neighbourhoods are OpenStreetMap polygons: a report belongs to the one holding its point
    expect(areas).toMatchObject({ kind: 'neighbourhoods', approximate: false, attribution: '© OpenStreetMap contributors, ODbL 1.0' });
    expect(areas.items).toHaveLength(31);
    expect(areas.items.map((a: { code: string }) => a.code)).toEqual(expect.arrayContaining(['centru', 'fabric', 'iosefin', 'complex-studentesc']));
    expect(areas.items.find((a: { code: string }) => a.code === 'fabric').boundary.type).toMatch(/Polygon/);
    const inCetate = (await post({ category: 'graffiti', ...CENTRE, title: 'În Cetate' }, [], citizen.headers)).json().id as string;
    const inFabric = (await post({ category: 'graffiti', lat: '45.7571', lon: '21.2443', title: 'În Fabric' }, [], citizen.headers)).json().id as string;
    const ids = async (q: string) => (await t.app.inject({ url: `${url}?${q}` })).json().items.map((r: { id: string }) => r.id) as string[];
    expect(await ids('area=centru')).toContain(inCetate);
    expect(await ids('area=centru')).not.toContain(inFabric);
    expect(await ids('area=fabric')).toContain(inFabric);
    expect((await t.app.inject({ url: `${url}/${inFabric}` })).json().area).toBe('fabric');
    expect((await t.app.inject({ url: `${url}?area=Bad%20Area` })).statusCode).toBe(400);
    expect((await t.app.inject({ url: `${url}/queue?area=fabric`, headers: staff.headers })).json().items.map((r: { id: string }) => r.id)).toEqual([inFabric]);

    // a staff action clears the statistics cache, so the new reports are counted
    await t.app.inject({ method: 'POST', url: `${url}/${inFabric}/actions`, headers: staff.headers, payload: { status: 'fixed' } });
    const stats = (await t.app.inject({ url: `${url}/stats` })).json();
    const fabric = stats.areas.find((a: { area: string }) => a.area === 'fabric');
    expect(fabric).toMatchObject({ name: 'Fabric', submitted: 1, fixed: 1, stillOpen: 0, fixedWithinTarget: 1 });
    expect(stats.areas.find((a: { area: string }) => a.area === 'centru').submitted).toBeGreaterThanOrEqual(1);
    const csv = await t.app.inject({ url: `${url}/stats.csv?by=area` });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toContain('area,name,submitted,still_open,fixed');
    expect(csv.body).toContain('fabric,Fabric,1,0,1');

    // generated (demo/benchmark) reports get their area in SQL by the same point-in-polygon rule (polygon @> point)
    const tenant = (await t.services.tenants.list()).find((x) => x.slug === 'timisoara')!;
    const service = t.modules.reports!;
    await generateReports(service.db, tenant, 30, { prefix: 'areatest', spanDays: 30, source: 'demo' });
    await backfillAreas(service.db, tenant);
    const generated = await service.db.selectFrom('reports_reports').select(['area', 'lat', 'lon']).where('tenant_id', '=', tenant.id).where('lat', 'is not', null).execute();
    const areas2 = areasOf(tenant);
    expect(generated.length).toBeGreaterThan(30);
    const agree = generated.filter((g) => g.area === areaFor(areas2, g.lat, g.lon));
    // PostgreSQL's geometric operators count a point within 1e-6° (10 cm) of an edge as inside: at most a rare stray
    expect(agree.length).toBeGreaterThanOrEqual(generated.length - 1);
    expect(new Set(generated.map((g) => g.area)).size).toBeGreaterThan(5);
  });

  it('keyset pagination (cursor) walks the public list like the pages do, ties within a millisecond included', async () => {
    const bm = await t.services.tenants.bySlug('baia-mare');
    const service = t.modules.reports!;
    await generateReports(service.db, bm, 45, { prefix: 'cursor', spanDays: 30, source: 'demo' });
    // ties: five reports at the very same instant, two more a few microseconds apart within one millisecond
    const ids = (await service.db.selectFrom('reports_reports').select('id').where('tenant_id', '=', bm.id).orderBy('id').execute()).map((r) => String(r.id));
    await service.db.updateTable('reports_reports').set({ created_at: sql<Date>`timestamptz '2026-11-01 10:00:00.123456+00'` }).where('id', 'in', ids.slice(0, 5)).execute();
    await service.db.updateTable('reports_reports').set({ created_at: sql<Date>`timestamptz '2026-11-01 10:00:00.123401+00'` }).where('id', '=', ids[5]!).execute();
    await service.db.updateTable('reports_reports').set({ created_at: sql<Date>`timestamptz '2026-11-01 10:00:00.123499+00'` }).where('id', '=', ids[6]!).execute();
    const bmUrl = '/api/v1/tenants/baia-mare/reports';
    const visible = ((await t.app.inject({ url: `${bmUrl}?pageSize=100` })).json().items as { id: string }[]).map((r) => r.id);
    expect(visible.length).toBeGreaterThan(40);
    const byPages: string[] = [];
    for (let page = 1; page <= 3; page++) byPages.push(...((await t.app.inject({ url: `${bmUrl}?pageSize=20&page=${page}` })).json().items as { id: string }[]).map((r) => r.id));
    const byCursor: string[] = [];
    let cursor: string | null = null;
    let total = 0;
    for (let n = 0; n < 10; n++) {
      const res = await t.app.inject({ url: `${bmUrl}?pageSize=7${cursor ? `&cursor=${cursor}` : ''}` });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { items: { id: string }[]; nextCursor: string | null; total: number };
      byCursor.push(...body.items.map((r) => r.id));
      total = body.total;
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(cursor).toBeNull();
    expect(byCursor).toEqual(visible);
    expect(byPages).toEqual(visible);
    expect(total).toBe(visible.length);
    expect(new Set(byCursor).size).toBe(byCursor.length);
    // filters apply to cursor pages too
    const open = (await t.app.inject({ url: `${bmUrl}?status=open&pageSize=3` })).json() as { items: { id: string }[]; nextCursor: string };
    const next = (await t.app.inject({ url: `${bmUrl}?status=open&pageSize=3&cursor=${open.nextCursor}` })).json() as { items: { id: string; status: string }[] };
    expect(next.items.every((r) => r.status === 'open')).toBe(true);
    expect(next.items.map((r) => r.id)).not.toContain(open.items[0]!.id);
    const bad = await t.app.inject({ url: `${bmUrl}?cursor=bm90LWEtY3Vyc29y` });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors?.[0]?.field).toBe('cursor');
  });

  it('the map draws up to 1000 points and answers a denser box with cluster counts that the trigger keeps exact', async () => {
    const service = t.modules.reports!;
    const tm = await t.services.tenants.bySlug('timisoara');
    await generateReports(service.db, tm, 1200, { prefix: 'maptest', spanDays: 30, source: 'demo' });
    type MapBody = { items: { id: string; lat: number; lon: number }[]; clustered: boolean; clusters: { count: number; lat: number; lon: number; bbox: [number, number, number, number] }[] };
    const map = async (q: string) => {
      const res = await t.app.inject({ url: `${url}/map?${q}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as MapBody;
    };
    const published = async (box: [number, number, number, number], where = sql`true`) =>
      Number((await sql<{ n: string }>`select count(*) as n from reports_reports where tenant_id = ${tm.id} and confirmed_at is not null and hidden_at is null
        and lon between ${box[0]} and ${box[2]} and lat between ${box[1]} and ${box[3]} and ${where}`.execute(service.db)).rows[0]!.n);
    const total = (b: MapBody) => b.clusters.reduce((a, c) => a + c.count, 0);
    /** how many reports the answer stands for, drawn one by one or clustered */
    const shown = (b: MapBody) => (b.clustered ? total(b) : b.items.length);

    // the whole city: more than 1000 reports, so clusters; each is drawn inside its own cell
    const city: [number, number, number, number] = [21.1, 45.65, 21.35, 45.85];
    const all = await map(`bbox=${city.join(',')}`);
    expect(all.clustered).toBe(true);
    expect(all.items).toEqual([]);
    expect(total(all)).toBe(await published(city));
    expect(total(all)).toBeGreaterThan(1000);
    for (const c of all.clusters) {
      expect(c.lon).toBeGreaterThanOrEqual(c.bbox[0]);
      expect(c.lat).toBeGreaterThanOrEqual(c.bbox[1]);
      expect(c.lon).toBeLessThanOrEqual(c.bbox[2]);
      expect(c.lat).toBeLessThanOrEqual(c.bbox[3]);
    }
    // a small box: every report in it, one by one
    const small: [number, number, number, number] = [21.22, 45.75, 21.23, 45.757];
    const few = await map(`bbox=${small.join(',')}`);
    expect(few.clustered).toBe(false);
    expect(few.items.length).toBe(await published(small));

    // the cell counts follow every change to a report: hidden, status changed, deleted, filtered by status
    expect(few.items.length).toBeGreaterThanOrEqual(3);
    const [hide, fix, gone] = few.items.map((r) => r.id);
    const wasOpen = (await service.db.selectFrom('reports_reports').select('status').where('id', '=', fix!).executeTakeFirstOrThrow()).status === 'open';
    await service.db.updateTable('reports_reports').set({ hidden_at: new Date() }).where('id', '=', hide!).execute();
    await service.db.updateTable('reports_reports').set({ status: wasOpen ? 'fixed' : 'open' }).where('id', '=', fix!).execute();
    await service.db.deleteFrom('reports_reports').where('id', '=', gone!).execute();
    // written here in SQL, with no event: the kept public answers are dropped as a change would drop them
    await reportsChanged(service.db, tm.id);
    const after = await map(`bbox=${city.join(',')}`);
    expect(total(after)).toBe(total(all) - 2);
    expect(total(after)).toBe(await published(city));
    // the hidden and deleted reports may have been open too: the status-filtered map equals a recount
    expect(shown(await map(`bbox=${city.join(',')}&status=open`))).toBe(await published(city, sql`status = 'open'`));
    // … and equal, cell by cell and level by level, what counting the reports again gives
    const kept = await sql<{ k: string }>`select bits || ':' || cx || ':' || cy || ':' || status || ':' || category_id || '=' || n as k from reports_map_cells where tenant_id = ${tm.id} and n > 0 order by 1`.execute(service.db);
    const recount = await sql<{ k: string }>`select lv.bits || ':' || floor(lon * (1 << lv.bits))::int || ':' || floor(lat * (1 << lv.bits))::int || ':' || status || ':' || category_id || '=' || count(*) as k
      from reports_reports cross join (values (4), (7), (10)) lv(bits)
      where tenant_id = ${tm.id} and confirmed_at is not null and hidden_at is null and lat is not null and lon is not null
      group by lv.bits, floor(lon * (1 << lv.bits)), floor(lat * (1 << lv.bits)), status, category_id order by 1`.execute(service.db);
    expect(kept.rows.map((r) => r.k)).toEqual(recount.rows.map((r) => r.k));

    // by area (not in the cell table): counted from the reports, same totals
    const area = (await service.db.selectFrom('reports_reports').select('area').where('tenant_id', '=', tm.id).where('area', 'is not', null).groupBy('area').orderBy(sql`count(*)`, 'desc').executeTakeFirstOrThrow()).area!;
    const byArea = await map(`bbox=${city.join(',')}&area=${area}`);
    const inArea = await published(city, sql`area = ${area}`);
    expect(byArea.clustered).toBe(inArea > 1000);
    expect(shown(byArea)).toBe(inArea);
    expect((await t.app.inject({ url: `${url}/map?bbox=21.2,45.7` })).statusCode).toBe(400);
  });

  it('keeps the public list and map as text, with no statement, until a report changes', async () => {
    const box = 'bbox=21.22,45.75,21.23,45.757';
    const read = async (path: string) => {
      const res = await t.app.inject({ url: `${url}${path}` });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      return res.body;
    };
    const first = { list: await read('?page=1&pageSize=20'), map: await read(`/map?${box}`) };
    const statements = countQueries(t.database);
    // asked again, and with the query's keys in another order: the same bytes, and nothing is read
    expect(await read('?pageSize=20&page=1')).toBe(first.list);
    expect(await read(`/map?${box}`)).toBe(first.map);
    expect(statements()).toBe(0);

    // staff actions change the list's first report and a report on the map: both answers change at once
    const act = async (id: string, status: string) => expect((await t.app.inject({ method: 'POST', url: `${url}/${id}/actions`, headers: staff.headers, payload: { status } })).statusCode).toBe(204);
    const other = (s: string) => (s === 'in_progress' ? 'acknowledged' : 'in_progress');
    const top = (JSON.parse(first.list) as { items: { id: string; status: string }[] }).items[0]!;
    await act(top.id, other(top.status));
    expect((JSON.parse(await read('?page=1&pageSize=20')) as { items: { id: string; status: string }[] }).items.find((r) => r.id === top.id)?.status).toBe(other(top.status));
    const pin = (JSON.parse(first.map) as { items: { id: string; status: string }[] }).items.find((r) => r.id !== top.id)!;
    await act(pin.id, other(pin.status));
    expect((JSON.parse(await read(`/map?${box}`)) as { items: { id: string; status: string }[] }).items.find((r) => r.id === pin.id)?.status).toBe(other(pin.status));
  });
  it('answers any box from the map tiles exactly as the statements would, and a box panned by a metre with none', async () => {
    const service = t.modules.reports!;
    const tm = await t.services.tenants.bySlug('timisoara');
    const pothole = (await service.categories(tm)).find((c) => c.code === 'pothole')!;
    // dense enough that some boxes hold over 1000 reports
    await generateReports(service.db, tm, 4000, { prefix: 'tiles', spanDays: 30, source: 'demo' });
    await reportsChanged(service.db, tm.id);
    type Answer = Awaited<ReturnType<typeof service.map>>;
    const same = (tiles: Answer, fresh: Answer) => {
      expect(tiles.points.map((p) => [String(p.id), p.status, p.category_code, p.title, p.lat, p.lon])).toEqual(fresh.points.map((p) => [String(p.id), p.status, p.category_code, p.title, p.lat, p.lon]));
      expect(tiles.clusters?.bits).toBe(fresh.clusters?.bits);
      const cells = (a: Answer) => new Map((a.clusters?.cells ?? []).map((c) => [`${c.cx}:${c.cy}`, c]));
      const fromFresh = cells(fresh);
      expect([...cells(tiles).keys()].sort()).toEqual([...fromFresh.keys()].sort());
      for (const [k, c] of cells(tiles)) {
        expect(c.n).toBe(fromFresh.get(k)!.n);
        // the same sums added in another order
        expect(Math.abs(c.lat - fromFresh.get(k)!.lat)).toBeLessThan(1e-9);
        expect(Math.abs(c.lon - fromFresh.get(k)!.lon)).toBeLessThan(1e-9);
      }
    };
    let seed = 7;
    const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const c = { lat: 45.7537, lon: 21.2257 };
    const seen = { points: 0, clusters: 0 };
    for (let i = 0; i < 60; i++) {
      const span = 0.0005 * 2 ** (rnd() * 9);
      const minLon = c.lon - span / 2 - 0.02 + rnd() * 0.04;
      const minLat = c.lat - span / 3 - 0.015 + rnd() * 0.03;
      const f = {
        tenantId: tm.id,
        bbox: { minLon, minLat, maxLon: minLon + span, maxLat: minLat + span * 0.7 },
        status: i % 3 === 0 ? (['open'] as const) : undefined,
        categoryIds: i % 4 === 1 ? [pothole.id] : undefined,
      };
      const fresh = await service.map(f, true);
      same(await service.map(f, false), fresh);
      if (fresh.clusters) seen.clusters++;
      else if (fresh.points.length > 0) seen.points++;
    }
    // both kinds of answer were compared
    expect(seen.points).toBeGreaterThan(5);
    expect(seen.clusters).toBeGreaterThan(2);

    // a street near the centre, then the same street a metre east: the second is answered from the tiles alone
    const street = { tenantId: tm.id, bbox: { minLon: c.lon - 0.002, minLat: c.lat - 0.0014, maxLon: c.lon + 0.002, maxLat: c.lat + 0.0014 } };
    const before = await service.map(street, false);
    expect(before.clusters).toBeNull();
    expect(before.points.length).toBeGreaterThan(0);
    const statements = countQueries(t.database);
    const east = { ...street, bbox: { ...street.bbox, minLon: street.bbox.minLon + 1e-5, maxLon: street.bbox.maxLon + 1e-5 } };
    same(await service.map(east, false), await service.map(east, true));
    const fromTiles = statements();
    await service.map(east, false);
    expect(statements()).toBe(fromTiles);
    // and so is a box asked over HTTP a metre further (a new kept answer, built from the tiles)
    const further = [street.bbox.minLon + 2e-5, street.bbox.minLat, street.bbox.maxLon + 2e-5, street.bbox.maxLat].join(',');
    const overHttp = await t.app.inject({ url: `${url}/map?bbox=${further}` });
    expect(overHttp.statusCode, overHttp.body).toBe(200);
    expect(statements()).toBe(fromTiles);

    // a change written with no event, announced as generateReports announces it: the tiles are dropped too
    const gone = before.points[0]!;
    await service.db.updateTable('reports_reports').set({ hidden_at: new Date() }).where('id', '=', String(gone.id)).execute();
    await reportsChanged(service.db, tm.id);
    const after = await service.map(street, false);
    expect(after.points.map((p) => String(p.id))).not.toContain(String(gone.id));
    same(after, await service.map(street, true));
  });
});
