/** SQL for the participation module (Kysely only; write methods take an optional transaction). */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, Db } from '../../core/db.js';
import './participation.tables.js';

type Q = Kysely<Database> | Transaction<Database>;

export class ParticipationRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  // Surveys

  surveys(tenantId: number) {
    return this.db
      .selectFrom('participation_surveys as s')
      .selectAll('s')
      .select((eb) => eb.selectFrom('participation_responses as r').whereRef('r.survey_id', '=', 's.id').select(eb.fn.countAll<number>().as('n')).as('responses'))
      .where('s.tenant_id', '=', tenantId)
      .orderBy('s.created_at', 'desc')
      .execute();
  }

  survey(tenantId: number, idOrSlug: string) {
    const byId = /^\d+$/.test(idOrSlug);
    return this.db
      .selectFrom('participation_surveys as s')
      .selectAll('s')
      .select((eb) => eb.selectFrom('participation_responses as r').whereRef('r.survey_id', '=', 's.id').select(eb.fn.countAll<number>().as('n')).as('responses'))
      .where('s.tenant_id', '=', tenantId)
      .where(byId ? 's.id' : 's.slug', '=', byId ? Number(idOrSlug) : idOrSlug)
      .executeTakeFirst();
  }

  insertSurvey(q: Q, row: Database['participation_surveys'] extends infer T ? Omit<{ [K in keyof T]: unknown }, 'id' | 'created_at'> & Record<string, unknown> : never) {
    return q.insertInto('participation_surveys').values(row as never).returning(['id']).executeTakeFirstOrThrow();
  }

  insertResponse(q: Q, row: { tenant_id: number; survey_id: number; user_id: string | null; browser_token: string | null; profile: string; answers: string }) {
    return q.insertInto('participation_responses').values(row).returning(['id', 'created_at']).executeTakeFirstOrThrow();
  }

  myResponse(surveyId: number, userId: string | null, browserToken: string | null) {
    let query = this.db.selectFrom('participation_responses').select(['id', 'created_at']).where('survey_id', '=', surveyId);
    if (userId) query = query.where('user_id', '=', userId);
    else if (browserToken) query = query.where('browser_token', '=', browserToken);
    else return Promise.resolve(undefined);
    return query.executeTakeFirst();
  }

  responses(surveyId: number, filter?: { key: string; value: string }) {
    let query = this.db.selectFrom('participation_responses').select(['id', 'answers', 'profile', 'created_at', 'reconstructed']).where('survey_id', '=', surveyId);
    if (filter) query = query.where(sql<string>`profile ->> ${filter.key}`, '=', filter.value);
    return query.orderBy('id').execute();
  }

  /** The respondent attributes declared with the responses (profile key → value → responses), for the results filter. */
  async profileValues(surveyId: number) {
    const r = await sql<{ key: string; value: string; n: number | string }>`
      select p.key, p.value, count(*) as n
      from participation_responses r, jsonb_each_text(r.profile) p
      where r.survey_id = ${surveyId}
      group by p.key, p.value
      order by p.key, p.value
      limit 500`.execute(this.db);
    return r.rows.map((x) => ({ key: x.key, value: x.value, count: Number(x.n) }));
  }

  codeShares(surveyId: number) {
    return this.db
      .selectFrom('participation_codes as c')
      .leftJoin('participation_codings as k', 'k.code_id', 'c.id')
      .select(['c.id', 'c.question_key', 'c.label'])
      .select((eb) => eb.fn.count<number>('k.response_id').as('n'))
      .where('c.survey_id', '=', surveyId)
      .groupBy(['c.id', 'c.question_key', 'c.label'])
      .orderBy('c.id')
      .execute();
  }

  // Budgets

  budgets(tenantId: number) {
    return this.db.selectFrom('participation_budgets').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').execute();
  }

  budget(tenantId: number, idOrSlug: string) {
    const byId = /^\d+$/.test(idOrSlug);
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

  ballotOf(budgetId: number, voterKey: string) {
    return this.db.selectFrom('participation_ballots').selectAll().where('budget_id', '=', budgetId).where('voter_key', '=', voterKey).executeTakeFirst();
  }

  ballotItems(ballotId: number) {
    return this.db.selectFrom('participation_ballot_items').select(['project_id', 'position', 'points']).where('ballot_id', '=', ballotId).orderBy('position').execute();
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

  checkedOutCount(budgetId: number) {
    return this.db
      .selectFrom('participation_ballots')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('budget_id', '=', budgetId)
      .where('checked_out_at', 'is not', null)
      .executeTakeFirstOrThrow()
      .then((r) => r.n);
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
