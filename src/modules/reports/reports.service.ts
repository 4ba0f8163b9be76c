/**
 * Problem reports: intake (web form and Open311), confirmation of anonymous reports, public lists and map,
 * staff triage with audited actions, statistics and the KPIs computed from them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Actor } from '../../core/actor.js';
import { writeAudit } from '../../core/audit.js';
import { TtlCache } from '../../core/cache.js';
import type { Database, Db } from '../../core/db.js';
import { AppError, badRequest, conflict, forbidden, notFound, tooManyRequests, validationFailed, type FieldError } from '../../core/errors.js';
import { emit } from '../../core/events.js';
import { deleteQuietly, type Storage, type StoredObject } from '../../core/storage.js';
import { type Locale, pick } from '../../core/i18n.js';
import type { NotificationsService } from '../notifications/index.js';
import type { TenantRow } from '../tenants/index.js';
import type { UsersService } from '../users/index.js';
import type { ConsoleCounter, OverviewBlock } from '../module.js';
import { type Area, areaFor, areasExact, areasOf, NEIGHBOURHOODS_ATTRIBUTION } from './reports.areas.js';
import { pointInBoundary } from '../../core/geo.js';
import { TEXT_LIMITS } from '../../shared/limits.js';
import { type ExternalGeocoder, geocode, geocodeAddress, type GeocodeResult, parseGazetteerCsv } from './reports.gazetteer.js';
import type { GazetteerRepository } from './reports.gazetteer.repository.js';
import { photoKey, type ProcessedPhoto, writePhotos } from './reports.photos.js';
import type { CategoryRow, ListFilter, MapFilter, ReportRow, ReportsRepository } from './reports.repository.js';
import { OPEN_STATUSES, type ReportStatus } from './reports.tables.js';

const STATS_TTL_MS = 60_000;

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

declare module '../../core/events.js' {
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

export interface StaffAction {
  status?: ReportStatus | undefined;
  publicUpdate?: string | undefined;
  internalNote?: string | undefined;
  assignTo?: string | null | undefined;
  duplicateOf?: string | undefined;
  /** an Open311 back office's update: its own id (idempotency) and the time it says the update happened */
  external?: { updateId: string; occurredAt?: Date | undefined } | undefined;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const newToken = () => randomBytes(24).toString('base64url');
