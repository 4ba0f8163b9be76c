import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';

/**
 * The moderation queue (#13): a flag stays until staff settle it — by hiding the comment ("hidden") or by
 * dismissing the flags ("dismissed") — so the queue and the console's count show only flags nobody has
 * handled yet, and a comment restored after hiding does not come back to the queue.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`alter table participation_comment_flags add column settled_at timestamptz`,
    sql`alter table participation_comment_flags add column decision text check (decision in ('hidden', 'dismissed'))`,
    sql`alter table participation_comment_flags add column settled_by uuid references users(id) on delete set null`,
    sql`create index participation_comment_flags_open on participation_comment_flags (comment_id) where settled_at is null`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`drop index participation_comment_flags_open`,
    sql`alter table participation_comment_flags drop column settled_by`,
    sql`alter table participation_comment_flags drop column decision`,
    sql`alter table participation_comment_flags drop column settled_at`,
  ]);
}
