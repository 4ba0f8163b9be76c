/** The queries that tell how far a streaming replica is behind its primary (see replica.ts). */
import { sql } from 'kysely';
import type { Db } from './db.js';

/** The primary's current WAL position, as text ('0/3000060'). */
export async function currentWalLsn(db: Db): Promise<string> {
  const r = await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(db);
  return r.rows[0]!.lsn;
}

/** The replica's last replayed WAL position; null when the server is not a standby (it was promoted). */
export async function replayedWalLsn(db: Db): Promise<string | null> {
  const r = await sql<{ lsn: string | null }>`select pg_last_wal_replay_lsn()::text as lsn`.execute(db);
  return r.rows[0]?.lsn ?? null;
}
