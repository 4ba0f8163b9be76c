/** SQL for the reporting calendar and project teams (the only place that builds it). Writes take the transaction. */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, Db } from '../../../core/db.js';
import type { CalendarRule } from './calendar.periods.js';
import '../monitoring.tables.js';

type Q = Kysely<Database> | Transaction<Database>;

export type CalendarRow = Selectable<Database['monitoring_calendar']>;

/** The reporting rule a calendar row stores. */
export function ruleOf(row: CalendarRow): CalendarRule {
  return { periodMonths: row.period_months, firstPeriodStart: row.first_period_start, dueDays: row.due_days };
}

export class CalendarRepository {
  constructor(private readonly db: Db) {}

  list(tenantId: number, q: Q = this.db) {
    return q.selectFrom('monitoring_calendar').selectAll().where('tenant_id', '=', tenantId).orderBy('scope_code').execute();
  }

  byScopes(tenantId: number, scopes: string[], q: Q = this.db) {
    if (!scopes.length) return Promise.resolve([]);
    return q.selectFrom('monitoring_calendar').selectAll().where('tenant_id', '=', tenantId).where('scope_code', 'in', scopes).execute();
  }

  /** Tenants with at least one calendar entry (the reminder sweep visits only these). */
  async tenantIds(q: Q = this.db): Promise<number[]> {
    return (await q.selectFrom('monitoring_calendar').select('tenant_id').distinct().execute()).map((r) => r.tenant_id);
  }

  upsert(trx: Transaction<Database>, row: { tenant_id: number; scope_code: string; period_months: number; first_period_start: string; due_days: number }) {
    return trx
      .insertInto('monitoring_calendar')
      .values({ ...row, updated_at: new Date() })
      .onConflict((oc) => oc.columns(['tenant_id', 'scope_code']).doUpdateSet({ period_months: row.period_months, first_period_start: row.first_period_start, due_days: row.due_days, updated_at: new Date() }))
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async remove(trx: Transaction<Database>, tenantId: number, scope: string): Promise<boolean> {
    const r = await trx.deleteFrom('monitoring_calendar').where('tenant_id', '=', tenantId).where('scope_code', '=', scope).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  // ---------------------------------------------------------------- project teams

  teams(tenantId: number, q: Q = this.db) {
    return q.selectFrom('monitoring_team_members').select(['project_code', 'user_id']).where('tenant_id', '=', tenantId).orderBy('project_code').orderBy('created_at').execute();
  }

  async team(tenantId: number, project: string, q: Q = this.db): Promise<string[]> {
    return (await q.selectFrom('monitoring_team_members').select('user_id').where('tenant_id', '=', tenantId).where('project_code', '=', project).orderBy('created_at').execute()).map((r) => r.user_id);
  }

  async projectsOf(tenantId: number, userId: string, q: Q = this.db): Promise<string[]> {
    return (await q.selectFrom('monitoring_team_members').select('project_code').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute()).map((r) => r.project_code);
  }

  async setTeam(trx: Transaction<Database>, tenantId: number, project: string, userIds: string[]): Promise<void> {
    await trx.deleteFrom('monitoring_team_members').where('tenant_id', '=', tenantId).where('project_code', '=', project).execute();
    if (userIds.length) await trx.insertInto('monitoring_team_members').values(userIds.map((user_id) => ({ tenant_id: tenantId, project_code: project, user_id }))).execute();
  }
}
