/**
 * Open311 GeoReport v2 (+ the FixMyStreet extensions), as machine endpoints under /open311/v2/:
 * `<resource>.xml` or `<resource>.json`, form-encoded POSTs, the spec's error array with its HTTP codes
 * (404 not found, 403 bad api_key, 400 anything else) instead of problem+json, codes and ids as strings.
 * `jurisdiction_id` is the city's slug (this server serves several cities, so it is required where the
 * spec says so).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../../core/actor.js';
import { AppError } from '../../../core/errors.js';
import type { AppInstance } from '../../../core/http.js';
import { type Locale, pick } from '../../../core/i18n.js';
import { RATE_LIMITS } from '../../../shared/limits.js';
import type { TenantRow, TenantsService } from '../../tenants/index.js';
import type { UsersService } from '../../users/index.js';
import { PHOTO_LIMITS, processPhoto, type ProcessedPhoto } from '../reports.photos.js';
import type { ReportRow } from '../reports/reports.repository.js';
import type { ReportsService } from '../reports/reports.service.js';
import { OPEN_STATUSES, REPORT_STATUSES, type ReportStatus } from '../reports.tables.js';
import { type XmlObject, xmlList, xmlObject } from './open311.xml.js';

export const OPEN311_SPEC = 'http://wiki.open311.org/GeoReport_v2';
const MAX_RESULTS = 1000;
const WINDOW_DAYS = 90;
export const OPEN311_CHANGESET = '2026-11-23T00:00:00Z';

/** Our statuses → Open311 request status (basic) and FixMyStreet's extended lower-case / update upper-case enums. */
export const EXTENDED_STATUS: Record<ReportStatus, string> = {
  open: 'open',
  acknowledged: 'investigating',
  in_progress: 'in_progress',
  fixed: 'fixed',
  closed: 'closed',
  duplicate: 'duplicate',
  not_responsible: 'not_councils_responsibility',
  wont_fix: 'no_further_action',
};
const FROM_UPDATE_STATUS: Record<string, ReportStatus> = {
  OPEN: 'open', REOPEN: 'open', FOR_TRIAGE: 'open', INVESTIGATING: 'acknowledged', ACTION_SCHEDULED: 'acknowledged', PLANNED: 'acknowledged', IN_PROGRESS: 'in_progress',
  FIXED: 'fixed', CLOSED: 'closed', DUPLICATE: 'duplicate', NOT_COUNCILS_RESPONSIBILITY: 'not_responsible', NO_FURTHER_ACTION: 'wont_fix', INTERNAL_REFERRAL: 'not_responsible', CANCELLED: 'closed',
};
const basicStatus = (s: ReportStatus) => (OPEN_STATUSES.includes(s) ? 'open' : 'closed');

class Open311Error extends Error {
  constructor(
    public readonly status: 400 | 403 | 404,
    message: string,
  ) {
    super(message);
  }
}
const bad = (m: string) => new Open311Error(400, m);

type Format = 'json' | 'xml';
function splitFormat(file: string): { name: string; format: Format } {
  const m = /^([a-z_]+|[A-Za-z0-9_-]+)\.(json|xml)$/.exec(file);
  if (!m) throw new Open311Error(404, `Unknown resource ${file}; add .json or .xml.`);
  return { name: m[1]!, format: m[2] as Format };
}

function send(reply: FastifyReply, format: Format, status: number, json: unknown, xml: () => string) {
  reply.code(status).header('cache-control', 'no-cache');
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').serializer((x: unknown) => x as string).send(xml());
  return reply.type('application/json; charset=utf-8').serializer((x: unknown) => JSON.stringify(x)).send(json);
}

function sendErrors(reply: FastifyReply, format: Format, status: number, errors: { code: number; description: string }[]) {
  return send(reply, format, status, errors, () => xmlList('errors', 'error', errors as unknown as XmlObject[]));
}

const w3c = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z'));

function parseW3c(v: unknown, field: string): Date | undefined {
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v)) throw bad(`${field} must be a W3C date-time such as 2026-01-01T00:00:00Z.`);
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw bad(`${field} is not a valid date.`);
  return d;
}

