/** The reports module's JSON API (the web app's); Open311 lives in reports.open311.ts. */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hasRole } from '../../core/actor.js';
import { sendCsv, wantsCsv } from '../../core/csv.js';
import { validationFailed, type FieldError } from '../../core/errors.js';
import { type AppInstance, requireTenant, requireUser } from '../../core/http.js';
import { RATE_LIMITS } from '../../shared/limits.js';
import { TenantParams } from '../tenants/index.js';
import { areaKind } from './reports.areas.js';
import { PHOTO_LIMITS, processPhoto, type ProcessedPhoto } from './reports.photos.js';
import { presentAreas, presentAreaStats, presentCategory, presentDetail, presentMap, presentStaffSummary, presentStats, presentSummary } from './reports.presenter.js';
import {
  AreasResponse, BlockBody, BlocklistResponse, FollowResponse, UnsubscribeQuery, UnsubscribeResponse, BulkActionBody, BulkResponse, CategoryListResponse, ConfirmBody, ConfirmResponse, CounterBody, HideBody, NearbyQuery, NearbyResponse,
  PhotoParams, QueueQuery, QueueResponse, ReportCreateFields, ReportCreateResponse, ReportDetailResponse, ReportListQuery, ReportListResponse, ReportMapQuery,
  ReportMapResponse, StaffActionBody, StatsQuery, StatsResponse, SupportBody, SupportConfirmResponse, SupportResponse, TenantReportParams,
  GazetteerCsvBody, GazetteerImportQuery, GazetteerImportResponse, GazetteerInfoResponse, GeocodeQuery, GeocodeResponse,
} from './reports.schemas.js';
import { GAZETTEER_LIMITS } from './reports.gazetteer.js';
import type { ReportsService } from './reports.service.js';

const STAFF = { roles: ['staff'] } as const;
/** address suggestions are asked while typing (debounced): more than a write, still bounded per IP */
const GEOCODE_RATE = { max: 120, timeWindow: 60_000 } as const;
const NoContent = { 204: z.null() };

function isStaff(req: FastifyRequest): boolean {
  return !!req.tenant && hasRole(req.actor, req.tenant.id, ['staff']);
}

async function categoryIds(service: ReportsService, req: FastifyRequest, codes: string[] | undefined): Promise<number[] | undefined> {
  if (!codes?.length) return undefined;
  const all = await service.categories(requireTenant(req));
  const ids = all.filter((c) => codes.includes(c.code)).map((c) => c.id);
  return ids.length ? ids : [-1];
}

/** An opaque keyset cursor: the last row's created_at (to the microsecond) and id. */
export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(`${createdAt}|${id}`).toString('base64url');
}
function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  if (!m) throw validationFailed([{ field: 'cursor', message: 'Not a cursor from this list (use nextCursor from the previous page).', code: 'invalid_cursor' }]);
  return { createdAt: m[1]!, id: m[2]! };
}

