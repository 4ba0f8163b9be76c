/**
 * Categories for both cities and plausible demo reports, generated in SQL (one INSERT … SELECT
 * generate_series per city), so the demo is fast and a restart changes nothing. The benchmark uses the
 * same generator for a million rows.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { SYSTEM } from '../../core/actor.js';
import { ROOT_DIR } from '../../core/version.js';
import type { Db } from '../../core/db.js';
import type { TenantRow } from '../tenants/index.js';
import { areasOf } from './reports.areas.js';
import { reportsChanged } from './reports.common.js';
import { parseGazetteerCsv } from './gazetteer/gazetteer.geocoder.js';
import { CATEGORY_SEEDS } from './reports.categories.js';
import type { ReportsRepository } from './reports/reports.repository.js';
import type { ReportsService } from './reports/reports.service.js';

export async function seedCategories(db: Db, repo: ReportsRepository, tenant: TenantRow): Promise<void> {
  await db.transaction().execute(async (trx) => {
    let sort = 0;
    for (const c of CATEGORY_SEEDS)
      await repo.upsertCategory(trx, {
        tenant_id: tenant.id,
        code: c.code,
        name: JSON.stringify(c.name),
        description: JSON.stringify(c.description),
        group_name: JSON.stringify(c.group),
        department: JSON.stringify(c.department),
        target_days: c.targetDays,
        keywords: c.keywords,
        attributes: JSON.stringify(c.attributes ?? []),
        sort: sort++,
      });
  });
}

const STREETS: Record<string, string[]> = {
  timisoara: ['Bd. Revoluției din 1989', 'Str. Alba Iulia', 'Calea Aradului', 'Bd. Take Ionescu', 'Str. Mărășești', 'Calea Șagului', 'Bd. Cetății', 'Str. Gheorghe Lazăr', 'Calea Buziașului', 'Str. Ion Ionescu de la Brad'],
  'baia-mare': ['Bd. Republicii', 'Str. Victoriei', 'Bd. București', 'Str. Progresului', 'Str. Culturii', 'Bd. Traian', 'Str. Gheorghe Șincai', 'Str. Vasile Lucaciu', 'Str. Electrolizei', 'Bd. Independenței'],
};

/**
 * SQL for the area of (lat, lon) expressions, by the same rule as areaFor in TypeScript: the polygon holding
 * the point (PostgreSQL's built-in `polygon @> point`, no PostGIS needed; every outer ring of a
 * MultiPolygon is one row) when the city's areas are polygons, else the nearest area centre.
 */
function areaSql(tenant: TenantRow, lat: ReturnType<typeof sql>, lon: ReturnType<typeof sql>) {
  const areas = areasOf(tenant);
  if (areas.length === 0) return sql`null::text`;
  if (areas[0]!.boundary) {
    // in the areas' order, like areaFor: OpenStreetMap's polygons overlap in a few slivers along shared streets
    const rings = areas.flatMap((a, i) => {
      const b = a.boundary!;
      const polygons = (b.type === 'Polygon' ? [b.coordinates] : b.coordinates) as number[][][][];
      return polygons.map((poly) => sql`(${i}::int, ${a.code}::text, ${`(${(poly[0] ?? []).map(([x, y]) => `(${x},${y})`).join(',')})`}::polygon)`);
    });
    return sql`(select v.code from (values ${sql.join(rings)}) as v(ord, code, poly) where v.poly @> point(${lon}, ${lat}) order by v.ord limit 1)`;
  }
  const values = sql.join(areas.map((a) => sql`(${a.code}::text, ${a.lat}::float8, ${a.lon}::float8)`));
  return sql`(select v.code from (values ${values}) as v(code, lat, lon) order by (v.lat - ${lat}) ^ 2 + ((v.lon - ${lon}) * cos(radians(${lat}))) ^ 2 limit 1)`;
}

/**
 * Sets the area of every report with a point by the city's current areas (idempotent): reports made before
 * areas existed, and those placed by an earlier rule (Timișoara's approximate centres before its polygons).
 */
export async function backfillAreas(db: Db, tenant: TenantRow): Promise<void> {
  await sql`update reports_reports r set area = a.code
    from (select r2.id, ${areaSql(tenant, sql`r2.lat`, sql`r2.lon`)} as code from reports_reports r2 where r2.tenant_id = ${tenant.id} and r2.lat is not null) a
    where r.id = a.id and r.area is distinct from a.code`.execute(db);
}

/**
 * Inserts `count` published reports spread around the city centre (within about ±2 km), over the last
 * `spanDays` days, with statuses and milestone times that make the statistics meaningful. Tokens are
 * `<prefix>-<tenant>-<n>`, so a second run with the same prefix is a no-op.
 */
