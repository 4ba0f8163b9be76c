/** Reports' SQL (Kysely only). Write methods take the transaction they run in. */
import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import type { Database, Db } from '../../../core/db.js';
import { boxAround } from '../../../core/geo.js';
import { readDb } from '../../../core/replica.js';
import { OPEN_STATUSES, type ReportStatus } from '../reports.tables.js';

type Q = Kysely<Database> | Transaction<Database>;

/** Lists count at most this many matches; above it the UI says "more than". */
export const COUNT_CAP = 10_000;

export interface Bbox {
  minLat: number;
  minLon: number;
  maxLat: number;
  maxLon: number;
}

/** What the public map filters on (published reports only). */
export interface MapFilter {
  tenantId: number;
  bbox: Bbox;
  status?: readonly ReportStatus[] | undefined;
  categoryIds?: readonly number[] | undefined;
  area?: string | undefined;
  limit: number;
}

/** The published reports whose point is inside the box: the condition the GiST index reports_reports_map answers. */
const inBox = (b: Bbox) =>
  sql<boolean>`point(r.lon, r.lat) <@ box(point(${b.minLon}::float8, ${b.minLat}::float8), point(${b.maxLon}::float8, ${b.maxLat}::float8))`;

/** A row of reports_map_cells: one cell's published reports of one status and category. */
export type CellRow = Omit<Database['reports_map_cells'], 'tenant_id' | 'bits'>;

/** A published report as the map's point tiles keep it (the creation time exact to the microsecond, for the order). */
export interface TilePoint {
  id: string;
  status: ReportStatus;
  category_id: number;
  category_code: string;
  title: string;
  lat: number;
  lon: number;
  created_at_exact: string;
}

export type CategoryRow = Awaited<ReturnType<ReportsRepository['categories']>>[number];
export type ReportRow = Awaited<ReturnType<ReportsRepository['byId']>> & object;

export interface ListFilter {
  tenantId: number;
  status?: readonly ReportStatus[] | undefined;
  categoryIds?: readonly number[] | undefined;
  bbox?: Bbox | undefined;
  /** staff see unconfirmed and hidden reports too */
  staff?: boolean;
  departmentCode?: string | undefined;
  ids?: readonly string[] | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  reporterUserId?: string | undefined;
  area?: string | undefined;
  sort?: 'newest' | 'oldest' | 'sla' | undefined;
  /** keyset pagination (newest first only): the rows after this (created_at, id), see `cursor` on each row */
  after?: { createdAt: string; id: string } | undefined;
  limit: number;
  offset?: number;
}

const REPORT_COLUMNS = [
  'r.id', 'r.tenant_id', 'r.category_id', 'r.status', 'r.lat', 'r.lon', 'r.address', 'r.address_id', 'r.title', 'r.description', 'r.attributes', 'r.media_urls',
  'r.reporter_user_id', 'r.reporter_email', 'r.reporter_name', 'r.anonymous', 'r.token', 'r.confirmed_at', 'r.source', 'r.assigned_user_id',
  'r.duplicate_of', 'r.hidden_at', 'r.hidden_reason', 'r.supporters', 'r.created_at', 'r.updated_at', 'r.acknowledged_at', 'r.fixed_at', 'r.closed_at', 'r.area',
  'c.code as category_code', 'c.name as category_name', 'c.department as category_department', 'c.target_days',
] as const;

export class ReportsRepository {
  constructor(private readonly db: Db) {}

  /** The unit of work: a change, its audit row and its event commit together. */
  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  categories(tenantId: number, q: Q = this.db) {
    return q.selectFrom('reports_categories').selectAll().where('tenant_id', '=', tenantId).where('active', '=', true).orderBy('sort').orderBy('id').execute();
  }