const str = (v: unknown): string | undefined => (Array.isArray(v) ? str(v[0]) : typeof v === 'string' && v !== '' ? v : undefined);
/** A list parameter, repeated (`status=open&status=closed`), a comma list (`status=open,closed`) or both. */
const list = (v: unknown): string[] | undefined => {
  const items = [v].flat().filter((x): x is string => typeof x === 'string').flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
  return items.length ? items : undefined;
};
/** A query parameter as Fastify parses it: a string, or an array when it is repeated (`status=open&status=closed`). */
const Param = z.union([z.string(), z.array(z.string())]).optional();
/**
 * The query parameters of the GETs, declared by name (so the OpenAPI document lists them as parameters;
 * a `z.record` here was flattened into parameters named after its schema keywords) and loose, because
 * clients send extras of their own (FixMyStreet's `agency_responsible`, cache busters) that are ignored.
 */
const Open311Query = z.looseObject({
  jurisdiction_id: Param.describe('the city (its slug, e.g. timisoara)'),
  api_key: Param.describe('accepted and ignored on GETs (some clients send it on every call)'),
  locale: Param.describe('ro, en or hu; default the city\'s language'),
  service_request_id: Param.describe('comma list (or repeated); overrides every other filter'),
  service_code: Param.describe('comma list (or repeated)'),
  status: Param.describe('open, closed or an extended status; comma list (or repeated)'),
  start_date: Param.describe('W3C date-time'),
  end_date: Param.describe('W3C date-time'),
  page: Param,
  page_size: Param,
  extended_statuses: Param.describe('true: FixMyStreet\'s extended statuses'),
});
const Open311Json = z.union([z.array(z.record(z.string(), z.unknown())), z.record(z.string(), z.unknown())]).describe('Spark-convention JSON (or XML for .xml)');
const O311Errors = z.array(z.object({ code: z.number().int(), description: z.string() })).describe('Open311 error array');
const RESPONSES = { 200: Open311Json, 400: O311Errors, 403: O311Errors, 404: O311Errors };

/**
 * A multipart Open311 POST (FixMyStreet sends one when photos are on): text fields as the form-encoded
 * body would give them (a repeated field becomes an array), and every file part (`media`, or `media[]`,
 * `photo1`… as some senders name them) through the reports' photo intake. Limits are the web form's; the
 * multipart parser is the one the reports module registers for its own form (this scope inherits it).
 */
