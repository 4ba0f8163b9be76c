/**
 * Problem reports: intake (web form and Open311), confirmation of anonymous reports, public lists and map.
 * Supports and follows, staff triage, the gazetteer and the statistics are services of their own
 * (supports/, triage/, gazetteer/, stats/), reached through this one, the API other modules use.
 */
import type { Actor } from '../../../core/actor.js';
import { TtlCache } from '../../../core/cache.js';
import type { Db } from '../../../core/db.js';
import { AppError, forbidden, notFound, tooManyRequests, validationFailed, type FieldError } from '../../../core/errors.js';
import { emit } from '../../../core/events.js';
import { mustSeeOwnWrite, onPrimary } from '../../../core/replica.js';
import { deleteQuietly, type Storage, type StoredObject } from '../../../core/storage.js';
import { type Locale, pick } from '../../../core/i18n.js';
import type { NotificationsService } from '../../notifications/index.js';
import type { TenantRow } from '../../tenants/index.js';
import type { UsersService } from '../../users/index.js';
import { areaFor, areasOf } from '../reports.areas.js';
import { pointInBoundary } from '../../../core/geo.js';
import { TEXT_LIMITS } from '../../../shared/limits.js';
import type { ExternalGeocoder } from '../gazetteer/gazetteer.geocoder.js';
import type { GazetteerRepository } from '../gazetteer/gazetteer.repository.js';
import { photoKey, type ProcessedPhoto, writePhotos } from '../reports.photos.js';
import type { CategoryRow, ListFilter, MapFilter, ReportRow, ReportsRepository } from './reports.repository.js';
import { type MapCell, type MapPoint, MapTiles } from './reports.map-tiles.js';
import type { ReportStatus } from '../reports.tables.js';
import { newToken, normalizeEmail, ReportCaches, sha256, STATS_TTL_MS } from '../reports.common.js';
import { GazetteerService } from '../gazetteer/gazetteer.service.js';
import { StatsService } from '../stats/stats.service.js';
import { SupportsService } from '../supports/supports.service.js';
import { TriageService } from '../triage/triage.service.js';


export const REPORT_LIMITS = { titleMax: TEXT_LIMITS.reportTitle, descriptionMax: TEXT_LIMITS.reportDescription, addressMax: TEXT_LIMITS.reportAddress, addressIdMax: 100, nameMax: TEXT_LIMITS.reportName, updateMax: TEXT_LIMITS.reportUpdate, perEmailPerHour: 10, nearbyMetres: 50, unconfirmedDays: 7 } as const;

/**
 * The public map: up to `points` reports in a box are drawn one by one; above that the box is answered with
 * cluster counts on a grid whose cells are the finest of MAP_CELL_BITS (1/2^bits degrees) that cuts the box
 * into at most `maxCells` cells.
 */
export const MAP_LIMITS = { points: 1000, maxCells: 400 } as const;
export const MAP_CELL_BITS = [10, 7, 4] as const;

/** The grid level for a box: the finest whose cells over the box number at most MAP_LIMITS.maxCells. */
export function clusterBits(b: MapFilter['bbox']): number {
  for (const bits of MAP_CELL_BITS) {
    const k = 2 ** bits;
    const cells = (Math.floor(b.maxLon * k) - Math.floor(b.minLon * k) + 1) * (Math.floor(b.maxLat * k) - Math.floor(b.minLat * k) + 1);
    if (cells <= MAP_LIMITS.maxCells) return bits;
  }
  return MAP_CELL_BITS[2];
}

/** a cluster as the cell table's statements give it (sums as bigint text) */
const cellOf = (c: { cx: number; cy: number; n: string | number; lat: number; lon: number }): MapCell => ({ cx: c.cx, cy: c.cy, n: Number(c.n), lat: Number(c.lat), lon: Number(c.lon) });

declare module '../../../core/events.js' {
  interface EventMap {
    'reports.report.created': { reportId: string; categoryCode: string; source: string };
    'reports.report.confirmed': { reportId: string };
    'reports.report.updated': { reportId: string; status: ReportStatus; before: ReportStatus; publicUpdate?: string | null };
    'reports.report.hidden': { reportId: string };
    'reports.report.supported': { reportId: string };
    'reports.email.blocked': { email: string };
    'reports.counter_requests.recorded': { month: string; count: number };
    'reports.gazetteer.imported': { rows: number; replaced: boolean; source: string };
  }
}