  async upsertCategory(trx: Q, row: { tenant_id: number; code: string; name: string; description: string; group_name: string; department: string; target_days: number; keywords: string; attributes: string; sort: number }): Promise<void> {
    await trx
      .insertInto('reports_categories')
      .values(row)
      .onConflict((oc) => oc.columns(['tenant_id', 'code']).doNothing())
      .execute();
  }

  private base(q: Q = this.db) {
    return q.selectFrom('reports_reports as r').innerJoin('reports_categories as c', 'c.id', 'r.category_id');
  }

  byId(id: string, q: Q = this.db) {
    return this.base(q).select(REPORT_COLUMNS).where('r.id', '=', id).executeTakeFirst();
  }

  byToken(token: string) {
    return this.base().select(REPORT_COLUMNS).where('r.token', '=', token).executeTakeFirst();
  }

  insertReport(trx: Q, row: Insertable<Database['reports_reports']>) {
    return trx.insertInto('reports_reports').values(row).returning(['id', 'token']).executeTakeFirstOrThrow();
  }

  insertPhotos(trx: Q, rows: { id: string; tenant_id: number; report_id: string; file_name: string; mime: string; width: number; height: number; bytes: number }[]) {
    if (rows.length === 0) return Promise.resolve();
    return trx.insertInto('reports_photos').values(rows).execute();
  }