async function readMultipart(req: FastifyRequest): Promise<{ fields: Record<string, string | string[]>; photos: ProcessedPhoto[] }> {
  const fields: Record<string, string | string[]> = {};
  const photos: ProcessedPhoto[] = [];
  try {
    for await (const part of req.parts({ limits: { files: PHOTO_LIMITS.files, fileSize: PHOTO_LIMITS.fileBytes, fields: 60, fieldSize: 10_000, parts: 70 } })) {
      if (part.type === 'file') {
        const buf = await part.toBuffer();
        if (buf.length === 0 && !part.filename) continue; // an empty file input, as browsers send it
        photos.push(await processPhoto(buf, part.fieldname));
        continue;
      }
      const value = typeof part.value === 'string' ? part.value : String(part.value);
      const prev = fields[part.fieldname];
      fields[part.fieldname] = prev === undefined ? value : [prev, value].flat();
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw bad(`media: each file may be at most ${PHOTO_LIMITS.fileBytes / 1024 / 1024} MB.`);
    if (code === 'FST_FILES_LIMIT') throw bad(`media: at most ${PHOTO_LIMITS.files} files.`);
    if (e instanceof AppError) throw e;
    throw bad('The multipart body could not be read.');
  }
  return { fields, photos };
}

export interface Open311Deps {
  service: ReportsService;
  tenants: TenantsService;
  users: UsersService;
  publicUrl: () => string;
}

/** What every Open311 answer needs: the city named by jurisdiction_id, the language, and requests as the spec shows them. */
function open311Context({ service, tenants, publicUrl }: Open311Deps) {
  async function jurisdiction(v: unknown, required: boolean): Promise<TenantRow | undefined> {
    const slug = str(v);
    if (!slug) {
      if (required) throw bad('jurisdiction_id is required (the city, e.g. timisoara).');
      return undefined;
    }
    try {
      return await tenants.bySlug(slug);
    } catch {
      throw new Open311Error(404, `jurisdiction_id ${slug} not found.`);
    }
  }

  const locale = (q: Record<string, unknown>, t: TenantRow): Locale => {
    const l = str(q.locale);
    return l === 'ro' || l === 'en' || l === 'hu' ? l : t.default_locale;
  };

  async function firstPhotos(rows: ReportRow[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const slugOf = new Map<string, string>();
    for (const r of rows) slugOf.set(String(r.id), (await tenants.byId(r.tenant_id)).slug);
    for (const p of await service.photos(rows.map((r) => String(r.id)))) {
      const k = String(p.report_id);
      if (!out.has(k)) out.set(k, new URL(`/api/v1/tenants/${slugOf.get(k)}/reports/${k}/photos/${p.id}`, publicUrl()).toString());
    }
    return out;
  }

  const sendRequests = async (reply: FastifyReply, format: Format, rows: ReportRow[], q: Record<string, unknown>) => {
    const extended = str(q.extended_statuses) === 'true';
    const photos = await firstPhotos(rows);
    const items: XmlObject[] = [];
    for (const r of rows) items.push(presentRequest(r, locale(q, await tenants.byId(r.tenant_id)), extended, photos));
    return send(reply, format, 200, items, () => xmlList('service_requests', 'request', items));
  };

  return { root: () => new URL('/open311/v2', publicUrl()).toString(), jurisdiction, locale, sendRequests };
}
type Context = ReturnType<typeof open311Context>;
type Query = Record<string, unknown>;

function presentRequest(r: ReportRow, loc: Locale, extended: boolean, photos: Map<string, string>): XmlObject {
  const media = photos.get(String(r.id)) ?? r.media_urls[0] ?? null;
  return {
    service_request_id: String(r.id),
    status: extended ? EXTENDED_STATUS[r.status] : basicStatus(r.status),
    status_notes: null,
    service_name: pick(r.category_name, loc),
    service_code: r.category_code,
    description: r.description || r.title,
    agency_responsible: pick(r.category_department, loc),
    service_notice: null,
    requested_datetime: w3c(r.created_at),
    updated_datetime: w3c(r.updated_at),
    expected_datetime: w3c(new Date(new Date(r.created_at).getTime() + r.target_days * 86400_000)),
    address: r.address,
    address_id: r.address_id,
    zipcode: null,
    lat: r.lat,
    long: r.lon,
    media_url: media,
  };
}

/** GET discovery: where the API is and how to get a key. */
function discovery(reply: FastifyReply, format: Format, ctx: Context, publicUrl: () => string) {
  const root = ctx.root;
    const doc = {
      changeset: OPEN311_CHANGESET,
      contact: 'Urbia — the city hall\'s smart city unit (see the city page)',
      key_service: new URL('/admin', publicUrl()).toString() + ' (a city admin creates an API key with purpose "open311")',
      endpoints: [{ specification: OPEN311_SPEC, url: root(), changeset: OPEN311_CHANGESET, type: 'production', formats: ['text/xml', 'application/json'] }],
    };
    return send(reply, format, 200, doc, () => xmlObject('discovery', doc as unknown as XmlObject));
}

/** GET services: the city's categories. */
async function services(reply: FastifyReply, format: Format, q: Query, ctx: Context, service: ReportsService) {
  const { jurisdiction, locale } = ctx;
    const t = (await jurisdiction(q.jurisdiction_id, true))!;
    const loc = locale(q, t);
    const items = (await service.categories(t)).map((c) => ({
      service_code: c.code,
      service_name: pick(c.name, loc),
      description: pick(c.description, loc),
      metadata: c.attributes.length > 0,
      type: 'realtime',
      keywords: c.keywords,
      group: pick(c.group_name, loc),
      groups: [pick(c.group_name, loc)],
    }));
    return send(reply, format, 200, items, () => xmlList('services', 'service', items));
}

/** GET requests: by ids (across cities when no jurisdiction), or a city's in a date window, by code and status. */
async function requests(reply: FastifyReply, format: Format, q: Query, ctx: Context, service: ReportsService) {
  const { jurisdiction, sendRequests } = ctx;
    const idList = list(q.service_request_id);
    const t = await jurisdiction(q.jurisdiction_id, !idList);
    if (idList) {
      const ids = idList.filter((s) => /^\d{1,18}$/.test(s)).slice(0, MAX_RESULTS);
      if (ids.length === 0) throw bad('service_request_id must be a comma-separated list of ids.');
      // Without a jurisdiction the ids (unique across cities) still identify the requests.
      const rows = t
        ? await service.list({ tenantId: t.id, ids, limit: MAX_RESULTS })
        : (await Promise.all(ids.map((id) => service.byId(id)))).filter((r): r is ReportRow => !!r && !!r.confirmed_at && !r.hidden_at);
      return sendRequests(reply, format, rows, q);
    }
    let end = parseW3c(q.end_date, 'end_date');
    let start = parseW3c(q.start_date, 'start_date');
    if (!end) end = start ? new Date(Math.min(Date.now(), start.getTime() + WINDOW_DAYS * 86400_000)) : new Date();
    if (!start) start = new Date(end.getTime() - WINDOW_DAYS * 86400_000);
    if (end.getTime() < start.getTime()) throw bad('end_date is before start_date.');
    if (end.getTime() - start.getTime() > WINDOW_DAYS * 86400_000) throw bad(`The date range may be at most ${WINDOW_DAYS} days.`);
    const codes = list(q.service_code);
    const statusWords = list(q.status)?.map((s) => s.toLowerCase());
    let statuses: ReportStatus[] | undefined;
    if (statusWords?.length) {
      const set = new Set<ReportStatus>();
      for (const w of statusWords) {
        if (w === 'open') OPEN_STATUSES.forEach((s) => set.add(s));
        else if (w === 'closed') REPORT_STATUSES.filter((s) => !OPEN_STATUSES.includes(s)).forEach((s) => set.add(s));
        else {
          const hit = (Object.entries(EXTENDED_STATUS) as [ReportStatus, string][]).find(([, e]) => e === w);
          if (!hit) throw bad(`Unknown status ${w}.`);
          set.add(hit[0]);
        }
      }
      statuses = [...set];
    }
    const cats = codes?.length ? (await service.categories(t!)).filter((c) => codes.includes(c.code)).map((c) => c.id) : undefined;
    const pageSize = Math.min(MAX_RESULTS, Math.max(1, Number(str(q.page_size) ?? MAX_RESULTS) || MAX_RESULTS));
    const page = Math.max(1, Number(str(q.page) ?? 1) || 1);
    const rows = await service.list({ tenantId: t!.id, from: start, to: end, status: statuses, categoryIds: cats && cats.length === 0 ? [-1] : cats, limit: pageSize, offset: (page - 1) * pageSize });
    return sendRequests(reply, format, rows, q);
}

/** GET servicerequestupdates: a city's public updates in a window. */
async function updates(reply: FastifyReply, format: Format, q: Query, ctx: Context, service: ReportsService) {
  const { jurisdiction } = ctx;
    const t = (await jurisdiction(q.jurisdiction_id, true))!;
    let end = parseW3c(q.end_date, 'end_date') ?? new Date();
    let start = parseW3c(q.start_date, 'start_date') ?? new Date(end.getTime() - WINDOW_DAYS * 86400_000);
    if (end < start) [start, end] = [end, start];
    const rows = await service.updatesBetween(t.id, start, end, MAX_RESULTS);
    // One item per update, with the status the report had at that update (not today's).
    const items = rows.map((u) => ({
      update_id: String(u.id),
      service_request_id: String(u.report_id),
      status: EXTENDED_STATUS[u.status_then].toUpperCase(),
      updated_datetime: w3c(u.at),
      description: u.text,
      media_url: null,
      ...(u.external_update_id ? { external_status_code: null } : {}),
    }));
    return send(reply, format, 200, items, () => xmlList('service_request_updates', 'request_update', items as XmlObject[]));
}

type Form = Record<string, string | string[]>;

/** POST requests: a new service request, located by lat/long, address_string (geocoded) or address_id. */
async function createRequest(reply: FastifyReply, format: Format, { body, photos, actor, key, t }: { body: Form; photos: ProcessedPhoto[]; actor: Actor; key: string; t: TenantRow }, service: ReportsService) {
    const code = str(body.service_code);
    if (!code) throw bad('service_code is required.');
    if (!(await service.categories(t)).some((c) => c.code === code)) throw new Open311Error(404, `service_code ${code} not found.`);
    const latS = str(body.lat);
    const lonS = str(body.long);
    if ((latS === undefined) !== (lonS === undefined)) throw bad('lat and long must be given together.');
    const lat = latS === undefined ? undefined : Number(latS);
    const lon = lonS === undefined ? undefined : Number(lonS);
    if ((lat !== undefined && !Number.isFinite(lat)) || (lon !== undefined && !Number.isFinite(lon))) throw bad('lat/long must be numbers (WGS84).');
    const address = str(body.address_string);
    const addressId = str(body.address_id);
    if (lat === undefined && !address && !addressId) throw bad('A location is required: lat and long, address_string or address_id.');
    let point = { lat, lon };
    if (lat === undefined && address) {
      // geocoded like the web form's address search; no match keeps the spec's behaviour: the address alone
      const hit = await service.gazetteer.geocodeAddress(t, address);
      if (hit) point = { lat: hit.lat, lon: hit.lon };
    }
    const attributes: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(body)) {
      const m = /^attribute\[([^\]]+)\](\[\])?$/.exec(k);
      if (m) attributes[m[1]!] = m[2] || Array.isArray(v) ? [v].flat() : (v as string);
    }
    const mediaUrls = [body.media_url, body['media_url[]']].flat().filter((u): u is string => typeof u === 'string' && /^https?:\/\//.test(u)).slice(0, 5);
    const description = str(body.description) ?? '';
    if (description.length > 4000) throw bad('description: at most 4000 characters.');
    const name = [str(body.first_name), str(body.last_name)].filter(Boolean).join(' ') || undefined;
    const created = await service.create(actor, t, { category: code, lat: point.lat, lon: point.lon, address, addressId, description, email: str(body.email), name, attributes, mediaUrls }, photos, { source: 'open311', apiKeyId: key });
    const items = [{ service_request_id: created.id, service_notice: null, account_id: str(body.account_id) ?? null }];
    return send(reply, format, 200, items, () => xmlList('service_requests', 'request', items));
}

/** POST servicerequestupdates: a back office's status change, idempotent on update_id. */
async function postUpdate(reply: FastifyReply, format: Format, { body, photos, actor, t }: { body: Form; photos: ProcessedPhoto[]; actor: Actor; t: TenantRow }, service: ReportsService) {
    for (const f of ['service_request_id', 'update_id', 'updated_datetime', 'status', 'description']) if (!str(body[f]) && f !== 'description') throw bad(`Bad request: ${f}`);
    const updatedAt = parseW3c(body.updated_datetime, 'updated_datetime');
    if (updatedAt && updatedAt.getTime() > Date.now() + 5 * 60_000) throw bad('updated_datetime is in the future.');
    const status = FROM_UPDATE_STATUS[str(body.status)!.toUpperCase()];
    if (!status) throw bad(`Unknown status ${str(body.status)}.`);
    if (photos.length) throw bad('servicerequestupdates takes media_url, not files.');
    const id = await service.triage.externalUpdate(actor, t, { updateId: str(body.update_id)!, reportId: str(body.service_request_id)!, status, description: str(body.description) ?? '', updatedAt });
    const items = [{ update_id: String(id) }];
    return send(reply, format, 200, items, () => xmlList('service_request_updates', 'request_update', items));
}

/** Every error as the spec's error array, in the format the path asked for. */
function open311Errors(app: AppInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const format: Format = (req.url.split('?')[0] ?? '').endsWith('.xml') ? 'xml' : 'json';
    if (err instanceof Open311Error) return sendErrors(reply, format, err.status, [{ code: err.status, description: err.message }]);
    if (err instanceof AppError) {
      const status = err.status === 404 || err.status === 403 ? err.status : err.status === 401 ? 403 : 400;
      const details = err.errors?.length ? err.errors.map((e) => ({ code: status, description: `${e.field}: ${e.message}` })) : [{ code: status, description: err.message }];
      if (err.status === 429) reply.header('retry-after', err.headers?.['retry-after'] ?? '60');
      return sendErrors(reply, format, err.status === 429 ? 429 : status, details);
    }
    if (hasZodFastifySchemaValidationErrors(err)) return sendErrors(reply, format, 400, err.validation.map((v) => ({ code: 400, description: `${v.instancePath.replace(/^\//, '') || 'request'}: ${v.message ?? 'not valid'}` })));
    if (err.statusCode === 429) return sendErrors(reply, format, 429, [{ code: 429, description: err.message }]);
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return sendErrors(reply, format, 400, [{ code: err.statusCode, description: err.message }]);
    req.log.error({ err }, 'open311 request failed');
    return sendErrors(reply, format, 500, [{ code: 500, description: 'Internal error; it was logged.' }]);
  });
}