export interface CreateReportInput {
  category: string;
  lat?: number | undefined;
  lon?: number | undefined;
  address?: string | undefined;
  /** Open311 `address_id`: an id in the client's address register, stored as given */
  addressId?: string | undefined;
  title?: string | undefined;
  description?: string | undefined;
  email?: string | undefined;
  name?: string | undefined;
  anonymous?: boolean | undefined;
  attributes?: Record<string, string | string[]> | undefined;
  mediaUrls?: string[] | undefined;
}

export interface ReportsServiceDeps {
  db: Db;
  repo: ReportsRepository;
  notifications: NotificationsService;
  users: UsersService;
  storage: Storage;
  publicUrl: () => string;
  /** the city's address gazetteer */
  gazetteer: GazetteerRepository;
  /** the optional Nominatim-compatible geocoder asked when the gazetteer has no match */
  geocoder?: ExternalGeocoder | undefined;
}

export class ReportsService {
  private readonly caches: ReportCaches;
  private readonly tiles: MapTiles;
  readonly supports: SupportsService;
  readonly triage: TriageService;
  readonly gazetteer: GazetteerService;
  readonly stats: StatsService;

  constructor(private readonly d: ReportsServiceDeps) {
    this.tiles = new MapTiles(d.repo);
    this.caches = new ReportCaches(this.tiles);
    this.supports = new SupportsService({ db: d.db, repo: d.repo, notifications: d.notifications, publicUrl: d.publicUrl, get: (tenant, id, staff) => this.get(tenant, id, staff) });
    this.triage = new TriageService({ repo: d.repo, notifications: d.notifications, caches: this.caches });
    this.gazetteer = new GazetteerService({ gazetteer: d.gazetteer, geocoder: d.geocoder });
    this.stats = new StatsService({ repo: d.repo, caches: this.caches });
  }

  get repo() {
    return this.d.repo;
  }

  private readonly categoryCache = new TtlCache<number, CategoryRow[]>(1000, STATS_TTL_MS);

  /** A city's categories; read on most requests and changed only by migrations/seeds, so kept a minute. */
  categories(tenant: TenantRow): Promise<CategoryRow[]> {
    return this.categoryCache.get(tenant.id, () => this.d.repo.categories(tenant.id));
  }

  /** Forgets cached categories (after seeding them). */
  forgetCategories(): void {
    this.categoryCache.clear();
  }

  async category(tenant: TenantRow, code: string): Promise<CategoryRow> {
    const c = (await this.categories(tenant)).find((x) => x.code === code);
    if (!c) throw notFound('category');
    return c;
  }

  /** Checks everything that can be checked before anything is stored; returns field errors. */
  private async validate(tenant: TenantRow, input: CreateReportInput, opts: { allowAddressOnly: boolean }): Promise<{ category: CategoryRow; errors: FieldError[] }> {
    const errors: FieldError[] = [];
    const category = (await this.categories(tenant)).find((c) => c.code === input.category);
    if (!category) errors.push({ field: 'category', message: 'Unknown category.', code: 'unknown_category' });
    if (input.lat === undefined || input.lon === undefined || !Number.isFinite(input.lat) || !Number.isFinite(input.lon)) {
      // Open311 allows an address instead of a point; we have no geocoder, so such a report has no point.
      if (!(opts.allowAddressOnly && (input.address?.trim() || input.addressId?.trim()))) errors.push({ field: 'lat', message: 'Choose the place on the map.', code: 'required' });
    }
    else if (!pointInBoundary(input.lon, input.lat, tenant.boundary)) errors.push({ field: 'lat', message: `The place is outside ${tenant.name.ro}.`, code: 'outside_boundary' });
    if ((input.title ?? '').length > REPORT_LIMITS.titleMax) errors.push({ field: 'title', message: `At most ${REPORT_LIMITS.titleMax} characters.`, code: 'too_long' });
    if ((input.description ?? '').length > REPORT_LIMITS.descriptionMax) errors.push({ field: 'description', message: `At most ${REPORT_LIMITS.descriptionMax} characters.`, code: 'too_long' });
    if ((input.address ?? '').length > REPORT_LIMITS.addressMax) errors.push({ field: 'address', message: `At most ${REPORT_LIMITS.addressMax} characters.`, code: 'too_long' });
    if ((input.addressId ?? '').length > REPORT_LIMITS.addressIdMax) errors.push({ field: 'address_id', message: `At most ${REPORT_LIMITS.addressIdMax} characters.`, code: 'too_long' });
    if ((input.name ?? '').length > REPORT_LIMITS.nameMax) errors.push({ field: 'name', message: `At most ${REPORT_LIMITS.nameMax} characters.`, code: 'too_long' });
    if (category) {
      for (const a of category.attributes) {
        const v = input.attributes?.[a.code];
        const empty = v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
        if (a.required && empty) errors.push({ field: `attribute[${a.code}]`, message: `${pick(a.description, 'en')} is required.`, code: 'required' });
        if (!empty && a.values) {
          const given = [v].flat();
          if (given.some((x) => !a.values!.some((o) => o.key === x))) errors.push({ field: `attribute[${a.code}]`, message: 'Not one of the allowed values.', code: 'invalid_value' });
        }
      }
      for (const k of Object.keys(input.attributes ?? {})) if (!category.attributes.some((a) => a.code === k)) errors.push({ field: `attribute[${k}]`, message: 'Unknown attribute.', code: 'unknown_attribute' });
    }
    return { category: category!, errors };
  }

