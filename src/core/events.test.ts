import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../tests/helpers/db.js';
import { testEngines } from '../../tests/helpers/env.js';
import { emit, OutboxWorker } from './events.js';

const silent = Fastify({ logger: false }).log;

describe.each(testEngines())('outbox on %s', (engine) => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await d?.close();
  });

  it('an event exists only if the change that emitted it committed', async () => {
    await expect(
      d.db.transaction().execute(async (trx) => {
        await emit(trx, 'notifications.email.requested', { to: 'rolled@back.example', subject: 's', text: 't' });
        throw new Error('the change fails');
      }),
    ).rejects.toThrow('the change fails');
    const rows = await d.db.selectFrom('core_outbox').selectAll().where(sql`payload->>'to'`, '=', 'rolled@back.example').execute();
    expect(rows).toHaveLength(0);
  });

  it('a nudge runs a pass only when this process has written an event since the last one', async () => {
    const worker = new OutboxWorker(d.db, silent, { pollMs: 60_000 });
    const delivered: string[] = [];
    worker.on('notifications.email.requested', async (e) => {
      if (e.payload.to.endsWith('@nudge.example')) delivered.push(e.payload.to);
    });
    worker.start(); // its first pass runs now; the next poll is a minute away
    await new Promise((r) => setTimeout(r, 100));
    let passes = 0;
    const drain = worker.drain.bind(worker);
    worker.drain = () => (passes++, drain());
    worker.nudge(); // nothing emitted since the first pass: no query
    await new Promise((r) => setTimeout(r, 100));
    expect(passes).toBe(0);
    await emit(d.db, 'notifications.email.requested', { to: 'a@nudge.example', subject: 's', text: 't' });
    worker.nudge();
    await expect.poll(() => delivered).toEqual(['a@nudge.example']);
    expect(passes).toBe(1);
    await worker.stop();
  });

  it('a burst of nudges (one per write request) makes at most two claim passes, the first taking the whole burst', async () => {
    const worker = new OutboxWorker(d.db, silent, { pollMs: 60_000, nudgeMs: 500 }); // a window wide enough for a loaded machine
    const delivered: string[] = [];
    worker.on('notifications.email.requested', async (e) => {
      if (e.payload.to.endsWith('@burst.example')) delivered.push(e.payload.to);
    });
    worker.start();
    await new Promise((r) => setTimeout(r, 100));
    const before = worker.claimPasses;
    for (let i = 0; i < 20; i++) {
      await emit(d.db, 'notifications.email.requested', { to: `${i}@burst.example`, subject: 's', text: 't' });
      worker.nudge();
    }
    await expect.poll(() => delivered.length).toBe(20);
    await new Promise((r) => setTimeout(r, 100));
    // one pass takes the burst, and one more looks for what its handlers queued (old code: one pass per nudge)
    expect(worker.claimPasses - before).toBeLessThanOrEqual(2);
    await worker.stop();
  });

  it('a batch handler gets the events of a pass in one call; a failure retries each of them', async () => {
    await d.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 12; i++) await emit(trx, 'notifications.email.requested', { to: `many${i}@example.org`, subject: 's', text: 't' });
    });
    const calls: string[][] = [];
    let fail = true;
    const worker = new OutboxWorker(d.db, silent, { backoffMs: 1 });
    worker.onMany('notifications.email.requested', async (events) => {
      const mine = events.map((e) => e.payload.to).filter((to) => to.startsWith('many'));
      if (!mine.length) return;
      calls.push(mine);
      if (fail) throw new Error('down');
    });
    await worker.drain();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toHaveLength(12);
    fail = false;
    await new Promise((r) => setTimeout(r, 20));
    await worker.drain();
    expect(calls).toHaveLength(2);
    expect(calls[1]).toHaveLength(12);
    const rows = await d.db.selectFrom('core_outbox').select(['processed_at', 'attempts', 'last_error']).where(sql`payload->>'to'`, 'like', 'many%').execute();
    expect(rows.every((r) => r.processed_at !== null && r.attempts === 2 && r.last_error === null)).toBe(true);
  });

  it('retries a failing handler with backoff and records the error, then gives up after maxAttempts', async () => {
    const worker = new OutboxWorker(d.db, silent, { backoffMs: 1, maxAttempts: 3 });
    let calls = 0;
    worker.on('notifications.email.requested', async (e) => {
      if (e.payload.to !== 'flaky@example.org') return;
      calls++;
      if (calls < 2) throw new Error('SMTP down');
    });
    await emit(d.db, 'notifications.email.requested', { to: 'flaky@example.org', subject: 's', text: 't' });
    await worker.drain();
    let row = await d.db.selectFrom('core_outbox').selectAll().where(sql`payload->>'to'`, '=', 'flaky@example.org').executeTakeFirstOrThrow();
    expect(row.processed_at).toBeNull();
    expect(row.last_error).toBe('SMTP down');
    expect(row.available_at.getTime()).toBeGreaterThan(Date.now() - 1000);
    await new Promise((r) => setTimeout(r, 20));
    await worker.drain();
    row = await d.db.selectFrom('core_outbox').selectAll().where(sql`payload->>'to'`, '=', 'flaky@example.org').executeTakeFirstOrThrow();
    expect(row.processed_at).not.toBeNull();
    expect(row.attempts).toBe(2);

    const dead = new OutboxWorker(d.db, silent, { backoffMs: 1, maxAttempts: 2 });
    dead.on('notifications.email.requested', async (e) => {
      if (e.payload.to === 'dead@example.org') throw new Error('mailbox does not exist');
    });
    await emit(d.db, 'notifications.email.requested', { to: 'dead@example.org', subject: 's', text: 't' });
    for (let i = 0; i < 3; i++) {
      await dead.drain();
      await new Promise((r) => setTimeout(r, 10));
    }
    const failed = await d.db.selectFrom('core_outbox').selectAll().where(sql`payload->>'to'`, '=', 'dead@example.org').executeTakeFirstOrThrow();
    expect(failed.failed_at).not.toBeNull();
    expect(failed.attempts).toBe(2);
  });

  it('two workers share the queue without handling an event twice (FOR UPDATE SKIP LOCKED)', async () => {
    const seen = new Map<number, number>();
    const make = () => {
      const w = new OutboxWorker(d.db, silent, { batchSize: 7 });
      w.on('notifications.email.requested', async (e) => {
        if (!e.payload.to.startsWith('bulk')) return;
        seen.set(e.id, (seen.get(e.id) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 1));
      });
      return w;
    };
    await d.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 60; i++) await emit(trx, 'notifications.email.requested', { to: `bulk${i}@example.org`, subject: 's', text: 't' });
    });
    await Promise.all([make().drain(), make().drain()]);
    expect(seen.size).toBe(60);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });

  it('events no handler takes are done in the claim transaction, batch after batch, and never handed to a handler', async () => {
    await d.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 25; i++) await emit(trx, 'notifications.email.requested', { to: `record${i}@example.org`, subject: 's', text: 't' });
    });
    const recordOnly = new OutboxWorker(d.db, silent, { batchSize: 10 }); // no handler at all
    expect(await recordOnly.drain()).toBeGreaterThanOrEqual(25);
    const rows = await d.db.selectFrom('core_outbox').select(['processed_at', 'attempts', 'last_error']).where(sql`payload->>'to'`, 'like', 'record%').execute();
    expect(rows).toHaveLength(25);
    expect(rows.every((r) => r.processed_at !== null && r.attempts === 1 && r.last_error === null)).toBe(true);
  });
});
