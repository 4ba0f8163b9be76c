import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problem } from '../../../../tests/helpers/app.js';
import { testEngines } from '../../../../tests/helpers/env.js';
import { directoryFixture, type DirectoryFixture, INSIDE, OUTSIDE, T } from '../directory.test-helpers.js';
import { seedPlaces } from './places.seed.js';

/** What overpass-turbo exports (osmtogeojson): the OSM id on the feature and in `@id`, the tags as properties. */
const overpass = {
  type: 'FeatureCollection',
  generator: 'overpass-turbo',
  copyright: 'The data included in this document is from www.openstreetmap.org. The data is made available under ODbL.',
  features: [
    { type: 'Feature', id: 'node/9000000001', properties: { '@id': 'node/9000000001', amenity: 'charging_station', name: 'Stație Iulius', 'socket:type2': '2', 'socket:type2:output': '22 kW', 'socket:type2_combo': '1', 'socket:type2_combo:output': '50 kW', operator: 'Renovatio' }, geometry: { type: 'Point', coordinates: [21.2275, 45.7662] } },
    { type: 'Feature', id: 'way/9000000002', properties: { '@id': 'way/9000000002', disused: 'yes', building: 'industrial', name: 'Fosta fabrică', owner: 'Primăria Timișoara', surface: '1200' }, geometry: { type: 'Polygon', coordinates: [[[21.21, 45.75], [21.211, 45.75], [21.211, 45.751], [21.21, 45.75]]] } },
    { type: 'Feature', id: 'node/9000000003', properties: { '@id': 'node/9000000003', leisure: 'hackerspace', name: 'Hackerspace TM' }, geometry: { type: 'Point', coordinates: [21.23, 45.76] } },
  ],
};

