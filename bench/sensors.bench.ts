/**
 * Sensors benchmarks (issue 6), each next to a baseline measured in the same run:
 *  1. batched ingest over HTTP (1,000 observations per request, concurrent gateways) into the PostgreSQL
 *     server, vs a raw COPY of the same rows into the same table (pg-copy-streams);
 *  2. the same into PGlite, vs PGlite's COPY FROM '/dev/blob';
 *  3. one observation per request, 50 concurrent clients (req/s, p99), vs a bare Fastify route (and, as a
 *     detail, a GET through Urbia's whole stack that touches no database), and with the group commit vs the
 *     same endpoint with it switched off (one transaction per request);
 *  4. a year of hourly data for 165 sensors: the 1-year chart from the daily roll-ups vs the same answer
 *     computed from the raw rows;
 *  5. the batched ingest and the 1-year chart again after a year of raw readings is stored (100M rows in full
 *     mode), against the same on an empty table, and the retention that drops the months past it.
 * The batched ingest includes everything the endpoint does: validation, the insert, the roll-up deltas and the
 * datastreams' latest value, COMMIT before the answer — and the roll-up fold: the clock stops only after the
 * last deltas are folded into the hourly and daily roll-ups. The HTTP load (gateways, autocannon) runs in
 * child processes, as real clients are elsewhere: the server's event loop does only the server's work.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { buildApp } from '../src/app.js';
import type { SensorsService } from '../src/modules/sensors/index.js';
import { SYSTEM } from '../src/core/actor.js';
import { loadConfig } from '../src/core/config.js';
import { type DatabaseHandle, openDatabase } from '../src/core/db.js';
import { migrateToLatest } from '../src/core/migrate.js';
import { seedTenants } from '../src/modules/tenants/index.js';
import { type BenchContext, type BenchResult, bareFastify, loadApart, percentile, timeMany, scratchDatabase } from './lib.js';

const execFileP = promisify(execFile);

interface Setup {
  url: string;
  key: string;
  streams: number[];
  database: DatabaseHandle;
  sensors: SensorsService;
  close(): Promise<void>;
}

export async function setup(databaseUrl: string | undefined, sensors: number): Promise<Setup> {
  const dataDir = mkdtempSync(join(tmpdir(), 'urbia-bench-sensors-'));
  const database = await openDatabase({ databaseUrl, dataDir, poolSize: 20 });
  await migrateToLatest(database.db);
  const config = loadConfig({ URBIA_DATA_DIR: dataDir, LOG_LEVEL: 'silent', URBIA_RATE_LIMITS: 'false', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  const built = await buildApp(config, database, { serveWeb: false, logger: false });
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  await seedTenants(built.services.tenants);
  const tm = await built.services.tenants.bySlug('timisoara');
  const { secret } = await built.services.users.createApiKey(SYSTEM, tm, { name: 'bench', purpose: 'ingest' });
  await sql`insert into sensors_things (tenant_id, name, lat, lon) select ${tm.id}, 'bench ' || g, 45.75, 21.22 from generate_series(1, ${sensors}) g`.execute(database.db);
  await sql`insert into sensors_datastreams (tenant_id, thing_id, property, unit) select ${tm.id}, id, 'pm25', 'ug/m3' from sensors_things where tenant_id = ${tm.id}`.execute(database.db);
  const streams = (await database.db.selectFrom('sensors_datastreams').select('id').orderBy('id').execute()).map((r) => Number(r.id));
  const { port } = built.app.server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    key: secret,
    streams,
    database,
    sensors: built.modules.sensors as SensorsService,
    async close() {
      await built.app.close();
      await built.worker.stop();
      built.mailer.close();
      await database.close();
    },
  };
}

/** `clients` gateways, each owning its own datastreams, posting 1,000-observation batches for `seconds`. */
export async function batchedIngest(s: Setup, clients: number, seconds: number, t0: number): Promise<{ obsPerSec: number; requests: number; p99: number; failed: number; foldMs: number }> {
  const child = fileURLToPath(new URL('./sensors.gateways.child.ts', import.meta.url));
  const { stdout } = await execFileP(process.execPath, ['--import', 'tsx', child, JSON.stringify({ url: s.url, key: s.key, streams: s.streams, clients, seconds, t0 })], { maxBuffer: 1 << 20 });
  const r = JSON.parse(stdout) as { total: number; failed: number; requests: number; p99: number; elapsedMs: number };
  // The roll-ups are part of the work: the clock stops only once the last deltas are folded into them.
  const foldStart = performance.now();
  await s.sensors.foldRollups();
  const foldMs = performance.now() - foldStart;
  return { obsPerSec: r.total / ((r.elapsedMs + foldMs) / 1000), requests: r.requests, p99: r.p99, failed: r.failed, foldMs };
}

