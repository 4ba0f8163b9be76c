import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';
import { createdAt, tenantId } from './lib/columns.js';

/**
 * Digest scheduling: each city's digest hour (local time in its zone; no row means 08:00 Europe/Bucharest,
 * weekly digests on Mondays), and one row per city, frequency and period (a local date, or an ISO week)
 * whose digests were sent. The row is written in the same transaction as the queued e-mails, so across
 * processes and restarts each period's digests go out exactly once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`create table notifications_digest_settings (
      tenant_id int primary key references tenants(id) on delete cascade,
      hour int not null default 8 check (hour between 0 and 23),
      time_zone text not null default 'Europe/Bucharest',
      weekly_day int not null default 1 check (weekly_day between 1 and 7),
      updated_at timestamptz not null default now()
    )`,
    sql`create table notifications_digest_runs (
      ${tenantId},
      frequency text not null check (frequency in ('daily', 'weekly')),
      period text not null,
      people int not null default 0,
      ${createdAt},
      primary key (tenant_id, frequency, period)
    )`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [sql`drop table notifications_digest_runs`, sql`drop table notifications_digest_settings`]);
}
