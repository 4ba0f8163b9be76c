/** The only place that builds SQL for comments and their flags. Write methods take the transaction. */
import { sql, type Insertable, type Selectable, type Transaction } from 'kysely';
import type { Database, Db } from '../../../core/db.js';
import type { Q } from '../participation.common.js';

export type CommentRow = NonNullable<Awaited<ReturnType<CommentsRepository['byId']>>>;

export class CommentsRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  on(tenantId: number, type: Selectable<Database['participation_comments']>['target_type'], targetId: string) {
    return this.db.selectFrom('participation_comments').selectAll().where('tenant_id', '=', tenantId).where('target_type', '=', type).where('target_id', '=', targetId).orderBy('id').limit(1000).execute();
  }
  byId(tenantId: number, id: number) {
    return this.db.selectFrom('participation_comments').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  }
  parent(tenantId: number, id: number) {
    return this.db.selectFrom('participation_comments').select(['id', 'parent_id', 'target_type', 'target_id']).where('id', '=', id).where('tenant_id', '=', tenantId).executeTakeFirst();
  }
  /** Whether a budget project of this city exists (a comment's target). */
  async budgetProjectExists(tenantId: number, id: number) {
    return !!(await this.db.selectFrom('participation_budget_projects').select('id').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst());
  }
  insert(trx: Q, row: Insertable<Database['participation_comments']>) {
    return trx.insertInto('participation_comments').values(row).returning('id').executeTakeFirstOrThrow();
  }
  /** One edit on its own: a single statement, no transaction needed. */
  editAlone(id: number, body: string, at: Date) {
    return this.db.updateTable('participation_comments').set({ body, edited_at: at }).where('id', '=', id).execute();
  }
  /** One flag per person (the primary key refuses a second) and the comment's count. */
  async flag(trx: Q, commentId: number, userId: string, reason: string) {
    await trx.insertInto('participation_comment_flags').values({ comment_id: commentId, user_id: userId, reason }).execute();
    await trx.updateTable('participation_comments').set({ flags_count: sql`flags_count + 1` }).where('id', '=', commentId).execute();
  }
  /** Account deletion: comments keep their text (threads stay readable), the name goes. */
  anonymiseAuthor(trx: Q, userId: string) {
    return trx.updateTable('participation_comments').set({ author_id: null, author_name: null }).where('author_id', '=', userId).execute();
  }
}
