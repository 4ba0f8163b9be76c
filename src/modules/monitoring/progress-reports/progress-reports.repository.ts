/** SQL for progress reports and the reminders sent (the only place that builds it). Writes take the transaction. */
import { type Insertable, type Kysely, type Selectable, sql, type Transaction, type Updateable } from 'kysely';
import type { Database, Db } from '../../../core/db.js';
import type { ReportHistoryEntry } from '../monitoring.tables.js';
import '../monitoring.tables.js';

type Q = Kysely<Database> | Transaction<Database>;
export type ReportRow = Selectable<Database['monitoring_progress_reports']>;

export interface ReportListFilters {
  project?: string | undefined;
  status?: 'draft' | 'submitted' | 'approved' | undefined;
  /** only these projects (a team member's); undefined = all */
  projects?: string[] | undefined;
}

export class ProgressReportsRepository {
  constructor(private readonly db: Db) {}

  list(tenantId: number, f: ReportListFilters, q: Q = this.db) {
    let query = q.selectFrom('monitoring_progress_reports').selectAll().where('tenant_id', '=', tenantId);
    if (f.project) query = query.where('project_code', '=', f.project);
    if (f.status) query = query.where('status', '=', f.status);
    if (f.projects) {
      if (!f.projects.length) return Promise.resolve([]);
      query = query.where('project_code', 'in', f.projects);
    }
    return query.orderBy('period_start', 'desc').orderBy('project_code').limit(500).execute();
  }

  byId(tenantId: number, id: number, q: Q = this.db) {
    return q.selectFrom('monitoring_progress_reports').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  }

  /** The row, locked for the transaction: two reviewers acting at once are serialised. */
  forUpdate(trx: Transaction<Database>, tenantId: number, id: number) {
    return trx.selectFrom('monitoring_progress_reports').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
  }

  byPeriod(tenantId: number, project: string, periodStart: string, q: Q = this.db) {
    return q.selectFrom('monitoring_progress_reports').selectAll().where('tenant_id', '=', tenantId).where('project_code', '=', project).where('period_start', '=', periodStart).executeTakeFirst();
  }

  /** Reports of these projects (any status) with their period, for the overdue check. */
  periods(tenantId: number, projects: string[], q: Q = this.db) {
    if (!projects.length) return Promise.resolve([]);
    return q.selectFrom('monitoring_progress_reports').select(['project_code', 'period_start', 'status', 'approved_at', 'number', 'id']).where('tenant_id', '=', tenantId).where('project_code', 'in', projects).execute();
  }

  /** Approved reports whose period ended in [from, to] (the evaluation report's highlights). */
  approvedBetween(tenantId: number, from: string, to: string, q: Q = this.db) {
    return q.selectFrom('monitoring_progress_reports').selectAll().where('tenant_id', '=', tenantId).where('status', '=', 'approved').where('period_end', '>=', from).where('period_end', '<=', to).orderBy('period_end').orderBy('number').limit(500).execute();
  }

  async nextNumber(trx: Transaction<Database>, tenantId: number): Promise<number> {
    // Serialise numbering per city: a transaction-scoped advisory lock on (module, tenant).
    await sql`select pg_advisory_xact_lock(hashtext('monitoring_progress_reports'), ${tenantId})`.execute(trx);
    const r = await trx.selectFrom('monitoring_progress_reports').select((eb) => eb.fn.max<number>('number').as('n')).where('tenant_id', '=', tenantId).executeTakeFirst();
    return Number(r?.n ?? 0) + 1;
  }

  insert(trx: Transaction<Database>, row: Insertable<Database['monitoring_progress_reports']>) {
    return trx.insertInto('monitoring_progress_reports').values(row).returningAll().executeTakeFirstOrThrow();
  }

  update(trx: Transaction<Database>, id: number, set: Updateable<Database['monitoring_progress_reports']>) {
    return trx
      .updateTable('monitoring_progress_reports')
      .set({ ...set, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Appends a workflow step to the report's history. */
  addHistory(trx: Transaction<Database>, id: number, entry: ReportHistoryEntry) {
    return trx
      .updateTable('monitoring_progress_reports')
      .set({ history: sql`history || ${JSON.stringify([entry])}::jsonb` })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Records that a reminder was sent; false when it already had been (each is sent once). */
  async markReminder(trx: Transaction<Database>, row: { tenant_id: number; project_code: string; period_start: string; kind: 'before_due' | 'overdue' }): Promise<boolean> {
    const r = await trx.insertInto('monitoring_reminders').values(row).onConflict((oc) => oc.doNothing()).returning('kind').executeTakeFirst();
    return !!r;
  }
}
