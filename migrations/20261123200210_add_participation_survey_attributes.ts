import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';

/**
 * Surveys: respondent attributes asked at the start of the answer form (stored with each response in
 * `profile`), and the audience "signed-in people who declare a given attribute value".
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`alter table participation_surveys add column attributes jsonb not null default '[]'`,
    sql`alter table participation_surveys add column audience_attribute jsonb`,
    sql`alter table participation_surveys drop constraint participation_surveys_audience_check`,
    sql`alter table participation_surveys add constraint participation_surveys_audience_check check (audience in ('anyone','users','role','attribute'))`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`alter table participation_surveys drop constraint participation_surveys_audience_check`,
    sql`alter table participation_surveys add constraint participation_surveys_audience_check check (audience in ('anyone','users','role'))`,
    sql`alter table participation_surveys drop column audience_attribute`,
    sql`alter table participation_surveys drop column attributes`,
  ]);
}
