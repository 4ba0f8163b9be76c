/**
 * `npm run bench -- cluster`: the cluster of scripts/cluster.sh (primary, streaming replica, PgBouncer, three app
 * nodes, HAProxy) under a mixed public read load, against the same run's single-process figure (one node, asked
 * directly); then the same with the replica stopped (reads fall back to the primary); and the replica's lag under
 * sustained sensor ingest. On a 2-core machine the three nodes, PostgreSQL twice, PgBouncer, HAProxy and the load
 * generator share two cores: more nodes cannot add throughput there, only availability (docs/scaling.md).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { SYSTEM } from '../src/core/actor.js';
import { loadConfig } from '../src/core/config.js';
import { openDatabase } from '../src/core/db.js';
import { seedCategories } from '../src/modules/reports/reports.demo.js';
import { seedTenants } from '../src/modules/tenants/index.js';
import { clusterDown, clusterPid, clusterUp } from '../tests/helpers/cluster.js';
import { type BenchContext, type BenchResult, loadApart, percentile } from './lib.js';

const T = '/api/v1/tenants/timisoara';

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const seconds = ctx.quick ? 4 : 10;
  const dir = mkdtempSync(join(tmpdir(), 'urbia-cluster-bench-'));
  const results: BenchResult[] = [];
  try {
    ctx.log('starting the cluster (scripts/cluster.sh up --nodes 3)…');
    const c = await clusterUp(dir, ['--nodes', '3']);
    // a city, its categories and 2,000 public reports to list; an ingest key and a sensor
    const database = await openDatabase({ databaseUrl: c.directUrl, dataDir: join(dir, 'data'), poolSize: 3 });
    const built = await buildApp(loadConfig({ URBIA_DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' }), database, { serveWeb: false, logger: false });
    await built.app.ready();
    await seedTenants(built.services.tenants);
    const tm = await built.services.tenants.bySlug('timisoara');
    await seedCategories(built.modules.reports!.db, built.modules.reports!.repo, tm);
    const cat = await database.db.selectFrom('reports_categories').select('id').where('tenant_id', '=', tm.id).executeTakeFirstOrThrow();
    for (let b = 0; b < 4; b++)
      await database.db.insertInto('reports_reports').values(Array.from({ length: 500 }, (_, i) => ({ tenant_id: tm.id, category_id: cat.id, title: `Raport ${b * 500 + i}`, description: 'bench', lat: 45.75 + i / 1e5, lon: 21.22, status: 'open', token: `bench-${b}-${i}`, confirmed_at: new Date() })) as never).execute();
    const { secret } = (await built.services.users.createApiKey(SYSTEM, tm, { name: 'bench', purpose: 'ingest' })) as unknown as { secret: string };
    const thing = await database.db.insertInto('sensors_things').values({ tenant_id: tm.id, name: 'bench', lat: 45.75, lon: 21.22, metadata: '{}', area: null, ngsi_id: null, sc_node: null }).returning('id').executeTakeFirstOrThrow();
    const ds = Number((await database.db.insertInto('sensors_datastreams').values({ tenant_id: tm.id, thing_id: thing.id, property: 'pm25', unit: 'ug/m3', last_time: null, last_value: null }).returning('id').executeTakeFirstOrThrow()).id);
    await built.app.close();
    await built.worker.stop();
    built.mailer.close();
    await database.close();

    // the mixed read: the public report list (replica-routed) and the cities list, alternately per connection
    const mixed = async (base: string) => {
      const [a, b] = await Promise.all([
        loadApart({ url: `${base}${T}/reports?pageSize=20`, connections: 10, seconds }),
        loadApart({ url: `${base}/api/v1/tenants`, connections: 10, seconds }),
      ]);
      return { rps: a.requests.average + b.requests.average, p99: Math.max(a.latency.p99, b.latency.p99), errors: a.errors + b.errors + a.non2xx + b.non2xx };
    };
    await mixed(c.nodes[0]!); // warm-up
    const single = await mixed(c.nodes[0]!);
    const baseline = { name: 'one node asked directly (same run)', value: single.rps };
    results.push({ name: 'cluster: mixed reads, 1 node (single process), replica on', value: single.rps, unit: 'req/s', details: { p99ms: single.p99, errors: single.errors } });
    const three = await mixed(c.url);
    results.push({ name: 'cluster: mixed reads, 3 nodes via HAProxy, replica on', value: three.rps, unit: 'req/s', baseline, details: { p99ms: three.p99, errors: three.errors } });

    // replica lag under sustained ingest: one observation a request from 8 connections
    const primary = new pg.Client({ connectionString: c.directUrl });
    await primary.connect();
    const lags: number[] = [];
    const lagBytes: number[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const r = await primary.query<{ ms: number | null; bytes: number | null }>("select extract(epoch from replay_lag) * 1000 as ms, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::float8 as bytes from pg_stat_replication");
        lags.push(Number(r.rows[0]?.ms ?? 0));
        lagBytes.push(Number(r.rows[0]?.bytes ?? 0));
        await new Promise((res) => setTimeout(res, 200));
      }
    })();
    const ingest = await loadApart({ url: `${c.url}${T}/observations`, connections: 8, seconds, method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': secret }, bodies: { module: new URL('./sensors.load.ts', import.meta.url).href, params: { streams: [ds], t0: Date.now() - 86_400_000 } } });
    sampling = false;
    await sampler;
    results.push({ name: 'cluster: replica replay lag under sustained ingest (p50)', value: percentile(lags, 50), unit: 'ms', details: { p99ms: percentile(lags, 99), maxBytes: Math.max(...lagBytes), ingestReqPerSec: ingest.requests.average, non2xx: ingest.non2xx } });

    // without the replica: stop it; the nodes notice within a second and read from the primary
    const pgbin = `/usr/lib/postgresql/${readdirSync('/usr/lib/postgresql').sort().at(-1)}/bin`;
    const asPg = process.getuid?.() === 0 ? ['su', 'postgres', '-s', '/bin/bash', '-c'] : ['bash', '-c'];
    execFileSync(asPg[0]!, [...asPg.slice(1), `'${pgbin}/pg_ctl' -D '${dir}/pg/replica' -m fast stop`]);
    ctx.log(`replica stopped (pid ${clusterPid(dir, 'primary')} is the primary); reads fall back to it`);
    await new Promise((res) => setTimeout(res, 2_500));
    const singleNoReplica = await mixed(c.nodes[0]!);
    results.push({ name: 'cluster: mixed reads, 1 node, replica stopped (reads on the primary)', value: singleNoReplica.rps, unit: 'req/s', baseline, details: { p99ms: singleNoReplica.p99, errors: singleNoReplica.errors } });
    const threeNoReplica = await mixed(c.url);
    results.push({ name: 'cluster: mixed reads, 3 nodes via HAProxy, replica stopped', value: threeNoReplica.rps, unit: 'req/s', baseline, details: { p99ms: threeNoReplica.p99, errors: threeNoReplica.errors } });
    await primary.end();
  } finally {
    await clusterDown(dir).catch((e: unknown) => ctx.log(`cluster down failed: ${String(e)}`));
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
