/**
 * The long fuzz: the same schema-driven fuzz as tests/security/fuzz.test.ts (tests/helpers/fuzz.ts) with many
 * more random values per write route, on PGlite and (when a server is configured) PostgreSQL.
 * `npm run bench -- fuzz` (about 40 random requests per route; `--quick`: 5).
 */
import { createTestApp } from '../tests/helpers/app.js';
import { runFuzz } from '../tests/helpers/fuzz.js';
import type { BenchContext, BenchResult } from './lib.js';

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const engines = ctx.databaseUrl ? (['pglite', 'postgres'] as const) : (['pglite'] as const);
  if (ctx.databaseUrl) process.env.URBIA_TEST_DATABASE_URL = ctx.databaseUrl;
  for (const engine of engines) {
    const t = await createTestApp(engine, { URBIA_RATE_LIMITS: 'false' });
    try {
      const started = Date.now();
      const r = await runFuzz(t, { randomPerRoute: ctx.quick ? 5 : 40, seed: Date.now() % 1_000_000, deadlineMs: 30_000 });
      for (const f of [...r.serverErrors, ...r.partialWrites].slice(0, 20)) ctx.log(`  ${engine}: ${f.route} ${f.family} → ${f.status} ${f.detail}`);
      results.push({
        name: `fuzz ${engine}: requests`,
        value: r.requests,
        unit: 'requests',
        details: { routes: r.routes, '5xx': r.serverErrors.length, partialWrites: r.partialWrites.length, hangs: r.hangs.length, seconds: Math.round((Date.now() - started) / 1000) },
      });
    } finally {
      await t.close();
    }
  }
  return results;
}
