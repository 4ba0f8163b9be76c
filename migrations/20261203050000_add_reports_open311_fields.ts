import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';

/**
 * Open311 fields that had no column: a request's `address_id` (the client's address-register id, kept
 * as given when our gazetteer cannot resolve it), and an update's `updated_datetime` as the back office
 * posted it (`occurred_at`; null for updates made here, whose time is `created_at`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`alter table reports_reports add column address_id text`,
    sql`alter table reports_updates add column occurred_at timestamptz`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [sql`alter table reports_updates drop column occurred_at`, sql`alter table reports_reports drop column address_id`]);
}
