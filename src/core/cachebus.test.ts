/**
 * The cache channel between app processes: a NOTIFY on `urbia_cache` reaches a listener's handlers, and a
 * listener that cannot reach its server keeps one retry loop. (The loops doubled at every failure when a connected
 * listener lost its server — seen while the primary was stopped for a promotion, the nodes stopped answering; this
 * test starts from a server that was never there, which the old code survived, so it guards the bound only.)
 */
import { createServer } from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { testEngines } from '../../tests/helpers/env.js';
import { listenForCacheChanges, onCacheChange } from './cachebus.js';
import { CACHE_CHANNEL } from './cachebus.repository.js';

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
  const port = (s.address() as { port: number }).port;
  await new Promise((done) => s.close(done));
  return port;
}

describe('cache bus', () => {
  it('retries an unreachable server once per attempt', async () => {
    const warnings: string[] = [];
    const stop = listenForCacheChanges(`postgres://postgres@127.0.0.1:${await closedPort()}/urbia`, (m) => warnings.push(m), 20);
    await new Promise((r) => setTimeout(r, 300));
    await stop();
    const after = warnings.length;
    await new Promise((r) => setTimeout(r, 100));
    // one loop: each attempt (at most one per 20 ms) warns once and schedules one retry; stopped, it schedules none
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThanOrEqual(300 / 20 + 1);
    expect(warnings.length).toBe(after);
  });

  it.runIf(testEngines().includes('postgres'))('delivers a NOTIFY on the channel to the handlers of its topic', async () => {
    const url = process.env.URBIA_TEST_DATABASE_URL!;
    const topic = `test.${process.pid}.${Date.now()}`;
    const seen: string[] = [];
    const off = onCacheChange(topic, (key) => seen.push(key));
    const stop = listenForCacheChanges(url, () => undefined);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      // the listener connects asynchronously: notify until it hears one
      await expect
        .poll(async () => {
          await client.query('select pg_notify($1, $2)', [CACHE_CHANNEL, JSON.stringify([topic, '42'])]);
          return seen.includes('42');
        }, { timeout: 10_000, interval: 100 })
        .toBe(true);
    } finally {
      await client.end();
      await stop();
      off();
    }
  });
});
