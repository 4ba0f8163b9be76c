/** The only place that builds SQL for proposals and their supports. Write methods take the transaction. */
import { sql, type Insertable, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { Database, Db } from '../../../core/db.js';
import type { Q } from '../participation.common.js';

export type ProposalRow = NonNullable<Awaited<ReturnType<ProposalsRepository['byId']>>>;

export class ProposalsRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  /** The public list: hidden by the moderators are out of it (staff find them in the moderation queue). */
  list(tenantId: number, q: { state?: Selectable<Database['participation_proposals']>['state']; sort: 'supports' | 'recent'; processId?: number }) {
    let query = this.db.selectFrom('participation_proposals').selectAll().where('tenant_id', '=', tenantId).where('hidden_at', 'is', null);
    if (q.state) query = query.where('state', '=', q.state);
    else query = query.where('state', '!=', 'withdrawn');
    if (q.processId) query = query.where('process_id', '=', q.processId);
    return query.orderBy(q.sort === 'supports' ? 'supports_count' : 'created_at', 'desc').orderBy('id', 'desc').limit(200).execute();
  }
  byId(tenantId: number, id: number) {
    return this.db.selectFrom('participation_proposals').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  }
  async supportedBy(proposalId: number, voterKey: string) {
    return !!(await this.db.selectFrom('participation_supports').select('proposal_id').where('proposal_id', '=', proposalId).where('voter_key', '=', voterKey).executeTakeFirst());
  }
  /** The latest visible titles, which the duplicate hints compare with. */
  recentTitles(tenantId: number) {
    return this.db.selectFrom('participation_proposals').select(['id', 'title', 'state', 'supports_count']).where('tenant_id', '=', tenantId).where('state', '!=', 'withdrawn').where('hidden_at', 'is', null).orderBy('created_at', 'desc').limit(1000).execute();
  }
  insert(trx: Q, row: Insertable<Database['participation_proposals']>) {
    return trx.insertInto('participation_proposals').values(row).returning('id').executeTakeFirstOrThrow();
  }
  update(q: Q, id: number, patch: Updateable<Database['participation_proposals']>) {
    return q.updateTable('participation_proposals').set(patch).where('id', '=', id).execute();
  }
  /** One support (the primary key refuses a second one from the same person) and the new count. */
  async addSupport(trx: Q, proposalId: number, userId: string) {
    await trx.insertInto('participation_supports').values({ proposal_id: proposalId, user_id: userId, voter_key: userId }).execute();
    const r = await trx.updateTable('participation_proposals').set({ supports_count: sql`supports_count + 1` }).where('id', '=', proposalId).returning('supports_count').executeTakeFirstOrThrow();
    return r.supports_count;
  }
  /** Account deletion: proposals stay without their author; a support keeps counting under a key that no longer names anyone. */
  async anonymiseAuthor(trx: Q, userId: string) {
    await trx.updateTable('participation_proposals').set({ author_id: null }).where('author_id', '=', userId).execute();
    await trx.updateTable('participation_supports').set({ user_id: null, voter_key: sql<string>`'erased:' || proposal_id::text || ':' || md5(voter_key)` }).where('user_id', '=', userId).execute();
  }
}
