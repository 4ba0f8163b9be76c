/**
 * The cluster, with real processes: scripts/cluster.sh starts a PostgreSQL primary, a streaming replica,
 * PgBouncer, three app nodes and HAProxy; a bounded mixed load (reads, reports with a photo, sensor batches,
 * ballots) goes through HAProxy while one node is killed with SIGKILL. Runs once, on PostgreSQL (it is about
 * several processes on one server; PGlite is one process). Under CI=true missing packages are a failure.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { SYSTEM } from '../../src/core/actor.js';
import { loadConfig } from '../../src/core/config.js';
import { openDatabase } from '../../src/core/db.js';
import { seedParticipationDemo } from '../../src/modules/participation/participation.demo.js';
import { seedCategories } from '../../src/modules/reports/reports.demo.js';
import { png } from '../../src/modules/reports/reports.test-helpers.js';
import { seedTenants } from '../../src/modules/tenants/index.js';
import { RATE_LIMITS } from '../../src/shared/limits.js';
import { buildUser, type TestApp, type TestUser } from '../helpers/app.js';
import { clusterDown, clusterPid, clusterUp } from '../helpers/cluster.js';
import { IN_CI, testEngines, withinOneWindow } from '../helpers/env.js';

const NEEDED = ['/usr/sbin/pgbouncer', '/usr/sbin/haproxy'];
const pgBin = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin/pg_basebackup`).find((p) => existsSync(p)) : undefined;
const missing = [...NEEDED.filter((p) => !existsSync(p)), ...(pgBin ? [] : ['pg_basebackup (postgresql)'])];
const onPostgres = testEngines().includes('postgres');

it('has the cluster packages (pgbouncer, haproxy, postgresql) where CI runs', () => {
  if (IN_CI) expect(missing).toEqual([]);
});

const T = '/api/v1/tenants/timisoara';
type Outcome = { kind: string; client: number; start: number; end: number; status: number | 'network'; id?: string; error?: string };

/** When a port stops accepting connections: a SIGKILLed process's listening socket still accepts until the kernel has torn the process down. */
async function refusedAt(port: number, limitMs = 10_000): Promise<number> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    const refused = await new Promise<boolean>((done) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => { s.destroy(); done(false); });
      s.once('error', () => done(true));
    });
    if (refused) return Date.now();
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`port ${port} still accepts connections ${limitMs} ms after the kill`);
}

