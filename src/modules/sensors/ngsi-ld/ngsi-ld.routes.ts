/**
 * NGSI-LD HTTP binding (ETSI GS CIM 009 clause 6) at /ngsi-ld/v1, in its own Fastify scope: its JSON-LD
 * content types, its content negotiation (clause 6.3.4–6.3.6), its @context handling and its error format
 * (ProblemDetails with the spec's error types, for every error of the scope, including validation and body
 * parsing). The city is the NGSILD-Tenant header. Thin: negotiate → one service call → present.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import type { AppInstance } from '../../../core/http.js';
import { LIMITS } from '../../../shared/limits.js';
import type { ModuleContext } from '../../module.js';
import type { TenantRow } from '../../tenants/index.js';
import { SensorsRepository } from '../sensors.repository.js';
import type { SensorsService } from '../sensors.service.js';
import { badData, invalidRequest, NgsiError, type NgsiErrorKind, notFound, notSupported } from './ngsi-ld.errors.js';
import { CORE_CONTEXT, isUri, JSONLD_CONTEXT_REL, SDM_CONTEXT, shortName } from './ngsi-ld.parse.js';
import { type Entity, presentEntity, project, simplify, toFeature } from './ngsi-ld.presenter.js';
import { parseGeoQuery, parseQ } from './ngsi-ld.query.js';
import { NgsiLdRepository } from './ngsi-ld.repository.js';
import * as S from './ngsi-ld.schemas.js';
import { type EntityQuery, NgsiLdService } from './ngsi-ld.service.js';

const BASE = '/ngsi-ld/v1';
const tags = ['ngsi-ld'];
const PUBLIC = { access: 'public' as const };

type Accept = 'json' | 'ld' | 'geo';

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
function bodyContext(req: FastifyRequest, needsContext = true): unknown {
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
const responseContext = (given: unknown): unknown => given ?? [SDM_CONTEXT, CORE_CONTEXT];
const contextLink = (given: unknown) => `<${typeof given === 'string' ? given : SDM_CONTEXT}>; rel="${JSONLD_CONTEXT_REL}"; type="application/ld+json"`;

const csv = (s: string | undefined, sep = /,/) => (s === undefined ? undefined : s.split(sep).map((x) => x.trim()).filter(Boolean));
const sysAttrs = (q: { options?: string | undefined }) => !!csv(q.options)?.includes('sysAttrs');
const simplified = (q: { options?: string | undefined; format?: string | undefined }) => q.format === 'simplified' || q.format === 'keyValues' || (q.format === undefined && !!csv(q.options)?.some((o) => o === 'keyValues' || o === 'simplified'));
/** Location of an entity: its id is a URI, kept readable (colons are allowed in a path segment). */
const entityPath = (id: string) => `${BASE}/entities/${encodeURIComponent(id).replace(/%3A/gi, ':')}`;

function fromStatus(status: number, detail: string): NgsiError {
  const kind: NgsiErrorKind = status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 404 ? 'ResourceNotFound' : status === 409 ? 'AlreadyExists' : status === 413 ? 'too_large' : status === 415 ? 'InvalidRequest' : status === 429 ? 'rate_limited' : 'BadRequestData';
  return new NgsiError(status, kind, detail);
}

