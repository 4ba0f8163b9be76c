/** What a person wrote in monitoring (progress reports, evaluation findings), for their data export. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../core/db.js';
import type { PersonalDataPart } from '../module.js';
import './monitoring.tables.js';
import './evaluations/evaluations.tables.js';

type Q = Kysely<Database> | Transaction<Database>;

export async function monitoringPersonalData(trx: Q, userId: string): Promise<PersonalDataPart> {
  const progressReports = await trx
    .selectFrom('monitoring_progress_reports')
    .select(['id', 'project_code', 'number', 'period_start', 'period_end', 'status', 'progress', 'narrative', 'risks', 'submitted_at', 'approved_at', 'created_at'])
    .where('author_user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  const findings = await trx.selectFrom('monitoring_evaluation_findings').selectAll().where('author_user_id', '=', userId).execute();
  const teams = await trx.selectFrom('monitoring_team_members').selectAll().where('user_id', '=', userId).execute();
  return { name: 'monitoring', data: { progressReportsWritten: progressReports, evaluationFindingsWritten: findings, projectTeams: teams }, files: [] };
}