  photos(reportIds: readonly string[]) {
    if (reportIds.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('reports_photos').select(['id', 'report_id', 'width', 'height', 'file_name']).where('report_id', 'in', reportIds).orderBy('created_at').execute();
  }

  photo(tenantId: number, reportId: string, photoId: string) {
    return this.db
      .selectFrom('reports_photos as p')
      .innerJoin('reports_reports as r', 'r.id', 'p.report_id')
      .select(['p.file_name', 'p.mime', 'r.confirmed_at', 'r.hidden_at'])
      .where('p.tenant_id', '=', tenantId)
      .where('p.report_id', '=', reportId)
      .where('p.id', '=', photoId)
      .executeTakeFirst();
  }

  async list(f: ListFilter) {
    // created_at to the microsecond as text: a Date would round it to the millisecond and a keyset cursor
    // built from it could skip or repeat rows created within the same millisecond
    // the public list may be a moment stale: the replica when there is one (a person's own writes excepted)
    let q = this.base(f.staff ? this.db : readDb(this.db))
      .select(REPORT_COLUMNS)
      .select(sql<string>`to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('created_at_exact'))
      .where('r.tenant_id', '=', f.tenantId);
    q = this.filters(q, f);
    if (f.after) {
      if (f.sort && f.sort !== 'newest') throw new Error('keyset pagination is for the newest-first order only');
      q = q.where(sql<boolean>`(r.created_at, r.id) < (${f.after.createdAt}::timestamptz, ${f.after.id}::bigint)`);
    }
    if (f.sort === 'oldest') q = q.orderBy('r.created_at', 'asc');
    else if (f.sort === 'sla')
      q = q.orderBy(sql`(extract(epoch from (now() - r.created_at)) / 86400.0) / c.target_days`, 'desc');
    else q = q.orderBy('r.created_at', 'desc');
    return q.orderBy('r.id', 'desc').limit(f.limit).offset(f.offset ?? 0).execute();
  }

  /**
   * How many reports match, counted up to `cap` (a page needs "more than 10,000", not the exact figure
   * over a million rows, which would cost a full scan on every page view).
   */
  async count(f: ListFilter, cap = COUNT_CAP): Promise<number> {
    // The categories join is only needed to filter by department; without it the count reads one index.
    const db = f.staff ? this.db : readDb(this.db);
    const from = f.departmentCode ? this.base(db) : (db.selectFrom('reports_reports as r') as unknown as ReturnType<ReportsRepository['base']>);
    const q = this.filters(from.select(sql<number>`1`.as('one')).where('r.tenant_id', '=', f.tenantId), f);
    const r = await db.selectFrom(q.limit(cap + 1).as('capped')).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /**
   * The few columns a map needs, at most `limit` of the published reports inside the bbox, newest first. The box
   * is read on the GiST index of point(lon, lat) (reports_reports_map) and cut at `limit` BEFORE sorting, so a
   * dense box costs `limit` index entries, not every report inside it: the caller asks for one more than it
   * shows and clusters when that many come back.
   */
  mapPoints(f: MapFilter) {
    // the public map may be a moment stale: the replica when there is one (a person's own writes excepted)
    const db = readDb(this.db);
    const inner = this.filters(
      this.base(db).select(['r.id', 'r.status', 'c.code as category_code', 'r.title', 'r.lat', 'r.lon', 'r.created_at']).where('r.tenant_id', '=', f.tenantId).where(inBox(f.bbox)),
      { ...f, bbox: undefined },
    ).limit(f.limit);
    return db.selectFrom(inner.as('p')).selectAll().orderBy('p.created_at', 'desc').orderBy('p.id', 'desc').execute();
  }

  /**
   * Cluster counts of published reports per grid cell of 1/2^bits degrees overlapping the bbox, with the centre
   * of each cell's reports, read from reports_map_cells (a few rows per cell, whatever the number of reports).
   */
  mapCells(f: MapFilter, bits: number) {
    const k = 2 ** bits;
    let q = this.db
      .selectFrom('reports_map_cells as m')
      .select(['m.cx', 'm.cy', sql<string>`sum(m.n)`.as('n'), sql<number>`sum(m.lat_sum) / sum(m.n)`.as('lat'), sql<number>`sum(m.lon_sum) / sum(m.n)`.as('lon')])
      .where('m.tenant_id', '=', f.tenantId)
      .where('m.bits', '=', bits)
      .where('m.cx', '>=', Math.floor(f.bbox.minLon * k))
      .where('m.cx', '<=', Math.floor(f.bbox.maxLon * k))
      .where('m.cy', '>=', Math.floor(f.bbox.minLat * k))
      .where('m.cy', '<=', Math.floor(f.bbox.maxLat * k))
      .where('m.n', '>', 0);
    if (f.status?.length) q = q.where('m.status', 'in', f.status);
    if (f.categoryIds?.length) q = q.where('m.category_id', 'in', f.categoryIds);
    return q.groupBy(['m.cx', 'm.cy']).having(sql`sum(m.n)`, '>', 0).execute();
  }

  /** The rows of reports_map_cells of one grid level in a range of cells (the map's cell tiles), unfiltered. */
  mapCellRows(tenantId: number, bits: number, r: { x0: number; x1: number; y0: number; y1: number }): Promise<CellRow[]> {
    return this.db
      .selectFrom('reports_map_cells')
      .select(['cx', 'cy', 'status', 'category_id', 'n', 'lat_sum', 'lon_sum'])
      .where('tenant_id', '=', tenantId)
      .where('bits', '=', bits)
      .where('cx', '>=', r.x0)
      .where('cx', '<=', r.x1)
      .where('cy', '>=', r.y0)
      .where('cy', '<=', r.y1)
      .where('n', '>', 0)
      .execute();
  }

  /** Every published report inside the box (the map's point tiles), on the GiST index; the caller bounds their number. */
  async mapTilePoints(tenantId: number, b: Bbox): Promise<TilePoint[]> {
    const rows = await this.filters(
      this.base(readDb(this.db))
        .select(['r.id', 'r.status', 'r.category_id', 'c.code as category_code', 'r.title', 'r.lat', 'r.lon'])
        .select(sql<string>`to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`.as('created_at_exact'))
        .where('r.tenant_id', '=', tenantId)
        .where(inBox(b)),
      { tenantId, limit: 0 },
    ).execute();
    return rows as TilePoint[];
  }

  /** The same cells counted from the reports themselves, for filters the cell table does not keep (area). */
  mapCellsLive(f: MapFilter, bits: number) {
    const k = 2 ** bits;
    const cx = sql<number>`floor(r.lon * ${k})::int`;
    const cy = sql<number>`floor(r.lat * ${k})::int`;
    const q = this.filters(
      this.db
        .selectFrom('reports_reports as r')
        .select([cx.as('cx'), cy.as('cy'), sql<string>`count(*)`.as('n'), sql<number>`avg(r.lat)`.as('lat'), sql<number>`avg(r.lon)`.as('lon')])
        .where('r.tenant_id', '=', f.tenantId)
        .where(inBox(f.bbox)),
      { ...f, bbox: undefined },
    );
    return q.groupBy([cx, cy]).execute();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private filters<T extends { where: any }>(q: T, f: ListFilter): T {
    let out = q as unknown as ReturnType<ReportsRepository['base']>;
    if (!f.staff) out = out.where('r.confirmed_at', 'is not', null).where('r.hidden_at', 'is', null);
    if (f.status?.length) out = out.where('r.status', 'in', f.status);
    if (f.categoryIds?.length) out = out.where('r.category_id', 'in', f.categoryIds);
    if (f.ids?.length) out = out.where('r.id', 'in', f.ids);
    if (f.from) out = out.where('r.created_at', '>=', f.from);
    if (f.to) out = out.where('r.created_at', '<', f.to);
    if (f.reporterUserId) out = out.where('r.reporter_user_id', '=', f.reporterUserId);
    if (f.area) out = out.where('r.area', '=', f.area);
    if (f.departmentCode) out = out.where(sql<boolean>`c.department->>'ro' = ${f.departmentCode}`);
    if (f.bbox) out = out.where('r.lat', '>=', f.bbox.minLat).where('r.lat', '<=', f.bbox.maxLat).where('r.lon', '>=', f.bbox.minLon).where('r.lon', '<=', f.bbox.maxLon);
    return out as unknown as T;
  }

  /** Open, published reports of a category within `metres`: a bbox on the indexed columns, then haversine. */
  nearby(tenantId: number, categoryId: number, lat: number, lon: number, metres: number) {
    const b = boxAround(lat, lon, metres);
    const distance = sql<number>`6371000 * 2 * asin(sqrt(power(sin(radians(r.lat - ${lat}) / 2), 2) + cos(radians(${lat})) * cos(radians(r.lat)) * power(sin(radians(r.lon - ${lon}) / 2), 2)))`;
    return this.db
      .selectFrom(
        this.base()
          .select([...REPORT_COLUMNS, distance.as('distance')])
          .where('r.tenant_id', '=', tenantId)
          .where('r.category_id', '=', categoryId)
          .where('r.status', 'in', ['open', 'acknowledged', 'in_progress'])
          .where('r.confirmed_at', 'is not', null)
          .where('r.hidden_at', 'is', null)
          .where('r.lat', '>=', b.minLat)
          .where('r.lat', '<=', b.maxLat)
          .where('r.lon', '>=', b.minLon)
          .where('r.lon', '<=', b.maxLon)
          .as('n'),
      )
      .selectAll()
      .where('distance', '<=', metres)
      .orderBy('distance')
      .limit(10)
      .execute();
  }

  updates(reportIds: readonly string[], includeInternal: boolean) {
    if (reportIds.length === 0) return Promise.resolve([]);
    let q = this.db.selectFrom('reports_updates').selectAll().where('report_id', 'in', reportIds);
    if (!includeInternal) q = q.where('kind', '=', 'public').where('hidden_at', 'is', null);
    return q.orderBy('id').execute();
  }

  /**
   * The public updates of a city's published reports whose time (the posted `occurred_at`, else
   * `created_at`) is in [from, to), oldest first. `status_then` is the report's status as it was at that
   * update: the update's own status change, else the last change before it (any earlier row of the report,
   * hidden or internal included, since a status change is a fact even if its text is hidden), else `open`
   * (every report starts open).
   */
  updatesBetween(tenantId: number, from: Date, to: Date, limit: number) {
    const at = sql<Date>`coalesce(u.occurred_at, u.created_at)`;
    return this.db
      .selectFrom('reports_updates as u')
      .innerJoin('reports_reports as r', 'r.id', 'u.report_id')
      .select(['u.id', 'u.report_id', 'u.status', 'u.text', 'u.external_update_id', at.as('at')])
      .select(sql<ReportStatus>`coalesce(u.status, (select p.status from reports_updates p where p.report_id = u.report_id and p.id < u.id and p.status is not null order by p.id desc limit 1), 'open')`.as('status_then'))
      .where('u.tenant_id', '=', tenantId)
      .where('u.kind', '=', 'public')
      .where('u.hidden_at', 'is', null)
      .where('r.confirmed_at', 'is not', null)
      .where('r.hidden_at', 'is', null)
      .where(at, '>=', from)
      .where(at, '<', to)
      .orderBy(at)
      .orderBy('u.id')
      .limit(limit)
      .execute();
  }

  updateByExternalId(tenantId: number, externalId: string, q: Q = this.db) {
    return q.selectFrom('reports_updates').select(['id']).where('tenant_id', '=', tenantId).where('external_update_id', '=', externalId).executeTakeFirst();
  }

  insertUpdate(trx: Q, u: { tenant_id: number; report_id: string; kind: 'public' | 'internal'; status: ReportStatus | null; text: string; author_user_id: string | null; external_update_id?: string | null; occurred_at?: Date | null }) {
    return trx.insertInto('reports_updates').values(u).returning(['id', 'created_at']).executeTakeFirstOrThrow();
  }

  /** Sets the status and the milestone timestamps the statistics read. */
  setStatus(trx: Q, id: string, status: ReportStatus) {
    return trx
      .updateTable('reports_reports')
      .set({
        status,
        updated_at: sql`now()`,
        acknowledged_at: status === 'open' ? sql`acknowledged_at` : sql`coalesce(acknowledged_at, now())`,
        fixed_at: status === 'fixed' ? sql`coalesce(fixed_at, now())` : status === 'open' || status === 'acknowledged' || status === 'in_progress' ? null : sql`fixed_at`,
        closed_at: ['open', 'acknowledged', 'in_progress'].includes(status) ? null : sql`coalesce(closed_at, now())`,
      })
      .where('id', '=', id)
      .execute();
  }

  patch(trx: Q, id: string, patch: Partial<{ assigned_user_id: string | null; duplicate_of: string | null; hidden_at: Date | null; hidden_reason: string | null; confirmed_at: Date; confirm_token_hash: null }>) {
    return trx.updateTable('reports_reports').set({ ...patch, updated_at: sql`now()` }).where('id', '=', id).execute();
  }

  touch(trx: Q, id: string) {
    return trx.updateTable('reports_reports').set({ updated_at: sql`now()` }).where('id', '=', id).execute();
  }

  confirmByHash(trx: Q, hash: string) {
    return trx
      .updateTable('reports_reports')
      .set({ confirmed_at: sql`now()`, confirm_token_hash: null, updated_at: sql`now()` })
      .where('confirm_token_hash', '=', hash)
      .where('confirmed_at', 'is', null)
      .returning(['id', 'tenant_id'])
      .executeTakeFirst();
  }

  /** Deletes unconfirmed reports older than `days`; returns their photo file names to remove. */
  async expireUnconfirmed(days: number): Promise<string[]> {
    return this.db.transaction().execute(async (trx) => {
      const gone = await trx
        .deleteFrom('reports_reports')
        .where('confirmed_at', 'is', null)
        .where('created_at', '<', sql<Date>`now() - ${`${days} days`}::interval`)
        .returning(['id'])
        .execute();
      if (gone.length === 0) return [];
      // Photos cascade with the report; their file names were read first by the caller's query below.
      return gone.map((g) => g.id);
    });
  }

  photoFilesOfExpiring(days: number) {
    return this.db
      .selectFrom('reports_photos as p')
      .innerJoin('reports_reports as r', 'r.id', 'p.report_id')
      .select('p.file_name')
      .where('r.confirmed_at', 'is', null)
      .where('r.created_at', '<', sql<Date>`now() - ${`${days} days`}::interval`)
      .execute();
  }

  addSupporter(trx: Q, id: string) {
    return trx.updateTable('reports_reports').set({ supporters: sql`supporters + 1` }).where('id', '=', id).execute();
  }

  async isBlocked(tenantId: number, email: string): Promise<boolean> {
    return !!(await this.db.selectFrom('reports_blocklist').select('tenant_id').where('tenant_id', '=', tenantId).where('email_normalized', '=', email).executeTakeFirst());
  }

  block(trx: Q, row: { tenant_id: number; email_normalized: string; reason: string | null; created_by: string | null }) {
    return trx.insertInto('reports_blocklist').values(row).onConflict((oc) => oc.columns(['tenant_id', 'email_normalized']).doNothing()).execute();
  }

  blocklist(tenantId: number) {
    return this.db.selectFrom('reports_blocklist').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').execute();
  }

  /** Reports from one email (or IP-less: per email) in the last hour, for the per-email rate limit. */
  async recentByEmail(tenantId: number, email: string): Promise<number> {
    const r = await this.db
      .selectFrom('reports_reports')
      .select(sql<string>`count(*)`.as('n'))
      .where('tenant_id', '=', tenantId)
      .where(sql<string>`lower(reporter_email)`, '=', email)
      .where('created_at', '>', sql<Date>`now() - interval '1 hour'`)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /**
   * Monthly statistics per category: count, median and p90 days to acknowledge and to fix, and the share
   * fixed within the category's target. Months are calendar months in the tenant's time zone.
   */
  stats(tenantId: number, from: Date, to: Date, timeZone: string) {
    const month = sql<string>`to_char(date_trunc('month', r.created_at at time zone ${sql.lit(timeZone)}), 'YYYY-MM')`;
    const ack = sql`extract(epoch from (r.acknowledged_at - r.created_at)) / 86400.0`;
    const fix = sql`extract(epoch from (r.fixed_at - r.created_at)) / 86400.0`;
    return this.db
      .selectFrom('reports_reports as r')
      .innerJoin('reports_categories as c', 'c.id', 'r.category_id')
      .select([
        month.as('month'),
        'c.code as category',
        sql<string>`count(*)`.as('submitted'),
        sql<string>`count(r.acknowledged_at)`.as('acknowledged'),
        sql<string>`count(r.fixed_at)`.as('fixed'),
        sql<number | null>`percentile_cont(0.5) within group (order by ${ack})`.as('ack_median'),
        sql<number | null>`percentile_cont(0.9) within group (order by ${ack})`.as('ack_p90'),
        sql<number | null>`percentile_cont(0.5) within group (order by ${fix})`.as('fix_median'),
        sql<number | null>`percentile_cont(0.9) within group (order by ${fix})`.as('fix_p90'),
        sql<string>`count(*) filter (where r.fixed_at is not null and r.fixed_at - r.created_at <= make_interval(days => c.target_days))`.as('fixed_in_target'),
      ])
      .where('r.tenant_id', '=', tenantId)
      .where('r.confirmed_at', 'is not', null)
      .where('r.created_at', '>=', from)
      .where('r.created_at', '<', to)
      .groupBy([month, 'c.code'])
      .orderBy('month')
      .orderBy('c.code')
      .execute();
  }

  /** Statistics per area over a period: counts, still open, fixed, median days to fix, fixed within target. */
  statsByArea(tenantId: number, from: Date, to: Date) {
    const fix = sql`extract(epoch from (r.fixed_at - r.created_at)) / 86400.0`;
    return this.db
      .selectFrom('reports_reports as r')
      .innerJoin('reports_categories as c', 'c.id', 'r.category_id')
      .select([
        'r.area',
        sql<string>`count(*)`.as('submitted'),
        sql<string>`count(*) filter (where r.status in ('open','acknowledged','in_progress'))`.as('still_open'),
        sql<string>`count(r.fixed_at)`.as('fixed'),
        sql<number | null>`percentile_cont(0.5) within group (order by ${fix})`.as('fix_median'),
        sql<string>`count(*) filter (where r.fixed_at is not null and r.fixed_at - r.created_at <= make_interval(days => c.target_days))`.as('fixed_in_target'),
      ])
      .where('r.tenant_id', '=', tenantId)
      .where('r.confirmed_at', 'is not', null)
      .where('r.created_at', '>=', from)
      .where('r.created_at', '<', to)
      .groupBy('r.area')
      .orderBy('r.area')
      .execute();
  }

  /** One number over a period, for the KPI metrics. */
  async aggregate(tenantId: number, from: string, to: string) {
    return this.db
      .selectFrom('reports_reports as r')
      .innerJoin('reports_categories as c', 'c.id', 'r.category_id')
      .select([
        sql<string>`count(*)`.as('submitted'),
        sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from (r.fixed_at - r.created_at)) / 86400.0)`.as('fix_median'),
        sql<string>`count(r.fixed_at)`.as('fixed'),
        sql<string>`count(*) filter (where r.fixed_at is not null and r.fixed_at - r.created_at <= make_interval(days => c.target_days))`.as('fixed_in_target'),
      ])
      .where('r.tenant_id', '=', tenantId)
      .where('r.confirmed_at', 'is not', null)
      .where('r.created_at', '>=', new Date(from))
      .where('r.created_at', '<', new Date(to))
      .executeTakeFirstOrThrow();
  }

