import type { DatabaseHandle } from '../../src/core/db.js';
import type { TestApp } from './app.js';

/**
 * Counts the SQL statements the real engine receives (PGlite's query calls, or the pg pool's clients), so
 * the no-N+1 rule is checked on what is actually sent; `seen` gets each call's arguments. The benches count
 * with it too.
 */
export function countQueries(database: Pick<DatabaseHandle, 'pglite' | 'pool'>, seen?: (args: unknown[]) => void): () => number {
  let n = 0;
  if (database.pglite) {
    const p = database.pglite as unknown as { query: (...a: unknown[]) => unknown };
    const original = p.query.bind(p);
    p.query = (...a: unknown[]) => (n++, seen?.(a), original(...a));
  } else if (database.pool) {
    const pool = database.pool as unknown as { connect: () => Promise<{ query: (...a: unknown[]) => unknown }> };
    const connect = pool.connect.bind(pool);
    const wrapped = new WeakSet<object>();
    pool.connect = async () => {
      const c = await connect();
      if (!wrapped.has(c)) {
        wrapped.add(c);
        const q = c.query.bind(c);
        c.query = (...a: unknown[]) => (n++, seen?.(a), q(...a));
      }
      return c;
    };
  }
  return () => n;
}

/** The statements a test app's engine received since the last `reset()`. */
export function queryCounter(t: TestApp): { reset(): void; readonly count: number } {
  const total = countQueries(t.database);
  let from = 0;
  return {
    reset: () => void (from = total()),
    get count() {
      return total() - from;
    },
  };
}
