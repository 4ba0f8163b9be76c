/** The only place that builds SQL for the moderation queue. Write methods take the transaction. */
import { sql, type Transaction } from 'kysely';
import type { Database, Db } from '../../../core/db.js';

export type ModerationStatus = 'open' | 'hidden';

export class ModerationRepository {
  constructor(private readonly db: Db) {}

  /**
   * Flagged comments of a city: `open` = at least one flag nobody has settled and the comment still shown;
   * `hidden` = hidden comments (whether flagged or hidden by staff on their own). Newest flag first.
   */
  comments(tenantId: number, status: ModerationStatus, limit: number) {
    let q = this.db
      .selectFrom('participation_comments as c')
      .selectAll('c')
      .select((eb) =>
        eb
          .selectFrom('participation_comment_flags as f')
          .select(sql<Date | null>`max(f.created_at)`.as('m'))
          .whereRef('f.comment_id', '=', 'c.id')
          .as('last_flag_at'),
      )
      .where('c.tenant_id', '=', tenantId);
    q =
      status === 'open'
        ? q.where('c.hidden_at', 'is', null).where((eb) => eb.exists(eb.selectFrom('participation_comment_flags as f').select('f.comment_id').whereRef('f.comment_id', '=', 'c.id').where('f.settled_at', 'is', null)))
        : q.where('c.hidden_at', 'is not', null);
    return q
      .orderBy(status === 'open' ? sql`last_flag_at` : sql`c.hidden_at`, 'desc')
      .orderBy('c.id', 'desc')
      .limit(limit)
      .execute();
  }

  /** The flags of some comments, without who flagged (staff decide on the reason, not on the person). */
  flags(commentIds: number[]) {
    if (!commentIds.length) return Promise.resolve([]);
    return this.db.selectFrom('participation_comment_flags').select(['comment_id', 'reason', 'created_at', 'settled_at', 'decision']).where('comment_id', 'in', commentIds).orderBy('created_at').execute();
  }

  /** How many comments wait in the open queue (the console's counter). */
  async openCount(tenantId: number) {
    const r = await this.db
      .selectFrom('participation_comments as c')
      .select(sql<string>`count(*)`.as('n'))
      .where('c.tenant_id', '=', tenantId)
      .where('c.hidden_at', 'is', null)
      .where((eb) => eb.exists(eb.selectFrom('participation_comment_flags as f').select('f.comment_id').whereRef('f.comment_id', '=', 'c.id').where('f.settled_at', 'is', null)))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  lockComment(trx: Transaction<Database>, tenantId: number, id: number) {
    return trx.selectFrom('participation_comments').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
  }

  setHidden(trx: Transaction<Database>, id: number, hidden: { reason: string; by: string | null } | null) {
    return trx
      .updateTable('participation_comments')
      .set(hidden ? { hidden_at: new Date(), hidden_reason: hidden.reason, hidden_by: hidden.by } : { hidden_at: null, hidden_reason: null, hidden_by: null })
      .where('id', '=', id)
      .execute();
  }

  /** Settles the comment's open flags with the decision; answers how many were open. */
  async settleFlags(trx: Transaction<Database>, commentId: number, decision: 'hidden' | 'dismissed', by: string | null) {
    const rows = await trx.updateTable('participation_comment_flags').set({ settled_at: new Date(), decision, settled_by: by }).where('comment_id', '=', commentId).where('settled_at', 'is', null).returning('reason').execute();
    return rows.length;
  }
}
