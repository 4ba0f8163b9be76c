/**
 * The strategy API under load: the whole tree and a project-list page (Baia Mare, 111 projects, page of 20
 * and of 100, and a diacritics-insensitive search), against a bare Fastify route measured in the same run,
 * on PGlite and (when a server is given) PostgreSQL; plus the SQL statements each request sends.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYSTEM } from '../src/core/actor.js';
import { loadConfig } from '../src/core/config.js';
import type { DatabaseHandle } from '../src/core/db.js';
import { ROOT_DIR } from '../src/core/version.js';
import { seedTenants } from '../src/modules/tenants/index.js';
import { startServer } from '../src/server.js';
import { type BenchContext, type BenchResult, bareFastify, httpLoad, scratchDatabase } from './lib.js';

/** Counts statements on the real engine (PGlite's query calls, or the pg pool's clients). */
function countQueries(database: DatabaseHandle): () => number {
  let n = 0;
  if (database.pglite) {
    const p = database.pglite as unknown as { query: (...a: unknown[]) => unknown };
    const original = p.query.bind(p);
    p.query = (...a: unknown[]) => (n++, original(...a));
  } else if (database.pool) {
    const pool = database.pool as unknown as { connect: () => Promise<{ query: (...a: unknown[]) => unknown }> };
    const connect = pool.connect.bind(pool);
    const seen = new WeakSet<object>();
    pool.connect = async () => {
      const c = await connect();
      if (!seen.has(c)) {
        seen.add(c);
        const q = c.query.bind(c);
        c.query = (...a: unknown[]) => (n++, q(...a));
      }
      return c;
    };
  }
  return () => n;
}

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const seconds = ctx.quick ? 2 : 5;
  const results: BenchResult[] = [];
  const engines: [string, string | undefined][] = [['pglite', undefined]];
  if (ctx.databaseUrl) engines.push(['postgres', ctx.databaseUrl]);
  for (const [engine, serverUrl] of engines) {
    const scratch = serverUrl ? await scratchDatabase(serverUrl) : undefined;
    try {
      const config = loadConfig({ URBIA_DATA_DIR: mkdtempSync(join(tmpdir(), 'urbia-bench-')), PORT: '0', LOG_LEVEL: 'silent', URBIA_RATE_LIMITS: 'false', ...(scratch ? { DATABASE_URL: scratch.url } : {}) });
      let queries = () => 0;
      const server = await startServer(config, {
        serveWeb: false,
        logger: false,
        beforeListen: async (built, database) => {
          await seedTenants(built.services.tenants);
          for (const f of ['timisoara-2022-2027.json', 'baia-mare-2030.json']) {
            const doc = JSON.parse(readFileSync(join(ROOT_DIR, 'data/strategies', f), 'utf8')) as { tenant: string };
            await built.modules.strategy!.importDocument(SYSTEM, await built.services.tenants.bySlug(doc.tenant), doc);
          }
          queries = countQueries(database);
        },
      });
      // No background work during the measurements: the SQL counts are the requests' own.
      await server.worker.stop();
      // The baseline answers a document of the same size as the tree, so serialisation is not what differs.
      const treeBody = await (await fetch(`${server.url}/api/v1/tenants/timisoara/strategy`)).json();
      const listBody = await (await fetch(`${server.url}/api/v1/tenants/baia-mare/projects?limit=20`)).json();
      const perRequest = async (path: string) => {
        const before = queries();
        const res = await fetch(`${server.url}${path}`);
        if (!res.ok) throw new Error(`${path}: ${res.status}`);
        await res.arrayBuffer();
        return queries() - before;
      };
      const cases: [string, string, unknown][] = [
        ['GET strategy tree (timisoara)', '/api/v1/tenants/timisoara/strategy', treeBody],
        ['GET projects page of 20 (baia-mare)', '/api/v1/tenants/baia-mare/projects?limit=20', listBody],
        ['GET projects page of 100 (baia-mare)', '/api/v1/tenants/baia-mare/projects?limit=100', listBody],
        ['GET projects ?q=participativa (baia-mare)', '/api/v1/tenants/baia-mare/projects?q=participativa', listBody],
      ];
      for (const [name, path, body] of cases) {
        const bare = await bareFastify(body);
        const baseline = await httpLoad(bare.url, { seconds });
        await bare.close();
        const q = await perRequest(path);
        const load = await httpLoad(`${server.url}${path}`, { seconds });
        results.push({
          name: `${name} (${engine})`,
          value: load.requestsPerSec,
          unit: 'req/s',
          baseline: { name: 'bare Fastify, same JSON', value: baseline.requestsPerSec },
          details: { p50_ms: load.p50, p99_ms: load.p99, sql_per_request: q, non2xx: load.non2xx },
        });
      }
      await server.close();
    } finally {
      await scratch?.drop();
    }
  }
  return results;
}
