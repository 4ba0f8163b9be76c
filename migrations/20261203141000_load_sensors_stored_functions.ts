import type { Kysely } from 'kysely';
import { loadSqlFiles } from '../src/core/migrate.js';

/**
 * The sensor ingest's stored functions now live as SQL files next to the repositories that call them (ingest/, rollups/); this
 * loads them (the same definitions migrations 20261123400200/400300 created). A later change to a file comes
 * with a migration like this one.
 */
export const SENSORS_SQL = ['src/modules/sensors/ingest/ingest.sql', 'src/modules/sensors/ingest/ingest.fresh.sql', 'src/modules/sensors/rollups/rollups.fold.sql'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await loadSqlFiles(db, SENSORS_SQL);
}

export async function down(): Promise<void> {
  // the earlier migrations' definitions are the same functions; nothing to undo
}
