import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';

/**
 * Double opt-in for supports (issue 12): a follower row made from an address nobody has proven yet (an
 * anonymous "me too", or a signed-in person whose account e-mail is not verified) waits with a hashed
 * confirmation token; it is not counted and gets no mail until `confirmed_at` is set. Rows that existed
 * before this migration were already counted in `reports_reports.supporters`, so they stay confirmed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`alter table reports_followers add column confirmed_at timestamptz`,
    sql`alter table reports_followers add column confirm_token_hash text`,
    sql`update reports_followers set confirmed_at = created_at`,
    sql`create unique index reports_followers_confirm_token on reports_followers (confirm_token_hash) where confirm_token_hash is not null`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`drop index reports_followers_confirm_token`,
    sql`alter table reports_followers drop column confirm_token_hash`,
    sql`alter table reports_followers drop column confirmed_at`,
  ]);
}
