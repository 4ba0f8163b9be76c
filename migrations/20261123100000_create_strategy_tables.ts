import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';
import { belongsTo, byUser, createdAt, createdBy, dropTables, idAndTenant, tenantId, timestamps, userId } from './lib/columns.js';

/**
 * The strategy registry: one strategy per tenant, its pillars (ambitions / strategic objectives), objectives
 * (objectives / action directions), projects and open actions, funding sources, KPIs and their measurements,
 * published revisions (snapshots of the exported document) and follows. Everything is keyed by
 * (tenant_id, code), the identity the strategy document uses; numbers are double precision so a value
 * round-trips exactly as JavaScript read it from the document.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`create table strategy_strategies (
      id serial primary key,
      tenant_id int not null unique references tenants(id) on delete cascade,
      title jsonb not null,
      period_start int not null,
      period_end int not null,
      vision jsonb not null,
      mission jsonb,
      motto jsonb,
      status text not null check (status in ('draft','adopted')),
      adopted_on date,
      source jsonb not null,
      note text,
      maturity_matrix jsonb,
      notes jsonb,
      schema_ref text,
      content_hash text,
      ${timestamps}
    )`,
    sql`create table strategy_funding_sources (
      ${idAndTenant('serial')},
      code text not null,
      name jsonb not null,
      note text,
      position int not null,
      unique (tenant_id, code)
    )`,
    sql`create table strategy_pillars (
      ${idAndTenant('serial')},
      code text not null,
      kind text not null check (kind in ('ambition','strategic_objective')),
      title jsonb not null,
      dimension text not null check (dimension in ('governance','people','economy','mobility','environment','living')),
      sdgs jsonb not null default '[]',
      diagnosis jsonb,
      status_quo jsonb not null default '[]',
      open_action_counts jsonb,
      digital_enablers jsonb,
      local_actor_types jsonb,
      note text,
      position int not null,
      unique (tenant_id, code)
    )`,
    sql`create table strategy_objectives (
      ${idAndTenant('serial')},
      ${belongsTo('pillar_id', 'strategy_pillars')},
      code text not null,
      kind text not null check (kind in ('objective','action_direction')),
      title jsonb not null,
      description jsonb,
      note text,
      position int not null,
      unique (tenant_id, code)
    )`,
    sql`create index strategy_objectives_pillar on strategy_objectives (pillar_id, position)`,
    sql`create table strategy_projects (
      ${idAndTenant('serial')},
      code text not null,
      kind text not null check (kind in ('project','open_action')),
      title jsonb not null,
      description jsonb,
      pillar_id int not null references strategy_pillars(id),
      objective_id int references strategy_objectives(id),
      status text not null check (status in ('idea','planned','in_preparation','funding_requested','in_progress','completed','suspended','cancelled')),
      maturity text,
      priority text check (priority in ('priority_project','priority','long_list')),
      priority_text text,
      category text check (category in ('infrastructure','platform','capacity_building','incentives_events','research')),
      budget_amount double precision,
      budget_basis text not null check (budget_basis in ('one_off','per_year','per_unit','unknown')),
      budget_text text,
      horizon text,
      funding_text text,
      responsible text,
      partners text,
      digital_enablers jsonb,
      local_actor_types jsonb,
      location jsonb,
      lat double precision,
      lon double precision,
      progress double precision check (progress between 0 and 100),
      note text,
      position int not null,
      search text not null default '',
      ${timestamps},
      unique (tenant_id, code)
    )`,
    sql`create index strategy_projects_list on strategy_projects (tenant_id, position)`,
    sql`create index strategy_projects_pillar on strategy_projects (pillar_id)`,
    sql`create index strategy_projects_objective on strategy_projects (objective_id)`,
    sql`create index strategy_projects_geo on strategy_projects (tenant_id, lat, lon) where lat is not null`,
    sql`create table strategy_project_funding (
      ${belongsTo('project_id', 'strategy_projects')},
      ${belongsTo('funding_source_id', 'strategy_funding_sources')},
      position int not null,
      primary key (project_id, funding_source_id)
    )`,
    sql`create index strategy_project_funding_source on strategy_project_funding (funding_source_id)`,
    sql`create table strategy_project_timeline (
      ${idAndTenant('serial')},
      ${belongsTo('project_id', 'strategy_projects')},
      date date not null,
      text jsonb not null,
      status text,
      author text,
      ${byUser('author_user_id')},
      ${createdAt}
    )`,
    sql`create index strategy_project_timeline_project on strategy_project_timeline (project_id, id)`,
    sql`create table strategy_kpis (
      ${idAndTenant('serial')},
      code text not null,
      level text not null check (level in ('key','outcome','output')),
      scope_code text not null,
      name jsonb not null,
      unit text,
      direction text not null check (direction in ('increase','decrease','reach')),
      baseline jsonb not null,
      target jsonb not null,
      reference jsonb,
      automatic_metric text,
      note text,
      position int not null,
      updated_at timestamptz not null default now(),
      unique (tenant_id, code)
    )`,
    sql`create table strategy_kpi_measurements (
      ${idAndTenant('serial')},
      ${belongsTo('kpi_id', 'strategy_kpis')},
      date date not null,
      value double precision not null,
      source text,
      note text,
      author text,
      ${byUser('author_user_id')},
      automatic boolean not null default false,
      ${createdAt}
    )`,
    sql`create index strategy_kpi_measurements_kpi on strategy_kpi_measurements (kpi_id, date desc, id desc)`,
    sql`create table strategy_revisions (
      ${idAndTenant('serial')},
      name text not null,
      note text,
      document jsonb not null,
      ${createdBy},
      author_name text,
      ${createdAt}
    )`,
    sql`create index strategy_revisions_tenant on strategy_revisions (tenant_id, id desc)`,
    // Follows point at codes, not ids, so they survive a re-import of the strategy document.
    sql`create table strategy_follows (
      ${userId},
      ${tenantId},
      target_type text not null check (target_type in ('project','kpi')),
      code text not null,
      ${createdAt},
      primary key (tenant_id, target_type, code, user_id)
    )`,
    sql`create index strategy_follows_user on strategy_follows (user_id)`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, dropTables('strategy_follows', 'strategy_revisions', 'strategy_kpi_measurements', 'strategy_kpis', 'strategy_project_timeline', 'strategy_project_funding', 'strategy_projects', 'strategy_objectives', 'strategy_pillars', 'strategy_funding_sources', 'strategy_strategies'));
}
