import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';
import { belongsTo, byUser, createdAt, idAndTenant, timestamps } from './lib/columns.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`create table participation_surveys (
      ${idAndTenant('serial')},
      slug text not null check (slug ~ '^[a-z0-9-]+$'),
      title jsonb not null,
      description jsonb not null,
      audience text not null default 'anyone' check (audience in ('anyone','users','role')),
      audience_roles text[] not null default '{}',
      anonymous boolean not null default false,
      status text not null default 'open' check (status in ('draft','open','closed')),
      reconstructed boolean not null default false,
      sections jsonb not null default '[]',
      questions jsonb not null,
      ${createdAt},
      unique (tenant_id, slug)
    )`,
    // One response per person: per account, or per browser token on anonymous surveys.
    sql`create table participation_responses (
      ${idAndTenant('identity')},
      ${belongsTo('survey_id', 'participation_surveys')},
      ${byUser('user_id')},
      browser_token text,
      profile jsonb not null default '{}',
      answers jsonb not null,
      reconstructed boolean not null default false,
      ${createdAt},
      constraint participation_responses_one_per_user unique (survey_id, user_id),
      constraint participation_responses_one_per_browser unique (survey_id, browser_token)
    )`,
    sql`create index participation_responses_tenant_time on participation_responses (tenant_id, created_at)`,
    sql`create table participation_codes (
      id serial primary key,
      ${belongsTo('survey_id', 'participation_surveys')},
      question_key text not null,
      label text not null,
      unique (survey_id, question_key, label)
    )`,
    sql`create table participation_codings (
      ${belongsTo('response_id', 'participation_responses', 'bigint')},
      question_key text not null,
      ${belongsTo('code_id', 'participation_codes')},
      primary key (response_id, question_key, code_id)
    )`,
    sql`create table participation_budgets (
      ${idAndTenant('serial')},
      slug text not null check (slug ~ '^[a-z0-9-]+$'),
      title jsonb not null,
      description jsonb not null,
      total numeric not null check (total > 0),
      currency text not null default 'RON',
      scope text not null default 'city',
      eligibility jsonb not null default '{}',
      voting_rule text not null check (voting_rule in ('threshold_percent','minimum_projects','selected_projects')),
      threshold_percent numeric not null default 0 check (threshold_percent between 0 and 100),
      min_projects int not null default 0 check (min_projects >= 0),
      max_projects int,
      vote_type text not null default 'approval' check (vote_type in ('approval','cumulative','ordinal','choose-1','scoring')),
      status text not null default 'voting' check (status in ('draft','voting','closed')),
      pb_meta jsonb not null default '{}',
      ${createdAt},
      unique (tenant_id, slug),
      check (max_projects is null or max_projects >= min_projects)
    )`,
    sql`create table participation_budget_projects (
      ${idAndTenant('serial')},
      ${belongsTo('budget_id', 'participation_budgets')},
      code text not null,
      title jsonb not null,
      description jsonb not null default '{"ro":""}',
      cost numeric not null check (cost >= 0),
      lat double precision,
      lon double precision,
      review text not null default 'eligible' check (review in ('submitted','eligible','ineligible','costed')),
      paper_votes int not null default 0,
      extra jsonb not null default '{}',
      unique (budget_id, code)
    )`,
    // One person, one ballot (voter_key = the account id, or "pb:<voter_id>" for imported ballots).
    sql`create table participation_ballots (
      ${idAndTenant('identity')},
      ${belongsTo('budget_id', 'participation_budgets')},
      voter_key text not null,
      ${byUser('user_id')},
      checked_out_at timestamptz,
      meta jsonb not null default '{}',
      ${timestamps},
      constraint participation_ballots_one_per_voter unique (budget_id, voter_key)
    )`,
    sql`create table participation_ballot_items (
      ${belongsTo('ballot_id', 'participation_ballots', 'bigint')},
      ${belongsTo('project_id', 'participation_budget_projects')},
      position int not null,
      points numeric not null default 1,
      primary key (ballot_id, project_id)
    )`,
    sql`create index participation_ballot_items_project on participation_ballot_items (project_id)`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['participation_ballot_items', 'participation_ballots', 'participation_budget_projects', 'participation_budgets', 'participation_codings', 'participation_codes', 'participation_responses', 'participation_surveys'])
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
}
