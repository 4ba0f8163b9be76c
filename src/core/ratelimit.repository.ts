/**
 * Rate-limit counters in the database (core_rate_limits), shared by every process on one database
 * (PGlite or a PostgreSQL server): a fixed window per key, counted with an atomic upsert.
 */
import { sql } from 'kysely';
import type { Db } from './db.js';

/** Fixed-window counters shared by every app process: the database's (below) or a Redis server's (ratelimit.redis.ts). */
export interface RateLimitCounter {
  /** Counts one hit for `key` in the current window of `windowMs`; returns the hits so far and the window's end. */
  hit(key: string, windowMs: number): Promise<{ hits: number; resetAt: Date }>;
  /** Hits for `key` over the last `windows` windows (for backoff), not counting a new one. */
  recent(key: string, windowMs: number, windows: number): Promise<number>;
  /** Forgets windows older than `before` (called now and then). */
  prune(before: Date): Promise<void>;
}

export class RateLimitRepository implements RateLimitCounter {
  constructor(private readonly db: Db) {}

  /** Counts one hit for `key` in the current window of `windowMs`; returns the hits so far and the window's end. */
  async hit(key: string, windowMs: number): Promise<{ hits: number; resetAt: Date }> {
    const start = new Date(Math.floor(Date.now() / windowMs) * windowMs);
    const row = await this.db
      .insertInto('core_rate_limits')
      .values({ key, window_start: start, hits: 1 })
      .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet({ hits: sql`core_rate_limits.hits + 1` }))
      .returning('hits')
      .executeTakeFirstOrThrow();
    return { hits: row.hits, resetAt: new Date(start.getTime() + windowMs) };
  }

  /** Hits for `key` over the last `windows` windows (for backoff), not counting a new one. */
  async recent(key: string, windowMs: number, windows: number): Promise<number> {
    const since = new Date(Math.floor(Date.now() / windowMs) * windowMs - (windows - 1) * windowMs);
    const r = await this.db.selectFrom('core_rate_limits').select(sql<number>`coalesce(sum(hits), 0)::int`.as('n')).where('key', '=', key).where('window_start', '>=', since).executeTakeFirst();
    return r?.n ?? 0;
  }

  /** Forgets windows older than `before` (called now and then). */
  async prune(before: Date): Promise<void> {
    await this.db.deleteFrom('core_rate_limits').where('window_start', '<', before).execute();
  }
}
