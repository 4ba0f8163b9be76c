import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';
import { belongsTo, byUser, createdAt, userId } from './lib/columns.js';

/**
 * Proposals can be flagged too (#13): the same flags as comments, settled by staff in the moderation queue;
 * a hidden proposal keeps its text for staff and the audit log, and leaves every public list.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`create table participation_proposal_flags (
      ${belongsTo('proposal_id', 'participation_proposals')},
      ${userId},
      reason text not null,
      ${createdAt},
      settled_at timestamptz,
      decision text check (decision in ('hidden', 'dismissed')),
      ${byUser('settled_by')},
      primary key (proposal_id, user_id)
    )`,
    sql`create index participation_proposal_flags_open on participation_proposal_flags (proposal_id) where settled_at is null`,
    sql`alter table participation_proposals add column hidden_at timestamptz`,
    sql`alter table participation_proposals add column hidden_reason text`,
    sql`alter table participation_proposals add column hidden_by uuid references users(id) on delete set null`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`alter table participation_proposals drop column hidden_by`,
    sql`alter table participation_proposals drop column hidden_reason`,
    sql`alter table participation_proposals drop column hidden_at`,
    sql`drop table participation_proposal_flags`,
  ]);
}
