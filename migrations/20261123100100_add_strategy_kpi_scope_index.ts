import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';

/** KPIs are looked up by their scope (a project's KPIs, the KPI count of each project in a list). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [sql`create index strategy_kpis_scope on strategy_kpis (tenant_id, scope_code)`]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [sql`drop index strategy_kpis_scope`]);
}
