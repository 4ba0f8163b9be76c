/** The only place that builds SQL for participatory budgets, their projects and the ballots a .pb file brings. Write methods take the transaction. */
import type { Insertable, Transaction } from 'kysely';
import type { Database, Db } from '../../../core/db.js';
import { isInt32Id } from '../../../core/input.js';
import '../participation.tables.js';

export class BudgetsRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  budgets(tenantId: number) {
    return this.db.selectFrom('participation_budgets').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').execute();
  }

  budget(tenantId: number, idOrSlug: string) {
    const byId = isInt32Id(idOrSlug);
    return this.db
      .selectFrom('participation_budgets')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where(byId ? 'id' : 'slug', '=', byId ? Number(idOrSlug) : idOrSlug)
      .executeTakeFirst();
  }

  projects(budgetId: number) {
    return this.db.selectFrom('participation_budget_projects').selectAll().where('budget_id', '=', budgetId).orderBy('id').execute();
  }

  async insertBudget(trx: Transaction<Database>, row: Insertable<Database['participation_budgets']>): Promise<number> {
    const { id } = await trx.insertInto('participation_budgets').values(row).returning('id').executeTakeFirstOrThrow();
    return id;
  }

  /** A budget's projects, in statements of 500 rows. */
  async insertProjects(trx: Transaction<Database>, rows: Insertable<Database['participation_budget_projects']>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) await trx.insertInto('participation_budget_projects').values(rows.slice(i, i + 500)).execute();
  }

  /** project code → id, for a budget just written in `trx` */
  async projectIdsByCode(trx: Transaction<Database>, budgetId: number): Promise<Map<string, number>> {
    return new Map((await trx.selectFrom('participation_budget_projects').select(['id', 'code']).where('budget_id', '=', budgetId).execute()).map((p) => [p.code, p.id]));
  }

  /** Checked-out ballots of an imported file; returns voter key → ballot id. */
  async insertImportedBallots(trx: Transaction<Database>, rows: Insertable<Database['participation_ballots']>[]): Promise<Map<string, number>> {
    const inserted = await trx.insertInto('participation_ballots').values(rows).returning(['id', 'voter_key']).execute();
    return new Map(inserted.map((r) => [r.voter_key, r.id]));
  }

  /** Ballot items, in statements of 5000 rows. */
  async insertBallotItems(trx: Transaction<Database>, items: Insertable<Database['participation_ballot_items']>[]): Promise<void> {
    for (let j = 0; j < items.length; j += 5000) await trx.insertInto('participation_ballot_items').values(items.slice(j, j + 5000)).execute();
  }

  async setProjectExtra(trx: Transaction<Database>, projectId: number, extra: Record<string, string>): Promise<void> {
    await trx.updateTable('participation_budget_projects').set({ extra: JSON.stringify(extra) }).where('id', '=', projectId).execute();
  }

  /** Every checked-out ballot's items, in ballot and position order: the vote count is reproducible from this. */
  checkedOutItems(budgetId: number) {
    return this.db
      .selectFrom('participation_ballots as b')
      .innerJoin('participation_ballot_items as i', 'i.ballot_id', 'b.id')
      .select(['b.id as ballot_id', 'b.voter_key', 'b.meta', 'i.project_id', 'i.position', 'i.points'])
      .where('b.budget_id', '=', budgetId)
      .where('b.checked_out_at', 'is not', null)
      .orderBy('b.id')
      .orderBy('i.position')
      .execute();
  }
}
