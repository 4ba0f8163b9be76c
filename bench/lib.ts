/**
 * Benchmark helpers. Every figure is reported next to a baseline measured in the same run on the same
 * machine (a bare Fastify route, a raw INSERT or COPY…), because absolute numbers mean little across
 * machines and ratios do not.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
import Fastify from 'fastify';
import type { BuiltApp } from '../src/app.js';
import { SYSTEM } from '../src/core/actor.js';
import { type Config, loadConfig } from '../src/core/config.js';
import type { DatabaseHandle } from '../src/core/db.js';
import { ROOT_DIR } from '../src/core/version.js';
import { seedTenants } from '../src/modules/tenants/index.js';
import { type RunningServer, startServer } from '../src/server.js';
import { countQueries } from '../tests/helpers/queries.js';

const execFileP = promisify(execFile);

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** the baseline measured in the same run, and what it is */
  baseline?: { name: string; value: number };
  /** extra figures (p50, p99, query counts…) */
  details?: Record<string, number | string>;
}

export interface BenchContext {
  /** the PostgreSQL server to use, when one is available (URBIA_BENCH_DATABASE_URL or URBIA_TEST_DATABASE_URL) */
  databaseUrl: string | undefined;
  /** shorter runs for a quick check: `npm run bench -- --quick` */
  quick: boolean;
  log(msg: string): void;
}

export interface LoadResult {
  requestsPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** Drives an HTTP endpoint on loopback with autocannon (a bounded run: fixed duration). */
export async function httpLoad(url: string, opts: { connections?: number; seconds?: number; method?: 'GET' | 'POST' | 'PUT'; body?: string; headers?: Record<string, string>; path?: () => string } = {}): Promise<LoadResult> {
  const path = opts.path;
  const result = await autocannon({
    url,
    connections: opts.connections ?? 20,
    duration: opts.seconds ?? 5,
    method: opts.method ?? 'GET',
    body: opts.body,
    headers: opts.headers,
    // `path`: each request its own path (a question no cache has seen)
    ...(path ? { requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: path() }) }] } : {}),
  });
  return { requestsPerSec: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
}

/** What `loadApart` reports (the parts of autocannon's result the benches use). */
export interface ApartResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}

/**
 * Drives an endpoint from a separate Node process (bench/load.child.ts), so the load generator does not
 * share the event loop of the server it measures. `bodies` names a module whose `makeSetupRequest(params)`
 * gives each request its own body (e.g. distinct observations).
 */
export async function loadApart(spec: { url: string; connections: number; seconds: number; method?: 'GET' | 'POST' | 'PUT'; headers?: Record<string, string>; body?: string; bodies?: { module: string; params: unknown } }): Promise<ApartResult> {
  const child = fileURLToPath(new URL('./load.child.ts', import.meta.url));
  const { stdout } = await execFileP(process.execPath, ['--import', 'tsx', child, JSON.stringify(spec)], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as ApartResult;
}

/** A bare Fastify server answering a fixed JSON document: the ceiling for any route of ours. */
export async function bareFastify(payload: unknown = { ok: true }): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false });
  app.get('/', async () => payload);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, close: () => app.close() };
}

