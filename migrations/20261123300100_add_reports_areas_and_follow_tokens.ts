import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';

/**
 * Reports: the area (neighbourhood) a report falls in, set when it is created (nearest of a seeded list of
 * approximate neighbourhood centres, see reports.areas.ts), and a random token per follower for the
 * one-click unsubscribe link in notification emails.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`alter table reports_reports add column area text`,
    sql`create index reports_reports_area on reports_reports (tenant_id, area)`,
    sql`alter table reports_followers add column unsubscribe_token uuid not null default gen_random_uuid()`,
    sql`create unique index reports_followers_unsubscribe on reports_followers (unsubscribe_token)`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`drop index reports_followers_unsubscribe`,
    sql`alter table reports_followers drop column unsubscribe_token`,
    sql`drop index reports_reports_area`,
    sql`alter table reports_reports drop column area`,
  ]);
}
