/**
 * NGSI-LD HTTP binding (ETSI GS CIM 009 clause 6) at /ngsi-ld/v1, in its own Fastify scope: its JSON-LD
 * content types, its error format (ngsi-ld.http.ts) and, in turn, each resource's routes: entities queried and
 * retrieved, discovery of types and attributes, entity writes (one, or batches), attribute writes, and what we
 * deliberately do not offer. The city is the NGSILD-Tenant header. Thin: negotiate → one service call → present.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppInstance } from '../../../core/http.js';
import { LIMITS } from '../../../shared/limits.js';
import type { ModuleContext } from '../../module.js';
import type { TenantRow } from '../../tenants/index.js';
import { SensorsRepository } from '../sensors.repository.js';
import type { SensorsService } from '../sensors.service.js';
import { badData, invalidRequest, NgsiError, notFound, notSupported } from './ngsi-ld.errors.js';
import { type Accept, BASE, bodyContext, contextLink, csv, entityPath, linkContext, negotiate, ngsiErrorHandler, pageLimit, PUBLIC, responseContext, sendDoc, simplified, sysAttrs, tags, tenantResolver } from './ngsi-ld.http.js';
import { isUri, shortName } from './ngsi-ld.parse.js';
import { type Entity, presentEntity, project, simplify, toFeature } from './ngsi-ld.presenter.js';
import { parseGeoQuery, parseQ } from './ngsi-ld.query.js';
import { NgsiLdRepository } from './ngsi-ld.repository.js';
import * as S from './ngsi-ld.schemas.js';
import { type EntityQuery, NgsiLdService } from './ngsi-ld.service.js';

/** What each resource's routes get: the service and the city of a request. */
interface Ngsi {
  service: NgsiLdService;
  tenantOf(req: FastifyRequest): Promise<TenantRow>;
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
  app.setErrorHandler(ngsiErrorHandler);

  const n: Ngsi = { service, tenantOf: tenantResolver(ctx) };
  entityReadRoutes(app, n);
  discoveryRoutes(app, n);
  entityWriteRoutes(app, n);
  attributeRoutes(app, n);
  unsupportedRoutes(app);
}

/** Entities in the representation asked for, with the @context in the body (JSON-LD) or in a Link header. */
function sendEntities(reply: FastifyReply, list: Entity[], as: Accept, context: unknown, keyValues: boolean, links: string[] = []) {
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
}

/** A page of a query: NGSILD-Results-Count when count=true, and Link rel=next/prev (clause 6.3.10, 6.3.13). */
function sendPage(req: FastifyRequest, reply: FastifyReply, r: { entities: Entity[]; count: number }, p: { limit: number; offset: number; count?: string | undefined; options?: string | undefined; format?: string | undefined }, as: Accept, context: unknown) {
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
}

/** One entity type with its attributes (clause 5.7.6). */
const typeDoc = (name: string, attrs: Map<string, Set<string>>, count: number) => ({
  id: name,
  type: 'EntityTypeInfo',
  typeName: name,
  entityCount: count,
  attributeDetails: [...attrs.entries()].sort().map(([a, kinds]) => ({ id: a, type: 'Attribute', attributeName: a, attributeTypes: [...kinds].sort() })),
});

/** Consumption: entities queried (GET, or a Query body) and retrieved by id. */
function entityReadRoutes(app: AppInstance, n: Ngsi): void {
  const { service, tenantOf } = n;
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
}

/** Discovery (clause 5.7.5–5.7.8): the entity types and attribute names present. */
function discoveryRoutes(app: AppInstance, n: Ngsi): void {
  const { service, tenantOf } = n;
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
}

/** Provision: one entity created, batches created, upserted, updated or deleted, one entity deleted. */
function entityWriteRoutes(app: AppInstance, n: Ngsi): void {
  const { service, tenantOf } = n;
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
}

/** Attributes of one entity: updated, appended, merged, one patched or deleted. */
function attributeRoutes(app: AppInstance, n: Ngsi): void {
  const { service, tenantOf } = n;
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
}

/** What we deliberately do not offer: answered as the spec says, not with a bare 404. */
function unsupportedRoutes(app: AppInstance): void {
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
