/**
 * Reports at scale: 1,000,000 reports generated in the database with one INSERT … SELECT generate_series
 * (PostgreSQL server), then p50/p99 over HTTP of the public list (page of 20, with its total), page 2,500
 * of it by offset and by keyset cursor, the public list filtered by category, the map (a ~1 km² bbox in the densest area, which
 * holds more than 1000 reports and is answered with cluster counts; a street's box of about 400 reports answered point by point; the whole city as clusters) and the
 * 12-month statistics (median/p90 per month and category), each next to a bare Fastify route answering
 * the same JSON, measured in the same run. The list and map keep their answers per question, so the same
 * question asked again is served from memory; the rows marked "uncached" ask a new question each time (a box
 * panned by a metre, a list page after a random moment) and measure the statements themselves.
 *
 * PGlite (embedded, single connection, WASM) gets 200,000 reports: generating a million there takes
 * minutes and most of the bench's time budget; the size is printed with every figure.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../src/core/config.js';
import { generateReports, seedCategories } from '../src/modules/reports/index.js';
import { seedTenants } from '../src/modules/tenants/index.js';
import { startServer } from '../src/server.js';
import { type BenchContext, type BenchResult, bareFastify, httpLoad, scratchDatabase } from './lib.js';

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const seconds = ctx.quick ? 2 : 5;
  const results: BenchResult[] = [];
  const engines: [string, string | undefined, number][] = [['pglite', undefined, ctx.quick ? 50_000 : 200_000]];
  if (ctx.databaseUrl) engines.push(['postgres', ctx.databaseUrl, ctx.quick ? 200_000 : 1_000_000]);
  for (const [engine, serverUrl, count] of engines) {
    const scratch = serverUrl ? await scratchDatabase(serverUrl) : undefined;
    try {
      const config = loadConfig({ URBIA_DATA_DIR: mkdtempSync(join(tmpdir(), 'urbia-bench-')), PORT: '0', LOG_LEVEL: 'silent', URBIA_RATE_LIMITS: 'false', ...(scratch ? { DATABASE_URL: scratch.url } : {}) });
      let insertMs = 0;
      const server = await startServer(config, {
        serveWeb: false,
        logger: false,
        beforeListen: async (built) => {
          await seedTenants(built.services.tenants);
          const reports = built.modules.reports!;
          for (const t of await built.services.tenants.list()) await seedCategories(reports.db, reports.repo, t);
          const tm = await built.services.tenants.bySlug('timisoara');
          const t0 = performance.now();
          await generateReports(reports.db, tm, count, { prefix: 'bench', spanDays: 365, source: 'demo' });
          insertMs = performance.now() - t0;
          await sql`analyze reports_reports`.execute(reports.db);
          await sql`analyze reports_map_cells`.execute(reports.db);
        },
      });
      await server.worker.stop();
      const size = `${(count / 1000).toLocaleString('en-US')}k reports`;
      ctx.log(`  ${engine}: generated ${size} in ${(insertMs / 1000).toFixed(1)} s (one INSERT … SELECT generate_series)`);
      results.push({ name: `generate ${size} in SQL (${engine})`, value: count / (insertMs / 1000), unit: 'rows/s', details: { seconds: Math.round(insertMs / 100) / 10 } });

      // The densest square: the generator spreads points ±2 km around the centre; take ~1 km × 1 km of it.
      const c = { lat: 45.7537, lon: 21.2257 };
      const bbox = `${c.lon - 0.0065},${c.lat - 0.0045},${c.lon + 0.0065},${c.lat + 0.0045}`;
      // a street's box drawn point by point (read on the GiST index): ~150 m a side at 200k reports, narrowed until
      // it holds at most 1000 reports (and some) as they get denser
      const base = '/api/v1/tenants/timisoara/reports';
      let street = '';
      for (const side of [1, 0.8, 0.6, 0.45, 0.35, 0.25, 0.18]) {
        const box = `${c.lon - 0.001 * side},${c.lat - 0.0007 * side},${c.lon + 0.001 * side},${c.lat + 0.0007 * side}`;
        const m = (await (await fetch(`${server.url}${base}/map?bbox=${box}`)).json()) as { clustered: boolean; items: unknown[] };
        street = box;
        if (!m.clustered && m.items.length > 0) break;
      }
      // Questions no cache has seen (the public list and map keep their answers): the same boxes panned by about a
      // metre more on each request, and list pages after a random moment of the year by keyset cursor.
      let pan = 0;
      const panned = (box: string) => () => {
        // to and fro within about 800 m, so a fast row does not pan out of the reports into empty boxes
        const d = Math.abs((++pan % 2000) - 1000) * 1e-5;
        return `${base}/map?bbox=${box.split(',').map((x, i) => (Number(x) + (i % 2 === 0 ? d : 0)).toFixed(7)).join(',')}`;
      };
      // … and the same boxes anywhere in the ±2 km the reports are spread over: the map's tiles (kept per grid square)
      // serve a box near one asked before, so this is the row where they are cold the most often
      const anywhere = (box: string) => () => {
        const [dx, dy] = [(Math.random() - 0.5) * 0.05, (Math.random() - 0.5) * 0.035];
        return `${base}/map?bbox=${box.split(',').map((x, i) => (Number(x) + (i % 2 === 0 ? dx : dy)).toFixed(7)).join(',')}`;
      };
      const randomPage = () => {
        const at = new Date(Date.now() - Math.random() * 365 * 86_400_000).toISOString().replace('Z', '000Z');
        return `${base}?cursor=${Buffer.from(`${at}|999999999999`).toString('base64url')}&pageSize=20`;
      };
      const wholeCity = `${c.lon - 0.15},${c.lat - 0.1},${c.lon + 0.15},${c.lat + 0.1}`;
      // keyset pagination: the cursor that continues after page 2,499 (the API gives nextCursor on offset pages too)
      const deep = (await (await fetch(`${server.url}${base}?page=2499&pageSize=20`)).json()) as { nextCursor: string | null };
      if (!deep.nextCursor) throw new Error('no cursor after page 2,499');
      const cases: [string, string, number, (() => string)?][] = [
        ['GET public list, page 1 of 20 with total', `${base}?page=1&pageSize=20`, 20],
        ['GET public list, a page by cursor at a random moment, uncached', randomPage(), 20, randomPage],
        ['GET public list, page 2,500 by offset', `${base}?page=2500&pageSize=20`, 20],
        ['GET public list, page 2,500 by cursor (keyset)', `${base}?cursor=${deep.nextCursor}&pageSize=20`, 20],
        ['GET public list, category + status filter', `${base}?category=pothole&status=open&page=1&pageSize=20`, 20],
        ['GET map bbox ~1 km² (clusters: > 1000 points)', `${base}/map?bbox=${bbox}`, 20],
        ['GET map bbox ~1 km² panned on each request, uncached', `${base}/map?bbox=${bbox}`, 20, panned(bbox)],
        ['GET map bbox of a street (points, ≤ 1000)', `${base}/map?bbox=${street}`, 20],
        ['GET map bbox of a street panned on each request, uncached', `${base}/map?bbox=${street}`, 20, panned(street)],
        ['GET map bbox ~1 km² at a random place on each request, uncached', `${base}/map?bbox=${bbox}`, 20, anywhere(bbox)],
        ['GET map bbox of a street at a random place on each request, uncached', `${base}/map?bbox=${street}`, 20, anywhere(street)],
        ['GET map, whole city (clusters)', `${base}/map?bbox=${wholeCity}`, 20],
        ['GET statistics, 12 months × 15 categories', `${base}/stats`, 4],
      ];
      for (const [name, path, connections, each] of cases) {
        const t0 = performance.now();
        const first = await fetch(`${server.url}${path}`);
        if (!first.ok) throw new Error(`${path}: ${first.status} ${await first.text()}`);
        const body = (await first.json()) as { items?: unknown[]; rows?: unknown[]; clusters?: unknown[] };
        // The first request alone: for the statistics this is the uncached query (later ones hit the 1-minute cache).
        const coldMs = Math.round(performance.now() - t0);
        const bare = await bareFastify(body);
        const baseline = await httpLoad(bare.url, { seconds, connections });
        await bare.close();
        const load = await httpLoad(`${server.url}${path}`, { seconds, connections, ...(each ? { path: each } : {}) });
        // requests still queued when the load stops (PGlite runs one query at a time) must not be counted
        // against the next case: one more request of this kind waits behind them
        await (await fetch(`${server.url}${path}`)).arrayBuffer();
        results.push({
          name: `${name} (${engine}, ${size})`,
          value: load.p50,
          unit: 'ms p50',
          baseline: { name: 'bare Fastify p50, same JSON', value: baseline.p50 },
          details: { first_request_ms: coldMs, p99_ms: load.p99, req_s: Math.round(load.requestsPerSec), bare_p99_ms: baseline.p99, connections, rows: (body.items ?? body.rows ?? []).length, clusters: body.clusters?.length ?? 0, non2xx: load.non2xx },
        });
      }
      await server.close();
    } finally {
      await scratch?.drop();
    }
  }
  return results;
}
