import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';
import { byUser, createdAt, idAndTenant, tenantId, timestamps, userId } from './lib/columns.js';

/** Monitoring (issue 14): the reporting calendar, project teams, progress reports and the reminders sent. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`create table monitoring_calendar (
      ${idAndTenant('serial')},
      scope_code text not null,
      period_months int not null check (period_months in (6, 12)),
      first_period_start date not null,
      due_days int not null default 30 check (due_days between 0 and 180),
      ${timestamps},
      unique (tenant_id, scope_code)
    )`,
    sql`create table monitoring_team_members (
      ${tenantId},
      project_code text not null,
      ${userId},
      ${createdAt},
      primary key (tenant_id, project_code, user_id)
    )`,
    sql`create index monitoring_team_members_user on monitoring_team_members (user_id, tenant_id)`,
    sql`create table monitoring_progress_reports (
      ${idAndTenant('serial')},
      number int not null,
      project_code text not null,
      period_start date not null,
      period_end date not null,
      due_on date not null,
      status text not null default 'draft' check (status in ('draft', 'submitted', 'approved')),
      project_status text not null,
      progress int check (progress between 0 and 100),
      milestones_reached jsonb not null default '[]',
      milestones_planned jsonb not null default '[]',
      spend_to_date numeric(16, 2),
      budget numeric(16, 2),
      risks text not null default '',
      narrative jsonb not null,
      kpi_values jsonb not null default '[]',
      attachments jsonb not null default '[]',
      history jsonb not null default '[]',
      return_comment text,
      ${byUser('author_user_id')},
      submitted_at timestamptz,
      approved_at timestamptz,
      ${byUser('approved_by')},
      ${timestamps},
      unique (tenant_id, number),
      unique (tenant_id, project_code, period_start)
    )`,
    sql`create index monitoring_progress_reports_status on monitoring_progress_reports (tenant_id, status)`,
    sql`create table monitoring_reminders (
      ${tenantId},
      project_code text not null,
      period_start date not null,
      kind text not null check (kind in ('before_due', 'overdue')),
      sent_at timestamptz not null default now(),
      primary key (tenant_id, project_code, period_start, kind)
    )`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [sql`drop table if exists monitoring_reminders`, sql`drop table if exists monitoring_progress_reports`, sql`drop table if exists monitoring_team_members`, sql`drop table if exists monitoring_calendar`]);
}
