/**
 * Benchmark helpers. Every figure is reported next to a baseline measured in the same run on the same
 * machine (a bare Fastify route, a raw INSERT or COPY…), because absolute numbers mean little across
 * machines and ratios do not.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
import Fastify from 'fastify';

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
export async function httpLoad(url: string, opts: { connections?: number; seconds?: number; method?: 'GET' | 'POST' | 'PUT'; body?: string; headers?: Record<string, string> } = {}): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections: opts.connections ?? 20,
    duration: opts.seconds ?? 5,
    method: opts.method ?? 'GET',
    body: opts.body,
    headers: opts.headers,
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
