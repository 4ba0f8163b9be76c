/** SQL for the maturity matrix: the city's model, rounds and assessments (the only place that builds it). Writes take the transaction. */
import { type Insertable, type Kysely, type Selectable, sql, type Transaction, type Updateable } from 'kysely';
import type { Database, Db } from '../../../core/db.js';
import './maturity.tables.js';

type Q = Kysely<Database> | Transaction<Database>;
export type ModelRow = Selectable<Database['monitoring_maturity_models']>;
export type RoundRow = Selectable<Database['monitoring_maturity_rounds']>;
export type AssessmentRow = Selectable<Database['monitoring_maturity_assessments']>;

export class MaturityRepository {
  constructor(private readonly db: Db) {}

  model(tenantId: number, q: Q = this.db) {
    return q.selectFrom('monitoring_maturity_models').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
  }

  setModel(trx: Transaction<Database>, row: Insertable<Database['monitoring_maturity_models']>) {
    const { tenant_id: _t, ...set } = row;
    return trx
      .insertInto('monitoring_maturity_models')
      .values(row)
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ ...set, updated_at: new Date() }))
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Rounds of a city, newest first; drafts only when asked (staff). */
  rounds(tenantId: number, opts: { drafts: boolean }, q: Q = this.db) {
    let query = q.selectFrom('monitoring_maturity_rounds').selectAll().where('tenant_id', '=', tenantId);
    if (!opts.drafts) query = query.where('status', '=', 'published');
    return query.orderBy(sql`coalesce(published_at, created_at)`, 'desc').orderBy('id', 'desc').limit(200).execute();
  }

  round(tenantId: number, id: number, q: Q = this.db) {
    return q.selectFrom('monitoring_maturity_rounds').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  }

  /** The row, locked for the transaction: an edit and a publication at once are serialised. */
  roundForUpdate(trx: Transaction<Database>, tenantId: number, id: number) {
    return trx.selectFrom('monitoring_maturity_rounds').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
  }

  /** The latest published round (published before `before`, when given). */
  latestPublished(tenantId: number, before?: Date, q: Q = this.db) {
    let query = q.selectFrom('monitoring_maturity_rounds').selectAll().where('tenant_id', '=', tenantId).where('status', '=', 'published');
    if (before) query = query.where('published_at', '<', before);
    return query.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  }

  latestDraft(tenantId: number, q: Q = this.db) {
    return q.selectFrom('monitoring_maturity_rounds').select(['id', 'name']).where('tenant_id', '=', tenantId).where('status', '=', 'draft').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  }

  assessments(roundIds: number[], q: Q = this.db) {
    if (!roundIds.length) return Promise.resolve([]);
    return q.selectFrom('monitoring_maturity_assessments').selectAll().where('round_id', 'in', roundIds).orderBy('criterion_code').execute();
  }

  insertRound(trx: Transaction<Database>, row: Insertable<Database['monitoring_maturity_rounds']>) {
    return trx.insertInto('monitoring_maturity_rounds').values(row).returningAll().executeTakeFirstOrThrow();
  }

  updateRound(trx: Transaction<Database>, id: number, set: Updateable<Database['monitoring_maturity_rounds']>) {
    return trx
      .updateTable('monitoring_maturity_rounds')
      .set({ ...set, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Writes assessments (insert or replace the given columns). */
  async upsertAssessments(trx: Transaction<Database>, rows: Insertable<Database['monitoring_maturity_assessments']>[]) {
    for (let i = 0; i < rows.length; i += 200) {
      await trx
        .insertInto('monitoring_maturity_assessments')
        .values(rows.slice(i, i + 200))
        .onConflict((oc) =>
          oc.columns(['round_id', 'criterion_code']).doUpdateSet((eb) => ({
            state: eb.ref('excluded.state'),
            evidence_text: eb.ref('excluded.evidence_text'),
            evidence_links: eb.ref('excluded.evidence_links'),
            comment: eb.ref('excluded.comment'),
            updated_at: new Date(),
          })),
        )
        .execute();
    }
  }

  /** A progress-report attachment of the city (evidence may link to one), with its report's number. */
  attachment(tenantId: number, id: string, q: Q = this.db) {
    return q
      .selectFrom('monitoring_progress_reports')
      .select(['number', sql<{ name: string }>`(select a from jsonb_array_elements(attachments) a where a->>'id' = ${id} limit 1)`.as('file')])
      .where('tenant_id', '=', tenantId)
      .where(sql<boolean>`attachments @> ${JSON.stringify([{ id }])}::jsonb`)
      .executeTakeFirst();
  }
}
