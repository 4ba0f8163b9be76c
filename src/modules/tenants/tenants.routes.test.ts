import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, problem, type TestApp, type TestUser } from '../../../tests/helpers/app.js';
import { testEngines } from '../../../tests/helpers/env.js';
import { queryCounter } from '../../../tests/helpers/queries.js';
import { cacheChanged } from '../../core/cachebus.js';
import { pointInBoundary } from '../../core/geo.js';
import { ROOT_DIR } from '../../core/version.js';
import { seedMetropolitanAreas } from './tenants.seed.js';

/** A small square around Cluj-Napoca's centre: enough for a new city in a test. */
const CLUJ = { type: 'Polygon', coordinates: [[[23.5, 46.73], [23.7, 46.73], [23.7, 46.82], [23.5, 46.82], [23.5, 46.73]]] };

describe.each(testEngines())('cities and metropolitan areas on %s', (engine) => {
  let t: TestApp;
  let platform: TestUser;
  let cityAdmin: TestUser;
  let citizen: TestUser;
  beforeAll(async () => {
    t = await createTestApp(engine);
    const { password } = await t.services.users.createAdmin([], 'platform@example.org', 'Platform', { platform: true });
    const login = await t.services.users.login('platform@example.org', password, {});
    platform = { id: '', email: 'platform@example.org', password, cookie: `urbia_session=${login.token}`, csrf: login.csrfToken, headers: { cookie: `urbia_session=${login.token}`, 'x-csrf-token': login.csrfToken } };
    cityAdmin = await buildUser(t, { timisoara: ['admin'] });
    citizen = await buildUser(t, { timisoara: ['citizen'] });
  });
  afterAll(async () => {
    await t?.close();
  });

  const create = (headers: Record<string, string>, body: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/tenants', headers, payload: body as object });

  it('the seeded cities have their real UAT boundaries, with the credit line', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/tenants/timisoara' });
    expect(res.statusCode).toBe(200);
    const tm = res.json();
    expect(tm).toMatchObject({ siruta: '155243', kind: 'city', boundary: { type: 'MultiPolygon' } });
    expect(tm.boundarySource).toContain('ANCPI');
    // Piața Victoriei is in Timișoara; Dumbrăvița's centre, just north, is a different commune (the old
    // 12-sided outline took it in); Giroc, south, too.
    expect(pointInBoundary(21.2257, 45.7537, tm.boundary)).toBe(true);
    expect(pointInBoundary(21.2487, 45.7989, tm.boundary)).toBe(false);
    expect(pointInBoundary(21.2362, 45.6936, tm.boundary)).toBe(false);
  });

  it('refuses anonymous (401), a citizen and a city admin (403) creating a city, and writes nothing', async () => {
    const body = { slug: 'cluj-napoca', name: { ro: 'Cluj-Napoca' }, boundary: CLUJ };
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/tenants', payload: body })).statusCode).toBe(401);
    expect((await create(citizen.headers, body)).statusCode).toBe(403);
    expect((await create(cityAdmin.headers, body)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/tenants/cluj-napoca' })).statusCode).toBe(404);
  });

  it('names the failing field of a bad boundary or slug (400) and writes nothing', async () => {
    const cases: [unknown, string][] = [
      [{ type: 'Point', coordinates: [23.6, 46.77] }, 'boundary.type'],
      [{ type: 'Polygon', coordinates: [[[23.5, 46.73], [23.7, 46.73], [23.7, 46.82], [23.5, 46.73]].slice(0, 3)] }, 'boundary.coordinates.0'],
      [{ type: 'Polygon', coordinates: [[[23.5, 46.73], [23.7, 46.73], [23.7, 46.82], [23.5, 46.82], [23.6, 46.8]]] }, 'boundary.coordinates.0'],
      [{ type: 'Polygon', coordinates: [[[400000, 500000], [400100, 500000], [400100, 500100], [400000, 500000]]] }, 'boundary.coordinates.0.0'],
      [{ type: 'Polygon', coordinates: [[[23.5, 46.73], [23.7, 46.82], [23.7, 46.73], [23.5, 46.82], [23.5, 46.73]]] }, 'boundary.coordinates.0.0'],
      [{ type: 'FeatureCollection', features: [] }, 'boundary.features'],
    ];
    for (const [boundary, field] of cases) {
      const res = await create(platform.headers, { slug: 'cluj-napoca', name: { ro: 'Cluj-Napoca' }, boundary });
      expect(res.statusCode, JSON.stringify(boundary)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(problem(res).errors?.[0]?.field).toBe(field);
    }
    const slug = await create(platform.headers, { slug: 'Cluj Napoca', name: { ro: 'Cluj-Napoca' }, boundary: CLUJ });
    expect(slug.statusCode).toBe(400);
    expect(problem(slug).errors?.[0]?.field).toBe('slug');
    const parent = await create(platform.headers, { slug: 'cluj-napoca', name: { ro: 'Cluj-Napoca' }, boundary: CLUJ, parent: 'timisoara' });
    expect(parent.statusCode).toBe(400);
    expect(problem(parent).errors?.[0]?.field).toBe('parent');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/tenants/cluj-napoca' })).statusCode).toBe(404);
  });

  it('a platform admin creates an area and a member city; the area lists it, and an area role holds in the member', async () => {
    const area = await create(platform.headers, { slug: 'zm-cluj', kind: 'area', name: { ro: 'Zona metropolitană Cluj', hu: 'Kolozsvári agglomeráció' }, boundary: { type: 'Feature', properties: {}, geometry: CLUJ } });
    expect(area.statusCode).toBe(201);
    expect(area.json()).toMatchObject({ slug: 'zm-cluj', kind: 'area', parent: null, abilities: { createCity: true, archive: true } });
    const city = await create(platform.headers, { slug: 'cluj-napoca', name: { ro: 'Cluj-Napoca', hu: 'Kolozsvár' }, locales: ['ro', 'hu'], boundary: CLUJ, parent: 'zm-cluj', siruta: '54975' });
    expect(city.statusCode).toBe(201);
    expect(city.json()).toMatchObject({ slug: 'cluj-napoca', parent: 'zm-cluj', locales: ['ro', 'hu'], defaultLocale: 'ro', archived: false });
    expect(pointInBoundary(city.json().centre.lon, city.json().centre.lat, CLUJ as never)).toBe(true);
    expect((await create(platform.headers, { slug: 'cluj-napoca', name: { ro: 'Again' }, boundary: CLUJ })).statusCode).toBe(409);

    const members = await t.app.inject({ method: 'GET', url: '/api/v1/tenants/zm-cluj/cities' });
    expect(members.json().items.map((m: { slug: string }) => m.slug)).toEqual(['cluj-napoca']);

    // Staff granted in the area are staff of each member city.
    const areaStaff = await buildUser(t, { 'zm-cluj': ['admin'] });
    const keys = await t.app.inject({ method: 'GET', url: '/api/v1/tenants/cluj-napoca/members', headers: areaStaff.headers });
    expect(keys.statusCode).toBe(200);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/tenants/cluj-napoca', headers: areaStaff.headers });
    expect(me.json().abilities).toMatchObject({ update: true, archive: false });

    const audit = await t.database.db.selectFrom('core_audit_log').select('action').where('entity_id', '=', 'cluj-napoca').execute();
    expect(audit.map((a) => a.action)).toContain('tenants.city.created');
  });

  it('a city admin renames their city but cannot move it; a platform admin archives it and it leaves the lists', async () => {
    const rename = await t.app.inject({ method: 'PATCH', url: '/api/v1/tenants/timisoara', headers: cityAdmin.headers, payload: { name: { ro: 'Timișoara', en: 'Timisoara (EN)' } } });
    expect(rename.statusCode).toBe(200);
    expect(rename.json().name.en).toBe('Timisoara (EN)');
    const move = await t.app.inject({ method: 'PATCH', url: '/api/v1/tenants/timisoara', headers: cityAdmin.headers, payload: { parent: 'zm-cluj' } });
    expect(move.statusCode).toBe(403);
    const empty = await t.app.inject({ method: 'PATCH', url: '/api/v1/tenants/timisoara', headers: cityAdmin.headers, payload: {} });
    expect(empty.statusCode).toBe(400);
    expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/tenants/baia-mare', headers: cityAdmin.headers, payload: { name: { ro: 'X' } } })).statusCode).toBe(403);

    expect((await t.app.inject({ method: 'PUT', url: '/api/v1/tenants/cluj-napoca/archived', headers: cityAdmin.headers, payload: { archived: true } })).statusCode).toBe(403);
    const archived = await t.app.inject({ method: 'PUT', url: '/api/v1/tenants/cluj-napoca/archived', headers: platform.headers, payload: { archived: true } });
    expect(archived.json().archived).toBe(true);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/tenants' });
    expect(list.json().items.map((x: { slug: string }) => x.slug)).not.toContain('cluj-napoca');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/tenants?archived=only' })).statusCode).toBe(403);
    const only = await t.app.inject({ method: 'GET', url: '/api/v1/tenants?archived=only', headers: platform.headers });
    expect(only.json().items.map((x: { slug: string }) => x.slug)).toEqual(['cluj-napoca']);
  });

  it('keeps the listing text (no statement on a read), shows a rename at once, and drops it when another process reports a change', async () => {
    const first = await t.app.inject({ url: '/api/v1/tenants' });
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(first.json().abilities).toEqual({ createCity: false });
    const counter = queryCounter(t);
    const again = await t.app.inject({ url: '/api/v1/tenants' });
    expect(again.body).toBe(first.body);
    expect(counter.count).toBe(0);
    // each caller gets their own abilities on the shared text
    expect((await t.app.inject({ url: '/api/v1/tenants', headers: platform.headers })).json().abilities).toEqual({ createCity: true });

    const renamed = await t.app.inject({ method: 'PATCH', url: '/api/v1/tenants/baia-mare', headers: platform.headers, payload: { name: { ro: 'Baia Mare', en: 'Baia Mare (renamed)' } } });
    expect(renamed.statusCode).toBe(200);
    const named = (await t.app.inject({ url: '/api/v1/tenants' })).json().items.find((x: { slug: string }) => x.slug === 'baia-mare');
    expect(named.name.en).toBe('Baia Mare (renamed)');

    // a change made by another app process reaches this one as a cache-bus message (a NOTIFY on PostgreSQL)
    await t.database.db.updateTable('tenants').set({ name: JSON.stringify({ ro: 'Baia Mare', en: 'Baia Mare' }) }).where('slug', '=', 'baia-mare').execute();
    await cacheChanged(t.database.db, 'tenants', '*');
    counter.reset();
    const back = (await t.app.inject({ url: '/api/v1/tenants' })).json().items.find((x: { slug: string }) => x.slug === 'baia-mare');
    expect(back.name.en).toBe('Baia Mare');
    expect(counter.count).toBe(1);
  });

  it('the demo areas have their real members: Timișoara and 14 communes; Baia Mare, 5 towns and 13 communes', async () => {
    await seedMetropolitanAreas(t.services.tenants);
    await seedMetropolitanAreas(t.services.tenants); // idempotent
    const tm = (await t.app.inject({ method: 'GET', url: '/api/v1/tenants/zm-timisoara/cities' })).json();
    expect(tm.items).toHaveLength(15);
    expect(tm.items.filter((m: { uatType: string }) => m.uatType === 'comună')).toHaveLength(14);
    expect(tm.items.map((m: { slug: string }) => m.slug)).toContain('timisoara');
    expect(tm.items.map((m: { slug: string }) => m.slug)).not.toContain('sanandrei-tm');
    const bm = (await t.app.inject({ method: 'GET', url: '/api/v1/tenants/zm-baia-mare/cities' })).json();
    expect(bm.items).toHaveLength(19);
    expect(bm.items.filter((m: { uatType: string }) => m.uatType === 'oraș')).toHaveLength(5);
    expect(bm.items.filter((m: { uatType: string }) => m.uatType === 'comună')).toHaveLength(13);
    const csv = readFileSync(join(ROOT_DIR, 'data/geo/metro_members.csv'), 'utf8');
    for (const m of [...tm.items, ...bm.items]) expect(csv).toContain(`,${m.siruta},`);
  });
});
