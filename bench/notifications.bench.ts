/**
 * Notifications fan-out (issue 15): one event about a thing followed by 100,000 people. The hub's fan-out
 * (notifications.service.ts → follows/follows.repository.ts `fanOut`: one transaction, one INSERT … SELECT per
 * channel) writes one inbox row and one queued e-mail event per follower, rendered in each person's language
 * with their preferences and unsubscribe token. Measured: rows written per second, the time until all are
 * queued, and this process's peak memory (RSS, sampled every 20 ms; on PostgreSQL the server's memory is
 * not in it) — next to a bare INSERT … SELECT of the same rows (constant text, no preferences, no tokens)
 * in the same run, on the same database.
 *
 * The followers are made in SQL (accounts and follows by generate_series): making them is not what is measured.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/core/config.js';
import { openDatabase } from '../src/core/db.js';
import { migrateToLatest } from '../src/core/migrate.js';
import { seedTenants } from '../src/modules/tenants/index.js';
import { type BenchContext, type BenchResult, scratchDatabase } from './lib.js';

const FOLLOWERS = 100_000;

/** Runs `fn`, sampling this process's RSS; returns the time and the peak RSS above the start. */
async function measured<T>(fn: () => Promise<T>): Promise<{ ms: number; peakMb: number; rssMb: number; result: T }> {
  globalThis.gc?.();
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { ms: performance.now() - t0, peakMb: (peak - start) / 2 ** 20, rssMb: peak / 2 ** 20, result };
  } finally {
    clearInterval(timer);
  }
}

interface FanOutNotice {
  tenantId: number;
  thing: { kind: string; id: string };
  template: string;
  params: Record<string, unknown>;
  link: string;
}

