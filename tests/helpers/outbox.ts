import { sql } from 'kysely';
import type { TestApp } from './app.js';

/**
 * Runs the outbox until its retries are spent, letting each retry's backoff pass at once (the rows are made
 * due again between passes, as time passing would) — for tests of channels that retry and then give up.
 */
export async function settleOutbox(t: TestApp, passes: number): Promise<void> {
  for (let i = 0; i < passes; i++) {
    await sql`update core_outbox set available_at = now() where processed_at is null and failed_at is null`.execute(t.database.db);
    await t.worker.drain();
  }
}