/** The reads: discovery, services, requests and updates; a service definition; one request; a token. */
async function open311ReadRoutes(app: AppInstance, deps: Open311Deps, ctx: Context) {
  // GET discovery / services / requests / servicerequestupdates
  app.get('/open311/v2/:file', {
    config: { access: 'public' },
    schema: { tags: ['open311'], summary: 'Open311: discovery, services, requests, servicerequestupdates (.json or .xml)', params: z.object({ file: z.string().max(60) }), querystring: Open311Query, response: RESPONSES },
    handler: async (req, reply) => {
      const { name, format } = splitFormat(req.params.file);
      const q = req.query as Query;
      if (name === 'discovery') return discovery(reply, format, ctx, deps.publicUrl);
      if (name === 'services') return services(reply, format, q, ctx, deps.service);
      if (name === 'requests') return requests(reply, format, q, ctx, deps.service);
      if (name === 'servicerequestupdates') return updates(reply, format, q, ctx, deps.service);
      throw new Open311Error(404, `Unknown resource ${name}.`);
    },
  });

  app.get('/open311/v2/services/:file', {
    config: { access: 'public' },
    schema: { tags: ['open311'], summary: 'Open311: a service definition (its attributes)', params: z.object({ file: z.string().max(60) }), querystring: Open311Query, response: RESPONSES },
    handler: async (req, reply) => {
      const { name: code, format } = splitFormat(req.params.file);
      const q = req.query as Record<string, unknown>;
      const t = (await ctx.jurisdiction(q.jurisdiction_id, true))!;
      const c = (await deps.service.categories(t)).find((x) => x.code === code);
      if (!c) throw new Open311Error(404, `service_code ${code} not found.`);
      const loc = ctx.locale(q, t);
      const doc = {
        service_code: c.code,
        attributes: c.attributes.map((a, i) => ({
          variable: true,
          code: a.code,
          datatype: a.datatype,
          required: a.required,
          datatype_description: a.values ? null : a.datatype,
          order: i + 1,
          description: pick(a.description, loc),
          values: (a.values ?? []).map((v) => ({ key: v.key, name: pick(v.name, loc) })),
        })),
      };
      return send(reply, format, 200, doc, () => xmlObject('service_definition', doc as unknown as XmlObject));
    },
  });

  app.get('/open311/v2/requests/:file', {
    config: { access: 'public' },
    schema: { tags: ['open311'], summary: 'Open311: one service request (an array of one)', params: z.object({ file: z.string().max(60) }), querystring: Open311Query, response: RESPONSES },
    handler: async (req, reply) => {
      const { name: id, format } = splitFormat(req.params.file);
      const q = req.query as Record<string, unknown>;
      const t0 = await ctx.jurisdiction(q.jurisdiction_id, false);
      const r = /^\d{1,18}$/.test(id) ? await deps.service.byId(id) : undefined;
      if (!r || !r.confirmed_at || r.hidden_at || (t0 && t0.id !== r.tenant_id)) throw new Open311Error(404, `service_request_id ${id} not found.`);
      return ctx.sendRequests(reply, format, [r], q);
    },
  });

  app.get('/open311/v2/tokens/:file', {
    config: { access: 'public' },
    schema: { tags: ['open311'], summary: 'Open311: the service request id behind a token (empty id until the report is published)', params: z.object({ file: z.string().max(100) }), querystring: Open311Query, response: RESPONSES },
    handler: async (req, reply) => {
      const { name: token, format } = splitFormat(req.params.file);
      const r = await deps.service.byToken(token);
      if (!r || r.hidden_at) throw new Open311Error(404, 'token not found.');
      const items = [{ service_request_id: r.confirmed_at ? String(r.id) : null, token }];
      return send(reply, format, 200, items, () => xmlList('service_requests', 'request', items));
    },
  });
}