async function benchEngine(engine: string, serverUrl: string | undefined, runs: number, log: (m: string) => void): Promise<BenchResult[]> {
  const scratch = serverUrl ? await scratchDatabase(serverUrl) : undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'urbia-bench-notifications-'));
  const database = await openDatabase({ databaseUrl: scratch?.url, dataDir, poolSize: 4 });
  try {
    await migrateToLatest(database.db);
    const config = loadConfig({ URBIA_DATA_DIR: dataDir, LOG_LEVEL: 'silent', URBIA_RATE_LIMITS: 'false', ...(scratch ? { DATABASE_URL: scratch.url } : {}) });
    const built = await buildApp(config, database, { serveWeb: false, logger: false });
    await seedTenants(built.services.tenants);
    const tm = await built.services.tenants.bySlug('timisoara');
    const db = database.db;
    const t0 = performance.now();
    await sql`insert into users (email, email_normalized, display_name, locale)
      select 'f' || g || '@bench.local', 'f' || g || '@bench.local', 'Follower ' || g, (array['ro','en','hu'])[1 + g % 3]
      from generate_series(1, ${FOLLOWERS}) g`.execute(db);
    await sql`insert into notifications_follows (tenant_id, user_id, kind, target)
      select ${tm.id}::int, id, 'strategy.kpi', 'BENCH.K1' from users where email like '%@bench.local'`.execute(db);
    await sql`analyze users`.execute(db);
    await sql`analyze notifications_follows`.execute(db);
    log(`  ${engine}: ${FOLLOWERS.toLocaleString('en-US')} followers made in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const notice: FanOutNotice = {
      tenantId: tm.id,
      thing: { kind: 'strategy.kpi', id: 'BENCH.K1' },
      template: 'strategy.kpi.measurement',
      params: { code: 'BENCH.K1', name: { ro: 'Indicator de test', en: 'Test indicator', hu: 'Tesztmutató' }, date: '2026-12-03', value: '42', note: null },
      link: '/timisoara/kpis/BENCH.K1',
    };
    // The hub's own fan-out, as the outbox worker calls it for the event (private: the bench reaches in).
    const hub = built.services.notifications as unknown as { fanOut(eventId: number, n: FanOutNotice): Promise<number> };
    const clear = async () => {
      await sql`delete from notifications_inbox`.execute(db);
      await sql`delete from core_outbox where type = 'notifications.email.requested'`.execute(db);
      await sql`delete from notifications_feed_entries`.execute(db);
    };
    const bare = () =>
      db.transaction().execute(async (trx) => {
        const a = await sql`insert into notifications_inbox (user_id, tenant_id, kind, subject, body, link, thing_kind, thing_id, event_id)
          select f.user_id, ${tm.id}::int, 'strategy.kpi.measurement', 'subject', 'body', '/timisoara/kpis/BENCH.K1', 'strategy.kpi', 'BENCH.K1', 1
          from notifications_follows f where f.kind = 'strategy.kpi' and f.target = 'BENCH.K1'`.execute(trx);
        const b = await sql`insert into core_outbox (type, payload, tenant_id)
          select 'notifications.email.requested', jsonb_build_object('to', u.email, 'subject', 'subject', 'text', 'body'), ${tm.id}::int
          from notifications_follows f join users u on u.id = f.user_id where f.kind = 'strategy.kpi' and f.target = 'BENCH.K1'`.execute(trx);
        return Number(a.numAffectedRows ?? 0) + Number(b.numAffectedRows ?? 0);
      });

    // One unmeasured round of each first: the first large write into fresh tables (WAL segments, relation
    // extension, PGlite's WASM heap growth) is slower whichever goes first.
    await clear();
    await bare();
    await clear();
    await hub.fanOut(999_999, notice);
    const hubRuns: { ms: number; peakMb: number; rssMb: number; rows: number }[] = [];
    const bareRuns: { ms: number; peakMb: number; rows: number }[] = [];
    for (let r = 0; r < runs; r++) {
      await clear();
      const b = await measured(bare);
      bareRuns.push({ ms: b.ms, peakMb: b.peakMb, rows: b.result });
      await clear();
      const h = await measured(() => hub.fanOut(1_000_000 + r, notice));
      const inbox = Number((await sql<{ n: string }>`select count(*) as n from notifications_inbox`.execute(db)).rows[0]!.n);
      const mails = Number((await sql<{ n: string }>`select count(*) as n from core_outbox where type = 'notifications.email.requested'`.execute(db)).rows[0]!.n);
      if (h.result !== FOLLOWERS || inbox !== FOLLOWERS || mails !== FOLLOWERS) throw new Error(`fan-out reached ${h.result} people, ${inbox} inbox rows, ${mails} e-mails (expected ${FOLLOWERS} each)`);
      hubRuns.push({ ms: h.ms, peakMb: h.peakMb, rssMb: h.rssMb, rows: inbox + mails });
      log(`  ${engine} run ${r + 1}: hub ${(h.ms / 1000).toFixed(2)} s, bare ${(b.ms / 1000).toFixed(2)} s`);
    }
    const median = <T extends { ms: number }>(xs: T[]): T => [...xs].sort((a, b) => a.ms - b.ms)[Math.floor(xs.length / 2)]!;
    const h = median(hubRuns);
    const b = median(bareRuns);
    await built.app.close();
    await built.worker.stop();
    built.mailer.close();
    return [
      {
        name: `fan-out of one event to ${FOLLOWERS.toLocaleString('en-US')} followers (${engine})`,
        value: Math.round(h.rows / (h.ms / 1000)),
        unit: 'rows/s',
        baseline: { name: 'bare INSERT … SELECT of the same rows', value: Math.round(b.rows / (b.ms / 1000)) },
        details: {
          rows: h.rows,
          'time to queue all (s)': Math.round(h.ms / 10) / 100,
          'bare time (s)': Math.round(b.ms / 10) / 100,
          'peak RSS (MB)': Math.round(Math.max(...hubRuns.map((x) => x.rssMb))),
          'peak RSS above start (MB)': Math.round(Math.max(...hubRuns.map((x) => x.peakMb))),
          'bare peak RSS above start (MB)': Math.round(Math.max(...bareRuns.map((x) => x.peakMb))),
          runs,
        },
      },
    ];
  } finally {
    await database.close();
    await scratch?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const runs = ctx.quick ? 1 : 3;
  const results = await benchEngine('pglite', undefined, runs, ctx.log);
  if (ctx.databaseUrl) results.push(...(await benchEngine('postgres', ctx.databaseUrl, runs, ctx.log)));
  return results;
}
