/**
 * What every NGSI-LD route shares (ETSI GS CIM 009 clause 6): content negotiation (clause 6.3.4–6.3.6), the
 * @context of bodies and answers, the city from the NGSILD-Tenant header, paging links, and the error format
 * (ProblemDetails with the spec's error types, for every error of the scope, including validation and body
 * parsing).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../../../core/errors.js';
import type { ModuleContext } from '../../module.js';
import type { TenantRow } from '../../tenants/index.js';
import { badData, invalidRequest, NgsiError, type NgsiErrorKind } from './ngsi-ld.errors.js';
import { CORE_CONTEXT, isUri, JSONLD_CONTEXT_REL, SDM_CONTEXT } from './ngsi-ld.parse.js';

export const BASE = '/ngsi-ld/v1';
export const tags = ['ngsi-ld'];
export const PUBLIC = { access: 'public' as const };

export type Accept = 'json' | 'ld' | 'geo';

/** The representation asked for in Accept (clause 6.3.6): JSON, JSON-LD, or GeoJSON where allowed; else 406. */
export function negotiate(accept: string | undefined, allowGeo: boolean): Accept {
  if (!accept || !accept.trim()) return 'json';
  const ranges = accept
    .split(',')
    .map((part, i) => {
      const [type = '', ...params] = part.split(';').map((x) => x.trim());
      const q = params.find((p) => p.startsWith('q='));
      return { type: type.toLowerCase(), q: q ? Number(q.slice(2)) : 1, i };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranges) {
    if (r.type === 'application/json' || r.type === '*/*' || r.type === 'application/*') return 'json';
    if (r.type === 'application/ld+json') return 'ld';
    if (r.type === 'application/geo+json' && allowGeo) return 'geo';
  }
  throw new NgsiError(406, 'NotAcceptable', `None of the media types in Accept is served here: application/json, application/ld+json${allowGeo ? ', application/geo+json' : ''}.`);
}

/** The @context URL of a JSON-LD Link header (clause 6.3.5), or null when there is none. */
export function linkContext(header: string | string[] | undefined): string | null {
  if (!header) return null;
  for (const link of [header].flat().flatMap((h) => h.split(/,(?=\s*<)/))) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(link);
    if (!m) throw badData('The Link header is not valid (RFC 8288).');
    if (!new RegExp(`rel\\s*=\\s*"?${JSONLD_CONTEXT_REL.replace(/[.#/]/g, '\\$&')}"?`).test(m[2]!)) continue;
    if (!isUri(m[1])) throw badData('The JSON-LD context in the Link header is not a URI.');
    return m[1]!;
  }
  return null;
}

const hasContext = (x: unknown) => x !== null && typeof x === 'object' && !Array.isArray(x) && '@context' in x;

/**
 * The content rules for bodies (clause 6.3.4/6.3.5): application/json must not carry @context (a Link header
 * may give it); application/ld+json must carry it in the body (in every entity of a batch) and comes with no
 * Link header; anything else is 415. Returns the request's context (null: the default one).
 */
export function bodyContext(req: FastifyRequest, needsContext = true): unknown {
  const ct = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const link = linkContext(req.headers.link);
  const items = Array.isArray(req.body) ? (req.body as unknown[]) : [req.body];
  if (ct === 'application/ld+json') {
    if (link) throw badData('A JSON-LD Link header must not come with Content-Type application/ld+json: the @context goes in the body.');
    if (needsContext && !items.every(hasContext)) throw badData(`Content-Type application/ld+json needs an @context in the body${Array.isArray(req.body) ? ' (in every entity)' : ''}.`);
    return needsContext ? (items[0] as { '@context': unknown })['@context'] : null;
  }
  if (ct === 'application/json' || (ct === 'application/merge-patch+json' && req.method === 'PATCH')) {
    if (items.some(hasContext)) throw badData('An application/json body must not carry an @context: send it in a Link header, or use Content-Type application/ld+json.');
    return link;
  }
  throw invalidRequest(`Content-Type must be application/json or application/ld+json, not ${ct || '(none)'}.`, 415);
}

/** The context we answer with: the request's own, else the Smart Data Models context our attribute names come from. */
export const responseContext = (given: unknown): unknown => given ?? [SDM_CONTEXT, CORE_CONTEXT];
export const contextLink = (given: unknown) => `<${typeof given === 'string' ? given : SDM_CONTEXT}>; rel="${JSONLD_CONTEXT_REL}"; type="application/ld+json"`;

