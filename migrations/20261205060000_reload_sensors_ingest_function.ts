import type { Kysely } from 'kysely';
import { loadSqlFiles } from '../src/core/migrate.js';

/**
 * `sensors_ingest` again from its file: both of its statements now take the pending roll-up delta and the
 * datastream's latest value from one shared text instead of two copies. What it writes and returns is the same.
 */
export const SENSORS_INGEST_SQL = ['src/modules/sensors/ingest/ingest.sql'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await loadSqlFiles(db, SENSORS_INGEST_SQL);
}

export async function down(): Promise<void> {
  // the earlier definition behaves the same; nothing to undo
}
