/** The only place that builds SQL for the codes (clusters) staff tag open answers with. Write methods take the transaction. */
import { sql, type Transaction } from 'kysely';
import type { Database, Db } from '../../../core/db.js';
import '../participation.tables.js';

export class CodesRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  async insertCode(trx: Transaction<Database>, row: { survey_id: number; question_key: string; label: string }): Promise<number> {
    const { id } = await trx.insertInto('participation_codes').values(row).returning('id').executeTakeFirstOrThrow();
    return id;
  }

  code(trx: Transaction<Database>, surveyId: number, codeId: number) {
    return trx.selectFrom('participation_codes').selectAll().where('id', '=', codeId).where('survey_id', '=', surveyId).executeTakeFirst();
  }

  async renameCode(trx: Transaction<Database>, codeId: number, label: string): Promise<void> {
    await trx.updateTable('participation_codes').set({ label }).where('id', '=', codeId).execute();
  }

  /** Every answer coded `from` becomes coded `into` (once), and `from` disappears. */
  async mergeCodes(trx: Transaction<Database>, from: number, into: number): Promise<void> {
    await sql`insert into participation_codings (response_id, question_key, code_id)
      select response_id, question_key, ${into} from participation_codings where code_id = ${from}
      on conflict do nothing`.execute(trx);
    await trx.deleteFrom('participation_codes').where('id', '=', from).execute();
  }

  async responseExists(trx: Transaction<Database>, surveyId: number, responseId: number): Promise<boolean> {
    return !!(await trx.selectFrom('participation_responses').select('id').where('id', '=', responseId).where('survey_id', '=', surveyId).executeTakeFirst());
  }

  async tag(trx: Transaction<Database>, row: { response_id: number; question_key: string; code_id: number }): Promise<void> {
    await trx.insertInto('participation_codings').values(row).onConflict((oc) => oc.doNothing()).execute();
  }

  async untag(trx: Transaction<Database>, responseId: number, codeId: number): Promise<void> {
    await trx.deleteFrom('participation_codings').where('response_id', '=', responseId).where('code_id', '=', codeId).execute();
  }

  /** Which codes tag which answers of a question. */
  codings(trx: Transaction<Database>, questionKey: string) {
    return trx.selectFrom('participation_codings').select(['response_id', 'code_id']).where('question_key', '=', questionKey).execute();
  }
}
