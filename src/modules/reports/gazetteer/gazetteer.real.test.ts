/**
 * Search quality on the real gazetteer shipped in data/geo/ (OpenStreetMap streets and addresses of
 * Timișoara and the neighbouring communes the extract covers): it loads city by city (each keeps the rows
 * inside its own boundary), and typed addresses — with or without diacritics, abbreviated street types,
 * house numbers — find the right entry, in the web form's search and in Open311 address_string.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, type TestApp } from '../../../../tests/helpers/app.js';
import { testEngines } from '../../../../tests/helpers/env.js';
import { SYSTEM } from '../../../core/actor.js';
import { pointInBoundary } from '../../../core/geo.js';
import { ROOT_DIR } from '../../../core/version.js';
import { seedMetropolitanAreas } from '../../tenants/index.js';
import { seedCategories, seedGazetteer } from '../reports.demo.js';
import { parseGazetteerCsv } from './gazetteer.geocoder.js';

const FILE = join(ROOT_DIR, 'data', 'geo', 'timisoara_zm_gazetteer.csv');

describe.each(testEngines())('the real Timișoara gazetteer on %s', (engine) => {
  let t: TestApp;
  const labels = async (slug: string, q: string) => {
    const res = await t.app.inject({ url: `/api/v1/tenants/${slug}/geocode?q=${encodeURIComponent(q)}` });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as { label: string; kind: string; lat: number; lon: number }[]);
  };

  beforeAll(async () => {
    t = await createTestApp(engine);
    await seedMetropolitanAreas(t.services.tenants);
    const service = t.modules.reports!;
    const all = await t.services.tenants.list();
    for (const slug of ['timisoara', 'dumbravita-tm']) {
      const tenant = all.find((x) => x.slug === slug)!;
      await seedCategories(service.db, service.repo, tenant);
      await seedGazetteer(service, tenant, all.find((a) => a.id === tenant.parent_id)?.slug);
    }
  }, 300_000);
  afterAll(async () => t?.close());

  it('loads 1,814 streets and 7,333 addresses city by city, each city the rows inside its boundary', async () => {
    const text = readFileSync(FILE, 'utf8');
    const lines = text.trim().split('\n').slice(1);
    expect(lines.filter((l) => l.includes(',street,'))).toHaveLength(1814);
    expect(lines.filter((l) => l.includes(',address,'))).toHaveLength(7333);
    const tm = await t.services.tenants.bySlug('timisoara');
    const parsed = parseGazetteerCsv(text, tm, { skipOutside: true });
    expect(parsed.errors).toEqual([]);
    // the rows of the communes are skipped, every kept row is inside the city
    expect(parsed.skippedOutside).toBeGreaterThan(1000);
    expect(parsed.rows.every((r) => pointInBoundary(r.lon, r.lat, tm.boundary))).toBe(true);
    const service = t.modules.reports!;
    expect(await service.gazetteer.size(tm)).toBe(parsed.rows.length);
    expect(parsed.rows.length).toBeGreaterThan(7000);
    // Dumbrăvița (a member of the metropolitan area) got its own streets
    const dumbravita = await t.services.tenants.bySlug('dumbravita-tm');
    expect(await service.gazetteer.size(dumbravita)).toBeGreaterThan(300);
    // without --skip-outside a file with rows outside the city is refused, nothing stored
    await expect(service.gazetteer.import(SYSTEM, dumbravita, text, { source: 'x' })).rejects.toMatchObject({ status: 400 });
    expect(await service.gazetteer.size(dumbravita)).toBeGreaterThan(300);
    // loading the demo again changes nothing
    await seedGazetteer(service, tm);
    expect(await service.gazetteer.size(tm)).toBe(parsed.rows.length);
  });

  it('finds streets and house numbers however they are typed', async () => {
    // street + number, without diacritics, abbreviated street type
    expect((await labels('timisoara', 'bd eroilor de la tisa 26'))[0]!.label).toBe('Bulevardul Eroilor de la Tisa 26, Timișoara');
    expect((await labels('timisoara', 'Bulevardul Eroilor de la Tisa 26a'))[0]!.label).toBe('Bulevardul Eroilor de la Tisa 26a, Timișoara');
    // "12" finds "12 A B C", never 120 or 112
    const twelve = await labels('timisoara', 'eroilor tisa 12');
    expect(twelve.map((r) => r.label)).toEqual(['Bulevardul Eroilor de la Tisa 12 A B C, Timișoara']);
    expect((await labels('timisoara', 'piata victoriei 1'))[0]!.label).toBe('Piața Victoriei 1, Timișoara');
    expect((await labels('timisoara', 'Str. Alba Iulia 5'))[0]).toMatchObject({ label: 'Strada Alba Iulia 5, Timișoara', kind: 'address' });
    // the street alone: the street first
    expect((await labels('timisoara', 'bd revolutiei'))[0]).toMatchObject({ label: 'Bulevardul Revoluției din 1989, Timișoara', kind: 'street' });
    // a number the gazetteer does not know: the street, so the citizen can move the pin
    expect((await labels('timisoara', 'strada alba iulia 999'))[0]).toMatchObject({ label: 'Strada Alba Iulia, Timișoara', kind: 'street' });
    // a commune's search stays in the commune
    const rebreanu = await labels('dumbravita-tm', 'liviu rebreanu 158');
    expect(rebreanu[0]!.label).toBe('Bulevardul Liviu Rebreanu 158, Dumbrăvița');
    // Timișoara has its own Bulevardul Liviu Rebreanu (without a number 158): its street, never Dumbrăvița's address
    expect((await labels('timisoara', 'liviu rebreanu 158')).map((r) => r.label)).toEqual(['Bulevardul Liviu Rebreanu, Timișoara']);
  });

  it('Open311 address_string is placed on the address', async () => {
    const key = (await t.services.users.createApiKey({ kind: 'system' }, await t.services.tenants.bySlug('timisoara'), { name: 'back office', purpose: 'open311' })).secret;
    await buildUser(t, { timisoara: ['staff'] });
    const res = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: `api_key=${key}&jurisdiction_id=timisoara&service_code=graffiti&address_string=${encodeURIComponent('Bd. Eroilor de la Tisa 26, Timisoara')}&email=a%40example.org&description=x`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const created = (await t.app.inject({ url: `/open311/v2/requests/${res.json()[0].service_request_id}.json` })).json()[0];
    expect(created.lat).toBeCloseTo(45.748579, 4);
    expect(created.long).toBeCloseTo(21.245879, 4);
  });

  it('the neighbourhoods are an open dataset and an OGC API – Features collection, credited', async () => {
    const items = await t.app.inject({ url: '/ogc/timisoara/collections/neighbourhoods/items?limit=100' });
    expect(items.statusCode, items.body).toBe(200);
    const fc = items.json() as { features: { id: string; geometry: { type: string }; properties: { name: string; source: string; reports_last_365_days: number } }[] };
    expect(fc.features).toHaveLength(31);
    expect(fc.features.find((f) => f.id === 'fabric')).toMatchObject({ geometry: { type: expect.stringMatching(/Polygon/) }, properties: { name: 'Fabric', source: '© OpenStreetMap contributors, ODbL 1.0' } });
    const geojson = await t.app.inject({ url: '/api/v1/tenants/timisoara/opendata/datasets/neighbourhoods' });
    expect(geojson.statusCode, geojson.body).toBe(200);
    expect(JSON.stringify(geojson.json())).toContain('ODbL');
    // Baia Mare has no neighbourhood polygons: the layer is empty (layers are the same list in every city)
    expect((await t.app.inject({ url: '/ogc/baia-mare/collections/neighbourhoods/items' })).json().features).toEqual([]);
  });
});