export const csv = (s: string | undefined, sep = /,/) => (s === undefined ? undefined : s.split(sep).map((x) => x.trim()).filter(Boolean));
export const sysAttrs = (q: { options?: string | undefined }) => !!csv(q.options)?.includes('sysAttrs');
export const simplified = (q: { options?: string | undefined; format?: string | undefined }) => q.format === 'simplified' || q.format === 'keyValues' || (q.format === undefined && !!csv(q.options)?.some((o) => o === 'keyValues' || o === 'simplified'));
/** Location of an entity: its id is a URI, kept readable (colons are allowed in a path segment). */
export const entityPath = (id: string) => `${BASE}/entities/${encodeURIComponent(id).replace(/%3A/gi, ':')}`;

function fromStatus(status: number, detail: string): NgsiError {
  const kind: NgsiErrorKind = status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 404 ? 'ResourceNotFound' : status === 409 ? 'AlreadyExists' : status === 413 ? 'too_large' : status === 415 ? 'InvalidRequest' : status === 429 ? 'rate_limited' : 'BadRequestData';
  return new NgsiError(status, kind, detail);
}

/** Every error of the NGSI-LD scope in its ProblemDetails form. */
export function ngsiErrorHandler(err: FastifyError | AppError | NgsiError, req: FastifyRequest, reply: FastifyReply) {
  let e: NgsiError;
  if (err instanceof NgsiError) e = err;
  else if (err instanceof AppError) e = fromStatus(err.status, [err.message, ...(err.errors ?? []).map((f) => `${f.field}: ${f.message}`)].join(' '));
  else if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as FastifyError).validationContext;
    e = badData(err.validation.map((v) => `${where === 'querystring' ? 'query' : (where ?? 'body')}${v.instancePath.replace(/\//g, '.')}: ${v.message ?? 'not valid'}`).join('; '));
  } else {
    const fe = err as FastifyError;
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') e = new NgsiError(413, 'too_large', 'The request body is too large.');
    else if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') e = invalidRequest(`Content-Type must be application/json or application/ld+json, not ${req.headers['content-type'] ?? '(none)'}.`, 415);
    else if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY') e = invalidRequest('The body is not valid JSON.');
    else if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) e = fromStatus(fe.statusCode, fe.message);
    else {
      req.log.error({ err }, 'NGSI-LD request failed');
      e = new NgsiError(500, 'InternalError', 'Something went wrong on our side.');
    }
  }
  if (e.status === 406 || e.status === 415) reply.header('accept', 'application/json, application/ld+json');
  return reply.code(e.status).type('application/json').serializer(JSON.stringify).send(e.problem);
}

/** The city of a request: the NGSILD-Tenant header (required: there is no default tenant). */
export function tenantResolver(ctx: ModuleContext) {
  return async (req: FastifyRequest): Promise<TenantRow> => {
    const slug = req.headers['ngsild-tenant'];
    if (typeof slug !== 'string' || !slug.trim()) throw badData('The NGSILD-Tenant header is required: the city, e.g. timisoara (there is no default tenant).');
    try {
      return await ctx.core.tenants.bySlug(slug.trim());
    } catch {
      throw new NgsiError(404, 'NonexistentTenant', `No tenant "${slug.slice(0, 60)}".`);
    }
  };
}

export function pageLimit(p: { limit: number; count?: string | undefined }): void {
  if (p.limit === 0 && p.count !== 'true') throw badData('limit=0 only goes with count=true.');
}

/** Discovery answers carry the context like entities do (JSON-LD: in the body; JSON: in a Link header). */
export function sendDoc(req: FastifyRequest, reply: FastifyReply, doc: Record<string, unknown> | Record<string, unknown>[]) {
  const as = negotiate(req.headers.accept, false);
  const context = linkContext(req.headers.link);
  if (as === 'ld') {
    const withCtx = (d: Record<string, unknown>) => ({ ...d, '@context': responseContext(context) });
    return reply.type('application/ld+json').send(Array.isArray(doc) ? doc.map(withCtx) : withCtx(doc));
  }
  return reply.header('link', contextLink(context)).type('application/json').send(doc);
}
