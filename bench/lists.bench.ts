/**
 * Every public list and detail page under load (issue 18), each next to a bare Fastify route answering the
 * same JSON measured in the same run: projects, KPIs, proposals, budgets, reports, datasets, sensors, groups,
 * organisations, events, evaluations and maturity, on the demo data (`npm start`'s), PGlite and (when a
 * server is given) PostgreSQL. Detail pages take the first item of their list. Also the SQL statements of a
 * first and of a second request (a cached presentation answers the second after its version query alone).
 */
import { seedDemo } from '../src/demo.js';
import { type BenchContext, type BenchResult, measureRoutes, onEachEngine } from './lib.js';

const T = '/api/v1/tenants/timisoara';
const BM = '/api/v1/tenants/baia-mare';

/** The public lists, and how to reach one item's page from a list's body. */
const LISTS: { name: string; path: string; detail: (body: Record<string, unknown>) => string | undefined }[] = [
  { name: 'projects page of 20', path: `${BM}/projects?limit=20`, detail: (b) => at(first(b, 'code'), (v) => `${BM}/projects/${encodeURIComponent(v)}`) },
  { name: 'KPIs', path: `${T}/kpis`, detail: (b) => at(first(b, 'code'), (v) => `${T}/kpis/${encodeURIComponent(v)}`) },
  { name: 'proposals', path: `${T}/proposals`, detail: (b) => at(first(b, 'id'), (v) => `${T}/proposals/${v}`) },
  { name: 'budgets', path: `${T}/budgets`, detail: (b) => at(first(b, 'slug'), (v) => `${T}/budgets/${v}/projects`) },
  { name: 'reports', path: `${T}/reports`, detail: (b) => at(first(b, 'id'), (v) => `${T}/reports/${v}`) },
  { name: 'datasets', path: `${T}/opendata/datasets`, detail: (b) => at(first(b, 'id'), (v) => `${T}/opendata/datasets/${encodeURIComponent(v)}`) },
  { name: 'sensors', path: `${T}/sensors`, detail: (b) => at(first(b, 'id'), (v) => `${T}/sensors/${v}`) },
  { name: 'groups', path: `${T}/groups`, detail: (b) => at(first(b, 'id'), (v) => `${T}/groups/${v}`) },
  { name: 'organisations', path: `${T}/organisations`, detail: (b) => at(first(b, 'id'), (v) => `${T}/organisations/${v}`) },
  { name: 'events', path: `${T}/events`, detail: (b) => at(first(b, 'id'), (v) => `${T}/events/${v}`) },
  { name: 'evaluations', path: `${T}/evaluations`, detail: (b) => at(first(b, 'id'), (v) => `${T}/evaluations/${v}`) },
  { name: 'maturity rounds', path: `${BM}/maturity/rounds`, detail: (b) => at(first(b, 'id'), (v) => `${BM}/maturity/rounds/${v}`) },
];

const at = (v: string | undefined, path: (v: string) => string) => (v === undefined ? undefined : path(v));

/** A field of a list's first item (lists answer `{ items: [...] }`); undefined when the list is empty. */
function first(body: Record<string, unknown>, field: string): string | undefined {
  const items = (Array.isArray(body) ? body : body.items) as Record<string, unknown>[] | undefined;
  const v = items?.[0]?.[field];
  return v === undefined || v === null ? undefined : String(v);
}

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const seconds = ctx.quick ? 1 : 5;
  return onEachEngine(
    ctx,
    (built, database, config) => seedDemo({ built, database, config, log: () => undefined }),
    async ({ server, queries, engine }) => {
      const cases: { name: string; path: string }[] = [];
      for (const l of LISTS) {
        cases.push({ name: `GET ${l.name}`, path: l.path });
        const res = await fetch(`${server.url}${l.path}`);
        if (!res.ok) throw new Error(`${l.path}: ${res.status}`);
        const detail = l.detail((await res.json()) as Record<string, unknown>);
        if (detail) cases.push({ name: `GET one of ${l.name}`, path: detail });
        else ctx.log(`  ${l.path} is empty in the demo: no detail page to measure`);
      }
      return measureRoutes({ baseUrl: server.url, queries, engine, seconds, cases, log: ctx.log });
    },
  );
}