describe.skipIf(!onPostgres || missing.length > 0)('a cluster of three app nodes behind HAProxy, PgBouncer and a replica', () => {
  const dir = mkdtempSync(join(tmpdir(), 'urbia-cluster-'));
  let env: Record<string, string> = {};
  let lb = '';
  let nodes: string[] = [];
  let direct: pg.Pool;
  let citizens: TestUser[] = [];
  let admin: TestUser;
  let key = '';
  let revocable = { id: '', secret: '' };
  let datastream = 0;
  let budgetProject = 0;

  beforeAll(async () => {
    const started = Date.now();
    const c = await clusterUp(dir, ['--nodes', '3', '--no-fsync']);

    console.info(`cluster up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    env = { URBIA_CLUSTER_URL: c.url, DATABASE_DIRECT_URL: c.directUrl, DATABASE_REPLICA_URL: c.replicaUrl ?? '' };
    lb = c.url;
    nodes = c.nodes;
    direct = new pg.Pool({ connectionString: env.DATABASE_DIRECT_URL, max: 2 });
    // the primary stops at `down` (in the test or afterAll): an idle client's lost connection is not a failure
    direct.on('error', () => undefined);
    // the fixtures, through the services on the direct connection (as `urbia` commands would make them)
    const database = await openDatabase({ databaseUrl: env.DATABASE_DIRECT_URL, dataDir: join(dir, 'data'), poolSize: 3 });
    const built = await buildApp(loadConfig({ URBIA_DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' }), database, { serveWeb: false, logger: false });
    await built.app.ready();
    try {
      await seedTenants(built.services.tenants);
      const tm = await built.services.tenants.bySlug('timisoara');
      await seedCategories(built.modules.reports!.db, built.modules.reports!.repo, tm);
      await seedParticipationDemo(database.db, built.modules.participation!);
      const t = built as unknown as TestApp;
      admin = await buildUser(t, { timisoara: ['admin'] });
      citizens = [];
      for (let i = 0; i < 4; i++) citizens.push(await buildUser(t, { timisoara: ['citizen'] }));
      ({ secret: key } = await built.services.users.createApiKey(SYSTEM, tm, { name: 'cluster ingest', purpose: 'ingest' }) as unknown as { secret: string });
      const r = await built.services.users.createApiKey(SYSTEM, tm, { name: 'to revoke', purpose: 'ingest' }) as unknown as { secret: string; key: { id: string } } & { id?: string };
      revocable = { id: String(r.id ?? r.key.id), secret: r.secret };
      const thing = await database.db.insertInto('sensors_things').values({ tenant_id: tm.id, name: 'cluster', lat: 45.75, lon: 21.22, metadata: '{}', area: null, ngsi_id: null, sc_node: null }).returning('id').executeTakeFirstOrThrow();
      datastream = Number((await database.db.insertInto('sensors_datastreams').values({ tenant_id: tm.id, thing_id: thing.id, property: 'pm25', unit: 'ug/m3', last_time: null, last_value: null }).returning('id').executeTakeFirstOrThrow()).id);
      const projects = await built.app.inject({ url: `${T}/budgets/buget-2026-prag/projects` });
      budgetProject = (projects.json() as { items: { id: number; code: string }[] }).items.find((p) => p.code === 'P5')!.id;
    } finally {
      await built.app.close();
      await built.worker.stop();
      built.mailer.close();
      await database.close();
    }
    console.info(`cluster fixtures ready at ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 600_000);

  afterAll(async () => {
    if (direct && !direct.ended) await direct.end();
    // down also after a failed or timed-out up: it stops whatever has a pid file
    await clusterDown(dir).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses no acknowledged write when a node is SIGKILLed under load, shares limits, caches and uploads, and stops cleanly', { timeout: 180_000 }, async () => {
    const outcomes: Outcome[] = [];
    const photo = await png();
    let killAt = Infinity;
    let gone: Promise<number> | undefined;
    let seq = 0;
    const call = async (kind: string, url: string, init: RequestInit & { headers?: Record<string, string> }, client: number) => {
      const start = Date.now();
      const o: Outcome = { kind, client, start, end: 0, status: 'network' };
      try {
        const res = await fetch(url, { ...init, headers: { 'x-forwarded-for': `10.1.0.${client + 1}`, ...init.headers } });
        o.status = res.status;
        const body = await res.text();
        if (res.ok && kind === 'report') o.id = (JSON.parse(body) as { id: string }).id;
      } catch (e) {
        // connection reset: only acceptable for a request in flight on the killed node
        o.error = String((e as Error).cause ?? e);
      }
      o.end = Date.now();
      outcomes.push(o);
      return o;
    };
    const base = Date.now() - 3 * 86_400_000;
    const acked: number[] = [];
    // a bounded load: each client makes ROUNDS requests (a quarter of each kind: well under the per-person write
    // limit), and node 2 is SIGKILLed when half of all requests have been sent, whatever the machine's speed
    const ROUNDS = 24;
    let sent = 0;
    const client = async (c: number) => {
      const who = citizens[c]!;
      for (let i = 0; i < ROUNDS; i++) {
        if (++sent > (ROUNDS * 4) / 2 && killAt === Infinity) {
          killAt = Date.now();
          process.kill(clusterPid(dir, 'node2'), 'SIGKILL');
          gone = refusedAt(Number(new URL(nodes[1]!).port));
        }
        const op = (i + c) % 4;
        if (op === 0) await call('read', `${lb}${T}/reports?pageSize=20`, {}, c);
        else if (op === 1) {
          const form = new FormData();
          for (const [k, v] of Object.entries({ category: 'pothole', lat: '45.7537', lon: '21.2257', title: `Cluster ${c}.${i}`, description: 'Groapă', 'attribute[size]': 'small' })) form.append(k, v);
          form.append('photos', new Blob([new Uint8Array(photo)], { type: 'image/png' }), 'p.png');
          await call('report', `${lb}${T}/reports`, { method: 'POST', body: form, headers: who.headers }, c);
        } else if (op === 2) {
          const start = (seq += 10);
          const observations = Array.from({ length: 10 }, (_, k) => ({ datastream, time: new Date(base + (start + k) * 1000).toISOString(), value: start + k }));
          const o = await call('sensors', `${lb}${T}/observations`, { method: 'POST', body: JSON.stringify({ observations }), headers: { 'content-type': 'application/json', 'x-api-key': key } }, c);
          if (o.status === 200) for (let k = 0; k < 10; k++) acked.push(start + k);
        } else await call('ballot', `${lb}${T}/budgets/buget-2026-prag/ballot`, { method: 'PUT', body: JSON.stringify({ projectIds: [budgetProject] }), headers: { ...who.headers, 'content-type': 'application/json' } }, c);
      }
    };
    await Promise.all([0, 1, 2, 3].map((c) => client(c)));
    expect(killAt).toBeLessThan(Infinity);
    const goneAt = await gone!;

    // every failure was a request in flight on the killed node: sent before its socket stopped accepting, not answered
    // before the kill (HAProxy answers 502 or drops the connection for those; any other failure is unexplained)
    const failed = outcomes.filter((o) => o.status === 'network' || o.status >= 400);
    const unexplained = failed.filter((o) => !(o.start <= goneAt && o.end >= killAt && (o.status === 'network' || o.status === 502 || o.status === 503)));
    expect(unexplained.map((o) => ({ ...o, start: o.start - killAt, end: o.end - killAt }))).toEqual([]);
    expect(outcomes.length).toBe(ROUNDS * 4);
    // HAProxy routes around the dead node at once: what was sent after the kill succeeded
    expect(outcomes.filter((o) => o.start > goneAt && o.status !== 'network' && o.status < 300).length).toBeGreaterThanOrEqual(ROUNDS);

    // every acknowledged write is in the primary
    const reportIds = outcomes.filter((o) => o.kind === 'report' && o.status === 201).map((o) => o.id!);
    expect(reportIds.length).toBeGreaterThan(0);
    const found = await direct.query<{ id: string }>('select id::text from reports_reports where id = any($1::bigint[])', [reportIds]);
    expect(found.rows.length).toBe(reportIds.length);
    const values = await direct.query<{ v: number }>('select value as v from sensors_observations where datastream_id = $1', [datastream]);
    const present = new Set(values.rows.map((r) => Number(r.v)));
    expect(acked.filter((v) => !present.has(v))).toEqual([]);
    const voters = [...new Set(outcomes.filter((o) => o.kind === 'ballot' && o.status === 200).map((o) => citizens[o.client]!.id))];
    expect(voters.length).toBeGreaterThan(0);
    const ballots = await direct.query<{ n: number }>('select count(distinct user_id)::int as n from participation_ballots where user_id = any($1::uuid[])', [voters]);
    expect(ballots.rows[0]!.n).toBe(voters.length);

    const [n1, , n3] = nodes as [string, string, string];
    // a write through one node is read through another (read-your-writes: the replica only once it replayed it)
    const form = new FormData();
    for (const [k, v] of Object.entries({ category: 'pothole', lat: '45.7537', lon: '21.2257', title: 'Scrisă pe nodul 1', description: 'x', 'attribute[size]': 'small' })) form.append(k, v);
    form.append('photos', new Blob([new Uint8Array(photo)], { type: 'image/png' }), 'p.png');
    const created = await fetch(`${n1}${T}/reports`, { method: 'POST', body: form, headers: citizens[0]!.headers });
    expect(created.status).toBe(201);
    const rw = /urbia_rw=([^;]+)/.exec(created.headers.get('set-cookie') ?? '')?.[1] ?? '';
    expect(decodeURIComponent(rw)).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    const id = ((await created.json()) as { id: string }).id;
    const list = (await (await fetch(`${n3}${T}/reports?pageSize=5`, { headers: { cookie: `${citizens[0]!.cookie}; urbia_rw=${rw}` } })).json()) as { items: { id: string }[] };
    expect(list.items.map((r) => r.id)).toContain(id);
    // an upload made through node 1 downloads through node 3
    const page = (await (await fetch(`${n3}${T}/reports/${id}`)).json()) as { photos: { url: string }[] };
    const img = await fetch(`${n3}${page.photos[0]!.url}`);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toMatch(/^image\//);
    // the replica served reads (the nodes hold connections to it)
    const replica = new pg.Client({ connectionString: env.DATABASE_REPLICA_URL });
    await replica.connect();
    const onReplica = await replica.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = 'urbia' and backend_type = 'client backend' and pid <> pg_backend_pid()");
    await replica.end();
    expect(onReplica.rows[0]!.n).toBeGreaterThan(0);

    // rate limits are counted across nodes: 5 password-reset requests an hour per address, spread over the nodes
    // (a run that straddles the hour's fixed window is repeated from a fresh address)
    const resets = await withinOneWindow(RATE_LIMITS.passwordReset.timeWindow, async (attempt) => {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await fetch(`${lb}/api/v1/auth/reset`, { method: 'POST', body: JSON.stringify({ email: `nobody${i}@example.org` }), headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.9.9.${attempt + 1}` } })).status);
      return statuses;
    });
    expect(resets).toEqual([202, 202, 202, 202, 202, 429, 429]);

    // a cache invalidated on one node is fresh on the others: a key cached on node 3, revoked through node 1
    const obs = (v: number) => JSON.stringify({ observations: [{ datastream, time: new Date(base - v * 1000).toISOString(), value: v }] });
    const ingest = (node: string, v: number) => fetch(`${node}${T}/observations`, { method: 'POST', body: obs(v), headers: { 'content-type': 'application/json', 'x-api-key': revocable.secret } });
    expect((await ingest(n3, 1)).status).toBe(200);
    expect((await fetch(`${n1}${T}/api-keys/${revocable.id}`, { method: 'DELETE', headers: admin.headers })).status).toBe(204);
    await expect.poll(async () => (await ingest(n3, 2)).status, { timeout: 3_000 }).toBe(401);
    // a session cached on node 3 is refused there as soon as its owner signs out through node 1 (the cache keeps a
    // session 5 s; the poll gives the NOTIFY 1 s)
    const me = (node: string) => fetch(`${node}/api/v1/me/follows`, { headers: { cookie: citizens[3]!.cookie } });
    expect((await me(n3)).status).toBe(200);
    expect((await me(n3)).status).toBe(200);
    expect((await fetch(`${n1}/api/v1/auth/logout`, { method: 'POST', headers: citizens[3]!.headers })).status).toBeLessThan(300);
    await expect.poll(async () => (await me(n3)).status, { timeout: 1_000, interval: 50 }).toBe(401);

    // down stops everything up started
    const pids = ['node1', 'node3', 'haproxy', 'pgbouncer', 'primary', 'replica'].map((part) => clusterPid(dir, part));
    await direct.end();
    await clusterDown(dir);

    // a process that exited may stay a zombie for a moment until init reaps it: that is not running
    const running = (pid: number) => { try { return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8')); } catch { return false; } };
    expect(pids.filter(running)).toEqual([]);
    await expect(fetch(`${lb}/api/v1/health`)).rejects.toThrow();
  });
});
