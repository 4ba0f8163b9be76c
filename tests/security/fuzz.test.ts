/**
 * The schema-driven fuzz (tests/helpers/fuzz.ts) of every write route, on both engines, bounded for
 * `npm test`; `npm run bench -- fuzz` runs it longer. No response may be ≥ 500, no refused request may leave
 * a row behind, and no request may go unanswered (a frozen server).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testEngines } from '../helpers/env.js';
import { sql } from 'kysely';
import { fingerprint, installWriteCounter, removeWriteCounter, runFuzz } from '../helpers/fuzz.js';

describe.each(testEngines())('fuzz of every write route (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine, { URBIA_RATE_LIMITS: 'false' });
  });
  afterAll(async () => {
    await t?.close();
  });

  // The fuzz's partial-write check is only as good as its counter: it must see a committed change, and neither a
  // rolled-back one nor an UPDATE that leaves the row as it was.
  it('counts committed row changes only', async () => {
    const db = t.database.db;
    await sql`create table fuzz_probe (k text primary key, v text)`.execute(db);
    await installWriteCounter(t, ['fuzz_probe']);
    const start = await fingerprint(t);
    await db.transaction().execute(async (trx) => {
      await sql`insert into fuzz_probe values ('a', '1')`.execute(trx);
      throw new Error('roll back');
    }).catch(() => undefined);
    expect(await fingerprint(t)).toEqual(start);
    await sql`insert into fuzz_probe values ('a', '1')`.execute(db);
    const afterInsert = await fingerprint(t);
    expect(afterInsert.get('fuzz_probe')).toBe('1');
    await sql`update fuzz_probe set v = v`.execute(db);
    expect(await fingerprint(t)).toEqual(afterInsert);
    await sql`update fuzz_probe set v = '2'`.execute(db);
    expect((await fingerprint(t)).get('fuzz_probe')).toBe('2');
    await removeWriteCounter(t, ['fuzz_probe']);
    await sql`drop table fuzz_probe`.execute(db);
  });

  it('answers every malformed request with a 4xx problem, writes nothing for it, and never freezes', { timeout: 600_000 }, async () => {
    const report = await runFuzz(t, { randomPerRoute: 2, seed: 20261203, deadlineMs: 30_000 });
    console.log(`fuzz (${engine}): ${report.routes} write routes, ${report.requests} requests, ${report.serverErrors.length} responses ≥ 500, ${report.partialWrites.length} partial writes, ${report.hangs.length} hangs; statuses ${JSON.stringify(report.statuses)}`);
    expect(report.routes).toBeGreaterThanOrEqual(90);
    expect(report.requests).toBeGreaterThan(report.routes * 5);
    expect(report.serverErrors, JSON.stringify(report.serverErrors.slice(0, 20), null, 1)).toEqual([]);
    expect(report.partialWrites, JSON.stringify(report.partialWrites.slice(0, 20), null, 1)).toEqual([]);
    expect(report.hangs).toEqual([]);
  });
});