function copyCsv(streams: number[], rows: number, t0: number): string {
  const out: string[] = [];
  for (let i = 0; i < rows; i++) out.push(`${streams[i % streams.length]},${new Date(t0 + Math.floor(i / streams.length) * 1000).toISOString()},${(i % 97) + 0.5},0`);
  return out.join('\n') + '\n';
}

async function copyBaselinePg(url: string, streams: number[], rows: number, t0: number): Promise<number> {
  const csv = copyCsv(streams, rows, t0);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const t = performance.now();
  await client.query('begin');
  await pipeline(Readable.from([csv]), client.query(copyFrom('COPY sensors_observations (datastream_id, time, value, quality) FROM STDIN WITH (FORMAT csv)')));
  await client.query('commit');
  const secs = (performance.now() - t) / 1000;
  await client.end();
  return rows / secs;
}

/**
 * Raw COPY the way the endpoint has to work: `clients` connections, each sending 1,000-row COPYs of its own
 * datastreams, every one its own durable transaction — no HTTP, no validation, no roll-ups. Not the issue's
 * baseline (that is one big COPY); it shows what the per-request COMMITs cost by themselves.
 */
async function copyBatchesPg(url: string, streams: number[], clients: number, seconds: number, t0: number): Promise<number> {
  const perClient = Math.floor(streams.length / clients);
  let total = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const mine = streams.slice(c * perClient, (c + 1) * perClient);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        let slot = 0;
        while (performance.now() < deadline) {
          const lines: string[] = [];
          for (; lines.length < 1000; slot++) for (const ds of mine) if (lines.length < 1000) lines.push(`${ds},${new Date(t0 + slot * 1000).toISOString()},${(slot % 97) + 0.5},0`);
          await pipeline(Readable.from([lines.join('\n') + '\n']), client.query(copyFrom('COPY sensors_observations (datastream_id, time, value, quality) FROM STDIN WITH (FORMAT csv)')));
          total += lines.length;
        }
      } finally {
        await client.end();
      }
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

