import type { TestApp } from './app.js';

/**
 * Counts the SQL statements the real engine receives (PGlite's query calls, or the pg pool's clients), so
 * the no-N+1 rule is checked on what is actually sent.
 */
export function queryCounter(t: TestApp): { reset(): void; readonly count: number } {
  let n = 0;
  const count = () => void n++;
  if (t.database.pglite) {
    const pg = t.database.pglite as unknown as { query: (...a: unknown[]) => unknown };
    const original = pg.query.bind(pg);
    pg.query = (...a: unknown[]) => (count(), original(...a));
  } else if (t.database.pool) {
    const pool = t.database.pool as unknown as { connect: () => Promise<{ query: (...a: unknown[]) => unknown }> };
    const connect = pool.connect.bind(pool);
    const wrapped = new WeakSet<object>();
    pool.connect = async () => {
      const client = await connect();
      if (!wrapped.has(client)) {
        wrapped.add(client);
        const q = client.query.bind(client);
        client.query = (...a: unknown[]) => (count(), q(...a));
      }
      return client;
    };
  }
  return {
    reset: () => void (n = 0),
    get count() {
      return n;
    },
  };
}
