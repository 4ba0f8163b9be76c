/**
 * Rate-limit counters on a Redis or Valkey server (REDIS_URL, issue 19): the same fixed windows as the
 * database counters (core_rate_limits), so every app process sharing the server shares the limits, without
 * a database write per limited request. One key per (name, window); INCR and PEXPIRE run in one MULTI, so a
 * count never lives without its expiry, and old windows disappear by themselves (no prune needed).
 *
 * When the server is unreachable a command fails within about a second (no endless offline queue): the
 * per-route limits then let requests through (fail open, `skipOnError`), while the per-account login count
 * refuses to check a password it cannot count (fail closed, 503): see docs/operations.md.
 */
import { Redis } from 'ioredis';
import { unavailable } from './errors.js';
import type { RateLimitCounter } from './ratelimit.repository.js';

/** Windows kept after they end: the login backoff looks back four windows. */
const KEEP_WINDOWS = 5;

export class RedisRateLimitCounter implements RateLimitCounter {
  readonly redis: Redis;

  constructor(url: string) {
    this.redis = new Redis(url, {
      // fail fast rather than queue for ever: a limit that cannot be counted is decided at once
      maxRetriesPerRequest: 1,
      commandTimeout: 1000,
      connectTimeout: 2000,
      lazyConnect: false,
    });
    // reconnects are automatic; errors are answered per command, not thrown from the event emitter
    this.redis.on('error', () => undefined);
  }

  private key(key: string, windowStart: number) {
    return `urbia:rl:${key}:${windowStart}`;
  }

  async hit(key: string, windowMs: number): Promise<{ hits: number; resetAt: Date }> {
    const start = Math.floor(Date.now() / windowMs) * windowMs;
    const k = this.key(key, start);
    const r = await this.redis.multi().incr(k).pexpire(k, windowMs * KEEP_WINDOWS).exec();
    const [err, hits] = r?.[0] ?? [new Error('redis: the transaction was discarded'), 0];
    if (err) throw err;
    return { hits: Number(hits), resetAt: new Date(start + windowMs) };
  }

  async recent(key: string, windowMs: number, windows: number): Promise<number> {
    const now = Math.floor(Date.now() / windowMs) * windowMs;
    const keys = Array.from({ length: windows }, (_, i) => this.key(key, now - i * windowMs));
    const values = await this.redis.mget(...keys);
    return values.reduce((sum, v) => sum + (v ? Number(v) : 0), 0);
  }

  /** Nothing to do: every window expires by itself. */
  async prune(): Promise<void> {}

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * The login counter fails closed: when the counts cannot be read or written, the sign-in is answered 503
 * (try again) instead of checking a password without counting it (which would lift the limit on
 * password guessing exactly when the store is down).
 */
export function failClosed(counter: RateLimitCounter): RateLimitCounter {
  const down = () => unavailable('Sign-in is paused for a moment: the rate-limit store cannot be reached. Try again shortly.');
  return {
    hit: (key, windowMs) => counter.hit(key, windowMs).catch(() => Promise.reject(down())),
    recent: (key, windowMs, windows) => counter.recent(key, windowMs, windows).catch(() => Promise.reject(down())),
    prune: (before) => counter.prune(before).catch(() => undefined),
  };
}
