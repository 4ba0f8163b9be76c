/**
 * OGC API – Features Part 1 `datetime` (/req/core/fc-time-definition, /req/core/fc-time-response): features
 * whose time intersects the value are returned; features without a time always match (C), so a layer without
 * time returns all its features for any valid value; a malformed value or an interval that ends before it
 * starts is a 400 problem naming query.datetime, on every layer.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../core/actor.js';
import { generateReports, seedCategories } from '../../reports/index.js';
import { createTestApp, problem, type TestApp } from '../../../../tests/helpers/app.js';
import { testEngines } from '../../../../tests/helpers/env.js';

interface Feature {
  id: string;
  properties: { created_at: string; closed_at: string | null };
}

describe.each(testEngines())('OGC API – Features datetime on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
    const tm = await t.services.tenants.bySlug('timisoara');
    await seedCategories(t.modules.reports!.db, t.modules.reports!.repo, tm);
    await generateReports(t.database.db, tm, 40, { prefix: 'O', spanDays: 60, source: 'demo' });
    const od = t.modules.opendata!;
    const gj = { type: 'FeatureCollection', features: [1, 2, 3].map((i) => ({ type: 'Feature', id: `s${i}`, geometry: { type: 'Point', coordinates: [21.2 + i / 100, 45.75] }, properties: { n: i } })) };
    await od.uploads.upload(SYSTEM, tm, { filename: 'statii.geojson', stream: Readable.from([Buffer.from(JSON.stringify(gj))]) });
    await od.uploads.describe(SYSTEM, tm, 'statii', { themes: ['TRAN'] });
    await od.uploads.setPublished(SYSTEM, tm, 'statii', true);
  });
  afterAll(async () => {
    await t?.close();
  });

  const items = (layer: string, datetime?: string) => t.app.inject({ url: `/ogc/timisoara/collections/${layer}/items?limit=10000${datetime === undefined ? '' : `&datetime=${encodeURIComponent(datetime)}`}` });

  it('refuses a reversed interval and malformed values with a 400 naming query.datetime, on layers with and without time', async () => {
    for (const layer of ['reports', 'statii']) {
      for (const bad of ['2026-03-01T00:00:00Z/2026-01-01T00:00:00Z', '2026-03-02/2026-03-01', 'yesterday', '2026', '2026-13-01', '2026-02-30', '2026-01-01T10:00:00', '2026-01-01T25:00:00Z', '../..', '/', 'a/b/c']) {
        const res = await items(layer, bad);
        expect(res.statusCode, `${layer} ${bad}`).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(problem(res).errors?.[0]?.field).toBe('query.datetime');
      }
      expect(problem(await items(layer, '2026-03-01T00:00:00Z/2026-01-01T00:00:00Z')).errors?.[0]?.message).toBe('ends before it starts');
    }
  });

  it('returns every feature of a layer without time for any valid datetime (Part 1 /req/core/fc-time-response C)', async () => {
    for (const dt of [undefined, '2020-01-01T00:00:00Z', '2020-01-01', '../2000-01-01T00:00:00Z', '2999-01-01T00:00:00+02:00/..', '1999-01-01/2000-01-01']) {
      const body = (await items('statii', dt)).json();
      expect(body.numberMatched, String(dt)).toBe(3);
      expect(body.features).toHaveLength(3);
    }
  });

  it('selects the features whose time (created … closed, open while the report is open) intersects the value', async () => {
    const all = (await items('reports')).json().features as Feature[];
    expect(all.length).toBeGreaterThan(20);
    const span = (f: Feature): [number, number] => [Date.parse(f.properties.created_at), f.properties.closed_at ? Date.parse(f.properties.closed_at) : Infinity];
    const expected = (from: number, to: number) => all.filter((f) => span(f)[1] >= from && span(f)[0] <= to).map((f) => f.id).sort();
    const created = all.map((f) => span(f)[0]).sort((a, b) => a - b);
    const mid = new Date(created[Math.floor(created.length / 2)]!);
    const early = new Date(created[3]!);
    const cases: [string, number, number][] = [
      [`${early.toISOString()}/${mid.toISOString()}`, early.getTime(), mid.getTime()],
      [`../${early.toISOString()}`, -Infinity, early.getTime()],
      [`${mid.toISOString()}/..`, mid.getTime(), Infinity],
      [`${mid.toISOString()}/`, mid.getTime(), Infinity],
      [mid.toISOString(), mid.getTime(), mid.getTime()],
      [mid.toISOString().slice(0, 10), Date.parse(mid.toISOString().slice(0, 10)), Date.parse(mid.toISOString().slice(0, 10)) + 86_399_999],
    ];
    const counts: number[] = [];
    for (const [dt, from, to] of cases) {
      const body = (await items('reports', dt)).json();
      const ids = (body.features as Feature[]).map((f) => f.id).sort();
      expect(ids, dt).toEqual(expected(from, to));
      expect(body.numberMatched).toBe(ids.length);
      counts.push(ids.length);
    }
    // the filter really filters: an early window has fewer reports than the whole layer
    expect(counts[1]).toBeLessThan(all.length);
    expect(counts[1]).toBeGreaterThan(0);
  });
});
