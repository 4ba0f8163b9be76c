/**
 * Created `sensors_ingest_fresh` (the plain-INSERT fast path for rows the caller expects to be all new) with its
 * own copy of the PL/pgSQL. Its source of truth is now `src/modules/sensors/ingest/ingest.fresh.sql`, which
 * migration 20261203141000 loads, so this migration does nothing any more (see 20261123400200 for why that is
 * safe); databases that ran it before keep what it created.
 */
export async function up(): Promise<void> {
  // the function is created by 20261203141000_load_sensors_stored_functions
}

export async function down(): Promise<void> {
  // 20261203141000's down drops it
}
