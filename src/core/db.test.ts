import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../tests/helpers/db.js';
import { PoolInsideTransactionError } from './db.js';
import { databaseUnavailable } from './http.js';
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

  it('a checked-out connection the server ends fails the unit of work holding it, not the process, and the pool goes on', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      // a transaction holds its connection between statements; the server ends it meanwhile (as a stopping
      // primary does): without a listener on the client that is an unhandled 'error' event and the process exits
      const held = d.db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        const other = new pg.Client({ connectionString: d.url });
        await other.connect();
        await other.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
        await other.end();
        await expect.poll(() => warnings.some((m) => m.includes('PostgreSQL connection lost while in use'))).toBe(true);
        await sql`select 1`.execute(trx);
      });
      await expect(held).rejects.toThrow();
      const after = await sql<{ one: number }>`select 1 as one`.execute(d.db);
      expect(after.rows[0]!.one).toBe(1);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('an unreachable or stopping database is told apart from a bug: the errors a real server and client give map to 503', async () => {
    // a server that is not there (a closed port on loopback)
    const nobody = new pg.Client({ host: '127.0.0.1', port: 1, user: 'x', database: 'x', connectionTimeoutMillis: 2000 });
    const refused = await nobody.connect().then(() => null, (e: unknown) => e);
    expect(databaseUnavailable(refused)).toBe(true);
    // the server ending the session under a query (what a stopping primary does)
    const victim = new pg.Client({ connectionString: d.url });
    victim.on('error', () => {});
    await victim.connect();
    const pid = (await victim.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    const pending = victim.query('select pg_sleep(5)').then(() => null, (e: unknown) => e);
    const other = new pg.Client({ connectionString: d.url });
    await other.connect();
    await expect.poll(async () => (await other.query('select count(*)::int as n from pg_stat_activity where pid = $1 and state = $2', [pid, 'active'])).rows[0].n).toBe(1);
    await other.query('select pg_terminate_backend($1)', [pid]);
    const ended = await pending;
    expect(databaseUnavailable(ended)).toBe(true);
    await victim.end().catch(() => {});
    // a bug is still a bug: an undefined table is not "unavailable"
    const bug = await other.query('select * from no_such_table').then(() => null, (e: unknown) => e);
    expect(databaseUnavailable(bug)).toBe(false);
    await other.end();
  });
});

describe.each(testEngines())('a unit of work cannot wait for the pool (%s)', (engine) => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await createTestDatabase(engine, { migrate: false });
  });
  afterAll(async () => {
    await d?.close();
  });

  it('a query through the root handle inside a transaction fails at once, naming the mistake, and the transaction rolls back', async () => {
    await sql`create table guard_probe (n int)`.execute(d.db);
    const attempt = d.db.transaction().execute(async (trx) => {
      await sql`insert into guard_probe values (1)`.execute(trx);
      await sql`select 1`.execute(d.db); // the mistake: the pool, not trx
    });
    // On PGlite without the guard this promise never settles (and every later query hangs too).
    await expect(attempt).rejects.toBeInstanceOf(PoolInsideTransactionError);
    expect((await sql<{ n: number }>`select count(*)::int as n from guard_probe`.execute(d.db)).rows[0]!.n).toBe(0);
  });

  it('a nested db.transaction() and a db.connection() inside a transaction fail the same way', async () => {
    await expect(d.db.transaction().execute(async () => d.db.transaction().execute(async (t2) => sql`select 1`.execute(t2)))).rejects.toBeInstanceOf(PoolInsideTransactionError);
    await expect(d.db.transaction().execute(async () => d.db.connection().execute(async (c) => sql`select 1`.execute(c)))).rejects.toBeInstanceOf(PoolInsideTransactionError);
    await expect(d.db.connection().execute(async () => sql`select 1`.execute(d.db))).rejects.toBeInstanceOf(PoolInsideTransactionError);
  });

  it('the right ways still work: the transaction itself, the pool after commit, parallel transactions, isolation levels', async () => {
    const r = await d.db.transaction().execute(async (trx) => (await sql<{ n: number }>`select 2 as n`.execute(trx)).rows[0]!.n);
    expect(r).toBe(2);
    expect((await sql<{ n: number }>`select 3 as n`.execute(d.db)).rows[0]!.n).toBe(3);
    const many = await Promise.all([1, 2, 3, 4].map((i) => d.db.transaction().execute(async (trx) => (await sql<{ n: number }>`select ${i}::int as n`.execute(trx)).rows[0]!.n)));
    expect(many).toEqual([1, 2, 3, 4]);
    const iso = await d.db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
      await expect(sql`select 1`.execute(d.db)).rejects.toBeInstanceOf(PoolInsideTransactionError);
      return (await sql<{ n: number }>`select 4 as n`.execute(trx)).rows[0]!.n;
    });
    expect(iso).toBe(4);
  });
});
