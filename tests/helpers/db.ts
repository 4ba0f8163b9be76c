/**
 * A fresh, migrated database per test file, on either engine. PostgreSQL: a new database on the server
 * named by URBIA_TEST_DATABASE_URL, dropped afterwards. PGlite: in memory.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../../src/core/db.js';
import { migrateToLatest } from '../../src/core/migrate.js';
import type { TestEngine } from './env.js';

export interface TestDatabase extends DatabaseHandle {
  /** the connection URL (postgres) or undefined (pglite) */
  url: string | undefined;
}

export async function createTestDatabase(engine: TestEngine, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const handle = await openDatabase({ dataDir: 'memory://' });
    if (options.migrate !== false) await migrateToLatest(handle.db);
    return { ...handle, url: undefined };
  }
  const admin = process.env.URBIA_TEST_DATABASE_URL!;
  const name = `urbia_t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: 'memory://', poolSize: 10 });
  if (options.migrate !== false) await migrateToLatest(handle.db);
  return {
    ...handle,
    url: url.toString(),
    async close() {
      await handle.close();
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      // The pool's clients may still be closing their sockets: a forced drop would then send them a FATAL
      // 57P01 that surfaces as an unhandled error. Wait (briefly) until the server has let them go.
      for (let i = 0; i < 100; i++) {
        const r = await c.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if ((r.rows[0] as { n: number }).n === 0) break;
        await new Promise((res) => setTimeout(res, 20));
      }
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