/** Reads the multipart form: fields into an object (attribute[code] → attributes), files checked by content. */
async function readReportForm(req: FastifyRequest): Promise<{ fields: Record<string, unknown>; photos: ProcessedPhoto[] }> {
  const fields: Record<string, unknown> = {};
  const attributes: Record<string, string | string[]> = {};
  const photos: ProcessedPhoto[] = [];
  const errors: FieldError[] = [];
  try {
    for await (const part of req.parts({ limits: { files: PHOTO_LIMITS.files, fileSize: PHOTO_LIMITS.fileBytes, fields: 40, fieldSize: 10_000, parts: 50 } })) {
      if (part.type === 'file') {
        const field = `photos[${photos.length + errors.filter((e) => e.field.startsWith('photos')).length}]`;
        if (part.fieldname !== 'photos') {
          await part.toBuffer().catch(() => undefined);
          errors.push({ field: part.fieldname, message: 'Unexpected file.', code: 'unrecognized_keys' });
          continue;
        }
        const buf = await part.toBuffer();
        try {
          photos.push(await processPhoto(buf, field));
        } catch (e) {
          errors.push(...((e as { errors?: FieldError[] }).errors ?? [{ field, message: 'Not a usable image.' }]));
        }
        continue;
      }
      const value = typeof part.value === 'string' ? part.value : String(part.value);
      const m = /^attribute\[([a-z0-9_]+)\](\[\])?$/.exec(part.fieldname);
      if (m) {
        if (m[2]) attributes[m[1]!] = [...[attributes[m[1]!] ?? []].flat(), value];
        else attributes[m[1]!] = value;
      } else if (value !== '') fields[part.fieldname] = value;
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw validationFailed([{ field: `photos[${photos.length}]`, message: `Each photo may be at most ${PHOTO_LIMITS.fileBytes / 1024 / 1024} MB.`, code: 'too_large' }]);
    if (code === 'FST_FILES_LIMIT') throw validationFailed([{ field: 'photos', message: `At most ${PHOTO_LIMITS.files} photos.`, code: 'too_many' }]);
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw validationFailed([{ field: '(body)', message: 'Send the report as multipart/form-data.' }]);
    throw e;
  }
  if (errors.length) throw validationFailed(errors);
  if (Object.keys(attributes).length) fields.attributes = attributes;
  return { fields, photos };
}

export async function reportsRoutes(app: AppInstance, service: ReportsService) {
  await app.register(fastifyMultipart, { limits: { files: PHOTO_LIMITS.files, fileSize: PHOTO_LIMITS.fileBytes } });
  const base = '/api/v1/tenants/:tenant/reports';

  app.get(`${base}/categories`, {
    config: { access: 'public' },
    schema: { tags: ['reports'], summary: 'Report categories of a city, with their department and target time', params: TenantParams, response: { 200: CategoryListResponse } },
    handler: async (req) => ({ items: (await service.categories(requireTenant(req))).map(presentCategory) }),
  });

  app.get(base, {
    config: { access: 'public' },
    schema: { tags: ['reports'], summary: 'Published reports, newest first, by area (bbox), category and status', params: TenantParams, querystring: ReportListQuery, response: { 200: ReportListResponse } },
    handler: async (req) => {
      const q = req.query;
      const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
      const f = { tenantId: requireTenant(req).id, status: q.status, categoryIds: await categoryIds(service, req, q.category), bbox: q.bbox, area: q.area, limit: q.pageSize };
      const [items, total] = await Promise.all([service.list({ ...f, after, offset: after ? 0 : (q.page - 1) * q.pageSize }), service.count(f)]);
      const last = items.at(-1);
      return { items: items.map(presentSummary), total, page: q.page, pageSize: q.pageSize, nextCursor: last && items.length === q.pageSize ? encodeCursor(last.created_at_exact, String(last.id)) : null };
    },
  });

  app.get(`${base}/areas`, {
    config: { access: 'public' },
    schema: { tags: ['reports'], summary: "The city's areas for statistics and filters: neighbourhood polygons (a report belongs to the one holding it), approximate neighbourhood centres (to the nearest) or a 3×3 grid", params: TenantParams, response: { 200: AreasResponse } },
    handler: async (req) => {
      const tenant = requireTenant(req);
      return presentAreas(areaKind(tenant), service.areas(tenant), service.neighbourhoods(tenant)?.attribution ?? null);
    },
  });

  app.get(`${base}/map`, {
    config: { access: 'public' },
    schema: { tags: ['reports'], summary: 'Published reports inside a bbox (minLon,minLat,maxLon,maxLat): up to 1000 points, else cluster counts per grid cell', params: TenantParams, querystring: ReportMapQuery, response: { 200: ReportMapResponse } },
    handler: async (req) => {
      const q = req.query;
      return presentMap(await service.map({ tenantId: requireTenant(req).id, status: q.status, categoryIds: await categoryIds(service, req, q.category), bbox: q.bbox, area: q.area }));
    },
  });

  app.get(`${base}/nearby`, {
    config: { access: 'public' },
    schema: { tags: ['reports'], summary: 'Open reports of the same category within 50 m ("is it one of these?")', params: TenantParams, querystring: NearbyQuery, response: { 200: NearbyResponse } },
    handler: async (req) => {
      const rows = await service.nearby(requireTenant(req), req.query.category, req.query.lat, req.query.lon);
      return { items: rows.map((r) => ({ ...presentSummary(r), distanceMetres: Math.round(Number(r.distance)) })) };
    },
  });

  app.get(`${base}/mine`, {
    config: { access: 'user' },
    schema: { tags: ['reports'], summary: 'My reports in this city', params: TenantParams, response: { 200: ReportListResponse } },
    handler: async (req) => {
      const items = await service.list({ tenantId: requireTenant(req).id, reporterUserId: requireUser(req).id, staff: true, limit: 200 });
      return { items: items.map(presentSummary), total: items.length, page: 1, pageSize: 200 };
    },
  });

  app.post(base, {
    config: { access: 'public', rateLimit: RATE_LIMITS.publicWrite },
    schema: {
      tags: ['reports'],
      summary: 'Report a problem (multipart/form-data: fields, attribute[code], up to 3 photos of ≤ 10 MB). Anonymous reports are published when the emailed link is opened.',
      consumes: ['multipart/form-data'],
      params: TenantParams,
      response: { 201: ReportCreateResponse },
    },
    handler: async (req, reply) => {
      const tenant = requireTenant(req);
      const { fields, photos } = await readReportForm(req);
      const parsed = ReportCreateFields.safeParse(fields);
      if (!parsed.success) throw validationFailed(parsed.error.issues.map((i) => ({ field: i.path.length ? i.path.join('.') : ((i as { keys?: string[] }).keys?.[0] ?? '(body)'), message: i.message, code: i.code })));
      const b = parsed.data;
      const created = await service.create(req.actor, tenant, { ...b, anonymous: b.anonymous === 'true' || b.anonymous === 'on' }, photos, { source: 'web' });
      return reply.code(201).send({ id: created.id, token: created.token, published: created.published });
    },
  });

  app.post('/api/v1/reports/confirm', {
    config: { access: 'public', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags: ['reports'], summary: 'Publish an anonymous report with the emailed token', body: ConfirmBody, response: { 200: ConfirmResponse } },
    handler: async (req) => ({ id: (await service.confirm(req.body.token)).id }),
  });

  app.post('/api/v1/reports/supports/confirm', {
    config: { access: 'public', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags: ['reports'], summary: 'Count a support with the token e-mailed to its address (double opt-in)', body: ConfirmBody, response: { 200: SupportConfirmResponse } },
    handler: async (req) => service.confirmSupport(req.body.token),
  });

  app.get(`${base}/:id`, {
    config: { access: 'public' },
    schema: { tags: ['reports'], summary: "A report's public page: status history, public updates, photos", params: TenantReportParams, response: { 200: ReportDetailResponse } },
    handler: async (req) => {
      const staff = isStaff(req);
      return presentDetail(requireTenant(req).slug, await service.get(requireTenant(req), req.params.id, staff), staff);
    },
  });

  app.get(`${base}/:id/photos/:photoId`, {
    config: { access: 'public' },
    schema: { tags: ['reports'], summary: 'A report photo (re-encoded JPEG without metadata)', params: PhotoParams },
    handler: async (req, reply) => {
      const file = await service.photoFile(requireTenant(req), req.params.id, req.params.photoId, isStaff(req));
      return reply.type('image/jpeg').header('cache-control', 'public, max-age=3600').send(file.stream);
    },
  });

  app.post(`${base}/:id/support`, {
    config: { access: 'public', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags: ['reports'], summary: 'Add my support to an existing report (and follow it)', params: TenantReportParams, body: SupportBody, response: { 200: SupportResponse } },
    handler: async (req) => service.support(req.actor, requireTenant(req), req.params.id, req.body.email),
  });

  app.get(`${base}/:id/follow`, {
    config: { access: 'public' },
    schema: { tags: ['reports'], summary: 'Whether I follow this report (false when not signed in)', params: TenantReportParams, response: { 200: FollowResponse } },
    handler: async (req) => service.isFollowing(req.actor, requireTenant(req), req.params.id),
  });

  app.put(`${base}/:id/follow`, {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags: ['reports'], summary: 'Follow a report without supporting it: be notified of its status changes', params: TenantReportParams, response: { 200: FollowResponse } },
    handler: async (req) => service.setFollowing(req.actor, requireTenant(req), req.params.id, true),
  });

  app.delete(`${base}/:id/follow`, {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags: ['reports'], summary: 'Stop following a report', params: TenantReportParams, response: { 200: FollowResponse } },
    handler: async (req) => service.setFollowing(req.actor, requireTenant(req), req.params.id, false),
  });

  app.get('/api/v1/reports/unsubscribe', {
    config: { access: 'public', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags: ['reports'], summary: 'The link in notification emails: stop notifications about one report (token from the email)', querystring: UnsubscribeQuery, response: { 200: UnsubscribeResponse } },
    handler: async (req) => service.unsubscribe(req.query.token),
  });

  app.get('/api/v1/tenants/:tenant/geocode', {
    config: { access: 'public', rateLimit: GEOCODE_RATE },
    schema: {
      tags: ['reports'],
      summary: "Find a street, place or address in the city by name (diacritics optional, word beginnings are enough): the city's gazetteer, else the external geocoder if configured; only places inside the city",
      params: TenantParams,
      querystring: GeocodeQuery,
      response: { 200: GeocodeResponse },
    },
    handler: async (req) => ({ items: await service.geocode(requireTenant(req), req.query.q, req.query.limit) }),
  });

  // Staff

  app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string', bodyLimit: GAZETTEER_LIMITS.csvBytes }, (_req, body, done) => done(null, body));

  app.get(`${base}/gazetteer`, {
    config: { access: STAFF },
    schema: { tags: ['reports'], summary: "How many entries the city's address gazetteer has, and whether an external geocoder is configured", params: TenantParams, response: { 200: GazetteerInfoResponse } },
    handler: async (req) => ({ rows: await service.gazetteerSize(requireTenant(req)), externalGeocoder: service.hasExternalGeocoder }),
  });

  app.post(`${base}/gazetteer`, {
    config: { access: STAFF },
    schema: {
      tags: ['reports'],
      summary: "Load the city's address gazetteer from CSV (label,lat,lon[,kind]): all rows or none, errors name the line and field; replaces the gazetteer unless mode=append (audited)",
      consumes: ['text/csv'],
      params: TenantParams,
      querystring: GazetteerImportQuery,
      body: GazetteerCsvBody,
      response: { 200: GazetteerImportResponse },
    },
    handler: async (req) => service.importGazetteer(req.actor, requireTenant(req), req.body, { append: req.query.mode === 'append', source: req.query.source ?? 'upload' }),
  });

  app.get(`${base}/queue`, {
    config: { access: STAFF },
    schema: { tags: ['reports'], summary: 'Triage queue: all reports (also unconfirmed and hidden), sorted by SLA breach or age', params: TenantParams, querystring: QueueQuery, response: { 200: QueueResponse } },
    handler: async (req) => {
      const q = req.query;
      const f = { tenantId: requireTenant(req).id, staff: true, status: q.status, categoryIds: await categoryIds(service, req, q.category), departmentCode: q.department, area: q.area, sort: q.sort, limit: q.pageSize, offset: (q.page - 1) * q.pageSize };
      const [items, total] = await Promise.all([service.list(f), service.count(f)]);
      return { items: items.map(presentStaffSummary), total, page: q.page, pageSize: q.pageSize };
    },
  });

  app.post(`${base}/:id/actions`, {
    config: { access: STAFF },
    schema: { tags: ['reports'], summary: 'Triage one report: status, public update, internal note, assignment, merge as duplicate (audited)', params: TenantReportParams, body: StaffActionBody, response: NoContent },
    handler: async (req, reply) => {
      await service.act(req.actor, requireTenant(req), req.params.id, req.body);
      return reply.code(204).send(null);
    },
  });

  app.post(`${base}/bulk`, {
    config: { access: STAFF },
    schema: { tags: ['reports'], summary: 'The same action on many reports, all or none (audited per report)', params: TenantParams, body: BulkActionBody, response: { 200: BulkResponse } },
    handler: async (req) => {
      const { ids, ...action } = req.body;
      return { updated: await service.bulk(req.actor, requireTenant(req), ids, action) };
    },
  });

  app.post(`${base}/:id/hide`, {
    config: { access: STAFF },
    schema: { tags: ['reports'], summary: 'Hide (or show again) an abusive report; the original is kept (audited)', params: TenantReportParams, body: HideBody, response: NoContent },
    handler: async (req, reply) => {
      await service.hide(req.actor, requireTenant(req), req.params.id, req.body.reason, req.body.hidden);
      return reply.code(204).send(null);
    },
  });

  app.get(`${base}/blocklist`, {
    config: { access: STAFF },
    schema: { tags: ['reports'], summary: 'Blocked email addresses', params: TenantParams, response: { 200: BlocklistResponse } },
    handler: async (req) => ({ items: (await service.blocklist(requireTenant(req))).map((b) => ({ email: b.email_normalized, reason: b.reason, createdAt: new Date(b.created_at).toISOString() })) }),
  });

  app.post(`${base}/blocklist`, {
    config: { access: STAFF },
    schema: { tags: ['reports'], summary: 'Block an abusive email address (audited)', params: TenantParams, body: BlockBody, response: NoContent },
    handler: async (req, reply) => {
      await service.block(req.actor, requireTenant(req), req.body.email, req.body.reason);
      return reply.code(204).send(null);
    },
  });

  app.put(`${base}/counter-requests`, {
    config: { access: STAFF },
    schema: { tags: ['reports'], summary: 'Record how many requests were made in person at the counter in a month (for the online-share KPI; audited)', params: TenantParams, body: CounterBody, response: NoContent },
    handler: async (req, reply) => {
      await service.setCounterRequests(req.actor, requireTenant(req), req.body.month, req.body.count);
      return reply.code(204).send(null);
    },
  });

  const statsHandler = async (req: FastifyRequest<{ Querystring: z.infer<typeof StatsQuery> }>, reply: import('fastify').FastifyReply) => {
    const tenant = requireTenant(req);
    const now = new Date();
    const to = req.query.to ? new Date(`${req.query.to}-01T00:00:00Z`) : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    to.setUTCMonth(to.getUTCMonth() + 1);
    const from = req.query.from ? new Date(`${req.query.from}-01T00:00:00Z`) : new Date(Date.UTC(to.getUTCFullYear() - 1, to.getUTCMonth(), 1));
    const rows = (await service.stats(tenant, from, to)).map(presentStats);
    const names = new Map(service.areas(tenant).map((a) => [a.code, a.name]));
    const areas = (await service.statsByArea(tenant, from, to)).map((r) => presentAreaStats(r, names));
    if (wantsCsv(req) && req.query.by === 'area')
      return sendCsv(reply, `reports-stats-by-area-${tenant.slug}.csv`, areas, [
        { header: 'area', value: (r) => r.area ?? '' },
        { header: 'name', value: (r) => r.name ?? '' },
        { header: 'submitted', value: (r) => r.submitted },
        { header: 'still_open', value: (r) => r.stillOpen },
        { header: 'fixed', value: (r) => r.fixed },
        { header: 'fix_median_days', value: (r) => r.fixMedianDays },
        { header: 'fixed_within_target', value: (r) => r.fixedWithinTarget },
        { header: 'share_fixed_within_target', value: (r) => r.shareFixedWithinTarget },
      ]);
    if (wantsCsv(req))
      return sendCsv(reply, `reports-stats-${tenant.slug}.csv`, rows, [
        { header: 'month', value: (r) => r.month },
        { header: 'category', value: (r) => r.category },
        { header: 'submitted', value: (r) => r.submitted },
        { header: 'acknowledged', value: (r) => r.acknowledged },
        { header: 'fixed', value: (r) => r.fixed },
        { header: 'ack_median_days', value: (r) => r.ackMedianDays },
        { header: 'ack_p90_days', value: (r) => r.ackP90Days },
        { header: 'fix_median_days', value: (r) => r.fixMedianDays },
        { header: 'fix_p90_days', value: (r) => r.fixP90Days },
        { header: 'fixed_within_target', value: (r) => r.fixedWithinTarget },
        { header: 'share_fixed_within_target', value: (r) => r.shareFixedWithinTarget },
      ]);
    return { from: from.toISOString().slice(0, 7), to: to.toISOString().slice(0, 7), rows, areas, counterRequests: await service.counterRequests(tenant) };
  };
  app.get(`${base}/stats`, {
    config: { access: 'public' },
    schema: { tags: ['reports'], summary: 'Statistics per month and category: counts, median/p90 days to acknowledge and fix, share fixed within target (also CSV)', params: TenantParams, querystring: StatsQuery, response: { 200: StatsResponse } },
    handler: statsHandler,
  });
  app.get(`${base}/stats.csv`, {
    config: { access: 'public' },
    schema: { tags: ['reports'], summary: 'The statistics as CSV', params: TenantParams, querystring: StatsQuery },
    handler: statsHandler,
  });
}