  /**
   * The staff console's counters: confirmed reports nobody has acknowledged yet, and reports still open past
   * their category's target time.
   */
  async consoleCounts(tenantId: number, now: Date) {
    return this.db
      .selectFrom('reports_reports as r')
      .innerJoin('reports_categories as c', 'c.id', 'r.category_id')
      .select([
        sql<string>`count(*) filter (where r.status = 'open')`.as('to_triage'),
        sql<string>`count(*) filter (where r.created_at + make_interval(days => c.target_days) < ${now})`.as('overdue'),
      ])
      .where('r.tenant_id', '=', tenantId)
      .where('r.confirmed_at', 'is not', null)
      .where('r.hidden_at', 'is', null)
      .where('r.status', 'in', OPEN_STATUSES)
      .executeTakeFirstOrThrow();
  }

  async counterRequests(tenantId: number, from: string, to: string): Promise<number | null> {
    const r = await this.db
      .selectFrom('reports_counter_requests')
      .select([sql<string | null>`sum(count)`.as('n'), sql<string>`count(*)`.as('months')])
      .where('tenant_id', '=', tenantId)
      .where('month', '>=', from)
      .where('month', '<', to)
      .executeTakeFirstOrThrow();
    return Number(r.months) === 0 ? null : Number(r.n);
  }

  counterRequestMonths(tenantId: number) {
    return this.db.selectFrom('reports_counter_requests').select([sql<string>`to_char(month, 'YYYY-MM')`.as('month'), 'count']).where('tenant_id', '=', tenantId).orderBy('month').execute();
  }

  setCounterRequests(trx: Q, tenantId: number, month: string, count: number) {
    return trx
      .insertInto('reports_counter_requests')
      .values({ tenant_id: tenantId, month, count })
      .onConflict((oc) => oc.columns(['tenant_id', 'month']).doUpdateSet({ count, updated_at: sql`now()` }))
      .execute();
  }
}

export type { Transaction };
