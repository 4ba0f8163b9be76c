/** SQL for evaluation rounds, findings, recommendations and report versions (the only place that builds it). Writes take the transaction. */
import { type Insertable, type Kysely, type Selectable, sql, type Transaction, type Updateable } from 'kysely';
import type { Database, Db } from '../../../core/db.js';
import type { ReportSnapshot } from './evaluations.report-data.js';
import './evaluations.tables.js';

type Q = Kysely<Database> | Transaction<Database>;
export type EvaluationRow = Selectable<Database['monitoring_evaluations']>;
export type FindingRow = Selectable<Database['monitoring_evaluation_findings']>;
export type RecommendationRow = Selectable<Database['monitoring_evaluation_recommendations']>;
export type ReportVersionRow = Pick<Selectable<Database['monitoring_evaluation_reports']>, 'version' | 'generated_at'>;

export class EvaluationsRepository {
  constructor(private readonly db: Db) {}

  /** Rounds of a city, newest period first; `publishedOnly` for those who may not see drafts (filtered in SQL). */
  list(tenantId: number, f: { status?: 'draft' | 'published' | undefined; type?: string | undefined; publishedOnly: boolean }, q: Q = this.db) {
    let query = q.selectFrom('monitoring_evaluations').selectAll().where('tenant_id', '=', tenantId);
    if (f.publishedOnly) query = query.where('status', '=', 'published');
    if (f.status) query = query.where('status', '=', f.status);
    if (f.type) query = query.where('type', '=', f.type as EvaluationRow['type']);
    return query.orderBy('period_end', 'desc').orderBy('id', 'desc').limit(200).execute();
  }

  byId(tenantId: number, id: number, q: Q = this.db) {
    return q.selectFrom('monitoring_evaluations').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  }

  /** The round, locked for the transaction (generate, publish and edits are serialised). */
  forUpdate(trx: Transaction<Database>, tenantId: number, id: number) {
    return trx.selectFrom('monitoring_evaluations').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
  }

  insert(trx: Transaction<Database>, row: Insertable<Database['monitoring_evaluations']>) {
    return trx.insertInto('monitoring_evaluations').values(row).returningAll().executeTakeFirstOrThrow();
  }

  update(trx: Transaction<Database>, id: number, set: Updateable<Database['monitoring_evaluations']>) {
    return trx
      .updateTable('monitoring_evaluations')
      .set({ ...set, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  findings(evaluationId: number, q: Q = this.db) {
    return q.selectFrom('monitoring_evaluation_findings').selectAll().where('evaluation_id', '=', evaluationId).orderBy('scope_code').execute();
  }

  upsertFinding(trx: Transaction<Database>, row: { evaluation_id: number; scope_code: string; text: string; author_user_id: string | null }) {
    return trx
      .insertInto('monitoring_evaluation_findings')
      .values({ ...row, updated_at: new Date() })
      .onConflict((oc) => oc.columns(['evaluation_id', 'scope_code']).doUpdateSet({ text: row.text, author_user_id: row.author_user_id, updated_at: new Date() }))
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  recommendations(evaluationId: number, q: Q = this.db) {
    return q.selectFrom('monitoring_evaluation_recommendations').selectAll().where('evaluation_id', '=', evaluationId).orderBy('number').execute();
  }

  /** Published rounds' recommendations of a city (the open dataset). */
  publishedRecommendations(tenantId: number, q: Q = this.db) {
    return q
      .selectFrom('monitoring_evaluation_recommendations as r')
      .innerJoin('monitoring_evaluations as e', 'e.id', 'r.evaluation_id')
      .select(['r.number', 'r.text', 'r.addressed_to', 'r.status', 'r.reason', 'r.answer', 'r.answered_at', 'r.updated_at', 'e.id as evaluation_id', 'e.type', 'e.title as evaluation_title', 'e.period_start', 'e.period_end', 'e.demo'])
      .where('r.tenant_id', '=', tenantId)
      .where('e.status', '=', 'published')
      .orderBy('e.period_end', 'desc')
      .orderBy('r.evaluation_id')
      .orderBy('r.number')
      .execute();
  }

  async recommendationCounts(evaluationIds: number[], q: Q = this.db): Promise<Map<number, number>> {
    if (!evaluationIds.length) return new Map();
    const rows = await q
      .selectFrom('monitoring_evaluation_recommendations')
      .select(['evaluation_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('evaluation_id', 'in', evaluationIds)
      .groupBy('evaluation_id')
      .execute();
    return new Map(rows.map((r) => [r.evaluation_id, Number(r.n)]));
  }

  recommendationForUpdate(trx: Transaction<Database>, evaluationId: number, id: number) {
    return trx.selectFrom('monitoring_evaluation_recommendations').selectAll().where('evaluation_id', '=', evaluationId).where('id', '=', id).forUpdate().executeTakeFirst();
  }

  async nextRecommendationNumber(trx: Transaction<Database>, evaluationId: number): Promise<number> {
    // The round's row is locked by the caller, so numbers within it are serialised.
    const r = await trx.selectFrom('monitoring_evaluation_recommendations').select((eb) => eb.fn.max<number>('number').as('n')).where('evaluation_id', '=', evaluationId).executeTakeFirst();
    return Number(r?.n ?? 0) + 1;
  }

  insertRecommendation(trx: Transaction<Database>, row: Insertable<Database['monitoring_evaluation_recommendations']>) {
    return trx.insertInto('monitoring_evaluation_recommendations').values(row).returningAll().executeTakeFirstOrThrow();
  }

  updateRecommendation(trx: Transaction<Database>, id: number, set: Updateable<Database['monitoring_evaluation_recommendations']>) {
    return trx
      .updateTable('monitoring_evaluation_recommendations')
      .set({ ...set, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Report versions of rounds, newest first (without their data). */
  async versions(evaluationIds: number[], q: Q = this.db): Promise<Map<number, ReportVersionRow[]>> {
    const out = new Map<number, ReportVersionRow[]>();
    if (!evaluationIds.length) return out;
    const rows = await q.selectFrom('monitoring_evaluation_reports').select(['evaluation_id', 'version', 'generated_at']).where('evaluation_id', 'in', evaluationIds).orderBy('version', 'desc').execute();
    for (const r of rows) out.set(r.evaluation_id, [...(out.get(r.evaluation_id) ?? []), { version: r.version, generated_at: r.generated_at }]);
    return out;
  }

  report(evaluationId: number, version: number, q: Q = this.db) {
    return q.selectFrom('monitoring_evaluation_reports').select(['version', 'data', 'generated_at']).where('evaluation_id', '=', evaluationId).where('version', '=', version).executeTakeFirst();
  }

  async latestVersion(trx: Transaction<Database>, evaluationId: number): Promise<number> {
    const r = await trx.selectFrom('monitoring_evaluation_reports').select((eb) => eb.fn.max<number>('version').as('v')).where('evaluation_id', '=', evaluationId).executeTakeFirst();
    return Number(r?.v ?? 0);
  }

  insertReport(trx: Transaction<Database>, row: { evaluation_id: number; version: number; data: ReportSnapshot; generated_by: string | null }) {
    return trx
      .insertInto('monitoring_evaluation_reports')
      .values({ ...row, data: sql`${JSON.stringify(row.data)}::jsonb` as never })
      .returning(['version', 'generated_at'])
      .executeTakeFirstOrThrow();
  }
}
