import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';
import { belongsTo, byUser, createdAt, idAndTenant, userId } from './lib/columns.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`create table participation_processes (
      ${idAndTenant('serial')},
      slug text not null check (slug ~ '^[a-z0-9-]+$'),
      title jsonb not null,
      description jsonb not null,
      scope text not null default 'city',
      phases jsonb not null default '[]',
      links jsonb not null default '[]',
      ${createdAt},
      unique (tenant_id, slug)
    )`,
    sql`create table participation_proposals (
      ${idAndTenant('serial')},
      process_id int references participation_processes(id) on delete set null,
      ${byUser('author_id')},
      title text not null,
      body text not null,
      title_normalized text not null,
      category text,
      lat double precision,
      lon double precision,
      state text not null default 'published' check (state in ('published','evaluating','accepted','rejected','withdrawn')),
      answer jsonb,
      answered_at timestamptz,
      strategy_code text,
      supports_count int not null default 0,
      ${createdAt}
    )`,
    sql`create index participation_proposals_tenant on participation_proposals (tenant_id, created_at desc)`,
    sql`create table participation_supports (
      ${belongsTo('proposal_id', 'participation_proposals')},
      ${byUser('user_id')},
      voter_key text not null,
      ${createdAt},
      constraint participation_supports_one_per_person primary key (proposal_id, voter_key)
    )`,
    sql`create table participation_comments (
      ${idAndTenant('identity')},
      target_type text not null check (target_type in ('proposal','budget_project','strategy_project','process')),
      target_id text not null,
      parent_id bigint references participation_comments(id) on delete cascade,
      ${byUser('author_id')},
      author_name text,
      body text not null,
      ${createdAt},
      edited_at timestamptz,
      flags_count int not null default 0,
      hidden_at timestamptz,
      hidden_reason text,
      ${byUser('hidden_by')}
    )`,
    sql`create index participation_comments_target on participation_comments (tenant_id, target_type, target_id, id)`,
    sql`create table participation_comment_flags (
      ${belongsTo('comment_id', 'participation_comments', 'bigint')},
      ${userId},
      reason text not null,
      ${createdAt},
      primary key (comment_id, user_id)
    )`,
    sql`create table participation_interests (
      ${idAndTenant('serial')},
      project_code text not null,
      ${byUser('user_id')},
      name text not null,
      organisation text,
      email text,
      role_offered text not null,
      message text not null default '',
      contact_consent boolean not null,
      ${createdAt},
      constraint participation_interests_one_per_person unique (tenant_id, project_code, user_id)
    )`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['participation_interests', 'participation_comment_flags', 'participation_comments', 'participation_supports', 'participation_proposals', 'participation_processes'])
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
}