  /**
   * Creates a report. Signed-in people and API-key machines publish at once; an anonymous reporter gets a
   * confirmation email and the report stays unpublished until the link is opened (FixMyStreet's flow).
   */
  async create(actor: Actor, tenant: TenantRow, input: CreateReportInput, photos: ProcessedPhoto[], opts: { source: 'web' | 'open311'; apiKeyId?: string }) {
    const { category, errors } = await this.validate(tenant, input, { allowAddressOnly: opts.source === 'open311' });
    const signedIn = actor.kind === 'user' ? actor.user : undefined;
    const email = signedIn ? signedIn.email : input.email ? normalizeEmail(input.email) : undefined;
    if (!signedIn && opts.source === 'web' && !email) errors.push({ field: 'email', message: 'Give your email address so we can confirm the report.', code: 'required' });
    if (errors.length) throw validationFailed(errors);
    if (email && (await this.d.repo.isBlocked(tenant.id, email))) throw forbidden('Reports from this email address are not accepted.');
    if (email && (await this.d.repo.recentByEmail(tenant.id, email)) >= REPORT_LIMITS.perEmailPerHour) throw tooManyRequests(3600);

    const publishNow = !!signedIn || opts.source === 'open311';
    const confirmToken = publishNow ? undefined : newToken();
    const title = (input.title?.trim() || pick(category.name, tenant.default_locale)).slice(0, REPORT_LIMITS.titleMax);
    let undo: (() => Promise<void>) | undefined;
    try {
      const result = await this.d.repo.transaction(async (trx) => {
        const row = await this.d.repo.insertReport(trx, {
          tenant_id: tenant.id,
          category_id: category.id,
          lat: input.lat ?? null,
          lon: input.lon ?? null,
          area: areaFor(areasOf(tenant), input.lat, input.lon),
          address: input.address?.trim() || null,
          address_id: input.addressId?.trim() || null,
          title,
          description: input.description?.trim() ?? '',
          attributes: JSON.stringify(input.attributes ?? {}),
          media_urls: JSON.stringify(input.mediaUrls ?? []),
          reporter_user_id: signedIn?.id ?? null,
          reporter_email: email ?? null,
          reporter_name: input.name?.trim() || signedIn?.displayName || null,
          anonymous: input.anonymous ?? false,
          token: newToken(),
          confirm_token_hash: confirmToken ? sha256(confirmToken) : null,
          confirmed_at: publishNow ? new Date() : null,
          source: opts.source,
          api_key_id: opts.apiKeyId ?? null,
        });
        await this.d.repo.insertPhotos(
          trx,
          photos.map((p) => ({ id: p.id, tenant_id: tenant.id, report_id: row.id, file_name: p.fileName, mime: 'image/jpeg', width: p.width, height: p.height, bytes: p.buffer.length })),
        );
        // The reporter follows their report: signed in, or (Open311) by the address they gave.
        if (signedIn || (publishNow && email)) await this.d.notifications.follow(trx, { tenantId: tenant.id, kind: 'reports.report', id: String(row.id), userId: signedIn?.id ?? null, email: signedIn ? null : email, implicit: true });
        await emit(trx, 'reports.report.created', { reportId: row.id, categoryCode: category.code, source: opts.source }, tenant.id);
        if (confirmToken && email) {
          const link = new URL(`/${tenant.slug}/reports/confirm?token=${confirmToken}`, this.d.publicUrl()).toString();
          const mail = this.d.notifications.templates.render('reports.confirm', { title, link, days: REPORT_LIMITS.unconfirmedDays }, tenant.default_locale as Locale);
          await this.d.notifications.email(trx, { to: email, subject: mail.subject, text: mail.body });
        }
        // Files last, inside the transaction: if writing fails the rows roll back; if the commit fails the
        // files are removed below. Either way nothing is left half-stored.
        undo = await writePhotos(this.d.storage, photos);
        return row;
      });
      this.caches.clear();
      return { id: String(result.id), token: result.token, published: publishNow, confirmToken };
    } catch (e) {
      await undo?.();
      throw e;
    }
  }

