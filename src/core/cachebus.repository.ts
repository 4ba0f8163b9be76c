/** The NOTIFY that tells every process sharing the database that a cached value changed (see cachebus.ts). */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './db.js';

export const CACHE_CHANNEL = 'urbia_cache';

/** Queued in the transaction: PostgreSQL delivers it to the listeners when (and only if) the transaction commits. */
export async function notifyCacheChange(trx: Transaction<Database> | Kysely<Database>, payload: string): Promise<void> {
  await sql`select pg_notify(${CACHE_CHANNEL}, ${payload})`.execute(trx);
}
