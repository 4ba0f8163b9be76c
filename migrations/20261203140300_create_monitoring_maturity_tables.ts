import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';
import { belongsTo, byUser, idAndTenant, timestamps } from './lib/columns.js';

/**
 * The maturity matrix self-assessment (issue 14): a city's choice of model (its strategy's, one adopted from
 * another city, its own, or none), assessment rounds (draft → published, published ones immutable) and one
 * assessment per criterion of a round.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`create table monitoring_maturity_models (
      tenant_id int primary key references tenants(id) on delete cascade,
      enabled boolean not null,
      source text not null check (source in ('strategy', 'adopted', 'own', 'none')),
      adopted_from text,
      model jsonb,
      updated_at timestamptz not null default now()
    )`,
    sql`create table monitoring_maturity_rounds (
      ${idAndTenant('serial')},
      name jsonb not null,
      status text not null default 'draft' check (status in ('draft', 'published')),
      model jsonb not null,
      based_on int references monitoring_maturity_rounds(id) on delete set null,
      reconstructed boolean not null default false,
      note jsonb,
      ${timestamps},
      published_at timestamptz,
      ${byUser('published_by')}
    )`,
    sql`create index monitoring_maturity_rounds_tenant on monitoring_maturity_rounds (tenant_id, status, published_at desc)`,
    sql`create table monitoring_maturity_assessments (
      ${belongsTo('round_id', 'monitoring_maturity_rounds')},
      criterion_code text not null,
      state text not null default 'not_started' check (state in ('achieved', 'in_progress', 'planned_2030', 'not_started')),
      evidence_text jsonb,
      evidence_links jsonb not null default '[]',
      comment jsonb,
      updated_at timestamptz not null default now(),
      primary key (round_id, criterion_code)
    )`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [sql`drop table if exists monitoring_maturity_assessments`, sql`drop table if exists monitoring_maturity_rounds`, sql`drop table if exists monitoring_maturity_models`]);
}