  /** Publishes an anonymous report from its emailed link; the reporter then follows it by email. */
  async confirm(token: string): Promise<{ id: string; tenantId: number }> {
    const confirmed = await this.d.repo.transaction(async (trx) => {
      const row = await this.d.repo.confirmByHash(trx, sha256(token));
      if (!row) throw new AppError(404, 'invalid_token', 'This confirmation link is not valid or was already used.');
      const r = await this.d.repo.byId(row.id, trx);
      if (r?.reporter_email) await this.d.notifications.follow(trx, { tenantId: row.tenant_id, kind: 'reports.report', id: String(row.id), email: r.reporter_email, implicit: true });
      await emit(trx, 'reports.report.confirmed', { reportId: row.id }, row.tenant_id);
      return { id: String(row.id), tenantId: row.tenant_id };
    });
    this.caches.clear();
    return confirmed;
  }

  list(f: ListFilter) {
    return this.d.repo.list(f);
  }

  /**
   * A public answer (a page of the list, a box of the map) as JSON text, built by `build` once and kept until a
   * report changes (see ReportCaches): every visitor of the reports page asks the city's first page and whole
   * map alike. `query` is the validated query string; its keys are sorted so their order does not matter.
   * Kept answers are built on the primary (a lagging replica would keep a change out for the answer's life),
   * and a person who has just written something is answered afresh, so they always see their own report.
   */
  publicAnswer(tenant: TenantRow, what: 'list' | 'map', query: Record<string, unknown>, build: () => Promise<string>): Promise<string> {
    if (mustSeeOwnWrite()) return build();
    const key = JSON.stringify([tenant.id, what, Object.entries(query).sort(([a], [b]) => (a < b ? -1 : 1))]);
    return this.caches.answers.get(key, () => onPrimary(build));
  }

  /**
   * How many reports match (capped, see the repository). Public counts are kept a minute per filter: every
   * visitor of the first page asks the same question, and "about how many" may lag a minute behind. Staff
   * counts are always fresh; changes made here clear the cache.
   */
  count(f: ListFilter) {
    if (f.staff || f.reporterUserId) return this.d.repo.count(f);
    const { limit: _limit, offset: _offset, sort: _sort, ...rest } = f;
    return this.caches.count.get(JSON.stringify(rest), () => this.d.repo.count(f));
  }