/** The writes, keyed by the api_key in the form or the query string. */
async function open311WriteRoutes(app: AppInstance, deps: Open311Deps, ctx: Context) {
  // POSTs. The route is 'public' for the access plugin because Open311 carries the key in the form body
  // or the query string (`api_key`), which the access plugin (headers only) cannot see; the handler checks
  // it and answers with the spec's 403 error array, which a header-based 401 problem+json would not give an
  // Open311 client.
  app.post('/open311/v2/:file', {
    config: { access: 'public', rateLimit: RATE_LIMITS.publicWrite },
    schema: {
      tags: ['open311'],
      summary: 'Open311: create a service request / post a service request update (form-encoded, or multipart/form-data with `media` files; api_key and jurisdiction_id in the body or the query string)',
      consumes: ['application/x-www-form-urlencoded', 'multipart/form-data'],
      params: z.object({ file: z.string().max(60) }),
      querystring: Open311Query,
      response: RESPONSES,
    },
    handler: async (req, reply) => {
      const { name, format } = splitFormat(req.params.file);
      const ct = req.headers['content-type'] ?? '';
      let form: Record<string, string | string[]>;
      let photos: ProcessedPhoto[] = [];
      if (/^application\/x-www-form-urlencoded/i.test(ct)) form = (req.body ?? {}) as Record<string, string | string[]>;
      else if (/^multipart\/form-data/i.test(ct)) ({ fields: form, photos } = await readMultipart(req));
      else throw bad('Send the request as application/x-www-form-urlencoded or multipart/form-data.');
      // Client libraries put jurisdiction_id and api_key in the query string; the body wins when both have one.
      const body: Record<string, string | string[]> = { ...(req.query as Record<string, string | string[]>), ...form };
      const t = (await ctx.jurisdiction(body.jurisdiction_id, true))!;
      const key = await deps.users.verifyApiKey(str(body.api_key) ?? '', 'open311');
      if (!key || key.tenantId !== t.id) throw new Open311Error(403, `Invalid api_key received -- can't proceed with ${name === 'requests' ? 'create_request' : 'update'}.`);
      const actor: Actor = { kind: 'api_key', key, correlationId: req.id };
      if (name === 'requests') return createRequest(reply, format, { body, photos, actor, key: key.id, t }, deps.service);
      if (name === 'servicerequestupdates') return postUpdate(reply, format, { body, photos, actor, t }, deps.service);
      throw new Open311Error(404, `Unknown resource ${name}.`);
    },
  });
}

/** Open311 in its own scope (its error handler answers in the spec's shape). */
export async function open311Routes(app: AppInstance, deps: Open311Deps) {
  const ctx = open311Context(deps);
  open311Errors(app);
  await open311ReadRoutes(app, deps, ctx);
  await open311WriteRoutes(app, deps, ctx);
}
