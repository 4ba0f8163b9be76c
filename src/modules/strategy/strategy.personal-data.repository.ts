/** The timeline entries and KPI measurements a person wrote as staff (what they follow is in the hub's part). */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../core/db.js';
import type { PersonalDataPart } from '../module.js';
import './strategy.tables.js';

type Q = Kysely<Database> | Transaction<Database>;

export async function strategyPersonalData(trx: Q, userId: string): Promise<PersonalDataPart> {
  const timeline = await trx.selectFrom('strategy_project_timeline').selectAll().where('author_user_id', '=', userId).execute();
  const measurements = await trx.selectFrom('strategy_kpi_measurements').selectAll().where('author_user_id', '=', userId).execute();
  return { name: 'strategy', data: { timelineEntriesWritten: timeline, kpiMeasurementsWritten: measurements }, files: [] };
}
