/**
 * Domain events through a transactional outbox. A service writes its event in the transaction that makes
 * the change (so an event exists if and only if the change does); the worker delivers events to their
 * handlers after commit, with retries and exponential backoff. Rows are claimed with
 * `FOR UPDATE SKIP LOCKED`, so several app processes on one PostgreSQL server share the work safely.
 */
import type { Kysely, RawBuilder, Transaction } from 'kysely';

import { sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import { cacheChangedByEvent } from './cachebus.js';
import type { Database, Db } from './db.js';

/** Every event type and its payload; modules add theirs by declaration merging. */
export interface EventMap {
  'notifications.email.requested': {
    to: string;
    subject: string;
    text: string;
    html?: string;
    /** for non-transactional mail: the one-click unsubscribe URL (RFC 8058) and mailto address */
    listUnsubscribe?: { url: string; mailto: string };
  };
}
export type EventType = keyof EventMap;

export interface OutboxEvent<T extends EventType = EventType> {
  id: number;
  tenantId: number | null;
  type: T;
  payload: EventMap[T];
  attempts: number;
}

export type EventHandler<T extends EventType> = (event: OutboxEvent<T>) => Promise<void>;

/**
 * How many events this process has written (or built a statement for). A worker's `nudge` after a request
 * runs a pass only when this moved since its last pass: most writes (observations, ballots) emit nothing,
 * and an outbox query after each of them would compete with them for the database. Only a hint — a
 * rolled-back event just costs one empty pass, and events of other processes are found by the poll.
 */
let emittedInProcess = 0;

export async function emit<T extends EventType>(
  trx: Transaction<Database> | Kysely<Database>,
  type: T,
  payload: EventMap[T],
  tenantId: number | null = null,
): Promise<void> {
  emittedInProcess++;
  await trx.insertInto('core_outbox').values({ type, payload: JSON.stringify(payload), tenant_id: tenantId }).execute();
  // an event that invalidates a cache also tells the other processes, at commit (cachebus.ts)
  await cacheChangedByEvent(trx, type, tenantId);
}

/**
 * The same outbox row as `emit`, as a statement to put in a data-modifying CTE, for a write that makes its
 * change and records its event in one statement (one round trip, atomic without BEGIN/COMMIT). `payload`
 * is a SQL expression producing the event's JSON (e.g. built from the CTE's RETURNING columns); `from`
 * names the CTE whose rows each produce one event.
 */
export function emitFrom<T extends EventType>(type: T, payload: RawBuilder<unknown>, tenantId: number | null, from: string): RawBuilder<unknown> {
  emittedInProcess++;
  return sql`insert into core_outbox (type, payload, tenant_id) select ${type}, ${payload}, ${tenantId}::int from ${sql.table(from)}`;
}

export interface OutboxWorkerOptions {
  pollMs?: number;
  batchSize?: number;
  maxAttempts?: number;
  /** base of the exponential backoff: attempt n waits base × 2^(n-1) */
  backoffMs?: number;
  /** how long a claimed event stays hidden from other passes while its handler runs (a crashed process's
   *  claims are due again after it); default 5 minutes */
  leaseMs?: number;
}

export class OutboxWorker {
  private handlers = new Map<string, EventHandler<never>[]>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private stopping = false;
  private seenEmitted = -1;
  private readonly pollMs: number;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly leaseMs: number;

  constructor(
    private readonly db: Db,
    private readonly log: FastifyBaseLogger,
    options: OutboxWorkerOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 500;
    this.batchSize = options.batchSize ?? 20;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.backoffMs = options.backoffMs ?? 2000;
    this.leaseMs = options.leaseMs ?? 300_000;
  }

  on<T extends EventType>(type: T, handler: EventHandler<T>): void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler as EventHandler<never>);
    this.handlers.set(type, list);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopping = false;
    this.schedule(0);
  }

  /** Runs a pass now if this process wrote an event since the last one (see `emittedInProcess`). */
  nudge(): void {
    if (!this.stopped && !this.running && emittedInProcess !== this.seenEmitted) this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.drain()
        .then(() => undefined)
        .catch((e) => this.log.error({ err: e }, 'outbox pass failed'))
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(this.pollMs);
        });
    }, ms);
    this.timer.unref();
  }

  /** Delivers every event that is due; returns how many were handled. Used directly by tests. */
  async drain(): Promise<number> {
    this.seenEmitted = emittedInProcess;
    let total = 0;
    for (;;) {
      const { claimed: n, handled } = await this.runOnce();
      total += n;
      // Another pass after a full batch, or after any handled event: handlers may queue further events (the
      // notifications hub queues e-mails while fanning an event out), delivered in the same drain. A pass
      // of failures only stops (those wait for their backoff). Stop early when the worker is shut down.
      if ((n < this.batchSize && handled === 0) || this.stopping) return total;
    }
  }

  private async runOnce(): Promise<{ claimed: number; handled: number }> {
    // Claim a batch inside a transaction; handlers run after the claim so a slow handler does not hold
    // PGlite's single connection. A crash between claim and completion leaves the row due again.
    const { total, handled: claimed } = await this.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('core_outbox')
        .select(['id', 'tenant_id', 'type', 'payload', 'attempts'])
        .where('processed_at', 'is', null)
        .where('failed_at', 'is', null)
        .where('available_at', '<=', sql<Date>`now()`)
        .orderBy('id')
        .limit(this.batchSize)
        .forUpdate()
        .skipLocked()
        .execute();
      if (rows.length === 0) return { total: 0, handled: rows };
      // Events nobody handles (kept as the record of a change, e.g. every cast ballot) are done in this
      // transaction, all at once, instead of one UPDATE each after it.
      const unhandled = rows.filter((r) => !this.handlers.get(r.type)?.length).map((r) => r.id);
      if (unhandled.length) await trx.updateTable('core_outbox').set({ processed_at: sql`now()`, attempts: sql`attempts + 1` }).where('id', 'in', unhandled).execute();
      const handled = rows.filter((r) => this.handlers.get(r.type)?.length);
      // Push the rows into the future while they are being handled, so another worker skips them.
      if (handled.length)
        await trx
          .updateTable('core_outbox')
          .set({ available_at: sql`now() + ${`${this.leaseMs} milliseconds`}::interval`, attempts: sql`attempts + 1` })
          .where(
            'id',
            'in',
            handled.map((r) => r.id),
          )
          .execute();
      return { total: rows.length, handled };
    });

    let handled = 0;
    for (const row of claimed) {
      const handlers = this.handlers.get(row.type) ?? [];
      const event = { id: row.id, tenantId: row.tenant_id, type: row.type as EventType, payload: row.payload as never, attempts: row.attempts + 1 };
      try {
        for (const h of handlers) await h(event as never);
        await this.db.updateTable('core_outbox').set({ processed_at: sql`now()`, last_error: null }).where('id', '=', row.id).execute();
        handled++;
      } catch (e) {
        const attempts = row.attempts + 1;
        const message = (e as Error).message ?? String(e);
        this.log.warn({ err: e, eventId: row.id, type: row.type, attempts }, 'event handler failed');
        if (attempts >= this.maxAttempts) {
          await this.db.updateTable('core_outbox').set({ failed_at: sql`now()`, last_error: message }).where('id', '=', row.id).execute();
        } else {
          const delay = this.backoffMs * 2 ** (attempts - 1);
          await this.db
            .updateTable('core_outbox')
            .set({ available_at: sql`now() + ${`${delay} milliseconds`}::interval`, last_error: message })
            .where('id', '=', row.id)
            .execute();
        }
      }
    }
    return { claimed: total, handled };
  }
}
