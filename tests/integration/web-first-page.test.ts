/**
 * Issue 18: the JavaScript each first page loads, from the build's manifest (bytes are deterministic, so
 * this is a test, not a benchmark), and how the server sends the built files: precompressed, hashed assets
 * cached for a year, index.html revalidated, no source map. The global setup has built dist/web.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, WEB_DIST, type BuiltApp } from '../../src/app.js';
import { loadConfig } from '../../src/core/config.js';
import { FIRST_PAGES, firstPageBytes, readManifest } from '../../tools/first-page-bytes.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const BUDGET = 150_000; // bytes of brotli JavaScript before a first page renders

describe('the web app’s first pages', () => {
  const manifest = readManifest(WEB_DIST);
  const chunkOf = (key: string) => manifest[key]!.file;

  it.each(FIRST_PAGES.map((p) => [p.name, p] as const))('%s loads at most 150 KB of brotli JavaScript', (_name, page) => {
    for (const locale of ['ro', 'en', 'hu'] as const) {
      const bytes = firstPageBytes(WEB_DIST, page.page, locale);
      expect(bytes.brotli, `${page.path} in ${locale}: ${bytes.files.join(' ')}`).toBeLessThanOrEqual(BUDGET);
      // only one language's strings
      expect(bytes.files.filter((f) => /\/(ro|en|hu)-[\w-]+\.js$/.test(f))).toHaveLength(1);
      // Leaflet and Chart.js load on demand, after the page has painted, and only where a map or chart is drawn
      expect(bytes.files).not.toContain(chunkOf('src/components/LeafletMap.tsx'));
      expect(bytes.files).not.toContain(chunkOf('src/components/ChartCanvas.tsx'));
    }
  });

  it('keeps Leaflet and Chart.js out of the home and city pages entirely (not even on demand)', () => {
    // what the page itself imports, statically or on demand (the entry's own dynamic imports are the other
    // pages); a metropolitan area's map is the city page's only map, behind its own dynamic import (checked below)
    const reachable = (key: string, seen = new Set<string>()): Set<string> => {
      if (seen.has(key) || manifest[key]!.isEntry || key === 'src/pages/AreaView.tsx') return seen;
      seen.add(key);
      for (const dep of [...(manifest[key]!.imports ?? []), ...(manifest[key]!.dynamicImports ?? [])]) reachable(dep, seen);
      return seen;
    };
    for (const page of ['src/pages/HomePage.tsx', 'src/pages/CityPage.tsx']) {
      const keys = [...reachable(page)];
      expect(keys.filter((k) => k.includes('MapView') || k.includes('Chart')), page).toEqual([]);
      if (page.endsWith('CityPage.tsx')) expect(manifest[page]!.dynamicImports).toContain('src/pages/AreaView.tsx');
    }
    const entryCss = (manifest['index.html']!.css ?? []).map((f) => readFileSync(join(WEB_DIST, f), 'utf8')).join('');
    expect(entryCss).not.toContain('.leaflet-');
  });

  it('builds no source maps', () => {
    const all = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? all(join(dir, e.name)) : [e.name]));
    expect(all(WEB_DIST).filter((f) => f.endsWith('.map'))).toEqual([]);
  });
});

describe('serving the built web app', () => {
  let database: TestDatabase;
  let built: BuiltApp;
  const entry = readManifest(WEB_DIST)['index.html']!.file;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    built = await buildApp(loadConfig({ LOG_LEVEL: 'silent' }), database, { serveWeb: true, logger: false });
  });
  afterAll(async () => {
    await built.app.close();
    built.mailer.close();
    await database.close();
  });

  it('sends hashed assets precompressed (brotli, else gzip) and cached for a year', async () => {
    const br = await built.app.inject({ method: 'GET', url: `/${entry}`, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['content-type']).toContain('javascript');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.rawPayload.equals(readFileSync(join(WEB_DIST, `${entry}.br`)))).toBe(true);
    const gz = await built.app.inject({ method: 'GET', url: `/${entry}`, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.rawPayload.equals(readFileSync(join(WEB_DIST, `${entry}.gz`)))).toBe(true);
    const plain = await built.app.inject({ method: 'GET', url: `/${entry}`, headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(readFileSync(join(WEB_DIST, entry), 'utf8'));
  });

  it('revalidates index.html on every visit, for page paths and for /index.html itself', async () => {
    for (const url of ['/', '/timisoara', '/index.html']) {
      const res = await built.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.body).toContain(entry);
    }
  });

  it('answers 404 for a source map, never the map', async () => {
    for (const url of [`/${entry}.map`, '/assets/index.js.map']) {
      const res = await built.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(existsSync(join(WEB_DIST, `${entry}.map`))).toBe(false);
  });
});
