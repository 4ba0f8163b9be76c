/**
 * A @fastify/rate-limit store on the database (issue 12): the per-address and per-person counters live in
 * core_rate_limits, so several app processes on one PostgreSQL server share them (the plugin's default
 * store counts in each process's memory, so N processes allowed N times the limit).
 *
 * Used on a PostgreSQL server only: embedded PGlite is held by one process (the data directory's lock),
 * so the in-memory store is already exact there and costs no write per request. With REDIS_URL the same
 * store counts on the Redis/Valkey server instead (RedisRateLimitCounter), on either engine.
 */
import type { FastifyRateLimitOptions, FastifyRateLimitStore } from '@fastify/rate-limit';
import type { RateLimitCounter } from './ratelimit.repository.js';

/** The longest window of any route (RATE_LIMITS: one hour), doubled: older windows can be forgotten. */
const PRUNE_AFTER_MS = 2 * 60 * 60_000;

/** The store class the plugin instantiates (`store` option), bound to a repository on the app's database. */
export function databaseRateLimitStore(repo: RateLimitCounter): new (options: FastifyRateLimitOptions) => FastifyRateLimitStore {
  class DatabaseStore implements FastifyRateLimitStore {
    /** each route counts on its own, like the plugin's stores (method and URL pattern in the key) */
    private readonly prefix: string;
    constructor(_options?: FastifyRateLimitOptions, prefix = 'ip-limit:') {
      this.prefix = prefix;
    }

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      repo.hit(`${this.prefix}${key}`, timeWindow).then(
        ({ hits, resetAt }) => {
          // now and then, drop windows nobody can be limited by any more
          if (Math.random() < 0.002) repo.prune(new Date(Date.now() - PRUNE_AFTER_MS)).catch(() => undefined);
          callback(null, { current: hits, ttl: Math.max(0, resetAt.getTime() - Date.now()) });
        },
        (e: Error) => callback(e),
      );
    }

    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      // the plugin passes its merged parameters with the route under `routeInfo` (see its RedisStore)
      const route = (routeOptions as unknown as { routeInfo?: { method?: string | string[]; url?: string } }).routeInfo;
      return new DatabaseStore(undefined, `${this.prefix}${String(route?.method ?? '')}${route?.url ?? ''}:`);
    }
  }
  return DatabaseStore;
}
