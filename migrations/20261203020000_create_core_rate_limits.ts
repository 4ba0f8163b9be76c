import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';

/**
 * Rate-limit counters shared by every app process on one database: one row per key and fixed window,
 * incremented with an upsert, so a limit holds whichever process answers the request.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`create table core_rate_limits (key text not null, window_start timestamptz not null, hits integer not null default 0, primary key (key, window_start))`,
    sql`create index core_rate_limits_window on core_rate_limits (window_start)`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [sql`drop table core_rate_limits`]);
}
