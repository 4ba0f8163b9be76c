/**
 * A metropolitan area's open data across its members (#13), on both engines: the area's catalogue lists the
 * datasets its members have data for, each file is the members' files joined with a `city` column (CSV,
 * JSON, GeoJSON), a city's own documents (its strategy, its .pb files) are not joined, and the OGC API serves
 * the joined layer with member-prefixed ids that resolve.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/helpers/app.js';
import { testEngines } from '../../../tests/helpers/env.js';
import { generateReports, seedCategories } from '../reports/index.js';
import { seedMetropolitanAreas } from '../tenants/index.js';
import { joinFiles } from './opendata.metro.js';

describe.each(testEngines())('a metropolitan area publishes its members’ data on %s', (engine) => {
  let t: TestApp;
  let commune: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    await seedMetropolitanAreas(t.services.tenants);
    const area = await t.services.tenants.bySlug('zm-timisoara');
    const members = await t.services.tenants.members(area);
    const tm = members.find((m) => m.slug === 'timisoara')!;
    const other = members.find((m) => m.slug !== 'timisoara')!;
    commune = other.slug;
    for (const [m, n, prefix] of [[tm, 4, 'T'], [other, 2, 'C']] as const) {
      await seedCategories(t.modules.reports!.db, t.modules.reports!.repo, m);
      await generateReports(t.database.db, m, n, { prefix, spanDays: 10, source: 'demo' });
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const A = '/api/v1/tenants/zm-timisoara';

  it('lists the joined datasets (reports), not a city’s own ones (its strategy), and says it covers the members', async () => {
    const res = await t.app.inject({ url: `${A}/opendata/datasets` });
    expect(res.statusCode).toBe(200);
    const ids = (res.json().items as { id: string }[]).map((d) => d.id);
    expect(ids).toContain('reports');
    expect(ids).not.toContain('strategy-projects');
    const d = await t.app.inject({ url: `${A}/opendata/datasets/reports` });
    expect(d.json().description.ro).toContain('zona metropolitană');
  });

  it('joins the members’ CSV and GeoJSON, each row and feature with its city', async () => {
    const csv = await t.app.inject({ url: `${A}/opendata/datasets/reports/files/reports.csv` });
    expect(csv.statusCode).toBe(200);
    const rows = parse(csv.body.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(6);
    expect(rows.filter((r) => r.city === 'timisoara')).toHaveLength(4);
    expect(rows.filter((r) => r.city === commune)).toHaveLength(2);
    expect(Object.keys(rows[0]!)[0]).toBe('city');
    // the same rows as the city's own file, plus the column
    const own = parse((await t.app.inject({ url: '/api/v1/tenants/timisoara/opendata/datasets/reports/files/reports.csv' })).body.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(rows.filter((r) => r.city === 'timisoara').map(({ city: _c, ...r }) => r)).toEqual(own);

    const geo = (await t.app.inject({ url: `${A}/opendata/datasets/reports/files/reports.geojson` })).json();
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features).toHaveLength(6);
    expect(geo.features.every((f: { id: string; properties: { city: string } }) => f.id.startsWith(`${f.properties.city}:`))).toBe(true);
  });

  it('serves the joined layer over OGC API – Features; a member-prefixed id resolves, an unknown one is a 404', async () => {
    const items = await t.app.inject({ url: '/ogc/zm-timisoara/collections/reports/items?limit=10' });
    expect(items.statusCode).toBe(200);
    const fc = items.json();
    expect(fc.numberMatched).toBe(6);
    const one = fc.features[0] as { id: string; properties: { city: string } };
    const again = await t.app.inject({ url: `/ogc/zm-timisoara/collections/reports/items/${encodeURIComponent(one.id)}` });
    expect(again.statusCode).toBe(200);
    expect(again.json().properties.city).toBe(one.properties.city);
    expect((await t.app.inject({ url: '/ogc/zm-timisoara/collections/reports/items/nowhere:1' })).statusCode).toBe(404);
  });

  it('joins by format: CSV headers united, JSON arrays tagged, members without data skipped', () => {
    const a = { slug: 'a' } as never;
    const b = { slug: 'b' } as never;
    const csv = joinFiles('CSV', [[a, '\uFEFFx,y\r\n1,"two, quoted"\r\n'], [b, ''], [a, 'x,z\r\n3,4\r\n']]);
    expect(parse(csv.replace(/^\uFEFF/, ''), { columns: true })).toEqual([
      { city: 'a', x: '1', y: 'two, quoted', z: '' },
      { city: 'a', x: '3', y: '', z: '4' },
    ]);
    expect(JSON.parse(joinFiles('JSON', [[a, '[{"v":1}]'], [b, '[{"v":2}]']]))).toEqual([{ city: 'a', v: 1 }, { city: 'b', v: 2 }]);
    expect(JSON.parse(joinFiles('GEOJSON', [[a, ''], [b, '{"type":"FeatureCollection","features":[{"type":"Feature","id":7,"geometry":null,"properties":{}}]}']])).features).toEqual([
      { type: 'Feature', id: 'b:7', geometry: null, properties: { city: 'b' } },
    ]);
  });
});
