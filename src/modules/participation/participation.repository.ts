/**
 * SQL the participation module shares across its resources: the staff console and city page counts, the reads
 * its notifications need, the platform metrics and the erasure of a person's link to their answers and ballots.
 * Each resource's own SQL lives in its folder's repository.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, Db } from '../../core/db.js';
import './participation.tables.js';

type Q = Kysely<Database> | Transaction<Database>;

export class ParticipationRepository {
  constructor(private readonly db: Db) {}

  /** The staff console's counter of budget projects waiting for review (flagged comments: the moderation repository). */
  async consoleCounts(tenantId: number) {
    const projects = await this.db
        .selectFrom('participation_budget_projects as p')
        .innerJoin('participation_budgets as b', 'b.id', 'p.budget_id')
        .select(sql<string>`count(*)`.as('n'))
        .where('p.tenant_id', '=', tenantId)
        .where('p.review', '=', 'proposed')
        .where('b.status', 'in', ['draft', 'preparing'])
        .executeTakeFirstOrThrow();
    return { projectsToReview: Number(projects.n) };
  }

  /** Open consultations and budgets open for voting, newest first, for the city page. */
  async openForOverview(tenantId: number, limit: number) {
    const [surveys, budgets] = await Promise.all([
      this.db.selectFrom('participation_surveys').select(['slug', 'title', 'created_at']).where('tenant_id', '=', tenantId).where('status', '=', 'open').orderBy('created_at', 'desc').orderBy('id', 'desc').execute(),
      this.db.selectFrom('participation_budgets').select(['slug', 'title', 'created_at']).where('tenant_id', '=', tenantId).where('status', '=', 'voting').orderBy('created_at', 'desc').orderBy('id', 'desc').execute(),
    ]);
    return { surveys: surveys.slice(0, limit), surveyCount: surveys.length, budgets: budgets.slice(0, limit), budgetCount: budgets.length };
  }

  /** The account that cast a ballot (none for paper or imported votes). */
  async ballotUser(ballotId: number): Promise<{ tenant_id: number; budget_id: number; user_id: string | null } | undefined> {
    return this.db.selectFrom('participation_ballots').select(['tenant_id', 'budget_id', 'user_id']).where('id', '=', ballotId).executeTakeFirst();
  }

  /** The accounts whose checked-out ballot chose this budget project. */
  async votersOf(projectId: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('participation_ballot_items as i')
      .innerJoin('participation_ballots as b', 'b.id', 'i.ballot_id')
      .select('b.user_id')
      .distinct()
      .where('i.project_id', '=', projectId)
      .where('b.checked_out_at', 'is not', null)
      .where('b.user_id', 'is not', null)
      .execute();
    return rows.map((r) => r.user_id!);
  }

  budgetProject(projectId: number) {
    return this.db.selectFrom('participation_budget_projects').select(['id', 'tenant_id', 'budget_id', 'code', 'title']).where('id', '=', projectId).executeTakeFirst();
  }

  budgetById(budgetId: number) {
    return this.db.selectFrom('participation_budgets').select(['id', 'tenant_id', 'slug', 'title', 'status']).where('id', '=', budgetId).executeTakeFirst();
  }

  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  /**
   * Accounts whose proposal became the strategy project `code`, directly (converted) or through a budget
   * project promoted to it; read in the caller's transaction.
   */
  async authorsLinkedTo(tenantId: number, code: string, q: Q = this.db): Promise<string[]> {
    const rows = await q
      .selectFrom('participation_proposals as p')
      .select('p.author_id')
      .where('p.tenant_id', '=', tenantId)
      .where('p.author_id', 'is not', null)
      .where((eb) =>
        eb.or([
          eb('p.strategy_code', '=', code),
          eb('p.id', 'in', eb.selectFrom('participation_budget_projects as b').select('b.proposal_id').where('b.tenant_id', '=', tenantId).where('b.proposal_id', 'is not', null).where(sql<string>`b.extra->>'strategy_code'`, '=', code).$narrowType<{ proposal_id: number }>()),
        ]),
      )
      .execute();
    return [...new Set(rows.map((r) => r.author_id!))];
  }

  // Metrics

  async largestConsultation(tenantId: number, from: string, to: string): Promise<number | null> {
    const r = await this.db
      .selectFrom('participation_responses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('created_at', '>=', new Date(from))
      .where('created_at', '<', new Date(to))
      .groupBy('survey_id')
      .orderBy('n', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r ? r.n : null;
  }

  async participantsTotal(tenantId: number, from: string, to: string): Promise<number> {
    const r = await sql<{ n: number }>`
      select count(*)::int as n from (
        select coalesce(user_id::text, browser_token, 'response:' || id::text) as who from participation_responses
          where tenant_id = ${tenantId} and created_at >= ${new Date(from)} and created_at < ${new Date(to)}
        union
        select coalesce(user_id::text, voter_key) from participation_ballots
          where tenant_id = ${tenantId} and checked_out_at >= ${new Date(from)} and checked_out_at < ${new Date(to)}
      ) people`.execute(this.db);
    return r.rows[0]?.n ?? 0;
  }

  async budgetVoters(tenantId: number, from: string, to: string): Promise<number> {
    const r = await this.db
      .selectFrom('participation_ballots')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('checked_out_at', '>=', new Date(from))
      .where('checked_out_at', '<', new Date(to))
      .executeTakeFirstOrThrow();
    return r.n;
  }

  /** Account deletion: keep the answers and ballots (results must not change), drop the link to the person. */
  async anonymiseUser(userId: string): Promise<{ responses: number; ballots: number }> {
    return this.transaction(async (trx) => {
      const r = await trx
        .updateTable('participation_responses')
        .set({ user_id: null, browser_token: sql<string>`'erased:' || id::text`, profile: JSON.stringify({}) })
        .where('user_id', '=', userId)
        .executeTakeFirst();
      const b = await trx
        .updateTable('participation_ballots')
        .set({ user_id: null, voter_key: sql<string>`'erased:' || id::text` })
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return { responses: Number(r.numUpdatedRows), ballots: Number(b.numUpdatedRows) };
    });
  }
}
