/**
 * The schema-driven fuzz (tests/helpers/fuzz.ts) of every write route, on both engines, bounded for
 * `npm test`; `npm run bench -- fuzz` runs it longer. No response may be ≥ 500, no refused request may leave
 * a row behind, and no request may go unanswered (a frozen server).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testEngines } from '../helpers/env.js';
import { runFuzz } from '../helpers/fuzz.js';

describe.each(testEngines())('fuzz of every write route (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine, { URBIA_RATE_LIMITS: 'false' });
  });
  afterAll(async () => {
    await t?.close();
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
