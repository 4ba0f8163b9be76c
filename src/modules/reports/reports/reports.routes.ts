/**
 * The reports' JSON API for the web app: the public lists and map, and the intake of a report (its form,
 * confirmation, page and photos). Supports, triage, the gazetteer and statistics have routes of their own;
 * Open311 lives in open311/.
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { validationFailed, type FieldError } from '../../../core/errors.js';
import { type AppInstance, requireTenant, requireUser, sendJsonText } from '../../../core/http.js';
import { RATE_LIMITS } from '../../../shared/limits.js';
import { TenantParams } from '../../tenants/index.js';
import { areaKind } from '../reports.areas.js';
import { triagePolicy } from '../triage/triage.policy.js';
import { PHOTO_LIMITS, processPhoto, type ProcessedPhoto } from '../reports.photos.js';
import { presentAreas, presentCategory, presentDetail, presentMap, presentSummary } from './reports.presenter.js';
import {
  AreasResponse, CategoryListResponse, ConfirmBody, ConfirmResponse, NearbyQuery, NearbyResponse, PhotoParams, ReportCreateFields, ReportCreateResponse,
  ReportDetailResponse, ReportListQuery, ReportListResponse, ReportMapQuery, ReportMapResponse, TenantReportParams,
} from './reports.schemas.js';
import type { ReportsService } from './reports.service.js';

export function isStaff(req: FastifyRequest): boolean {
  return !!req.tenant && triagePolicy.triage(req.actor, req.tenant.id);
}

export async function categoryIds(service: ReportsService, req: FastifyRequest, codes: string[] | undefined): Promise<number[] | undefined> {
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
const base = '/api/v1/tenants/:tenant/reports';

/** The public lists: categories, reports, areas, the map, nearby reports, and my own. */
export async function reportsRoutes(app: AppInstance, service: ReportsService) {
  app.get(`${base}/categories`, {
    config: { access: 'public' },
    schema: { tags: ['reports'], summary: 'Report categories of a city, with their department and target time', params: TenantParams, response: { 200: CategoryListResponse } },
    handler: async (req) => ({ items: (await service.categories(requireTenant(req))).map(presentCategory) }),
  });

  app.get(base, {
    config: { access: 'public' },
    schema: { tags: ['reports'], summary: 'Published reports, newest first, by area (bbox), category and status', params: TenantParams, querystring: ReportListQuery, response: { 200: ReportListResponse } },
    handler: async (req, reply) => {
      const q = req.query;
      const tenant = requireTenant(req);
      const body = await service.publicAnswer(tenant, 'list', q, async () => {
        const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
        const f = { tenantId: tenant.id, status: q.status, categoryIds: await categoryIds(service, req, q.category), bbox: q.bbox, area: q.area, limit: q.pageSize };
        const [items, total] = await Promise.all([service.list({ ...f, after, offset: after ? 0 : (q.page - 1) * q.pageSize }), service.count(f)]);
        const last = items.at(-1);
        return reply.serialize({ items: items.map(presentSummary), total, page: q.page, pageSize: q.pageSize, nextCursor: last && items.length === q.pageSize ? encodeCursor(last.created_at_exact, String(last.id)) : null }) as string;
      });
      return sendJsonText(reply, body);
    },
  });

  app.get(`${base}/areas`, {
    config: { access: 'public' },
    schema: { tags: ['reports'], summary: "The city's areas for statistics and filters: neighbourhood polygons (a report belongs to the one holding it), approximate neighbourhood centres (to the nearest) or a 3×3 grid", params: TenantParams, response: { 200: AreasResponse } },
    handler: async (req) => {
      const tenant = requireTenant(req);
      return presentAreas(areaKind(tenant), service.stats.areas(tenant), service.stats.neighbourhoods(tenant)?.attribution ?? null);
    },
  });

  app.get(`${base}/map`, {
    config: { access: 'public' },
    schema: { tags: ['reports'], summary: 'Published reports inside a bbox (minLon,minLat,maxLon,maxLat): up to 1000 points, else cluster counts per grid cell', params: TenantParams, querystring: ReportMapQuery, response: { 200: ReportMapResponse } },
    handler: async (req, reply) => {
      const q = req.query;
      const tenant = requireTenant(req);
      const body = await service.publicAnswer(tenant, 'map', q, async () =>
        reply.serialize(presentMap(await service.map({ tenantId: tenant.id, status: q.status, categoryIds: await categoryIds(service, req, q.category), bbox: q.bbox, area: q.area }))) as string,
      );
      return sendJsonText(reply, body);
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
}

/** A report's intake and its page: the form (multipart, with photos), the emailed confirmation, the page and its photos. */
export async function reportIntakeRoutes(app: AppInstance, service: ReportsService) {
  await app.register(fastifyMultipart, { limits: { files: PHOTO_LIMITS.files, fileSize: PHOTO_LIMITS.fileBytes } });

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
}
