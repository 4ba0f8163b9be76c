/**
 * One SQL dialect, two engines. Without DATABASE_URL the platform runs on PGlite (PostgreSQL compiled to
 * WASM) with its data under URBIA_DATA_DIR; with it, a `pg` pool talks to a PostgreSQL server. Kysely sits
 * on top of both, so repositories never know which one they talk to.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { ConnectionBuilder, Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient, type PostgresQueryResult, sql, TransactionBuilder } from 'kysely';
import pg from 'pg';
import { DataDirLock } from './lock.js';

/**
 * The database schema. Each module adds its own tables by declaration merging from its
 * `<feature>.tables.ts`, so the tables stay owned by the module that uses them.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Database {}

export type Engine = 'pglite' | 'postgres';
export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  engine: Engine;
  /** the raw PGlite instance when embedded (for COPY and dumps), else undefined */
  pglite?: PGlite;
  /** the raw pg pool when on a server (for COPY), else undefined */
  pool?: pg.Pool;
  /** a streaming replica for reads that may be a moment stale (DATABASE_REPLICA_URL); see replica.ts */
  replica?: Db;
  close(): Promise<void>;
}

// Same JavaScript types from both engines: bigint counts as numbers, numeric as numbers, `date` as the
// 'YYYY-MM-DD' string (a date has no time zone; a Date object would invent one).
const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082 } as const;
const toNumber = (v: string) => Number(v);
const asIs = (v: string) => v;
pg.types.setTypeParser(OID.INT8, toNumber);
pg.types.setTypeParser(OID.NUMERIC, toNumber);
pg.types.setTypeParser(OID.DATE, asIs);

/**
 * Adapts PGlite to the `pg` pool interface Kysely's PostgresDialect expects. PGlite has one connection, so
 * the pool hands it to one borrower at a time: a transaction holds it from BEGIN to COMMIT and every other
 * query waits. This is what serialises writes on the embedded engine.
 */
class PGlitePool implements PostgresPool {
  private queue: Promise<void> = Promise.resolve();
  constructor(private readonly pglite: PGlite) {}

  async connect(): Promise<PostgresPoolClient> {
    let release!: () => void;
    const previous = this.queue;
    this.queue = new Promise<void>((r) => (release = r));
    await previous;
    const pglite = this.pglite;
    let released = false;
    return {
      async query<R>(text: string, params: readonly unknown[]): Promise<PostgresQueryResult<R>> {
        const result = await pglite.query<R>(text, params as unknown[]);
        return { command: (result as { command?: string }).command as PostgresQueryResult<R>['command'], rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
      },
      release() {
        if (!released) {
          released = true;
          release();
        }
      },
    } as PostgresPoolClient;
  }

  async end(): Promise<void> {
    await this.queue;
  }
}

/**
 * The guard that keeps a transaction from waiting for the pool. A unit of work (`db.transaction()` or
 * `db.connection()`) holds one pooled connection from start to end; code inside it that queries through the
 * root handle (`this.db` instead of the `trx` it was given) asks the pool for a SECOND connection. PGlite has
 * only one, so that request waits for the unit that is waiting for it: the whole server freezes. On a server
 * it reads outside the transaction and, under load, exhausts the pool the same way. So on both engines such a
 * query fails at once with this error, naming the mistake, instead of hanging.
 */
export class PoolInsideTransactionError extends Error {
  constructor() {
    super('A query went through the root database handle while this unit of work holds a connection (inside db.transaction() or db.connection()); pass the transaction down to the repository instead. On PGlite this would deadlock.');
    this.name = 'PoolInsideTransactionError';
  }
}

interface UnitScope {
  /** true from the moment the unit's own connection is taken until it is released */
  holding: boolean;
  outer: UnitScope | undefined;
}
const units = new AsyncLocalStorage<UnitScope>();

function insideHeldUnit(): boolean {
  for (let s = units.getStore(); s; s = s.outer) if (s.holding) return true;
  return false;
}

/** Wraps a pool so that a unit of work's code cannot borrow a second connection (see PoolInsideTransactionError). */
class GuardedPool implements PostgresPool {
  constructor(private readonly inner: PostgresPool) {}

  async connect(): Promise<PostgresPoolClient> {
    if (insideHeldUnit()) throw new PoolInsideTransactionError();
    const scope = units.getStore();
    const client = await this.inner.connect();
    // The first connection taken in a unit's scope is the unit's own (Kysely takes it before running the callback).
    if (!scope || scope.holding) return client;
    scope.holding = true;
    const release = client.release.bind(client);
    client.release = () => {
      scope.holding = false;
      release();
    };
    return client;
  }

