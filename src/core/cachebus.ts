/**
 * Caches kept in one process, invalidated in every process. A service that keeps a value in memory registers
 * what invalidates it (`onCacheChange(topic, fn)` — and, for the events that already invalidate it,
 * `invalidateOnEvents`); the write that changes the value calls `cacheChanged(trx, topic, key)` in its transaction
 * (or emits one of those events). On a PostgreSQL server that queues a NOTIFY on the `urbia_cache` channel, which
 * PostgreSQL delivers at commit to every process LISTENing — each app node keeps one direct connection for it
 * (DATABASE_DIRECT_URL: LISTEN does not work through PgBouncer in transaction mode). The process that made the
 * change also drops its own entry at once, as before, so on PGlite (one process) nothing else is needed.
 *
 * Values keyed by a version read per request (VersionedCache, the strategy tree) need none of this: they are
 * checked against the database on every read.
 */
import pg from 'pg';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './db.js';
import { CACHE_CHANNEL, notifyCacheChange } from './cachebus.repository.js';

type Handler = (key: string) => void;
const handlers = new Map<string, Set<Handler>>();
/** event type → the cache topic it invalidates (keyed by the event's tenant) */
const eventTopics = new Map<string, string>();
let listening = false;

/** Calls `fn(key)` when another process (or this one) reports a change of `topic`; returns the unsubscribe. */
export function onCacheChange(topic: string, fn: Handler): () => void {
  let set = handlers.get(topic);
  if (!set) handlers.set(topic, (set = new Set()));
  set.add(fn);
  return () => set.delete(fn);
}

/** topics every event invalidates (values built from many modules' data) */
const everyEventTopics = new Set<string>();

/**
 * These events invalidate `topic` for the event's tenant: emitting one in a transaction notifies every process.
 * `'*'`: every event does (a value gathered from every module, such as the open-data catalogue).
 */
export function invalidateOnEvents(topic: string, types: readonly string[] | '*'): void {
  if (types === '*') everyEventTopics.add(topic);
  else for (const t of types) eventTopics.set(t, topic);
}

/** Reports, inside the transaction that makes the change, that `topic`'s value for `key` changed. */
export async function cacheChanged(trx: Transaction<Database> | Kysely<Database>, topic: string, key: string | number): Promise<void> {
  deliver(topic, String(key));
  if (listening || process.env.URBIA_CACHE_NOTIFY === 'always') await notifyCacheChange(trx, JSON.stringify([topic, String(key)]));
}

/** For `emit`: the NOTIFY for an event that invalidates a cache, in the event's transaction. */
export async function cacheChangedByEvent(trx: Transaction<Database> | Kysely<Database>, type: string, tenantId: number | null): Promise<void> {
  const topic = eventTopics.get(type);
  if (topic) await cacheChanged(trx, topic, tenantId ?? '');
  for (const t of everyEventTopics) await cacheChanged(trx, t, tenantId ?? '');
}

function deliver(topic: string, key: string): void {
  for (const fn of handlers.get(topic) ?? []) fn(key);
}

/**
 * Listens on one direct connection to the primary, reconnecting after a loss (then every cache is dropped:
 * a notification may have been missed meanwhile). Returns the stop function.
 */
export function listenForCacheChanges(url: string, warn: (msg: string) => void, retryMs = 1_000): () => Promise<void> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  listening = true;
  const connect = async () => {
    const c = new pg.Client({ connectionString: url });
    // one retry per attempt: a failed connect also ends the client, and two retries per failure would double
    // the reconnect loops at every failure (seen when the primary was stopped for a promotion)
    let retried = false;
    const again = (msg: string) => {
      if (retried || stopped) return;
      retried = true;
      warn(msg);
      retry = setTimeout(() => void connect().catch(() => undefined), retryMs).unref();
    };
    c.on('notification', (n) => {
      try {
        const [topic, key] = JSON.parse(n.payload ?? '[]') as [string, string];
        deliver(topic, key);
      } catch {
        // not ours
      }
    });
    c.on('error', () => undefined);
    c.on('end', () => {
      if (stopped) return;
      for (const topic of handlers.keys()) deliver(topic, '*');
      again('cache invalidation channel lost; reconnecting');
    });
    try {
      await c.connect();
      await c.query(`listen ${CACHE_CHANNEL}`);
      client = c;
    } catch (e) {
      await c.end().catch(() => undefined);
      again(`cannot listen for cache changes: ${(e as Error).message}`);
    }
  };
  void connect();
  return async () => {
    stopped = true;
    listening = false;
    clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}
