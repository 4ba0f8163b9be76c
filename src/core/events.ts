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
  /**
   * How long a nudge waits before its pass (default 50 ms): every nudge of a burst (one per write request)
   * joins that one pass, so a busy process claims its events in batches instead of one pass per request.
   */
  nudgeMs?: number;
}

/** Handles all the events of one type claimed in one pass at once (one statement for many, e.g. implicit follows). */
export type EventBatchHandler<T extends EventType> = (events: OutboxEvent<T>[]) => Promise<void>;

export class OutboxWorker {
  private handlers = new Map<string, EventHandler<never>[]>();
  private batchHandlers = new Map<string, EventBatchHandler<never>[]>();
  private timer: NodeJS.Timeout | undefined;
  private dueAt = Infinity;
  private running: Promise<void> | undefined;
  private stopped = true;
  private stopping = false;
  private seenEmitted = -1;
  private readonly pollMs: number;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly leaseMs: number;
  private readonly nudgeMs: number;
  /** claim statements run (for tests and benchmarks) */
  claimPasses = 0;
  /** events a batch handler finished, marked done by the next claim statement (the pass after is certain) */
  private finished: number[] = [];

  constructor(
    private readonly db: Db,
    private readonly log: FastifyBaseLogger,
    options: OutboxWorkerOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 500;
    this.batchSize = options.batchSize ?? 100;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.backoffMs = options.backoffMs ?? 2000;
    this.leaseMs = options.leaseMs ?? 300_000;
    this.nudgeMs = options.nudgeMs ?? 50;
  }

