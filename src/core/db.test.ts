import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../tests/helpers/db.js';
import { testEngines } from '../../tests/helpers/env.js';

// Only the server has a pool to lose connections from (PGlite is in-process). testEngines() fails under CI
// when the server is missing, so this cannot be skipped there.
const onServer = testEngines().includes('postgres');

describe.skipIf(!onServer)('the pg pool on a PostgreSQL server', () => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await createTestDatabase('postgres', { migrate: false });
  });
  afterAll(async () => {
    await d?.close();
  });

  it('survives the server dropping an idle connection, and the next query gets a new one', async () => {
    const before = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(d.db);
    const pid = before.rows[0]!.pid;
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      // Another session ends the pool's idle backend: without a listener on the pool this is an
      // unhandled 'error' event and the whole process exits.
      const other = new pg.Client({ connectionString: d.url });
      await other.connect();
      await other.query('select pg_terminate_backend($1)', [pid]);
      await other.end();
      await expect.poll(() => warnings.some((m) => m.includes('PostgreSQL connection lost while idle'))).toBe(true);
      const after = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(d.db);
      expect(after.rows[0]!.pid).not.toBe(pid);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
