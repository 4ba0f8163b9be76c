/** The only place that builds SQL for expressions of interest. Write methods take the transaction. */
import type { Insertable, Transaction } from 'kysely';
import type { Database, Db } from '../../../core/db.js';
import type { Q } from '../participation.common.js';

export type InterestRow = Awaited<ReturnType<InterestsRepository['list']>>[number];

export class InterestsRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  list(tenantId: number, projectCode?: string) {
    let q = this.db.selectFrom('participation_interests').selectAll().where('tenant_id', '=', tenantId);
    if (projectCode) q = q.where('project_code', '=', projectCode);
    return q.orderBy('project_code').orderBy('created_at').execute();
  }
  insert(trx: Q, row: Insertable<Database['participation_interests']>) {
    return trx.insertInto('participation_interests').values(row).returning('id').executeTakeFirstOrThrow();
  }
  /** Account deletion: an expression of interest is a contact for the working group, so it goes. */
  deleteOf(trx: Q, userId: string) {
    return trx.deleteFrom('participation_interests').where('user_id', '=', userId).execute();
  }
}
