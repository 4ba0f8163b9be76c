/**
 * `npm run bench [-- --quick] [-- name…]`: runs every bench/*.bench.ts (or those whose name matches),
 * each with its baselines, and prints one table. Results are also saved under .bench/.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BenchContext, type BenchResult, printResults, saveResults } from './lib.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const filters = args.filter((a) => !a.startsWith('--'));
const ctx: BenchContext = {
  databaseUrl: process.env.URBIA_BENCH_DATABASE_URL ?? process.env.URBIA_TEST_DATABASE_URL,
  quick,
  log: (m) => console.log(m),
};

const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (!ctx.databaseUrl) console.log('No PostgreSQL server (URBIA_BENCH_DATABASE_URL): server figures are skipped; start one with scripts/pg-test-server.sh.');
const all: BenchResult[] = [];
for (const f of files) {
  console.log(`\n# ${f}`);
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { run(ctx: BenchContext): Promise<BenchResult[]> };
  const results = await mod.run(ctx);
  printResults(results);
  all.push(...results);
}
console.log(`\nSaved to ${saveResults(all)}`);
process.exit(0);