export async function generateReports(db: Db, tenant: TenantRow, count: number, opts: { prefix: string; spanDays: number; source: 'demo' }): Promise<void> {
  const streets = STREETS[tenant.slug] ?? ['Str. Principală'];
  await sql`
    insert into reports_reports (tenant_id, category_id, status, lat, lon, area, address, title, description, attributes, media_urls, token, confirmed_at, source, anonymous, reporter_name, created_at, updated_at, acknowledged_at, fixed_at, closed_at)
    select ${tenant.id}, c.id, s.status, p.lat, p.lon, ${areaSql(tenant, sql`p.lat`, sql`p.lon`)},
      (${sql.val(streets)}::text[])[(1 + g % ${streets.length})::int] || ' ' || (1 + g % 97),
      (c.name->>'ro') || ' – ' || (${sql.val(streets)}::text[])[(1 + g % ${streets.length})::int],
      'Sesizare generată pentru demonstrație.',
      case when c.code = 'pothole' then '{"size":"medium"}'::jsonb else '{}'::jsonb end,
      '[]'::jsonb,
      ${opts.prefix} || '-' || ${tenant.slug} || '-' || g,
      s.created + interval '10 minutes', ${opts.source}, g % 3 = 0, case when g % 3 = 0 then null else 'Cetățean ' || g end,
      s.created, coalesce(s.fixed, s.ack, s.created),
      s.ack, s.fixed, case when s.status in ('fixed','closed','duplicate','not_responsible','wont_fix') then coalesce(s.fixed, s.ack + interval '1 day') end
    from generate_series(1, ${count}::int) g
    cross join (select array_agg(id order by sort, id) as ids from reports_categories where tenant_id = ${tenant.id}) cats
    join reports_categories c on c.id = cats.ids[1 + (g % cardinality(cats.ids))::int]
    cross join lateral (select
      ${tenant.centre_lat} + ((g::bigint * 7919) % 4001 - 2000) / 110000.0 as lat,
      ${tenant.centre_lon} + ((g::bigint * 104729) % 4001 - 2000) / 78000.0 as lon) p
    cross join lateral (
      select st.status, st.created,
        case when st.status = 'open' then null else least(now(), st.created + ((g % 5) + 1) * interval '9 hours') end as ack,
        case when st.status = 'fixed' then least(now(), st.created + ((g % 23) + 1) * interval '1 day') end as fixed
      from (select
        (array['open','acknowledged','in_progress','fixed','fixed','fixed','closed','wont_fix'])[(1 + g % 8)::int] as status,
        now() - ((g::bigint * 37) % (${opts.spanDays} * 24)) * interval '1 hour' - interval '1 hour' as created) st
    ) s
    on conflict (token) do nothing`.execute(db);
  // no event announces generated reports: the public answers kept in any process are dropped here
  await reportsChanged(db, tenant.id);
}

/**
 * Real gazetteers shipped in data/geo/: Timișoara's streets and addresses from OpenStreetMap (1,814 streets
 * and 7,333 addresses over the city and the neighbouring communes the extract covers, © OpenStreetMap
 * contributors, ODbL 1.0), loaded into each city of the metropolitan area with the rows inside its own
 * boundary.
 */
const REAL_GAZETTEERS: { file: string; cities: (t: TenantRow, parentSlug: string | undefined) => boolean; source: string }[] = [
  { file: 'timisoara_zm_gazetteer.csv', cities: (t, parent) => t.slug === 'timisoara' || parent === 'zm-timisoara', source: 'OpenStreetMap (2025-05-24), © OpenStreetMap contributors, ODbL 1.0' },
];

/**
 * The demo's gazetteer of a city: the real one from data/geo/ where there is one (replacing the earlier
 * approximate demo list), else a small demo list (data/reports/gazetteer-<slug>.csv: well-known squares,
 * landmarks, main streets and neighbourhoods, APPROXIMATE to a few hundred metres). Both load through the
 * same importer as staff use, and only over an empty or demo gazetteer, so one loaded by staff is never replaced.
 */
export async function seedGazetteer(service: ReportsService, tenant: TenantRow, parentSlug?: string): Promise<void> {
  const sources = await service.gazetteer.sources(tenant);
  const real = REAL_GAZETTEERS.find((g) => g.cities(tenant, parentSlug) && existsSync(join(ROOT_DIR, 'data', 'geo', g.file)));
  if (real) {
    if (sources.some((s) => s !== DEMO_SOURCE) || sources.includes(real.source)) return;
    const text = readFileSync(join(ROOT_DIR, 'data', 'geo', real.file), 'utf8');
    if (parseGazetteerCsv(text, tenant, { skipOutside: true }).rows.length === 0) return;
    await service.gazetteer.import(SYSTEM, tenant, text, { source: real.source, skipOutside: true });
    return;
  }
  const file = join(ROOT_DIR, 'data', 'reports', `gazetteer-${tenant.slug}.csv`);
  if (!existsSync(file) || sources.length > 0) return;
  await service.gazetteer.import(SYSTEM, tenant, readFileSync(file, 'utf8'), { source: DEMO_SOURCE });
}

const DEMO_SOURCE = 'demo (approximate)';