/** Percentile of a list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Times `fn` `n` times and returns the per-call milliseconds. */
export async function timeMany(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

export function printResults(results: BenchResult[]): void {
  const rows = results.map((r) => {
    const ratio = r.baseline ? `${((r.value / r.baseline.value) * 100).toFixed(1)} % of ${r.baseline.name} (${fmt(r.baseline.value)})` : '';
    const details = r.details ? Object.entries(r.details).map(([k, v]) => `${k}=${typeof v === 'number' ? fmt(v) : v}`).join(' ') : '';
    return `${r.name.padEnd(58)} ${fmt(r.value).padStart(12)} ${r.unit.padEnd(10)} ${ratio} ${details}`;
  });
  console.log('\n' + rows.join('\n'));
}

export function saveResults(results: BenchResult[]): string {
  const dir = join(process.cwd(), '.bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `results-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2));
  return file;
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}

/** A throwaway database on the PostgreSQL server, so a benchmark never touches anyone's data. */
export async function scratchDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `urbia_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export { countQueries };

/**
 * CPU milliseconds this process spends per request (client and server together, both in this process; on
 * PGlite the database too), over sequential requests after a warm-up. Unlike req/s it hardly moves when other
 * processes load the machine, so bare-vs-ours is readable on a busy shared machine.
 */
export async function cpuPerRequest(url: string, n = 200): Promise<number> {
  // like autocannon, no compression asked for (fetch would ask for it, and only our server compresses)
  const get = async () => (await fetch(url, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer();
  for (let i = 0; i < 20; i++) await get();
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) await get();
  const used = process.cpuUsage(start);
  return Math.round(((used.user + used.system) / 1000 / n) * 1000) / 1000;
}

/**
 * Measures GET routes of a running server, each next to a bare Fastify route answering the same JSON (the
 * route's own body, fetched first), in the same run: req/s, p50/p99, and the SQL statements of a first
 * (cold) and a second (warm) request, counted before any load so nothing else is in flight.
 */
export async function measureRoutes(opts: { baseUrl: string; queries: () => number; engine: string; seconds: number; cases: { name: string; path: string }[]; log?: (m: string) => void }): Promise<BenchResult[]> {
  const prepared: { name: string; path: string; body: unknown; bytes: number; cold: number; warm: number }[] = [];
  for (const c of opts.cases) {
    const counted = async () => {
      const before = opts.queries();
      const res = await fetch(`${opts.baseUrl}${c.path}`);
      const text = await res.text();
      if (!res.ok) throw new Error(`${c.path}: ${res.status} ${text.slice(0, 200)}`);
      return { n: opts.queries() - before, text };
    };
    const cold = await counted();
    const warm = await counted();
    prepared.push({ ...c, body: JSON.parse(warm.text), bytes: Buffer.byteLength(warm.text), cold: cold.n, warm: warm.n });
  }
  const results: BenchResult[] = [];
  for (const c of prepared) {
    opts.log?.(`  ${c.name} (${opts.engine})`);
    const bare = await bareFastify(c.body);
    const baseline = await httpLoad(bare.url, { seconds: opts.seconds });
    const bareCpu = await cpuPerRequest(bare.url);
    await bare.close();
    const load = await httpLoad(`${opts.baseUrl}${c.path}`, { seconds: opts.seconds });
    const cpu = await cpuPerRequest(`${opts.baseUrl}${c.path}`);
    results.push({
      name: `${c.name} (${opts.engine})`,
      value: load.requestsPerSec,
      unit: 'req/s',
      baseline: { name: 'bare Fastify, same JSON', value: baseline.requestsPerSec },
      details: { p50_ms: load.p50, p99_ms: load.p99, cpu_ms: cpu, bare_cpu_ms: bareCpu, cpu_vs_bare_pct: Math.round((bareCpu / cpu) * 1000) / 10, bytes: c.bytes, sql_first: c.cold, sql_next: c.warm, non2xx: load.non2xx, errors: load.errors },
    });
  }
  return results;
}

/** `measureRoutes` of the same GET routes on each engine, on data `seed` loads. */
export function measureOnEachEngine(ctx: BenchContext, seed: Parameters<typeof onEachEngine>[1], cases: { name: string; path: string }[]): Promise<BenchResult[]> {
  const seconds = ctx.quick ? 2 : 5;
  return onEachEngine(ctx, seed, ({ server, queries, engine }) => measureRoutes({ baseUrl: server.url, queries, engine, seconds, cases }));
}

/**
 * Runs `fn` against the platform on PGlite and, when a server is given, on a scratch database of it: a
 * started server (no web app, no logs, no rate limits) seeded by `seed`, its outbox worker drained and
 * stopped (no background work during measurements), and a count of the SQL statements it has sent.
 */
export async function onEachEngine<T>(
  ctx: BenchContext,
  seed: (built: BuiltApp, database: DatabaseHandle, config: Config) => Promise<void>,
  fn: (s: { server: RunningServer; queries: () => number; engine: string }) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  let engines: [string, string | undefined][] = [['pglite', undefined]];
  if (ctx.databaseUrl) engines.push(['postgres', ctx.databaseUrl]);
  // URBIA_BENCH_ENGINES=pglite or =postgres measures one engine only
  if (process.env.URBIA_BENCH_ENGINES) engines = engines.filter(([e]) => process.env.URBIA_BENCH_ENGINES!.split(',').includes(e));
  for (const [engine, serverUrl] of engines) {
    const scratch = serverUrl ? await scratchDatabase(serverUrl) : undefined;
    try {
      const config = loadConfig({ URBIA_DATA_DIR: mkdtempSync(join(tmpdir(), 'urbia-bench-')), PORT: '0', LOG_LEVEL: 'silent', URBIA_RATE_LIMITS: 'false', ...(scratch ? { DATABASE_URL: scratch.url } : {}) });
      let queries = () => 0;
      const started = performance.now();
      const server = await startServer(config, {
        serveWeb: false,
        logger: false,
        beforeListen: async (built, database) => {
          await seed(built, database, config);
          queries = countQueries(database);
        },
      });
      ctx.log(`  ${engine}: started and seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      await server.worker.drain();
      await server.worker.stop();
      try {
        out.push(...(await fn({ server, queries, engine })));
      } finally {
        await server.close();
      }
    } finally {
      await scratch?.drop();
    }
  }
  return out;
}

/**
 * A started server for one benchmark: no web app, no logs, no rate limits, on a fresh data directory (named
 * `dataDirPrefix…`) or on `databaseUrl`; the tenants seeded, then `seed` run with Timișoara, and the outbox
 * worker stopped so no background work runs during measurements.
 */
export async function startBenchServer(
  seed: (built: BuiltApp, timisoara: Awaited<ReturnType<BuiltApp['services']['tenants']['bySlug']>>) => Promise<void>,
  options: { dataDirPrefix?: string; databaseUrl?: string } = {},
): Promise<RunningServer> {
  const config = loadConfig({ URBIA_DATA_DIR: mkdtempSync(join(tmpdir(), options.dataDirPrefix ?? 'urbia-bench-')), PORT: '0', LOG_LEVEL: 'silent', URBIA_RATE_LIMITS: 'false', ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}) });
  const server = await startServer(config, {
    serveWeb: false,
    logger: false,
    beforeListen: async (built) => {
      await seedTenants(built.services.tenants);
      await seed(built, await built.services.tenants.bySlug('timisoara'));
    },
  });
  await server.worker.stop();
  return server;
}

/** Both real strategies (Timișoara, Baia Mare) on freshly seeded tenants. */
export async function seedStrategies(built: BuiltApp): Promise<void> {
  await seedTenants(built.services.tenants);
  for (const f of ['timisoara-2022-2027.json', 'baia-mare-2030.json']) {
    const doc = JSON.parse(readFileSync(join(ROOT_DIR, 'data/strategies', f), 'utf8')) as { tenant: string };
    await built.modules.strategy!.importDocument(SYSTEM, await built.services.tenants.bySlug(doc.tenant), doc);
  }
}
