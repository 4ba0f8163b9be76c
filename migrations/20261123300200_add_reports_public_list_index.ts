import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';

/**
 * The public list's default order (newest first, id as tie-break) over published, visible reports only:
 * the first page reads 20 index entries in order instead of sorting, and the capped count reads this
 * smaller index without checking the publication filters on the table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`create index reports_reports_public_recent on reports_reports (tenant_id, created_at desc, id desc) where confirmed_at is not null and hidden_at is null`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [sql`drop index reports_reports_public_recent`]);
}