  end(): Promise<void> {
    return this.inner.end();
  }
}

/** Runs a transaction's or a connection's `execute` in its own scope, so the pool can tell its callback's queries apart. */
function scoped<T extends object>(builder: T): T {
  return new Proxy(builder, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      if (prop === 'execute') return (...args: unknown[]) => units.run({ holding: false, outer: units.getStore() }, () => (value as (...a: unknown[]) => unknown).apply(target, args));
      return (...args: unknown[]) => {
        const r = (value as (...a: unknown[]) => unknown).apply(target, args);
        return r instanceof TransactionBuilder || r instanceof ConnectionBuilder ? scoped(r) : r;
      };
    },
  });
}

class GuardedKysely extends Kysely<Database> {
  override transaction(): TransactionBuilder<Database> {
    return scoped(super.transaction());
  }

  override connection(): ConnectionBuilder<Database> {
    return scoped(super.connection());
  }
}

function guardedDb(pool: PostgresPool): Db {
  return new GuardedKysely({ dialect: new PostgresDialect({ pool: new GuardedPool(pool) }) });
}

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined;
  /** directory for PGlite's files and the lock; `memory://` for a throwaway in-memory database */
  dataDir: string;
  poolSize?: number;
  /** a hot-standby replica of the server at databaseUrl (opened lazily: a replica that is down is no error) */
  replicaUrl?: string | undefined;
  /** take the data directory's exclusive lock (default true for on-disk PGlite) */
  lock?: boolean;
  /** PGlite's shared_buffers, e.g. "32MB"; PGlite's own default (128MB) when not given */
  sharedBuffers?: string;
}

/** Opens the database; for the embedded engine, takes the data directory's lock first. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  // The data directory also holds uploads, the mail outbox and the demo admin's file on a server
  // database, so it exists whichever engine runs (a fresh clone has none).
  if (options.dataDir !== 'memory://') mkdirSync(options.dataDir, { recursive: true });
  if (options.databaseUrl) {
    const pool = serverPool(options.databaseUrl, options.poolSize ?? 10);
    // Fail fast with the server's reason instead of at the first request.
    const client = await pool.connect().catch(async (e: Error) => {
      await pool.end().catch(() => undefined);
      throw new Error(`cannot connect to PostgreSQL at ${redactUrl(options.databaseUrl!)}: ${e.message}`);
    });
    client.release();
    const db = guardedDb(pool);
    const replica = options.replicaUrl ? guardedDb(serverPool(options.replicaUrl, options.poolSize ?? 10)) : undefined;
    return {
      db,
      engine: 'postgres',
      pool,
      ...(replica ? { replica } : {}),
      async close() {
        await replica?.destroy();
        await db.destroy();
      },
    };
  }

  const inMemory = options.dataDir === 'memory://';
  let lock: DataDirLock | undefined;
  let pgDir = 'memory://';
  if (!inMemory) {
    mkdirSync(options.dataDir, { recursive: true });
    if (options.lock !== false) lock = DataDirLock.acquire(options.dataDir);
    pgDir = join(options.dataDir, 'pgdata');
  }
  try {
    const pglite = new PGlite(pgDir, {
      ...(options.sharedBuffers ? { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${options.sharedBuffers}`] } : {}),
      parsers: { [OID.NUMERIC]: toNumber, [OID.DATE]: asIs, [pgliteTypes.INT8]: toNumber },
    });
    await pglite.waitReady;
    const db = guardedDb(new PGlitePool(pglite));
    return {
      db,
      engine: 'pglite',
      pglite,
      async close() {
        await db.destroy();
        await pglite.close();
        lock?.release();
      },
    };
  } catch (e) {
    lock?.release();
    throw e;
  }
}

function serverPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client that the server drops (restart, idle timeout, pg_terminate_backend) is emitted here;
  // unheard, it would end the process. The pool discards that client and opens a new one when needed.
  pool.on('error', (e) => process.emitWarning(`PostgreSQL connection lost while idle: ${e.message}`));
  // A client checked out of the pool has no pool listener: a server stopping under it (a primary stopped for a
  // promotion: "terminating connection due to administrator command") between two statements of a unit of work
  // would end the process the same way (seen in the cluster). The statement in hand fails; the client is dropped.
  pool.on('connect', (client) => client.on('error', (e) => process.emitWarning(`PostgreSQL connection lost while in use: ${e.message}`)));
  return pool;
}

/** True when the database answers; used by the health check. */
export async function ping(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
