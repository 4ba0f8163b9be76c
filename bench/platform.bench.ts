/**
 * The platform's own overhead: the tenant list (every page of the web app asks for it; with every city's
 * boundary about 50 KB for the demo's cities) and the health check (one query), each against a bare Fastify
 * route answering the same JSON, measured in the same run, with the statements of a first and a second request.
 */
import { seedTenants } from '../src/modules/tenants/index.js';
import { type BenchContext, type BenchResult, measureOnEachEngine } from './lib.js';

export function run(ctx: BenchContext): Promise<BenchResult[]> {
  return measureOnEachEngine(ctx, (built) => seedTenants(built.services.tenants), [
    { name: 'GET /api/v1/tenants', path: '/api/v1/tenants' },
    { name: 'GET /api/v1/health (queries the database)', path: '/api/v1/health' },
  ]);
}