async function copyBaselinePglite(s: Setup, rows: number, t0: number): Promise<number> {
  const csv = copyCsv(s.streams, rows, t0);
  const t = performance.now();
  await s.database.pglite!.query(`COPY sensors_observations (datastream_id, time, value, quality) FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob: new Blob([csv]) });
  return rows / ((performance.now() - t) / 1000);
}

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const secs = ctx.quick ? 3 : 8;
  const YEAR = 365 * 86_400_000;

  // ---- 1. PostgreSQL server: batched HTTP ingest vs raw COPY ----
  if (ctx.databaseUrl) {
    const db = await scratchDatabase(ctx.databaseUrl);
    const s = await setup(db.url, 200);
    try {
      const r = await batchedIngest(s, 8, secs, Date.now() - 300 * 86_400_000);
      const rows = Math.max(100_000, Math.round(r.obsPerSec * 2));
      const copy = await copyBaselinePg(db.url, s.streams, rows, Date.now() - 200 * 86_400_000);
      results.push({ name: 'sensors: batched ingest over HTTP, PostgreSQL (8 gateways × 1,000 obs)', value: r.obsPerSec, unit: 'obs/s', baseline: { name: 'raw COPY into the same table', value: copy }, details: { requests: r.requests, p99_ms: r.p99, failed: r.failed, final_fold_ms: r.foldMs } });
      const copyBatches = await copyBatchesPg(db.url, s.streams, 8, secs, Date.now() - 250 * 86_400_000);
      results.push({ name: 'sensors: same, vs raw COPY per 1,000-row durable transaction', value: r.obsPerSec, unit: 'obs/s', baseline: { name: 'raw COPY, 8 connections × 1,000-row transactions', value: copyBatches } });

      // ---- 3. one observation per request, 50 clients ----
      // The load comes from a separate process for all three (as real clients would), so the server's
      // event loop is not also running the load generator.
      const bare = await bareFastify();
      const bareLoad = await loadApart({ url: bare.url, connections: 50, seconds: secs });
      await bare.close();
      const singles = (t0: number) =>
        loadApart({
          url: `${s.url}/api/v1/tenants/timisoara/observations`,
          connections: 50,
          seconds: secs,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': s.key },
          bodies: { module: new URL('./sensors.load.ts', import.meta.url).href, params: { streams: s.streams, t0 } },
        });
      // The platform's own ceiling for a request: a GET through the same stack (hooks, security headers,
      // cookies, access, zod response) that touches no database, with the same API key header.
      const stack = await loadApart({ url: `${s.url}/api/v1/platform`, connections: 50, seconds: secs, headers: { 'x-api-key': s.key } });
      s.sensors.groupCommit = false;
      const ungrouped = await singles(Date.now() - 150 * 86_400_000);
      s.sensors.groupCommit = true;
      const single = await singles(Date.now() - 100 * 86_400_000);
      results.push({ name: 'sensors: one observation per request, 50 clients, PostgreSQL', value: single.requests.average, unit: 'req/s', baseline: { name: 'bare Fastify GET', value: bareLoad.requests.average }, details: { p50_ms: single.latency.p50, p99_ms: single.latency.p99, non2xx: single.non2xx, errors: single.errors, platform_get_no_db_req_s: stack.requests.average } });
      results.push({ name: 'sensors: same, with the group commit', value: single.requests.average, unit: 'req/s', baseline: { name: 'one transaction per request (group commit off)', value: ungrouped.requests.average }, details: { p99_ms: single.latency.p99, off_p50_ms: ungrouped.latency.p50, off_p99_ms: ungrouped.latency.p99, off_non2xx: ungrouped.non2xx } });
    } finally {
      await s.close();
      await db.drop();
    }

    // ---- 4. a year of hourly data for 165 sensors: chart from roll-ups vs from raw ----
    const db2 = await scratchDatabase(ctx.databaseUrl);
    const s2 = await setup(db2.url, 165);
    try {
      const start = new Date(Math.floor((Date.now() - YEAR) / 3_600_000) * 3_600_000).toISOString();
      const t = performance.now();
      await sql`insert into sensors_observations (datastream_id, time, value) select d.id, ts, 10 + (extract(hour from ts) + d.id) % 20 from sensors_datastreams d cross join generate_series(${start}::timestamptz, ${start}::timestamptz + interval '364 days 23 hours', interval '1 hour') ts`.execute(s2.database.db);
      for (const [table, unit] of [['sensors_rollups_hourly', 'hour'], ['sensors_rollups_daily', 'day']] as const)
        await sql`insert into ${sql.table(table)} (datastream_id, bucket, count, sum, min, max, last, last_time) select datastream_id, date_trunc(${unit}, time, 'UTC'), count(*), sum(value), min(value), max(value), (array_agg(value order by time desc))[1], max(time) from sensors_observations group by 1, 2`.execute(s2.database.db);
      await sql`analyze`.execute(s2.database.db);
      ctx.log(`  loaded ${165 * 8760} hourly rows and their roll-ups in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      const thing = await s2.database.db.selectFrom('sensors_datastreams').select(['thing_id', 'id']).orderBy('id').executeTakeFirstOrThrow();
      const from = new Date(Date.now() - YEAR).toISOString();
      const to = new Date().toISOString();
      const n = ctx.quick ? 50 : 200;
      const viaRollups = await timeMany(n, async () => {
        const res = await fetch(`${s2.url}/api/v1/tenants/timisoara/sensors/${thing.thing_id}/series?property=pm25&interval=day&from=${from}&to=${to}`);
        await res.json();
      });
      const rawSql = await timeMany(n, () =>
        sql`select date_trunc('day', time, 'UTC') as bucket, avg(value), min(value), max(value), count(*) from sensors_observations where datastream_id = ${thing.id} and time >= ${from}::timestamptz and time < ${to}::timestamptz group by 1 order by 1`.execute(s2.database.db),
      );
      const rollupSql = await timeMany(n, () =>
        sql`select bucket, sum / count, min, max, count from sensors_rollups_daily where datastream_id = ${thing.id} and bucket >= ${from}::timestamptz and bucket < ${to}::timestamptz order by bucket`.execute(s2.database.db),
      );
      results.push({ name: 'sensors: 1-year daily chart over HTTP (roll-ups), PostgreSQL', value: percentile(viaRollups, 99), unit: 'ms p99', details: { p50_ms: percentile(viaRollups, 50) } });
      results.push({ name: 'sensors: 1-year daily chart, SQL from roll-ups', value: percentile(rollupSql, 99), unit: 'ms p99', baseline: { name: 'same answer from raw rows (p99 ms)', value: percentile(rawSql, 99) }, details: { rollup_p50_ms: percentile(rollupSql, 50), raw_p50_ms: percentile(rawSql, 50) } });
    } finally {
      await s2.close();
      await db2.drop();
    }
  }

  // ---- 5. PostgreSQL: the same ingest and chart with a year of raw readings stored (100M in full mode) ----
  if (ctx.databaseUrl) results.push(...(await storedHistory(ctx, secs)));

  // ---- 2. PGlite: batched HTTP ingest vs COPY FROM '/dev/blob' ----
  const p = await setup(undefined, 200);
  try {
    const r = await batchedIngest(p, 4, secs, Date.now() - 300 * 86_400_000);
    const rows = Math.max(100_000, Math.round(r.obsPerSec * 2));
    const copy = await copyBaselinePglite(p, rows, Date.now() - 200 * 86_400_000);
    results.push({ name: 'sensors: batched ingest over HTTP, PGlite (4 gateways × 1,000 obs)', value: r.obsPerSec, unit: 'obs/s', baseline: { name: "PGlite COPY FROM '/dev/blob'", value: copy }, details: { requests: r.requests, p99_ms: r.p99, failed: r.failed, final_fold_ms: r.foldMs } });
  } finally {
    await p.close();
  }
  return results;
}