  /**
   * The public map of a box: its reports when there are at most MAP_LIMITS.points, else cluster counts per grid
   * cell. The cell counts come first (from reports_map_cells, the table the trigger keeps, a few rows per cell
   * whatever the number of reports): when the cells lying wholly inside the box already hold more than
   * MAP_LIMITS.points, they are the answer and no report is read; otherwise the reports in the box are read up to
   * one more than the limit. Both come from the map's tiles (MapTiles), so a box near one asked before needs no
   * statement; a box too dense for point tiles reads its reports on the GiST index. Filtered by area (which the cell
   * table does not hold), or for someone who must see their own write (`fresh`), everything is read afresh.
   */
  async map(f: Omit<MapFilter, 'limit'>, fresh = mustSeeOwnWrite()): Promise<{ points: MapPoint[]; clusters: { bits: number; cells: MapCell[] } | null }> {
    const bits = clusterBits(f.bbox);
    const limit = MAP_LIMITS.points + 1;
    const answer = (points: MapPoint[], cells: () => Promise<MapCell[]> | MapCell[]) =>
      points.length <= MAP_LIMITS.points ? { points, clusters: null } : Promise.resolve(cells()).then((c) => ({ points: [], clusters: { bits, cells: c } }));
    if (f.area) {
      const points = await this.d.repo.mapPoints({ ...f, limit });
      return answer(points, async () => (await this.d.repo.mapCellsLive({ ...f, limit: 0 }, bits)).map(cellOf));
    }
    const cells = fresh ? (await this.d.repo.mapCells({ ...f, limit: 0 }, bits)).map(cellOf) : await this.tiles.cells(f, bits);
    const size = 1 / 2 ** bits;
    const b = f.bbox;
    const inside = cells.reduce((a, c) => a + (c.cx * size >= b.minLon && (c.cx + 1) * size <= b.maxLon && c.cy * size >= b.minLat && (c.cy + 1) * size <= b.maxLat ? c.n : 0), 0);
    if (inside > MAP_LIMITS.points) return { points: [], clusters: { bits, cells } };
    const points = (fresh ? null : await this.tiles.points(f, limit)) ?? (await this.d.repo.mapPoints({ ...f, limit }));
    return answer(points, () => cells);
  }

  async nearby(tenant: TenantRow, categoryCode: string, lat: number, lon: number) {
    const c = await this.category(tenant, categoryCode);
    return this.d.repo.nearby(tenant.id, c.id, lat, lon, REPORT_LIMITS.nearbyMetres);
  }

  /** A report as its public page shows it; staff also see unpublished and hidden ones, and internal notes. */
  async get(tenant: TenantRow, id: string, staff: boolean) {
    if (!/^\d{1,18}$/.test(id)) throw notFound('report');
    const r = await this.d.repo.byId(id);
    if (!r || r.tenant_id !== tenant.id || (!staff && (!r.confirmed_at || r.hidden_at))) throw notFound('report');
    const [updates, photos] = await Promise.all([this.d.repo.updates([id], staff), this.d.repo.photos([id])]);
    return { report: r, updates, photos };
  }

  async photoFile(tenant: TenantRow, reportId: string, photoId: string, staff: boolean): Promise<StoredObject> {
    if (!/^\d{1,18}$/.test(reportId) || !/^[0-9a-f-]{36}$/.test(photoId)) throw notFound('photo');
    const p = await this.d.repo.photo(tenant.id, reportId, photoId);
    if (!p || (!staff && (!p.confirmed_at || p.hidden_at))) throw notFound('photo');
    return this.d.storage.get(photoKey(p.file_name), { what: 'photo' });
  }

  /** Removes unconfirmed anonymous reports older than 7 days, with their photo files. */
  async expireUnconfirmed(): Promise<number> {
    const files = await this.d.repo.photoFilesOfExpiring(REPORT_LIMITS.unconfirmedDays);
    const gone = await this.d.repo.expireUnconfirmed(REPORT_LIMITS.unconfirmedDays);
    await this.d.notifications.expirePendingFollows('reports.report', REPORT_LIMITS.unconfirmedDays);
    await deleteQuietly(this.d.storage, files.map((f) => photoKey(f.file_name)));
    return gone.length;
  }

  /** A report by id, whatever its city or state (Open311 checks publication and city itself). */
  byId(id: string): Promise<ReportRow | undefined> {
    return this.d.repo.byId(id);
  }

  /** The report behind an Open311 token. */
  byToken(token: string) {
    return this.d.repo.byToken(token);
  }

  /** The photos of some reports, in their order. */
  photos(reportIds: string[]) {
    return this.d.repo.photos(reportIds);
  }

  /** A city's public updates in a time window, each with the status its report had then (Open311). */
  updatesBetween(tenantId: number, from: Date, to: Date, limit: number) {
    return this.d.repo.updatesBetween(tenantId, from, to, limit);
  }

  /** For the demo and the tests: raw SQL access stays in this module. */
  get db() {
    return this.d.db;
  }
}
