/**
 * Where a route's time goes (issue 18): starts the platform with both strategies (or the whole demo with
 * `--demo`), drives each PATH with autocannon from a separate process, and samples the server's CPU with the
 * V8 profiler (node:inspector) during the load only. Prints the self time by area (PGlite's WASM, the pg
 * driver, zod, Fastify, JSON, our code…) and the top functions, and writes the .cpuprofile (open it in
 * Chrome DevTools → Performance) under .bench/profiles/.
 *
 * With `--explain`, first prints EXPLAIN (ANALYZE, BUFFERS) of every statement the route's first request sends.
 *
 *   node --import tsx bench/profile.ts [--demo] [--explain] [--seconds 5] [--postgres URL] PATH…
 *   e.g. node --import tsx bench/profile.ts '/api/v1/tenants/baia-mare/projects?limit=20'
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/core/config.js';
import { ROOT_DIR } from '../src/core/version.js';
import { seedDemo } from '../src/demo.js';
import { type RunningServer, startServer } from '../src/server.js';
import { type CpuProfile, summarise } from './cpu.js';
import { countQueries, loadApart, scratchDatabase, seedStrategies } from './lib.js';

/** EXPLAIN (ANALYZE, BUFFERS) of each statement a request sent, with its parameters: the plan's root line and the times. */
async function explainEach(server: RunningServer, statements: unknown[][]) {
  for (const [text, params] of statements) {
    if (typeof text !== 'string' || !/^\s*(select|with)\b/i.test(text)) continue;
    const sqlText = `explain (analyze, buffers) ${text}`;
    const values = Array.isArray(params) ? params : [];
    const rows = server.database.pglite
      ? ((await server.database.pglite.query(sqlText, values)).rows as Record<string, string>[])
      : ((await server.database.pool!.query(sqlText, values)).rows as Record<string, string>[]);
    const lines = rows.map((r) => Object.values(r)[0]!);
    console.log(`  ${text.replace(/\s+/g, ' ').slice(0, 110)}…\n    ${[lines[0], ...lines.filter((l) => /Buffers: shared|Planning Time|Execution Time/.test(l)).slice(-3)].map((l) => l!.trim()).join('\n    ')}`);
  }
}

async function main() {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const demo = args.includes('--demo') ? (args.splice(args.indexOf('--demo'), 1), true) : false;
  const explain = args.includes('--explain') ? (args.splice(args.indexOf('--explain'), 1), true) : false;
  const seconds = Number(flag('--seconds') ?? 5);
  const postgres = flag('--postgres');
  const paths = args;
  if (!paths.length) throw new Error('usage: bench/profile.ts [--demo] [--seconds 5] [--postgres URL] PATH…');
  const scratch = postgres ? await scratchDatabase(postgres) : undefined;
  try {
    const config = loadConfig({ URBIA_DATA_DIR: mkdtempSync(join(tmpdir(), 'urbia-profile-')), PORT: '0', LOG_LEVEL: 'silent', URBIA_RATE_LIMITS: 'false', ...(scratch ? { DATABASE_URL: scratch.url } : {}) });
    let queries = () => 0;
    let capture = false;
    const captured: unknown[][] = [];
    const server = await startServer(config, {
      serveWeb: false,
      logger: false,
      beforeListen: async (built, database) => {
        if (demo) await seedDemo({ built, database, config, log: () => undefined });
        else await seedStrategies(built);
        queries = countQueries(database, (a) => {
          if (capture) captured.push(a);
        });
      },
    });
    await server.worker.stop();
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    const dir = join(ROOT_DIR, '.bench/profiles');
    mkdirSync(dir, { recursive: true });
    for (const path of paths) {
      const before = queries();
      captured.length = 0;
      capture = true;
      await (await fetch(`${server.url}${path}`)).arrayBuffer();
      capture = false;
      const first = queries() - before;
      if (explain) await explainEach(server, captured.splice(0));
      await session.post('Profiler.start');
      const load = await loadApart({ url: `${server.url}${path}`, connections: 20, seconds });
      const { profile } = await session.post('Profiler.stop');
      const file = join(dir, `${path.replace(/[^a-z0-9]+/gi, '_').slice(0, 80)}-${server.database.engine}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      console.log(`\n${path} (${server.database.engine}): ${Math.round(load.requests.average)} req/s, p50 ${load.latency.p50} ms, p99 ${load.latency.p99} ms; first request ${first} SQL statements; profile: ${file}`);
      console.log(summarise(profile as unknown as CpuProfile));
    }
    session.disconnect();
    await server.close();
  } finally {
    await scratch?.drop();
  }
}

await main();
process.exit(0);