/**
 * Flat cost as readings pile up (issue #18): batched ingest and the 1-year chart measured on an empty raw table,
 * then again after a year of raw readings is stored (100M rows in full mode, 5M with --quick); then the
 * retention of a city that keeps 200 days, which drops the older months' partitions.
 */
async function storedHistory(ctx: BenchContext, secs: number): Promise<BenchResult[]> {
  const MONTH = 30 * 86_400_000;
  const stored = ctx.quick ? 5_000_000 : 100_000_000;
  const db = await scratchDatabase(ctx.databaseUrl!);
  const s = await setup(db.url, 200);
  try {
    const q = s.database.db;
    // a year of daily roll-ups for every stream, so the chart has the same answer before and after
    await sql`insert into sensors_rollups_daily (datastream_id, bucket, count, sum, min, max, last, last_time)
      select d.id, b, 24, 240, 5, 15, 10, b + interval '23 hours' from sensors_datastreams d
      cross join generate_series(date_trunc('day', now() - interval '365 days', 'UTC'), date_trunc('day', now() - interval '1 day', 'UTC'), interval '1 day') b`.execute(q);
    await sql`analyze`.execute(q);
    const thing = await q.selectFrom('sensors_datastreams').select(['thing_id']).orderBy('id').executeTakeFirstOrThrow();
    const chart = async () => {
      const from = new Date(Date.now() - 365 * 86_400_000).toISOString();
      const to = new Date().toISOString();
      return timeMany(ctx.quick ? 50 : 200, async () => {
        const res = await fetch(`${s.url}/api/v1/tenants/timisoara/sensors/${thing.thing_id}/series?property=pm25&interval=day&from=${from}&to=${to}`);
        await res.json();
      });
    };
    const emptyIngest = await batchedIngest(s, 8, secs, Date.now() - 3 * 86_400_000);
    const emptyChart = await chart();

    // a year of readings before the ingest's window, month by month into their partitions
    await s.sensors.ensurePartitions();
    await sql`select sensors_observation_partitions(now() - interval '13 months', now())`.execute(q);
    const months = 12;
    const perMonth = Math.ceil(stored / months / 200);
    const t = performance.now();
    for (let m = months; m >= 1; m--) {
      const start = new Date(Date.now() - (m + 0.1) * MONTH).toISOString();
      const step = MONTH / perMonth / 1000;
      await sql`insert into sensors_observations (datastream_id, time, value)
        select d.id, ${start}::timestamptz + make_interval(secs => g * ${step}::float8), 10 + (g + d.id) % 20
        from sensors_datastreams d cross join generate_series(0, ${perMonth - 1}) g`.execute(q);
      ctx.log(`  stored ${((months - m + 1) * perMonth * 200).toLocaleString('en')} of ${(months * perMonth * 200).toLocaleString('en')} raw readings (${((performance.now() - t) / 1000).toFixed(0)} s)`);
    }
    const loadSeconds = (performance.now() - t) / 1000;
    // A year's readings arrive over a year, with autovacuum done and checkpoints spread over it: measured right
    // after a bulk load, the ingest would instead share the disk with autovacuum's first pass over every loaded
    // row and with the checkpoint that writes the load out. Both are done here first, as they would be by then.
    await sql`vacuum (analyze) sensors_observations`.execute(q);
    await sql`checkpoint`.execute(q).catch(() => undefined); // needs superuser or pg_checkpoint; without it, measured as is
    const fullIngest = await batchedIngest(s, 8, secs, Date.now() - 2 * 86_400_000);
    const fullChart = await chart();

    // retention: Timișoara keeps 200 days, so the months before go whole
    const tm = await s.database.db.selectFrom('tenants').select('id').where('slug', '=', 'timisoara').executeTakeFirstOrThrow();
    await sql`insert into sensors_settings (tenant_id, raw_retention_days) values (${tm.id}, 200) on conflict (tenant_id) do update set raw_retention_days = 200`.execute(q);
    const r0 = performance.now();
    const kept = await s.sensors.applyRetention();
    const retentionMs = performance.now() - r0;
    const label = `${(months * perMonth * 200 / 1e6).toFixed(0)}M`;
    return [
      { name: `sensors: batched ingest with ${label} raw readings stored, PostgreSQL`, value: fullIngest.obsPerSec, unit: 'obs/s', baseline: { name: 'same, empty raw table', value: emptyIngest.obsPerSec }, details: { load_s: Math.round(loadSeconds), p99_ms: fullIngest.p99, empty_p99_ms: emptyIngest.p99, failed: fullIngest.failed + emptyIngest.failed } },
      { name: `sensors: 1-year daily chart p99 with ${label} raw readings stored, PostgreSQL`, value: percentile(fullChart, 99), unit: 'ms p99', baseline: { name: 'same, empty raw table (p99 ms)', value: percentile(emptyChart, 99) }, details: { p50_ms: percentile(fullChart, 50), empty_p50_ms: percentile(emptyChart, 50) } },
      { name: `sensors: retention of 200 days over ${label} readings (months dropped whole), PostgreSQL`, value: retentionMs, unit: 'ms', details: { dropped_months: kept.droppedMonths, rows_deleted_one_by_one: kept.deletedRows } },
    ];
  } finally {
    await s.close();
    await db.drop();
  }
}
