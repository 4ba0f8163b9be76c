/**
 * The strategy API under load: the whole tree and a project-list page (Baia Mare, 111 projects, page of 20
 * and of 100, and a diacritics-insensitive search), each against a bare Fastify route answering the same
 * JSON, measured in the same run, on PGlite and (when a server is given) PostgreSQL; plus the SQL
 * statements of a first and of a second request.
 */
import { type BenchContext, type BenchResult, measureOnEachEngine, seedStrategies } from './lib.js';

export function run(ctx: BenchContext): Promise<BenchResult[]> {
  return measureOnEachEngine(ctx, seedStrategies, [
    { name: 'GET strategy tree (timisoara)', path: '/api/v1/tenants/timisoara/strategy' },
    { name: 'GET projects page of 20 (baia-mare)', path: '/api/v1/tenants/baia-mare/projects?limit=20' },
    { name: 'GET projects page of 100 (baia-mare)', path: '/api/v1/tenants/baia-mare/projects?limit=100' },
    { name: 'GET projects ?q=participativa (baia-mare)', path: '/api/v1/tenants/baia-mare/projects?q=participativa' },
  ]);
}