const normalizeEmail = (e: string) => e.trim().toLowerCase();

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
  constructor(private readonly d: ReportsServiceDeps) {}

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
      const result = await this.d.db.transaction().execute(async (trx) => {
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
      this.invalidateStats();
      return { id: String(result.id), token: result.token, published: publishNow, confirmToken };
    } catch (e) {
      await undo?.();
      throw e;
    }
  }

  /** Publishes an anonymous report from its emailed link; the reporter then follows it by email. */
  async confirm(token: string): Promise<{ id: string; tenantId: number }> {
    const confirmed = await this.d.db.transaction().execute(async (trx) => {
      const row = await this.d.repo.confirmByHash(trx, sha256(token));
      if (!row) throw new AppError(404, 'invalid_token', 'This confirmation link is not valid or was already used.');
      const r = await this.d.repo.byId(row.id, trx);
      if (r?.reporter_email) await this.d.notifications.follow(trx, { tenantId: row.tenant_id, kind: 'reports.report', id: String(row.id), email: r.reporter_email, implicit: true });
      await emit(trx, 'reports.report.confirmed', { reportId: row.id }, row.tenant_id);
      return { id: String(row.id), tenantId: row.tenant_id };
    });
    this.invalidateStats();
    return confirmed;
  }

  list(f: ListFilter) {
    return this.d.repo.list(f);
  }

  private readonly countCache = new TtlCache<string, number>(500, STATS_TTL_MS);

  /**
   * How many reports match (capped, see the repository). Public counts are kept a minute per filter: every
   * visitor of the first page asks the same question, and "about how many" may lag a minute behind. Staff
   * counts are always fresh; changes made here clear the cache.
   */
  count(f: ListFilter) {
    if (f.staff || f.reporterUserId) return this.d.repo.count(f);
    const { limit: _limit, offset: _offset, sort: _sort, ...rest } = f;
    return this.countCache.get(JSON.stringify(rest), () => this.d.repo.count(f));
  }

  /**
   * The public map of a box: its reports when there are at most MAP_LIMITS.points, else cluster counts per grid
   * cell. The cell counts are read first (a few hundred rows from the table the trigger keeps, whatever the
   * number of reports): when the cells lying wholly inside the box already hold more than MAP_LIMITS.points, they
   * are the answer and no report is read; otherwise the reports in the box are read up to one more than the
   * limit. Filtered by area (which the cell table does not hold), the cells are counted from the reports.
   * Two statements at most.
   */
  async map(f: Omit<MapFilter, 'limit'>) {
    const bits = clusterBits(f.bbox);
    const size = 1 / 2 ** bits;
    const b = f.bbox;
    if (!f.area) {
      const cells = await this.d.repo.mapCells({ ...f, limit: 0 }, bits);
      const inside = cells.reduce((a, c) => a + (c.cx * size >= b.minLon && (c.cx + 1) * size <= b.maxLon && c.cy * size >= b.minLat && (c.cy + 1) * size <= b.maxLat ? Number(c.n) : 0), 0);
      if (inside > MAP_LIMITS.points) return { points: [], clusters: { bits, cells } };
      const points = await this.d.repo.mapPoints({ ...f, limit: MAP_LIMITS.points + 1 });
      return points.length <= MAP_LIMITS.points ? { points, clusters: null } : { points: [], clusters: { bits, cells } };
    }
    const points = await this.d.repo.mapPoints({ ...f, limit: MAP_LIMITS.points + 1 });
    if (points.length <= MAP_LIMITS.points) return { points, clusters: null };
    return { points: [], clusters: { bits, cells: await this.d.repo.mapCellsLive({ ...f, limit: 0 }, bits) } };
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

  /**
   * "Me too": adds support to an existing report instead of a duplicate, and follows it. Double opt-in
   * (issue 12): only a signed-in person whose account e-mail is verified counts at once; any other address
   * (an anonymous e-mail, or an unverified account's) first gets a confirmation link and nothing else — it
   * is neither counted nor sent status mail until {@link confirmSupport}.
   */
  async support(actor: Actor, tenant: TenantRow, id: string, email: string | undefined): Promise<{ supporters: number; pending: boolean }> {
    const { report } = await this.get(tenant, id, false);
    if (!OPEN_STATUSES.includes(report.status)) throw conflict('This report is already closed.', 'report_closed');
    const who = actor.kind === 'user' ? { user_id: actor.user.id, email: null } : email ? { user_id: null, email: normalizeEmail(email) } : undefined;
    if (!who) throw validationFailed([{ field: 'email', message: 'Give your email address or sign in.', code: 'required' }]);
    if (who.email && (await this.d.repo.isBlocked(tenant.id, who.email))) throw forbidden('Reports from this email address are not accepted.');
    const mailTo = actor.kind === 'user' ? (actor.user.emailVerified ? undefined : actor.user.email) : who.email!;
    const token = mailTo ? newToken() : undefined;
    return this.d.db.transaction().execute(async (trx) => {
      if (await this.d.notifications.follow(trx, { tenantId: tenant.id, kind: 'reports.report', id, userId: who.user_id, email: who.email, implicit: true, pendingTokenHash: token ? sha256(token) : undefined })) {
        if (token && mailTo) await this.d.notifications.email(trx, this.supportConfirmMail(tenant, report, mailTo, token));
        else {
          await this.d.repo.addSupporter(trx, id);
          await emit(trx, 'reports.report.supported', { reportId: id }, tenant.id);
        }
      }
      const r = await this.d.repo.byId(id, trx);
      return { supporters: r!.supporters, pending: token !== undefined };
    });
  }

  /** The confirmation mail of a support, in the city's three languages (the address has no locale yet). */
  private supportConfirmMail(tenant: TenantRow, report: ReportRow, to: string, token: string) {
    const link = new URL(`/${tenant.slug}/reports/support-confirm?token=${token}`, this.d.publicUrl()).toString();
    const title = report.title;
    return {
      to,
      subject: `Confirmați susținerea / Confirm your support: #${report.id}`,
      text:
        `Bună ziua,\n\nCineva (probabil dumneavoastră) a susținut sesizarea „${title}” (#${report.id}) cu această adresă. Pentru a confirma și a primi vești despre ea, deschideți linkul:\n${link}\n\nDacă nu ați fost dumneavoastră, ignorați acest mesaj: nu veți mai primi nimic.\n\n—\n` +
        `Someone (probably you) supported the report "${title}" (#${report.id}) with this address. To confirm and be told of its progress, open the link above. If it was not you, ignore this message: you will receive nothing else.\n\n—\n` +
        `Valaki (valószínűleg Ön) ezzel a címmel támogatta a(z) „${title}” (#${report.id}) bejelentést. A megerősítéshez és az értesítésekhez nyissa meg a fenti linket. Ha nem Ön volt, hagyja figyelmen kívül ezt az üzenetet.`,
    };
  }

  /** The emailed link of a support: counts it and starts the status mail; a used or unknown token is 404. */
  async confirmSupport(token: string): Promise<{ reportId: string; supporters: number }> {
    return this.d.db.transaction().execute(async (trx) => {
      const row = await this.d.notifications.confirmFollow(trx, sha256(token));
      if (!row || row.kind !== 'reports.report') throw new AppError(404, 'invalid_token', 'This confirmation link is not valid or was already used.');
      const reportId = row.target;
      await this.d.repo.addSupporter(trx, reportId);
      await emit(trx, 'reports.report.supported', { reportId }, row.tenant_id);
      const r = await this.d.repo.byId(reportId, trx);
      return { reportId, supporters: r!.supporters };
    });
  }

  /** Follows a report without supporting it: the signed-in person is notified of its status changes. */
  async setFollowing(actor: Actor, tenant: TenantRow, id: string, following: boolean): Promise<{ following: boolean }> {
    if (actor.kind !== 'user') throw forbidden('Sign in to follow a report.');
    await this.get(tenant, id, false);
    await this.d.db.transaction().execute(async (trx) => {
      const f = { tenantId: tenant.id, kind: 'reports.report', id, userId: actor.user.id };
      if (following) await this.d.notifications.follow(trx, f);
      else await this.d.notifications.unfollow(trx, f);
    });
    return { following };
  }

  async isFollowing(actor: Actor, tenant: TenantRow, id: string): Promise<{ following: boolean }> {
    if (actor.kind !== 'user') return { following: false };
    await this.get(tenant, id, false);
    return { following: await this.d.notifications.isFollowing(tenant.id, 'reports.report', id, actor.user.id) };
  }

  /** The one-click link in notification emails: stops notifications about one report for that follower. */
  async unsubscribe(token: string): Promise<{ reportId: string }> {
    if (!/^[0-9a-f-]{36}$/.test(token)) throw new AppError(404, 'invalid_token', 'This link is not valid or was already used.');
    const row = await this.d.notifications.unfollowByToken(this.d.db, token);
    if (!row || row.kind !== 'reports.report') throw new AppError(404, 'invalid_token', 'This link is not valid or was already used.');
    return { reportId: row.target };
  }

  /** One staff action on one report (status, public update, internal note, assignment, merge), audited. */
  async act(actor: Actor, tenant: TenantRow, id: string, a: StaffAction): Promise<void> {
    if (!/^\d{1,18}$/.test(id)) throw notFound('report');
    await this.d.db.transaction().execute(async (trx) => this.actIn(trx, actor, tenant, id, a));
    this.invalidateStats();
  }

  /** The same action on many reports in one transaction: all or none. */
  async bulk(actor: Actor, tenant: TenantRow, ids: string[], a: StaffAction): Promise<number> {
    if (a.duplicateOf) throw badRequest('Merge reports one at a time.', [{ field: 'duplicateOf', message: 'Not allowed in bulk actions.' }]);
    await this.d.db.transaction().execute(async (trx) => {
      for (const id of ids) await this.actIn(trx, actor, tenant, id, a);
    });
    this.invalidateStats();
    return ids.length;
  }

  private async actIn(trx: Transaction<Database>, actor: Actor, tenant: TenantRow, id: string, a: StaffAction): Promise<void> {
    const before = await this.d.repo.byId(id, trx);
    if (!before || before.tenant_id !== tenant.id) throw notFound(`report ${id}`);
    const authorId = actor.kind === 'user' ? actor.user.id : null;
    let status = a.status;
    if (a.duplicateOf !== undefined) {
      if (a.duplicateOf === id) throw validationFailed([{ field: 'duplicateOf', message: 'A report cannot duplicate itself.' }]);
      const original = /^\d{1,18}$/.test(a.duplicateOf) ? await this.d.repo.byId(a.duplicateOf, trx) : undefined;
      if (!original || original.tenant_id !== tenant.id) throw validationFailed([{ field: 'duplicateOf', message: 'No such report in this city.' }]);
      status = 'duplicate';
      await this.d.repo.patch(trx, id, { duplicate_of: original.id });
      // The duplicate's followers now follow the original, and count as its supporters.
      const added = await this.d.notifications.copyFollowers(trx, { tenantId: tenant.id, kind: 'reports.report', id }, String(original.id));
      for (let i = 0; i < added; i++) await this.d.repo.addSupporter(trx, String(original.id));
    } else if (status === 'duplicate') throw validationFailed([{ field: 'duplicateOf', message: 'Say which report this one duplicates.' }]);
    if (a.assignTo !== undefined) await this.d.repo.patch(trx, id, { assigned_user_id: a.assignTo });
    const statusChanged = status !== undefined && status !== before.status;
    if (statusChanged) await this.d.repo.setStatus(trx, id, status!);
    // One public row per update: its status change (if any), its text and, from a back office, its id and time.
    if (a.publicUpdate?.trim() || statusChanged || a.external)
      await this.d.repo.insertUpdate(trx, {
        tenant_id: tenant.id, report_id: id, kind: 'public', status: statusChanged ? status! : null, text: a.publicUpdate?.trim() ?? '', author_user_id: authorId,
        external_update_id: a.external?.updateId ?? null, occurred_at: a.external?.occurredAt ?? null,
      });
    if (a.internalNote?.trim()) await this.d.repo.insertUpdate(trx, { tenant_id: tenant.id, report_id: id, kind: 'internal', status: null, text: a.internalNote.trim(), author_user_id: authorId });
    if (!statusChanged) await this.d.repo.touch(trx, id);
    await writeAudit(trx, actor, {
      tenantId: tenant.id,
      action: 'reports.report.updated',
      entityType: 'report',
      entityId: id,
      before: { status: before.status, assignedTo: before.assigned_user_id, duplicateOf: before.duplicate_of },
      after: { status: status ?? before.status, ...(a.assignTo !== undefined ? { assignedTo: a.assignTo } : {}), ...(a.duplicateOf ? { duplicateOf: a.duplicateOf } : {}), publicUpdate: a.publicUpdate ?? null, internalNote: a.internalNote ? true : undefined },
    });
    // Followers hear of a status change or a public update (reports.notices.ts).
    await emit(trx, 'reports.report.updated', { reportId: id, status: status ?? before.status, before: before.status, publicUpdate: a.publicUpdate?.trim() || null }, tenant.id);
  }

  /** Hides an abusive report (kept for the record; staff still see it), audited. */
  async hide(actor: Actor, tenant: TenantRow, id: string, reason: string, hidden: boolean): Promise<void> {
    await this.d.db.transaction().execute(async (trx) => {
      const r = /^\d{1,18}$/.test(id) ? await this.d.repo.byId(id, trx) : undefined;
      if (!r || r.tenant_id !== tenant.id) throw notFound('report');
      await this.d.repo.patch(trx, id, hidden ? { hidden_at: new Date(), hidden_reason: reason } : { hidden_at: null, hidden_reason: null });
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'reports.report.hidden', entityType: 'report', entityId: id, before: { hidden: !!r.hidden_at }, after: { hidden, reason } });
      await emit(trx, 'reports.report.hidden', { reportId: id }, tenant.id);
    });
    this.invalidateStats();
  }

  async block(actor: Actor, tenant: TenantRow, email: string, reason: string | undefined): Promise<void> {
    const norm = normalizeEmail(email);
    await this.d.db.transaction().execute(async (trx) => {
      await this.d.repo.block(trx, { tenant_id: tenant.id, email_normalized: norm, reason: reason ?? null, created_by: actor.kind === 'user' ? actor.user.id : null });
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'reports.email.blocked', entityType: 'email', entityId: norm, after: { reason: reason ?? null } });
      await emit(trx, 'reports.email.blocked', { email: norm }, tenant.id);
    });
  }

  blocklist(tenant: TenantRow) {
    return this.d.repo.blocklist(tenant.id);
  }

  /** Address search: the city's gazetteer, then the external geocoder if one is configured; inside the boundary only. */
  geocode(tenant: TenantRow, q: string, limit?: number): Promise<GeocodeResult[]> {
    return geocode(this.d.gazetteer, this.d.geocoder, tenant, q, limit);
  }

  /** The best single point for a free-text address (Open311 address_string), or undefined. */
  geocodeAddress(tenant: TenantRow, address: string): Promise<GeocodeResult | undefined> {
    return geocodeAddress(this.d.gazetteer, this.d.geocoder, tenant, address);
  }

  get hasExternalGeocoder(): boolean {
    return !!this.d.geocoder;
  }

  gazetteerSize(tenant: TenantRow): Promise<number> {
    return this.d.gazetteer.size(tenant.id);
  }

  /** The distinct sources a city's gazetteer was loaded from (the demo replaces only its own). */
  gazetteerSources(tenant: TenantRow): Promise<string[]> {
    return this.d.gazetteer.sources(tenant.id);
  }

  /**
   * Loads a gazetteer CSV (see parseGazetteerCsv): every row checked first, then all stored in one
   * transaction (replacing the city's gazetteer unless `append`), audited, or nothing stored at all.
   */
  async importGazetteer(
    actor: Actor,
    tenant: TenantRow,
    csv: string,
    opts: { append?: boolean | undefined; source: string; skipOutside?: boolean | undefined; onProgress?: ((done: number, total: number) => void) | undefined },
  ): Promise<{ rows: number; replaced: boolean; skippedOutside: number }> {
    const { rows, errors, skippedOutside } = parseGazetteerCsv(csv, tenant, { skipOutside: opts.skipOutside });
    if (errors.length) {
      const shown = errors.slice(0, 20);
      if (errors.length > shown.length) shown.push({ field: '(body)', message: `… and ${errors.length - shown.length} more errors.`, code: 'more_errors' });
      throw validationFailed(shown);
    }
    const replaced = !opts.append;
    await this.d.db.transaction().execute(async (trx) => {
      await this.d.gazetteer.insert(trx, tenant.id, rows, { replace: replaced, source: opts.source.slice(0, 200), onProgress: opts.onProgress });
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'reports.gazetteer.imported', entityType: 'gazetteer', entityId: tenant.slug, after: { rows: rows.length, replaced, source: opts.source, skippedOutside } });
      await emit(trx, 'reports.gazetteer.imported', { rows: rows.length, replaced, source: opts.source }, tenant.id);
    });
    return { rows: rows.length, replaced, skippedOutside };
  }

  async setCounterRequests(actor: Actor, tenant: TenantRow, month: string, count: number): Promise<void> {
    await this.d.db.transaction().execute(async (trx) => {
      await this.d.repo.setCounterRequests(trx, tenant.id, `${month}-01`, count);
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'reports.counter_requests.recorded', entityType: 'counter_requests', entityId: month, after: { count } });
      await emit(trx, 'reports.counter_requests.recorded', { month, count }, tenant.id);
    });
  }

  counterRequests(tenant: TenantRow) {
    return this.d.repo.counterRequestMonths(tenant.id);
  }

  private readonly statsCache = new TtlCache<string, Awaited<ReturnType<ReportsRepository['stats']>>>(100, STATS_TTL_MS);

  /**
   * Monthly statistics. They aggregate every report of a year, move slowly and are public, so they are
   * cached for a minute per city and period: a burst of visitors costs one query, not one each.
   */
  stats(tenant: TenantRow, from: Date, to: Date) {
    return this.statsCache.get(`${tenant.id}:${from.toISOString()}:${to.toISOString()}`, () => this.d.repo.stats(tenant.id, from, to, tenant.time_zone));
  }

  /** The city's areas (neighbourhood polygons, seeded approximate neighbourhood centres, or a grid), see reports.areas.ts. */
  areas(tenant: TenantRow): Area[] {
    return areasOf(tenant);
  }

  /** The city's neighbourhood polygons with their credit, when it has real ones (Timișoara); else undefined. */
  neighbourhoods(tenant: TenantRow): { items: Area[]; attribution: string } | undefined {
    return areasExact(tenant) ? { items: areasOf(tenant), attribution: NEIGHBOURHOODS_ATTRIBUTION } : undefined;
  }

  private readonly areaStatsCache = new TtlCache<string, Awaited<ReturnType<ReportsRepository['statsByArea']>>>(100, STATS_TTL_MS);

  /** Statistics per area, cached like the monthly ones. */
  statsByArea(tenant: TenantRow, from: Date, to: Date) {
    return this.areaStatsCache.get(`${tenant.id}:${from.toISOString()}:${to.toISOString()}`, () => this.d.repo.statsByArea(tenant.id, from, to));
  }

  /** Counters for the staff console: reports to triage and reports past their target time. */
  async consoleCounters(tenant: TenantRow, now = new Date()): Promise<ConsoleCounter[]> {
    const c = await this.d.repo.consoleCounts(tenant.id, now);
    return [
      { key: 'toTriage', count: Number(c.to_triage), tone: Number(c.to_triage) > 0 ? 'attention' : 'info' },
      { key: 'overdue', count: Number(c.overdue), tone: Number(c.overdue) > 0 ? 'attention' : 'info' },
    ];
  }

  /** The city page's block: reports made this month (in the city's time zone) and the median days to fix over a year. */
  async overview(tenant: TenantRow, now = new Date()): Promise<OverviewBlock[]> {
    const monthStart = startOfMonth(now, tenant.time_zone);
    const yearAgo = new Date(now.getTime() - 365 * 86400_000);
    const [month, year] = await Promise.all([
      this.d.repo.aggregate(tenant.id, monthStart.toISOString(), now.toISOString()),
      this.d.repo.aggregate(tenant.id, yearAgo.toISOString(), now.toISOString()),
    ]);
    const median = year.fix_median === null ? null : Math.round(Number(year.fix_median) * 10) / 10;
    return [
      {
        key: 'reports',
        path: 'reports',
        headline: 'thisMonth',
        figures: [
          { key: 'thisMonth', value: Number(month.submitted), unit: 'count' },
          { key: 'medianDaysToFix', value: median, unit: 'days' },
        ],
      },
    ];
  }

  /** Drops cached statistics and public counts (after a change, the next read is fresh). */
  private invalidateStats() {
    this.countCache.clear();
    this.statsCache.clear();
    this.areaStatsCache.clear();
  }

  /** Removes unconfirmed anonymous reports older than 7 days, with their photo files. */
  async expireUnconfirmed(): Promise<number> {
    const files = await this.d.repo.photoFilesOfExpiring(REPORT_LIMITS.unconfirmedDays);
    const gone = await this.d.repo.expireUnconfirmed(REPORT_LIMITS.unconfirmedDays);
    await this.d.notifications.expirePendingFollows('reports.report', REPORT_LIMITS.unconfirmedDays);
    await deleteQuietly(this.d.storage, files.map((f) => photoKey(f.file_name)));
    return gone.length;
  }

  /** Open311 POST servicerequestupdates: an external back office reports a status change (idempotent on update_id). */
  async externalUpdate(actor: Actor, tenant: TenantRow, input: { updateId: string; reportId: string; status: ReportStatus; description: string; updatedAt?: Date | undefined }) {
    const existing = await this.d.repo.updateByExternalId(tenant.id, input.updateId);
    if (existing) throw badRequest(`Update ${input.updateId} already exists.`);
    const r = /^\d{1,18}$/.test(input.reportId) ? await this.d.repo.byId(input.reportId) : undefined;
    if (!r || r.tenant_id !== tenant.id) throw notFound('service request');
    await this.d.db.transaction().execute(async (trx) =>
      this.actIn(trx, actor, tenant, String(r.id), { status: input.status, publicUpdate: input.description, external: { updateId: input.updateId, occurredAt: input.updatedAt } }),
    );
    this.invalidateStats();
    return String((await this.d.repo.updateByExternalId(tenant.id, input.updateId))!.id);
  }

  /** For the demo and the benchmark: raw SQL access stays in this module. */
  get db() {
    return this.d.db;
  }
}

export { sql };

/** The first instant of the month `now` falls in, in the given time zone. */
export function startOfMonth(now: Date, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  // The wall-clock time in the zone, read as if it were UTC, minus `now` is the zone's offset at `now`.
  const offset = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(now.getTime() / 1000) * 1000;
  return new Date(Date.UTC(get('year'), get('month') - 1, 1) - offset);
}
