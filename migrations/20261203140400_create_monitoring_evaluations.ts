import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';
import { belongsTo, byUser, createdBy, dropTablesIfExists, idAndTenant, timestamps } from './lib/columns.js';

/**
 * Monitoring (issue 14): evaluation rounds, their findings per ambition/objective, the steering body's
 * recommendations and the generated reports (one row per version: the data snapshot the HTML and PDF are
 * rendered from).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`create table monitoring_evaluations (
      ${idAndTenant('serial')},
      type text not null check (type in ('ex_ante', 'intermediate', 'annual', 'ex_post')),
      title jsonb not null,
      period_start date not null,
      period_end date not null,
      scope jsonb not null default '[]',
      status text not null default 'draft' check (status in ('draft', 'published')),
      published_version int,
      published_at timestamptz,
      demo boolean not null default false,
      ${createdBy},
      ${timestamps},
      check (period_end >= period_start),
      check (status = 'draft' or published_version is not null)
    )`,
    sql`create index monitoring_evaluations_tenant on monitoring_evaluations (tenant_id, status, period_end desc)`,
    sql`create table monitoring_evaluation_findings (
      ${belongsTo('evaluation_id', 'monitoring_evaluations')},
      scope_code text not null,
      text jsonb not null,
      ${byUser('author_user_id')},
      updated_at timestamptz not null default now(),
      primary key (evaluation_id, scope_code)
    )`,
    sql`create table monitoring_evaluation_recommendations (
      ${idAndTenant('serial')},
      ${belongsTo('evaluation_id', 'monitoring_evaluations')},
      number int not null,
      text jsonb not null,
      addressed_to text not null,
      status text not null default 'open' check (status in ('open', 'accepted', 'done', 'rejected')),
      reason text,
      answer jsonb,
      answered_at timestamptz,
      ${createdBy},
      ${timestamps},
      unique (evaluation_id, number),
      check (status <> 'rejected' or (reason is not null and length(reason) > 0))
    )`,
    sql`create index monitoring_evaluation_recommendations_tenant on monitoring_evaluation_recommendations (tenant_id, evaluation_id)`,
    sql`create table monitoring_evaluation_reports (
      id serial primary key,
      ${belongsTo('evaluation_id', 'monitoring_evaluations')},
      version int not null,
      data jsonb not null,
      ${byUser('generated_by')},
      generated_at timestamptz not null default now(),
      unique (evaluation_id, version)
    )`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, dropTablesIfExists('monitoring_evaluation_reports', 'monitoring_evaluation_recommendations', 'monitoring_evaluation_findings', 'monitoring_evaluations'));
}
