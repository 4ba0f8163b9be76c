import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';

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
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    sql`create table strategy_funding_sources (
      id serial primary key,
      tenant_id int not null references tenants(id) on delete cascade,
      code text not null,
      name jsonb not null,
      note text,
      position int not null,
      unique (tenant_id, code)
    )`,
    sql`create table strategy_pillars (
      id serial primary key,
      tenant_id int not null references tenants(id) on delete cascade,
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
      id serial primary key,
      tenant_id int not null references tenants(id) on delete cascade,
      pillar_id int not null references strategy_pillars(id) on delete cascade,
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
      id serial primary key,
      tenant_id int not null references tenants(id) on delete cascade,
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
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (tenant_id, code)
    )`,
    sql`create index strategy_projects_list on strategy_projects (tenant_id, position)`,
    sql`create index strategy_projects_pillar on strategy_projects (pillar_id)`,
    sql`create index strategy_projects_objective on strategy_projects (objective_id)`,
    sql`create index strategy_projects_geo on strategy_projects (tenant_id, lat, lon) where lat is not null`,
    sql`create table strategy_project_funding (
      project_id int not null references strategy_projects(id) on delete cascade,
      funding_source_id int not null references strategy_funding_sources(id) on delete cascade,
      position int not null,
      primary key (project_id, funding_source_id)
    )`,
    sql`create index strategy_project_funding_source on strategy_project_funding (funding_source_id)`,
    sql`create table strategy_project_timeline (
      id serial primary key,
      tenant_id int not null references tenants(id) on delete cascade,
      project_id int not null references strategy_projects(id) on delete cascade,
      date date not null,
      text jsonb not null,
      status text,
      author text,
      author_user_id uuid references users(id) on delete set null,
      created_at timestamptz not null default now()
    )`,
    sql`create index strategy_project_timeline_project on strategy_project_timeline (project_id, id)`,
    sql`create table strategy_kpis (
      id serial primary key,
      tenant_id int not null references tenants(id) on delete cascade,
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
      id serial primary key,
      tenant_id int not null references tenants(id) on delete cascade,
      kpi_id int not null references strategy_kpis(id) on delete cascade,
      date date not null,
      value double precision not null,
      source text,
      note text,
      author text,
      author_user_id uuid references users(id) on delete set null,
      automatic boolean not null default false,
      created_at timestamptz not null default now()
    )`,
    sql`create index strategy_kpi_measurements_kpi on strategy_kpi_measurements (kpi_id, date desc, id desc)`,
    sql`create table strategy_revisions (
      id serial primary key,
      tenant_id int not null references tenants(id) on delete cascade,
      name text not null,
      note text,
      document jsonb not null,
      created_by uuid references users(id) on delete set null,
      author_name text,
      created_at timestamptz not null default now()
    )`,
    sql`create index strategy_revisions_tenant on strategy_revisions (tenant_id, id desc)`,
    // Follows point at codes, not ids, so they survive a re-import of the strategy document.
    sql`create table strategy_follows (
      user_id uuid not null references users(id) on delete cascade,
      tenant_id int not null references tenants(id) on delete cascade,
      target_type text not null check (target_type in ('project','kpi')),
      code text not null,
      created_at timestamptz not null default now(),
      primary key (tenant_id, target_type, code, user_id)
    )`,
    sql`create index strategy_follows_user on strategy_follows (user_id)`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`drop table strategy_follows`,
    sql`drop table strategy_revisions`,
    sql`drop table strategy_kpi_measurements`,
    sql`drop table strategy_kpis`,
    sql`drop table strategy_project_timeline`,
    sql`drop table strategy_project_funding`,
    sql`drop table strategy_projects`,
    sql`drop table strategy_objectives`,
    sql`drop table strategy_pillars`,
    sql`drop table strategy_funding_sources`,
    sql`drop table strategy_strategies`,
  ]);
}
