/**
 * Created `sensors_ingest` (the ingest upsert as a PL/pgSQL function) and `sensors_fold` (the roll-up fold) with
 * their own copies of the PL/pgSQL. The functions' source of truth is now the SQL files beside the repositories
 * that call them (`src/modules/sensors/ingest/ingest.sql`, `rollups/rollups.fold.sql`), which migration
 * 20261203141000 loads: a second copy here would drift from them. So this migration does nothing any more, and
 * databases that ran it before keep what it created (141000 replaces it). Safe because no migration between
 * this one and 141000 calls the functions, and PL/pgSQL bodies are not checked before a call.
 */
export async function up(): Promise<void> {
  // the functions are created by 20261203141000_load_sensors_stored_functions
}

export async function down(): Promise<void> {
  // 20261203141000's down drops them
}
