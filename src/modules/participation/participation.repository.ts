/** SQL for the participation module (Kysely only; write methods take an optional transaction). */
import { isInt32Id } from '../../core/input.js';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, Db } from '../../core/db.js';
import { emitFrom } from '../../core/events.js';
import './participation.tables.js';

type Q = Kysely<Database> | Transaction<Database>;

/** An int[] from either driver (pg parses it; a text form '{1,2}' is parsed here). */
function intArray(v: number[] | string): number[] {
  if (Array.isArray(v)) return v.map(Number);
  const inner = v.replace(/^\{|\}$/g, '');
  return inner ? inner.split(',').map(Number) : [];
}

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
    const byId = isInt32Id(idOrSlug);
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

  ballotOf(budgetId: number, voterKey: string) {
    return this.db.selectFrom('participation_ballots').selectAll().where('budget_id', '=', budgetId).where('voter_key', '=', voterKey).executeTakeFirst();
  }

  ballotItems(ballotId: number) {
    return this.db.selectFrom('participation_ballot_items').select(['project_id', 'position', 'points']).where('ballot_id', '=', ballotId).orderBy('position').execute();
  }

  /** A voter's ballot with its projects in order, in one query (undefined when there is none). */
  async ballotWithItems(budgetId: number, voterKey: string) {
    const r = await sql<{ id: string; checked_out_at: Date | null; project_ids: number[] | string }>`
      select b.id, b.checked_out_at,
        coalesce((select array_agg(i.project_id order by i.position) from participation_ballot_items i where i.ballot_id = b.id), '{}') as project_ids
      from participation_ballots b where b.budget_id = ${budgetId} and b.voter_key = ${voterKey}`.execute(this.db);
    const row = r.rows[0];
    return row ? { id: Number(row.id), checkedOutAt: row.checked_out_at, projectIds: intArray(row.project_ids) } : undefined;
  }

  /**
   * Saves a ballot in one statement: inserts it (or replaces its projects) only while the budget is open
   * for voting, every chosen project is ready in this budget, and the ballot is not final yet. The unique
   * (budget, voter) constraint keeps one ballot per person. Returns the ballot id, or null with the reason.
   */
  async saveBallot(p: { tenantId: number; budgetId: number; voterKey: string; userId: string | null; meta: Record<string, string | number>; projectIds: number[] }) {
    const ids = `{${p.projectIds.map((x) => Math.trunc(x)).join(',')}}`;
    const r = await sql<{ ballot_id: string | null; open: boolean; valid: boolean }>`
      with open as (select exists (select 1 from participation_budgets where id = ${p.budgetId} and status = 'voting') as v),
      valid as (select count(*) = ${p.projectIds.length} as v from participation_budget_projects where budget_id = ${p.budgetId} and review = 'ready' and id = any(${ids}::int[])),
      up as (
        insert into participation_ballots (tenant_id, budget_id, voter_key, user_id, meta)
        select ${p.tenantId}, ${p.budgetId}, ${p.voterKey}, ${p.userId}, ${JSON.stringify(p.meta)}::jsonb where (select v from open) and (select v from valid)
        on conflict on constraint participation_ballots_one_per_voter
          do update set updated_at = now(), meta = excluded.meta where participation_ballots.checked_out_at is null
        returning id
      ),
      gone as (delete from participation_ballot_items where ballot_id = (select id from up) and project_id <> all(${ids}::int[])),
      put as (
        insert into participation_ballot_items (ballot_id, project_id, position)
        select (select id from up), x.pid, (x.ord - 1)::int from unnest(${ids}::int[]) with ordinality as x(pid, ord) where exists (select 1 from up)
        on conflict (ballot_id, project_id) do update set position = excluded.position
      )
      select (select id from up) as ballot_id, (select v from open) as open, (select v from valid) as valid`.execute(this.db);
    const row = r.rows[0]!;
    return { ballotId: row.ballot_id === null ? null : Number(row.ballot_id), open: row.open, valid: row.valid };
  }

  /**
   * Makes a ballot final in one statement, only if the budget is voting, the ballot is not final, it was
   * not changed since it was read (updated_at), and its projects satisfy the rule's bounds (count and
   * total cost); the `participation.ballot.checkedOut` event is written by the same statement. Of two
   * racing checkouts, the second finds checked_out_at set and updates nothing.
   */
  async checkoutBallot(p: { tenantId: number; budgetId: number; voterKey: string; minCount: number; maxCount: number; minTotal: number; maxTotal: number | null }) {
    const r = await sql<{ id: string; checked_out_at: Date; project_ids: number[] | string }>`
      with mine as (select id, updated_at from participation_ballots where budget_id = ${p.budgetId} and voter_key = ${p.voterKey}),
      agg as (
        select count(*)::int as n, coalesce(sum(pr.cost), 0) as total, coalesce(array_agg(i.project_id order by i.position), '{}') as project_ids
        from participation_ballot_items i join participation_budget_projects pr on pr.id = i.project_id
        where i.ballot_id = (select id from mine)
      ),
      done as (
        update participation_ballots b set checked_out_at = now()
        from agg
        where b.id = (select id from mine) and b.updated_at = (select updated_at from mine) and b.checked_out_at is null
          and exists (select 1 from participation_budgets where id = ${p.budgetId} and status = 'voting')
          and agg.n between ${p.minCount}::int and ${p.maxCount}::int
          and agg.total >= ${p.minTotal}::numeric and (${p.maxTotal}::numeric is null or agg.total <= ${p.maxTotal}::numeric)
        returning b.id, b.checked_out_at, agg.project_ids
      ),
      event as (${emitFrom('participation.ballot.checkedOut', sql`jsonb_build_object('budgetId', ${p.budgetId}::int, 'ballotId', done.id)`, p.tenantId, 'done')})
      select id, checked_out_at, project_ids from done`.execute(this.db);
    const row = r.rows[0];
    return row ? { id: Number(row.id), checkedOutAt: row.checked_out_at, projectIds: intArray(row.project_ids) } : undefined;
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
