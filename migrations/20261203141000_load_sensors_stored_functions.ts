import { type Kysely, sql } from 'kysely';
import { loadSqlFiles, runStatements } from '../src/core/migrate.js';

/**
 * The sensor ingest's stored functions live as SQL files next to the repositories that call them (ingest/, rollups/); this
 * loads them. It is the one migration that creates them: 20261123400200/400300 once created the same functions
 * from copies of their PL/pgSQL and are no-ops now. A later change to a file comes with a migration like this one.
 */
export const SENSORS_SQL = ['src/modules/sensors/ingest/ingest.sql', 'src/modules/sensors/ingest/ingest.fresh.sql', 'src/modules/sensors/rollups/rollups.fold.sql'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await loadSqlFiles(db, SENSORS_SQL);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // the earlier migrations no longer create these, so undoing this one removes them (fresh first: it calls sensors_ingest)
  await runStatements(db, [
    sql`drop function if exists sensors_ingest_fresh(bigint[], float8[], float8[], int2[], bigint[], float8[], int[], float8[], float8[], float8[], float8[], float8[], boolean)`,
    sql`drop function if exists sensors_fold()`,
    sql`drop function if exists sensors_ingest(bigint[], float8[], float8[], int2[], boolean, boolean)`,
  ]);
}
