/** The only place that builds SQL for consultations (surveys) and their responses. Write methods take the transaction. */
import { sql, type Transaction } from 'kysely';
import type { Database, Db } from '../../../core/db.js';
import { isInt32Id } from '../../../core/input.js';
import '../participation.tables.js';

/** A survey's columns as the staff builder writes them (JSON already serialised). */
export interface SurveyColumns {
  slug: string;
  title: string;
  description: string;
  audience: 'anyone' | 'users' | 'role' | 'attribute';
  audience_roles: string[];
  audience_attribute: string | null;
  attributes: string;
  anonymous: boolean;
  status: 'draft' | 'open' | 'closed';
  sections: string;
  questions: string;
}

export class SurveysRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

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

  async insertSurvey(trx: Transaction<Database>, tenantId: number, columns: SurveyColumns): Promise<number> {
    const { id } = await trx
      .insertInto('participation_surveys')
      .values({ tenant_id: tenantId, ...columns })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  /** Replaces a draft's definition; undefined when it is no longer a draft (a concurrent publish won). */
  updateDraft(trx: Transaction<Database>, surveyId: number, columns: SurveyColumns) {
    return trx.updateTable('participation_surveys').set(columns).where('id', '=', surveyId).where('status', '=', 'draft').returning('id').executeTakeFirst();
  }

  /** Moves a survey from `from` to `to`; undefined when its status changed meanwhile. */
  setStatus(trx: Transaction<Database>, surveyId: number, from: 'draft' | 'open' | 'closed', to: 'open' | 'closed') {
    return trx.updateTable('participation_surveys').set({ status: to }).where('id', '=', surveyId).where('status', '=', from).returning('id').executeTakeFirst();
  }

  insertResponse(trx: Transaction<Database>, row: { tenant_id: number; survey_id: number; user_id: string | null; browser_token: string | null; profile: string; answers: string }) {
    return trx.insertInto('participation_responses').values(row).returning(['id', 'created_at']).executeTakeFirstOrThrow();
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

  /** How many answers each code (cluster) of the survey's open questions tags, for the results. */
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
}