export async function ngsiLdRoutes(app: AppInstance, sensors: SensorsService, ctx: ModuleContext): Promise<void> {
  const service = new NgsiLdService({ sensors, sensorsRepo: new SensorsRepository(ctx.db), repo: new NgsiLdRepository(ctx.db), present: { entity: presentEntity, project } });

  // JSON-LD and merge-patch bodies are JSON; a body that is not answers InvalidRequest (clause 6.3.2).
  app.addContentTypeParser(['application/ld+json', 'application/merge-patch+json'], { parseAs: 'string', bodyLimit: LIMITS.bodyBytes }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(invalidRequest('The body is not valid JSON.') as unknown as Error, undefined);
    }
  });

  // Every error of this scope in NGSI-LD's ProblemDetails form.
  app.setErrorHandler((err: FastifyError | AppError | NgsiError, req, reply) => {
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
  });

  const tenantOf = async (req: FastifyRequest): Promise<TenantRow> => {
    const slug = req.headers['ngsild-tenant'];
    if (typeof slug !== 'string' || !slug.trim()) throw badData('The NGSILD-Tenant header is required: the city, e.g. timisoara (there is no default tenant).');
    try {
      return await ctx.core.tenants.bySlug(slug.trim());
    } catch {
      throw new NgsiError(404, 'NonexistentTenant', `No tenant "${slug.slice(0, 60)}".`);
    }
  };

  /** Entities in the representation asked for, with the @context in the body (JSON-LD) or in a Link header. */
  const sendEntities = (reply: FastifyReply, list: Entity[], as: Accept, context: unknown, keyValues: boolean, links: string[] = []) => {
    const shaped = list.map((e) => (keyValues ? simplify(e) : e));
    if (as === 'geo') {
      reply.header('link', [contextLink(context), ...links]);
      return reply.type('application/geo+json').send({ type: 'FeatureCollection' as const, features: list.map((e) => toFeature(e, keyValues)) as z.infer<typeof S.NgsiFeature>[] });
    }
    if (as === 'ld') {
      if (links.length) reply.header('link', links);
      return reply.type('application/ld+json').send(shaped.map((e) => ({ ...e, '@context': responseContext(context) })));
    }
    reply.header('link', [contextLink(context), ...links]);
    return reply.type('application/json').send(shaped);
  };

  /** A page of a query: NGSILD-Results-Count when count=true, and Link rel=next/prev (clause 6.3.10, 6.3.13). */
  const sendPage = (req: FastifyRequest, reply: FastifyReply, r: { entities: Entity[]; count: number }, p: { limit: number; offset: number; count?: string | undefined; options?: string | undefined; format?: string | undefined }, as: Accept, context: unknown) => {
    if (p.count === 'true' || csv(p.options)?.includes('count')) reply.header('NGSILD-Results-Count', String(r.count));
    const url = (offset: number) => {
      const u = new URL(req.url, 'http://x');
      u.searchParams.delete('offset');
      u.searchParams.delete('limit');
      u.searchParams.append('offset', String(offset));
      u.searchParams.append('limit', String(p.limit));
      return `${u.pathname}${u.search}`;
    };
    const links: string[] = [];
    if (p.limit > 0 && p.offset + p.limit < r.count) links.push(`<${url(p.offset + p.limit)}>; rel="next"; type="${as === 'ld' ? 'application/ld+json' : 'application/json'}"`);
    if (p.offset > 0 && p.limit > 0) links.push(`<${url(Math.max(0, p.offset - p.limit))}>; rel="prev"; type="${as === 'ld' ? 'application/ld+json' : 'application/json'}"`);
    return sendEntities(reply, r.entities, as, context, simplified(p), links);
  };

  const pageLimit = (p: { limit: number; count?: string | undefined }) => {
    if (p.limit === 0 && p.count !== 'true') throw badData('limit=0 only goes with count=true.');
  };

  // ---- consumption ----

  app.get(`${BASE}/entities`, {
    config: PUBLIC,
    schema: { tags, summary: 'Query entities: id, idPattern, type, attrs, q, geo-query, limit/offset, count; pending sensors only for the city\'s writers', querystring: S.NgsiQueryQuery, response: { 200: z.union([S.NgsiEntityList, S.NgsiFeatureCollection]), ...S.NgsiErrors } },
    handler: async (req, reply) => {
      const as = negotiate(req.headers.accept, true);
      const tenant = await tenantOf(req);
      const p = req.query;
      pageLimit(p);
      const q: EntityQuery = {
        selectors: [{ ids: csv(p.id), idPattern: p.idPattern, types: csv(p.type, /[,|]/) }],
        attrs: csv(p.attrs),
        q: p.q ? parseQ(p.q) : undefined,
        geo: parseGeoQuery(p),
        sysAttrs: sysAttrs(p),
        limit: p.limit,
        offset: p.offset,
      };
      for (const id of q.selectors[0]!.ids ?? []) if (!isUri(id)) throw badData(`id: "${id.slice(0, 80)}" is not a URI.`);
      return sendPage(req, reply, await service.query(req.actor, tenant, q), p, as, linkContext(req.headers.link));
    },
  });

  app.post(`${BASE}/entityOperations/query`, {
    config: PUBLIC,
    schema: { tags, summary: 'Query entities with a Query body (entities, attrs, q, geoQ)', querystring: S.NgsiPostQueryQuery, body: S.NgsiPostQueryBody, response: { 200: z.union([S.NgsiEntityList, S.NgsiFeatureCollection]), ...S.NgsiErrors } },
    handler: async (req, reply) => {
      const as = negotiate(req.headers.accept, true);
      const context = bodyContext(req);
      const tenant = await tenantOf(req);
      const b = req.body;
      pageLimit(req.query);
      for (const e of b.entities ?? []) if (e.id !== undefined && !isUri(e.id)) throw badData(`entities: "${e.id.slice(0, 80)}" is not a URI.`);
      const q: EntityQuery = {
        selectors: (b.entities ?? []).map((e) => ({ ids: e.id ? [e.id] : undefined, idPattern: e.idPattern, types: csv(e.type, /[,|]/) })),
        attrs: b.attrs,
        q: b.q ? parseQ(b.q) : undefined,
        geo: b.geoQ ? parseGeoQuery(b.geoQ) : null,
        sysAttrs: sysAttrs(req.query),
        limit: req.query.limit,
        offset: req.query.offset,
      };
      return sendPage(req, reply, await service.query(req.actor, tenant, q), req.query, as, context);
    },
  });

  app.get(`${BASE}/entities/:entityId`, {
    config: PUBLIC,
    schema: { tags, summary: 'Retrieve an entity by id (attrs, options=keyValues, format)', params: S.NgsiEntityParams, querystring: S.NgsiRetrieveQuery, response: { 200: z.union([S.NgsiEntity, S.NgsiFeature]), ...S.NgsiErrors } },
    handler: async (req, reply) => {
      const as = negotiate(req.headers.accept, true);
      const tenant = await tenantOf(req);
      const context = linkContext(req.headers.link);
      const e = await service.retrieve(req.actor, tenant, req.params.entityId, csv(req.query.type, /[,|]/), sysAttrs(req.query));
      const attrs = csv(req.query.attrs);
      const shown: Entity = attrs ? Object.fromEntries(Object.entries(e).filter(([k]) => k === 'id' || k === 'type' || k === 'createdAt' || k === 'modifiedAt' || attrs.includes(k))) : e;
      const kv = simplified(req.query);
      if (as === 'geo') return reply.header('link', contextLink(context)).type('application/geo+json').send(toFeature(shown, kv) as z.infer<typeof S.NgsiFeature>);
      const body = kv ? simplify(shown) : shown;
      if (as === 'ld') return reply.type('application/ld+json').send({ ...body, '@context': responseContext(context) });
      return reply.header('link', contextLink(context)).type('application/json').send(body);
    },
  });

  // ---- discovery (clause 5.7.5–5.7.8) ----

  /** Discovery answers carry the context like entities do (JSON-LD: in the body; JSON: in a Link header). */
  const sendDoc = (req: FastifyRequest, reply: FastifyReply, doc: Record<string, unknown> | Record<string, unknown>[]) => {
    const as = negotiate(req.headers.accept, false);
    const context = linkContext(req.headers.link);
    if (as === 'ld') {
      const withCtx = (d: Record<string, unknown>) => ({ ...d, '@context': responseContext(context) });
      return reply.type('application/ld+json').send(Array.isArray(doc) ? doc.map(withCtx) : withCtx(doc));
    }
    return reply.header('link', contextLink(context)).type('application/json').send(doc);
  };
  const typeDoc = (name: string, attrs: Map<string, Set<string>>, count: number) => ({
    id: name,
    type: 'EntityTypeInfo',
    typeName: name,
    entityCount: count,
    attributeDetails: [...attrs.entries()].sort().map(([a, kinds]) => ({ id: a, type: 'Attribute', attributeName: a, attributeTypes: [...kinds].sort() })),
  });

  app.get(`${BASE}/types`, {
    config: PUBLIC,
    schema: { tags, summary: 'The entity types present (details=true: with their attribute names)', querystring: S.NgsiDiscoveryQuery, response: { 200: S.NgsiDiscovery, ...S.NgsiErrors } },
    handler: async (req, reply) => {
      negotiate(req.headers.accept, false);
      const types = await service.discover(req.actor, await tenantOf(req));
      const names = [...types.keys()].sort();
      if (req.query.details === 'true') return sendDoc(req, reply, names.map((n) => ({ id: n, type: 'EntityType', typeName: n, attributeNames: [...types.get(n)!.keys()].sort() })));
      return sendDoc(req, reply, { id: `urn:ngsi-ld:EntityTypeList:${req.id}`, type: 'EntityTypeList', typeList: names });
    },
  });

  app.get(`${BASE}/types/:type`, {
    config: PUBLIC,
    schema: { tags, summary: 'One entity type: its attributes', params: S.NgsiTypeParams, response: { 200: S.NgsiDiscovery, ...S.NgsiErrors } },
    handler: async (req, reply) => {
      negotiate(req.headers.accept, false);
      const tenant = await tenantOf(req);
      const name = shortName(req.params.type);
      const attrs = (await service.discover(req.actor, tenant)).get(name);
      if (!attrs) throw notFound(`No entities of type ${name}.`);
      const count = (await service.query(req.actor, tenant, { selectors: [{ types: [name] }], limit: 0, offset: 0 })).count;
      return sendDoc(req, reply, typeDoc(name, attrs, count));
    },
  });

  app.get(`${BASE}/attributes`, {
    config: PUBLIC,
    schema: { tags, summary: 'The attribute names present (details=true: with the types having them)', querystring: S.NgsiDiscoveryQuery, response: { 200: S.NgsiDiscovery, ...S.NgsiErrors } },
    handler: async (req, reply) => {
      negotiate(req.headers.accept, false);
      const types = await service.discover(req.actor, await tenantOf(req));
      const byAttr = new Map<string, Set<string>>();
      for (const [tn, attrs] of types) for (const a of attrs.keys()) byAttr.set(a, (byAttr.get(a) ?? new Set()).add(tn));
      const names = [...byAttr.keys()].sort();
      if (req.query.details === 'true') return sendDoc(req, reply, names.map((a) => ({ id: a, type: 'Attribute', attributeName: a, typeNames: [...byAttr.get(a)!].sort() })));
      return sendDoc(req, reply, { id: `urn:ngsi-ld:AttributeList:${req.id}`, type: 'AttributeList', attributeList: names });
    },
  });

  // ---- provision ----

  app.post(`${BASE}/entities`, {
    config: PUBLIC,
    schema: { tags, summary: 'Create an entity: a new sensor, pending until staff approve it (ingest key or staff)', body: z.unknown(), response: { 201: z.null(), ...S.NgsiErrors } },
    handler: async (req, reply) => {
      bodyContext(req);
      const tenant = await tenantOf(req);
      const id = await service.create(req.actor, tenant, req.body);
      return reply.code(201).header('location', entityPath(id)).send(null);
    },
  });

  for (const op of ['create', 'upsert', 'update'] as const) {
    app.post(`${BASE}/entityOperations/${op}`, {
      config: PUBLIC,
      schema: {
        tags,
        summary: `Batch ${op}: good entities written, bad ones listed (207)${op === 'upsert' ? '; options=update merges, replace (default) replaces' : op === 'update' ? '; options=noOverwrite' : ''}`,
        querystring: S.NgsiWriteQuery,
        body: z.unknown(),
        response: { 201: S.NgsiCreatedIds, 204: z.null(), 207: S.NgsiBatchResult, ...S.NgsiErrors },
      },
      handler: async (req, reply) => {
        bodyContext(req);
        const tenant = await tenantOf(req);
        const options = csv(req.query.options) ?? [];
        const r = await service.batch(req.actor, tenant, op, req.body, { replace: !options.includes('update'), noOverwrite: options.includes('noOverwrite') });
        if (r.errors.length) return reply.code(207).send({ success: r.success, errors: r.errors });
        if (op === 'create') return reply.code(201).send(r.success);
        if (op === 'upsert' && r.created.length) return reply.code(201).send(r.created);
        return reply.code(204).send(null);
      },
    });
  }

  app.post(`${BASE}/entityOperations/delete`, {
    config: PUBLIC,
    schema: { tags, summary: 'Batch delete: the sensors are switched off (their readings stay in the history)', body: z.unknown(), response: { 204: z.null(), 207: S.NgsiBatchResult, ...S.NgsiErrors } },
    handler: async (req, reply) => {
      bodyContext(req, false);
      const tenant = await tenantOf(req);
      const r = await service.delete(req.actor, tenant, req.body);
      if (r.errors.length) return reply.code(207).send(r);
      return reply.code(204).send(null);
    },
  });

  app.delete(`${BASE}/entities/:entityId`, {
    config: PUBLIC,
    schema: { tags, summary: 'Delete an entity: the sensor is switched off (its readings stay in the history)', params: S.NgsiEntityParams, response: { 204: z.null(), ...S.NgsiErrors } },
    handler: async (req, reply) => {
      const tenant = await tenantOf(req);
      if (!isUri(req.params.entityId)) throw badData(`The entity id "${req.params.entityId.slice(0, 80)}" is not a URI.`);
      const r = await service.delete(req.actor, tenant, [req.params.entityId]);
      if (r.errors[0]) throw new NgsiError(r.errors[0].error.status, 'ResourceNotFound', r.errors[0].error.detail);
      return reply.code(204).send(null);
    },
  });

  for (const [method, how] of [['patch', 'update'], ['post', 'append']] as const) {
    app[method](`${BASE}/entities/:entityId/attrs`, {
      config: PUBLIC,
      schema: {
        tags,
        summary: how === 'update' ? 'Update attributes the entity has (readings become new observations)' : 'Append attributes (options=noOverwrite keeps existing ones)',
        params: S.NgsiEntityParams,
        querystring: S.NgsiWriteQuery,
        body: z.unknown(),
        response: { 204: z.null(), 207: S.NgsiUpdateResult, ...S.NgsiErrors },
      },
      handler: async (req, reply) => {
        bodyContext(req);
        const tenant = await tenantOf(req);
        const r = await service.updateAttrs(req.actor, tenant, req.params.entityId, req.body, how, (csv(req.query.options) ?? []).includes('noOverwrite'));
        if (r.notUpdated.length) return reply.code(207).send(r);
        return reply.code(204).send(null);
      },
    });
  }

  app.patch(`${BASE}/entities/:entityId/attrs/:attrId`, {
    config: PUBLIC,
    schema: { tags, summary: 'Partial update of one attribute the entity has (a reading becomes a new observation)', params: S.NgsiAttrParams, body: z.unknown(), response: { 204: z.null(), ...S.NgsiErrors } },
    handler: async (req, reply) => {
      bodyContext(req);
      const tenant = await tenantOf(req);
      const { '@context': _c, ...attr } = (req.body ?? {}) as Record<string, unknown>;
      const r = await service.updateAttrs(req.actor, tenant, req.params.entityId, { [req.params.attrId]: attr }, 'update');
      if (r.notUpdated.length) throw notFound(`The entity has no attribute ${req.params.attrId}.`);
      return reply.code(204).send(null);
    },
  });

  app.delete(`${BASE}/entities/:entityId/attrs/:attrId`, {
    config: PUBLIC,
    schema: { tags, summary: 'Delete an attribute kept as given (readings and location cannot be deleted: 422)', params: S.NgsiAttrParams, response: { 204: z.null(), ...S.NgsiErrors } },
    handler: async (req, reply) => {
      const tenant = await tenantOf(req);
      await service.deleteAttr(req.actor, tenant, req.params.entityId, req.params.attrId);
      return reply.code(204).send(null);
    },
  });

  app.patch(`${BASE}/entities/:entityId`, {
    config: PUBLIC,
    schema: { tags, summary: 'Merge an entity fragment: attributes updated or added', params: S.NgsiEntityParams, body: z.unknown(), response: { 204: z.null(), ...S.NgsiErrors } },
    handler: async (req, reply) => {
      bodyContext(req);
      const tenant = await tenantOf(req);
      await service.updateAttrs(req.actor, tenant, req.params.entityId, req.body, 'append');
      return reply.code(204).send(null);
    },
  });

  // ---- what we deliberately do not offer: answered as the spec says, not with a bare 404 ----
  const unsupported: [string[], string, string][] = [
    [['PUT'], `${BASE}/entities/:entityId`, 'Entity replacement is not supported (readings are history); use PATCH /entities/{id} (merge).'],
    [['PUT'], `${BASE}/entities/:entityId/attrs/:attrId`, 'Attribute replacement is not supported; use PATCH …/attrs/{attrId}.'],
    [['GET', 'POST', 'PATCH', 'DELETE'], `${BASE}/subscriptions`, 'Subscriptions are not supported; poll GET /entities.'],
    [['GET', 'POST', 'PATCH', 'DELETE'], `${BASE}/subscriptions/*`, 'Subscriptions are not supported; poll GET /entities.'],
    [['GET', 'POST', 'PATCH', 'DELETE'], `${BASE}/temporal/*`, 'The temporal API is not supported; read the series at /api/v1/tenants/{city}/sensors/{id}/series.'],
    [['GET', 'POST', 'PATCH', 'DELETE'], `${BASE}/csourceRegistrations`, 'Context source registrations are not supported.'],
    [['GET', 'POST', 'PATCH', 'DELETE'], `${BASE}/csourceRegistrations/*`, 'Context source registrations are not supported.'],
  ];
  for (const [methods, url, detail] of unsupported) {
    app.route({
      method: methods,
      url,
      config: PUBLIC,
      schema: { hide: true, tags, summary: `Not supported: ${detail}`, response: { 422: S.NgsiProblem } },
      handler: async () => {
        throw notSupported(detail);
      },
    });
  }
}