  on<T extends EventType>(type: T, handler: EventHandler<T>): void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler as EventHandler<never>);
    this.handlers.set(type, list);
  }

  /**
   * Like `on`, but gets every event of `type` claimed in a pass in one call (after the per-event handlers of
   * each), and those events are marked done together after it: for handlers whose effects are in the database
   * and idempotent (implicit follows), never for one that sends something. If it throws, each of those events
   * is retried.
   */
  onMany<T extends EventType>(type: T, handler: EventBatchHandler<T>): void {
    const list = this.batchHandlers.get(type) ?? [];
    list.push(handler as EventBatchHandler<never>);
    this.batchHandlers.set(type, list);
  }

  private handles(type: string): boolean {
    return !!(this.handlers.get(type)?.length || this.batchHandlers.get(type)?.length);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopping = false;
    this.schedule(0);
  }

  /**
   * Asks for a pass soon if this process wrote an event since the last one (see `emittedInProcess`): in
   * `nudgeMs`, unless a pass is due sooner or running (a running pass looks again when it ends), so a burst
   * of nudges makes one pass.
   */
  nudge(): void {
    if (this.stopped || this.running || emittedInProcess === this.seenEmitted) return;
    if (this.dueAt <= Date.now() + this.nudgeMs) return;
    this.schedule(this.nudgeMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = Infinity;
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = Date.now() + ms;
    this.timer = setTimeout(() => {
      this.dueAt = Infinity;
      this.running = this.drain()
        .then(() => undefined)
        .catch((e) => this.log.error({ err: e }, 'outbox pass failed'))
        .finally(() => {
          this.running = undefined;
          // events written while the pass ran (nudges were ignored meanwhile) get a pass as a nudge would
          if (!this.stopped) this.schedule(emittedInProcess !== this.seenEmitted ? this.nudgeMs : this.pollMs);
        });
    }, ms);
    this.timer.unref();
  }

  /** Delivers every event that is due; returns how many were handled. Used directly by tests. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      this.seenEmitted = emittedInProcess;
      const { claimed: n, handled } = await this.runOnce();
      total += n;
      // Another pass after a full batch, or after any handled event: handlers may queue further events (the
      // notifications hub queues e-mails while fanning an event out), delivered in the same drain. A pass
      // of failures only stops (those wait for their backoff). Stop early when the worker is shut down.
      if ((n < this.batchSize && handled === 0) || this.stopping) {
        if (this.finished.length) await this.markFinished();
        return total;
      }
    }
  }

  private async markFinished(): Promise<void> {
    const ids = this.finished;
    await this.db.updateTable('core_outbox').set({ processed_at: sql`now()`, last_error: null }).where('id', 'in', ids).where('processed_at', 'is', null).execute();
    this.finished = this.finished.filter((id) => !ids.includes(id));
  }

  private async runOnce(): Promise<{ claimed: number; handled: number }> {
    // Claim a batch in one statement; handlers run after the claim so a slow handler does not hold PGlite's
    // single connection. Events nobody handles (kept as the record of a change, e.g. every cast ballot) are
    // done by the claim itself; the others are pushed into the future while they are being handled, so
    // another worker skips them. A crash between claim and completion leaves the row due again.
    this.claimPasses++;
    // the types this worker handles, as an array literal (both drivers take text)
    const handledTypes = `{${[...new Set([...this.handlers.keys(), ...this.batchHandlers.keys()])]
      .filter((t) => this.handles(t))
      .map((t) => `"${t.replace(/["\\]/g, '\\$&')}"`)
      .join(',')}}`;
    const lease = `${this.leaseMs} milliseconds`;
    const finished = this.finished;
    const finishedIds = `{${finished.join(',')}}`;
    const claimed = await sql<{ id: number; tenant_id: number | null; type: string; payload: unknown; attempts: number }>`
      with finished as (
        update core_outbox set processed_at = now(), last_error = null where id = any(${finishedIds}::bigint[]) and processed_at is null
      ),
      due as materialized (
        select id from core_outbox
        where processed_at is null and failed_at is null and available_at <= now() and not (id = any(${finishedIds}::bigint[]))
        order by id limit ${this.batchSize} for update skip locked
      )
      update core_outbox o set attempts = o.attempts + 1,
        processed_at = case when o.type = any(${handledTypes}::text[]) then null else now() end,
        available_at = case when o.type = any(${handledTypes}::text[]) then now() + ${lease}::interval else o.available_at end
      from due where o.id = due.id
      returning o.id, o.tenant_id, o.type, o.payload, o.attempts`.execute(this.db);
    this.finished = this.finished.filter((id) => !finished.includes(id));
    const rows = claimed.rows.map((r) => ({ ...r, id: Number(r.id) })).sort((a, b) => a.id - b.id);
    const mine = rows.filter((r) => this.handles(r.type));

    const failed = new Map<number, unknown>();
    const byType = new Map<string, OutboxEvent[]>();
    let handled = 0;
    for (const row of mine) {
      const event: OutboxEvent = { id: row.id, tenantId: row.tenant_id, type: row.type as EventType, payload: row.payload as never, attempts: row.attempts };
      const perEvent = this.handlers.get(row.type) ?? [];
      try {
        for (const h of perEvent) await h(event as never);
      } catch (e) {
        failed.set(row.id, e);
        continue;
      }
      if (this.batchHandlers.get(row.type)?.length) byType.set(row.type, [...(byType.get(row.type) ?? []), event]);
      else {
        // Done at once, one by one: a handler with an effect outside the database (an e-mail sent) must not
        // run again for an event it finished, if the process dies later in the pass.
        await this.db.updateTable('core_outbox').set({ processed_at: sql`now()`, last_error: null }).where('id', '=', row.id).execute();
        handled++;
      }
    }
    // Batch handlers (effects in the database only, idempotent): their events are done together, by the next
    // claim statement (a crash before it only hands them to the handler again after the lease).
    const done: number[] = [];
    for (const [type, events] of byType)
      try {
        for (const h of this.batchHandlers.get(type) ?? []) await h(events as never);
        done.push(...events.map((e) => e.id));
      } catch (e) {
        for (const ev of events) failed.set(ev.id, e);
      }
    // marked done by the claim statement of the pass that follows (drain runs one after any handled event)
    this.finished.push(...done);
    handled += done.length;
    for (const row of mine) {
      if (!failed.has(row.id)) continue;
      const e = failed.get(row.id);
      const attempts = row.attempts;
      const message = (e as Error)?.message ?? String(e);
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
    return { claimed: rows.length, handled };
  }
}