describe.each(testEngines())('places and the resource map on %s', (engine) => {
  let f: DirectoryFixture;
  beforeAll(async () => {
    f = await directoryFixture(engine);
  });
  afterAll(async () => {
    await f?.t.close();
  });
  const count = async () => Number((await f.t.database.db.selectFrom('directory_places').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('import: 401 → 403 → all rows or none (400 naming each bad feature or line) → an Overpass export loads as it is', async () => {
    const { t, ana, staff } = f;
    const url = `${T}/places/import`;
    const geo = { 'content-type': 'application/geo+json' };
    expect((await t.app.inject({ method: 'POST', url, headers: geo, payload: JSON.stringify(overpass) })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url, headers: { ...ana.headers, ...geo }, payload: JSON.stringify(overpass) })).statusCode).toBe(403);
    const bad = structuredClone(overpass);
    bad.features[1]!.geometry = { type: 'Point', coordinates: [OUTSIDE.lon, OUTSIDE.lat] } as never;
    (bad.features[2] as { properties: unknown }).properties = { '@id': 'node/9000000003', shop: 'bakery' };
    const refused = await t.app.inject({ method: 'POST', url, headers: { ...staff.headers, ...geo }, payload: JSON.stringify(bad) });
    expect(refused.statusCode).toBe(400);
    expect(problem(refused).errors?.map((e) => e.field)).toEqual(['features[1].lat', 'features[2].tags']);
    expect(await count()).toBe(0);

    const ok = await t.app.inject({ method: 'POST', url, headers: { ...staff.headers, ...geo }, payload: JSON.stringify(overpass) });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ imported: 3, updated: 0, kinds: { ev_charging: 1, disused_space: 1, makerspace: 1 } });
    // a re-import refreshes by OSM id instead of duplicating
    expect((await t.app.inject({ method: 'POST', url, headers: { ...staff.headers, 'content-type': 'application/json' }, payload: overpass })).json()).toMatchObject({ imported: 0, updated: 3 });
    const charger = (await t.app.inject({ method: 'GET', url: `${T}/places?kind=ev_charging` })).json();
    expect(charger.attribution).toBe('© OpenStreetMap contributors, ODbL 1.0');
    expect(charger.items[0]).toMatchObject({ name: 'Stație Iulius', osmId: 'node/9000000001', source: 'osm', details: { maxPowerKw: 50, operator: 'Renovatio', sockets: [{ type: 'type2', count: 2, outputKw: 22 }, { type: 'type2_combo', count: 1, outputKw: 50 }] } });
    const disused = (await t.app.inject({ method: 'GET', url: `${T}/places?kind=disused_space` })).json().items[0];
    expect(disused).toMatchObject({ lat: 45.75, lon: 21.21, details: { owner: 'Primăria Timișoara', surface: '1200' } });
  });

  it('CSV import with OSM tag columns; a bad line is named by its number', async () => {
    const { t, staff } = f;
    const csv = (rows: string[]) => ['name,lat,lon,amenity,office,osm_id', ...rows].join('\n');
    const before = await count();
    const bad = await t.app.inject({ method: 'POST', url: `${T}/places/import`, headers: { ...staff.headers, 'content-type': 'text/csv' }, payload: csv(['Biblioteca Centrală,45.756,21.229,library,,node/9000000010', 'Cowork,abc,21.22,,coworking,', 'Hub,45.75,21.23,,coworking,way/x']) });
    expect(problem(bad).errors?.map((e) => e.field)).toEqual(['line 3.lat', 'line 4.osm_id']);
    expect(await count()).toBe(before);
    const ok = await t.app.inject({ method: 'POST', url: `${T}/places/import`, headers: { ...staff.headers, 'content-type': 'text/csv' }, payload: csv(['Biblioteca Centrală,45.756,21.229,library,,node/9000000010', 'Cowork Central,45.754,21.226,,coworking,']) });
    expect(ok.json()).toEqual({ imported: 2, updated: 0, kinds: { library: 1, coworking: 1 } });
  });

  it('staff add places and funding programmes; citizens suggest (moderated, then notified)', async () => {
    const { t, ana, staff } = f;
    const free = { kind: 'disused_space', name: 'Hala din Iosefin', ...INSIDE, details: { owner: 'Primăria', surface: 800, conditions: 'Utilizare temporară, 6 luni', contact: 'patrimoniu@primariatm.ro' } };
    expect((await t.app.inject({ method: 'POST', url: `${T}/places`, payload: free })).statusCode).toBe(401);
    expect(problem(await t.app.inject({ method: 'POST', url: `${T}/places`, headers: staff.headers, payload: { ...free, ...OUTSIDE } })).errors?.[0]?.field).toBe('lat');
    expect(problem(await t.app.inject({ method: 'POST', url: `${T}/places`, headers: staff.headers, payload: { ...free, lat: undefined, lon: undefined } })).errors?.[0]?.field).toBe('lat');
    expect((await t.app.inject({ method: 'POST', url: `${T}/places`, headers: staff.headers, payload: free })).json()).toMatchObject({ status: 'published', source: 'staff' });
    const fund = await t.app.inject({ method: 'POST', url: `${T}/places`, headers: staff.headers, payload: { kind: 'funding_programme', name: 'Granturi comunitare', details: { amount: 350000, deadline: '2027-03-31', eligibility: 'ONG-uri locale' } } });
    expect(fund.json()).toMatchObject({ lat: null, details: { amount: 350000 } });

    const sug = await t.app.inject({ method: 'POST', url: `${T}/places`, headers: ana.headers, payload: { kind: 'public_wifi', name: 'Wi-Fi Piața Unirii', lat: 45.758, lon: 21.229 } });
    expect(sug.json()).toMatchObject({ status: 'pending', source: 'suggestion' });
    const id = sug.json().id;
    expect((await t.app.inject({ method: 'GET', url: `${T}/places?kind=public_wifi` })).json().items).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: `${T}/places?status=pending` })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `${T}/places?status=pending`, headers: { cookie: staff.cookie } })).json().items).toHaveLength(1);
    expect((await t.app.inject({ method: 'PUT', url: `${T}/places/${id}/moderation`, headers: ana.headers, payload: { status: 'published' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PUT', url: `${T}/places/${id}/moderation`, headers: staff.headers, payload: { status: 'published' } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `${T}/places?kind=public_wifi` })).json().items).toHaveLength(1);
    expect(await t.database.db.selectFrom('notifications_inbox').select('user_id').where('kind', '=', 'directory.place.moderated').execute()).toEqual([{ user_id: ana.id }]);
    const audit = await t.database.db.selectFrom('core_audit_log').select('action').where('actor_user_id', '=', staff.id).where('action', 'like', 'directory.place.%').execute();
    expect(new Set(audit.map((a) => a.action))).toEqual(new Set(['directory.place.imported', 'directory.place.added', 'directory.place.moderated']));
  });

  it("the demo loads Timișoara's real places from OpenStreetMap inside the city (idempotent), nothing for Baia Mare; each kind is an OGC collection and a DCAT dataset", async () => {
    const { t } = f;
    const tm = await t.services.tenants.bySlug('timisoara');
    const first = await seedPlaces(tm, t.modules.directory!.places);
    expect(first).not.toBeNull();
    const again = await seedPlaces(tm, t.modules.directory!.places);
    expect(again!.imported).toBe(0);
    expect(await seedPlaces(await t.services.tenants.bySlug('baia-mare'), t.modules.directory!.places)).toBeNull();
    const chargers = (await t.app.inject({ method: 'GET', url: `${T}/places?kind=ev_charging` })).json().items;
    expect(chargers.filter((p: { source: string }) => p.source === 'osm').length).toBeGreaterThanOrEqual(45);
    expect((await t.app.inject({ method: 'GET', url: `${T}/places?kind=makerspace` })).json().items.length).toBeGreaterThanOrEqual(2);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/tenants/baia-mare/places' })).json().items).toEqual([]);

    const cols = (await t.app.inject({ method: 'GET', url: '/ogc/timisoara/collections', headers: { accept: 'application/json' } })).json().collections.map((c: { id: string }) => c.id);
    expect(cols).toEqual(expect.arrayContaining(['places-ev-charging', 'places-disused-space', 'places-library']));
    const items = (await t.app.inject({ method: 'GET', url: '/ogc/timisoara/collections/places-ev-charging/items?limit=500', headers: { accept: 'application/geo+json' } })).json();
    expect(items.features.length).toBe(chargers.length);
    const ttl = (await t.app.inject({ method: 'GET', url: '/dcat/timisoara/catalog.ttl' })).body;
    expect(ttl).toContain('places-ev-charging');
    expect(ttl).toContain('places-disused-space');
  });
});
