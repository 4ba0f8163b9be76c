/** The platform's own overhead: health and tenant list against a bare Fastify route. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/core/config.js';
import { startServer } from '../src/server.js';
import { seedTenants } from '../src/modules/tenants/index.js';
import { type BenchContext, type BenchResult, bareFastify, httpLoad } from './lib.js';

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const seconds = ctx.quick ? 2 : 5;
  const bare = await bareFastify({ items: [{ slug: 'timisoara' }, { slug: 'baia-mare' }] });
  const baseline = await httpLoad(bare.url, { seconds });
  await bare.close();
  const results: BenchResult[] = [];
  const engines: [string, string | undefined][] = [['pglite', undefined]];
  if (ctx.databaseUrl) engines.push(['postgres', ctx.databaseUrl]);
  for (const [engine, url] of engines) {
    const config = loadConfig({ URBIA_DATA_DIR: mkdtempSync(join(tmpdir(), 'urbia-bench-')), PORT: '0', LOG_LEVEL: 'silent', ...(url ? { DATABASE_URL: url } : {}) });
    const server = await startServer(config, { serveWeb: false, logger: false, beforeListen: (b) => seedTenants(b.services.tenants) });
    const tenants = await httpLoad(`${server.url}/api/v1/tenants`, { seconds });
    const health = await httpLoad(`${server.url}/api/v1/health`, { seconds });
    await server.close();
    results.push(
      { name: `GET /api/v1/tenants (${engine})`, value: tenants.requestsPerSec, unit: 'req/s', baseline: { name: 'bare Fastify', value: baseline.requestsPerSec }, details: { p50_ms: tenants.p50, p99_ms: tenants.p99 } },
      { name: `GET /api/v1/health (${engine}, queries the database)`, value: health.requestsPerSec, unit: 'req/s', baseline: { name: 'bare Fastify', value: baseline.requestsPerSec }, details: { p50_ms: health.p50, p99_ms: health.p99 } },
    );
  }
  return results;
}
