/**
 * Participatory-budget ballots per second (issue 4), next to a baseline measured in the same run:
 * each voter saves a ballot (PUT, two projects, rule checked) and casts it (POST checkout) over HTTP with
 * a session cookie and CSRF token, 20 voters at a time. A ballot counts when both requests returned 200,
 * i.e. after COMMIT (durable). Afterwards the run verifies: one checked-out ballot per voter, no
 * duplicates, the tally from the results endpoint equals the ballots cast, and a second checkout is 409.
 * Baseline: the bare INSERT of one row per ballot into a scratch table through the same database handle,
 * at the same concurrency. PGlite and, when a server is given, PostgreSQL. The outbox worker runs during the
 * run, and the PostgreSQL server's own count of transactions gives the transactions per ballot.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/core/config.js';
import { openDatabase } from '../src/core/db.js';
import { migrateToLatest } from '../src/core/migrate.js';
import { seedParticipationDemo } from '../src/modules/participation/participation.demo.js';
import { seedTenants } from '../src/modules/tenants/index.js';
import type { BenchContext, BenchResult } from './lib.js';
import { scratchDatabase } from './lib.js';
import { profiled } from './cpu.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>) {
  let i = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (i < items.length) await fn(items[i++]!);
  }));
}

async function benchEngine(engine: string, databaseUrl: string | undefined, voters: number): Promise<BenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'urbia-bench-participation-'));
  const database = await openDatabase({ databaseUrl, dataDir, poolSize: 20 });
  await migrateToLatest(database.db);
  const config = loadConfig({ URBIA_DATA_DIR: dataDir, LOG_LEVEL: 'silent', URBIA_RATE_LIMITS: 'false', TRUST_PROXY: 'true', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  const built = await buildApp(config, database, { serveWeb: false, logger: false });
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = built.app.server.address() as { port: number };
  const base = `http://127.0.0.1:${port}/api/v1/tenants/timisoara/budgets/buget-2026-prag`;
  try {
    await seedTenants(built.services.tenants);
    await seedParticipationDemo(database.db, built.modules.participation!);
    const projects = (await (await fetch(`${base}/projects`)).json()) as { items: { id: number; code: string }[] };
    const pick = (codes: string[]) => codes.map((c) => projects.items.find((p) => p.code === c)!.id);
    const ballots = [pick(['P4', 'P5']), pick(['P2', 'P3']), pick(['P1', 'P3']), pick(['P1', 'P2', 'P5'])];

    // Voters with sessions, made in SQL (password hashing is not what is measured).
    const users = await sql<{ id: string }>`insert into users (email, email_normalized, display_name)
      select 'voter' || g || '@bench.local', 'voter' || g || '@bench.local', 'Voter ' || g from generate_series(1, ${voters}) g returning id`.execute(database.db);
    const tokens = users.rows.map((u, i) => ({ user: u.id, token: `bench-token-${i}-${u.id}`, csrf: `csrf-${i}` }));
    for (let i = 0; i < tokens.length; i += 1000)
      await database.db
        .insertInto('users_sessions')
        .values(tokens.slice(i, i + 1000).map((t) => ({ id: sha256(t.token), user_id: t.user, csrf_token: t.csrf, expires_at: new Date(Date.now() + 86400_000) })))
        .execute();

    // Baseline: one bare INSERT per ballot, same concurrency, same handle.
    await sql`create table bench_bare_ballots (id bigint generated always as identity primary key, voter text not null, projects int[] not null)`.execute(database.db);
    let started = performance.now();
    await pool(tokens, 20, async (t) => {
      await sql`insert into bench_bare_ballots (voter, projects) values (${t.user}, ${sql.raw(`'{${ballots[0]!.join(',')}}'`)})`.execute(database.db);
    });
    const bareRate = voters / ((performance.now() - started) / 1000);

    // The real thing. On PostgreSQL, the server's own count of transactions in this database during the
    // run (each autocommit statement is one) gives the statements per ballot, outbox worker passes included.
    const xacts = async () => {
      if (engine !== 'postgres') return undefined;
      // Idle backends flush their statistics within PGSTAT_IDLE_INTERVAL (10 s); this one at once.
      await new Promise((r) => setTimeout(r, 11_000));
      await sql`select pg_stat_force_next_flush()`.execute(database.db);
      const r = await sql<{ n: string }>`select (xact_commit + xact_rollback)::text as n from pg_stat_database where datname = current_database()`.execute(database.db);
      return Number(r.rows[0]!.n);
    };
    const xactsBefore = await xacts();
    // The outbox worker runs, as in production: its passes (marking the cast ballots' events done) are
    // counted in the transactions per ballot, until every event is done; then it stops, so its idle polls
    // during the statistics wait are not.
    built.worker.start();
    let failures = 0;
    started = performance.now();
    // URBIA_BENCH_PROFILE=1: where the CPU goes while voting (the HTTP client runs in this process too)
    await profiled(`ballots-${engine}`, console.log, () => pool(tokens.map((t, i) => ({ ...t, i })), 20, async (t) => {
      // Each voter from their own address (behind a trusted proxy), as in real life: the per-IP rate limit stays on.
      const ip = `10.${(t.i >> 16) & 255}.${(t.i >> 8) & 255}.${t.i & 255}`;
      const headers = { cookie: `urbia_session=${t.token}`, 'x-csrf-token': t.csrf, 'content-type': 'application/json', 'x-forwarded-for': ip };
      const put = await fetch(`${base}/ballot`, { method: 'PUT', headers, body: JSON.stringify({ projectIds: ballots[t.i % ballots.length] }) });
      await put.arrayBuffer();
      const co = await fetch(`${base}/ballot/checkout`, { method: 'POST', headers: { cookie: headers.cookie, 'x-csrf-token': t.csrf, 'x-forwarded-for': ip } });
      await co.arrayBuffer();
      if (put.status !== 200 || co.status !== 200) failures++;
    }));
    const seconds = (performance.now() - started) / 1000;
    await built.worker.drain();
    await built.worker.stop();
    const xactsAfter = await xacts();
    // minus the two statistics reads themselves
    const transactionsPerBallot = xactsBefore === undefined || xactsAfter === undefined ? undefined : Math.round(((xactsAfter - xactsBefore - 2) / voters) * 10) / 10;

    // Verification: durable, no duplicates, reproducible tally; a second checkout is refused.
    const budgetId = (await database.db.selectFrom('participation_budgets').select('id').where('slug', '=', 'buget-2026-prag').executeTakeFirstOrThrow()).id;
    const counts = await sql<{ cast: number; distinct_voters: number; items: number }>`select count(*)::int as cast, count(distinct voter_key)::int as distinct_voters,
        (select count(*)::int from participation_ballot_items i join participation_ballots b2 on b2.id = i.ballot_id where b2.budget_id = ${budgetId}) as items
      from participation_ballots where budget_id = ${budgetId} and checked_out_at is not null`.execute(database.db);
    const c = counts.rows[0]!;
    const results = (await (await fetch(`${base}/results?rule=greedy`)).json()) as { ballots: number; items: { votes: number }[] };
    const tallied = results.items.reduce((s, i) => s + i.votes, 0);
    const again = await fetch(`${base}/ballot/checkout`, { method: 'POST', headers: { cookie: `urbia_session=${tokens[0]!.token}`, 'x-csrf-token': tokens[0]!.csrf } });
    const expectedItems = tokens.reduce((s, _t, i) => s + ballots[i % ballots.length]!.length, 0);
    const verified = failures === 0 && c.cast === voters && c.distinct_voters === voters && c.items === expectedItems && tallied === expectedItems && results.ballots === voters && again.status === 409;
    if (!verified) throw new Error(`participation bench verification failed on ${engine}: ${JSON.stringify({ failures, ...c, tallied, expectedItems, again: again.status })}`);
    return {
      name: `budget ballots saved and cast over HTTP (${engine}, 20 concurrent voters, verified)`,
      value: voters / seconds,
      unit: 'ballots/s',
      baseline: { name: 'bare INSERT of one row per ballot', value: bareRate },
      details: { voters, seconds: Math.round(seconds * 100) / 100, requests_per_ballot: 2, ...(transactionsPerBallot !== undefined ? { server_transactions_per_ballot: transactionsPerBallot } : {}), duplicates: c.cast - c.distinct_voters, second_checkout_status: again.status },
    };
  } finally {
    await built.app.close();
    await built.worker.stop();
    built.mailer.close();
    await database.close();
  }
}

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const voters = ctx.quick ? 300 : 2000;
  const results = [await benchEngine('pglite', undefined, voters)];
  if (ctx.databaseUrl) {
    const scratch = await scratchDatabase(ctx.databaseUrl);
    try {
      results.push(await benchEngine('postgres', scratch.url, voters));
    } finally {
      await scratch.drop();
    }
  }
  return results;
}
