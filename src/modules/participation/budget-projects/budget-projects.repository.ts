/** The only place that builds SQL for budget projects and a budget's status. Write methods take the transaction. */
import type { Insertable, Transaction, Updateable } from 'kysely';
import type { Database, Db } from '../../../core/db.js';
import type { Q } from '../participation.common.js';

export class BudgetProjectsRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  budget(tenantId: number, key: { id: number } | { slug: string }) {
    const qb = this.db.selectFrom('participation_budgets').selectAll().where('tenant_id', '=', tenantId);
    return ('id' in key ? qb.where('id', '=', key.id) : qb.where('slug', '=', key.slug)).executeTakeFirst();
  }
  projectsOf(budgetId: number) {
    return this.db.selectFrom('participation_budget_projects').selectAll().where('budget_id', '=', budgetId).orderBy('id').execute();
  }
  project(budgetId: number, projectId: number) {
    return this.db.selectFrom('participation_budget_projects').selectAll().where('budget_id', '=', budgetId).where('id', '=', projectId).executeTakeFirst();
  }
  async hasReadyProject(budgetId: number) {
    return !!(await this.db.selectFrom('participation_budget_projects').select('id').where('budget_id', '=', budgetId).where('review', '=', 'ready').limit(1).executeTakeFirst());
  }
  /** Whether a proposal of this city exists (a budget project may come from one). */
  async proposalExists(tenantId: number, proposalId: number) {
    return !!(await this.db.selectFrom('participation_proposals').select('id').where('tenant_id', '=', tenantId).where('id', '=', proposalId).executeTakeFirst());
  }
  insert(trx: Q, row: Insertable<Database['participation_budget_projects']>) {
    return trx.insertInto('participation_budget_projects').values(row).returning('id').executeTakeFirstOrThrow();
  }
  update(trx: Q, id: number, patch: Updateable<Database['participation_budget_projects']>) {
    return trx.updateTable('participation_budget_projects').set(patch).where('id', '=', id).execute();
  }
  /** Changes a project only if it is still in the review state read before (undefined when someone else moved it). */
  updateIfReview(trx: Q, id: number, review: NonNullable<Updateable<Database['participation_budget_projects']>['review']>, patch: Updateable<Database['participation_budget_projects']>) {
    return trx.updateTable('participation_budget_projects').set(patch).where('id', '=', id).where('review', '=', review).returning('id').executeTakeFirst();
  }
  setBudgetStatus(trx: Q, budgetId: number, status: NonNullable<Updateable<Database['participation_budgets']>['status']>) {
    return trx.updateTable('participation_budgets').set({ status }).where('id', '=', budgetId).execute();
  }
}
