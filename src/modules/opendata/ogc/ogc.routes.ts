/**
 * OGC API – Features Part 1 Core over the catalogue's map layers (platform datasets' collections and
 * uploaded GeoJSON), for QGIS and GDAL: landing page, conformance, its OpenAPI, collections and items.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { badRequest } from '../../../core/errors.js';
import type { AppInstance } from '../../../core/http.js';
import { requireTenant } from '../../../core/http.js';
import type { Multiloc } from '../../../core/i18n.js';
import type { TenantRow } from '../../tenants/index.js';
import { presentFeature } from '../opendata.presenter.js';
import type { GeoFeature } from '../opendata.registry.js';
import { TenantParams } from '../opendata.schemas.js';
import type { OpendataService } from '../opendata.service.js';

export interface OgcDeps {
  service: OpendataService;
  publicUrl(): string;
}

const F = z.enum(['json']).optional().describe('output format; JSON (GeoJSON for features) is the only one');
const OgcJson = z.record(z.string(), z.unknown());
const CollectionParams = TenantParams.extend({ collection: z.string().regex(/^[a-z0-9-]{1,80}$/) });
const ItemsQuery = z.strictObject({
  f: F,
  limit: z.coerce.number().int().min(1).optional(),
  offset: z.coerce.number().int().min(0).optional(),
  bbox: z.string().max(200).optional(),
  datetime: z.string().max(100).optional(),
});
const tenantTitle = (t: TenantRow) => (t.name as Multiloc).ro;
const json = (reply: FastifyReply, type: string, body: unknown) => {
  reply.header('access-control-allow-origin', '*');
  return reply.type(type).serializer((x: unknown) => JSON.stringify(x)).send(body);
};

const collectionJson = async (base: string, tenant: TenantRow, c: { id: string; title: Multiloc; description: Multiloc; features(t: TenantRow): Promise<GeoFeature[]> }) => {
  const b = base;
  const features = await c.features(tenant);
  const bbox = extent(features);
  const times = features.flatMap((f) => [f.time?.start, f.time?.end]).filter((x): x is string => !!x).sort();
  return {
    id: c.id,
    title: c.title.ro,
    description: c.description.ro,
    itemType: 'feature',
    crs: ['http://www.opengis.net/def/crs/OGC/1.3/CRS84'],
    extent: {
      spatial: { bbox: [bbox ?? [tenant.centre_lon - 0.2, tenant.centre_lat - 0.15, tenant.centre_lon + 0.2, tenant.centre_lat + 0.15]], crs: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84' },
      ...(times.length ? { temporal: { interval: [[times[0], times[times.length - 1]]], trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian' } } : {}),
    },
    links: [
      { href: `${b}/collections/${c.id}`, rel: 'self', type: 'application/json', title: c.title.ro },
      { href: `${b}/collections/${c.id}/items`, rel: 'items', type: 'application/geo+json', title: c.title.ro },
    ],
  };
};

/** The landing page, the conformance classes and the API definition. */
export async function ogcServiceRoutes(app: AppInstance, { publicUrl }: OgcDeps) {
  const ogcBase = (tenant: TenantRow) => `${publicUrl()}/ogc/${tenant.slug}`;

  app.get('/ogc/:tenant', {
    config: { access: 'public' },
    schema: { tags: ['ogc'], summary: 'OGC API – Features landing page', params: TenantParams, querystring: z.strictObject({ f: F }), response: { 200: OgcJson } },
    handler: async (req, reply) => {
      const tenant = requireTenant(req);
      const b = ogcBase(tenant);
      return json(reply, 'application/json', {
        title: `${tenantTitle(tenant)} – straturi de hartă (OGC API – Features)`,
        description: 'Proiecte, sesizări, senzori, proiecte de buget participativ și straturi încărcate de primărie.',
        links: [
          { href: `${b}/`, rel: 'self', type: 'application/json', title: 'this document' },
          { href: `${b}/api`, rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.0', title: 'the API definition' },
          { href: `${publicUrl()}/api/docs`, rel: 'service-doc', type: 'text/html', title: 'API documentation' },
          { href: `${b}/conformance`, rel: 'conformance', type: 'application/json', title: 'conformance classes' },
          { href: `${b}/collections`, rel: 'data', type: 'application/json', title: 'collections' },
        ],
      });
    },
  });

  app.get('/ogc/:tenant/conformance', {
    config: { access: 'public' },
    schema: { tags: ['ogc'], summary: 'OGC API – Features conformance classes', params: TenantParams, querystring: z.strictObject({ f: F }), response: { 200: OgcJson } },
    handler: async (_req, reply) =>
      json(reply, 'application/json', {
        conformsTo: ['http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core', 'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson', 'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30'],
      }),
  });

  app.get('/ogc/:tenant/api', {
    config: { access: 'public' },
    schema: { tags: ['ogc'], summary: 'OpenAPI 3.0 definition of the OGC API – Features endpoints', params: TenantParams, querystring: z.strictObject({ f: F }), response: { 200: OgcJson } },
    handler: async (req, reply) => json(reply, 'application/vnd.oai.openapi+json;version=3.0', ogcOpenApi(ogcBase(requireTenant(req)), tenantTitle(requireTenant(req)))),
  });
}

/** The map layers and their features. */
export async function ogcCollectionsRoutes(app: AppInstance, { service, publicUrl }: OgcDeps) {
  const ogcBase = (tenant: TenantRow) => `${publicUrl()}/ogc/${tenant.slug}`;

  app.get('/ogc/:tenant/collections', {
    config: { access: 'public' },
    schema: { tags: ['ogc'], summary: 'The map layers', params: TenantParams, querystring: z.strictObject({ f: F }), response: { 200: OgcJson } },
    handler: async (req, reply) => {
      const tenant = requireTenant(req);
      const b = ogcBase(tenant);
      const collections = await Promise.all((await service.listCollections(tenant)).map((c) => collectionJson(ogcBase(tenant), tenant, c)));
      return json(reply, 'application/json', { links: [{ href: `${b}/collections`, rel: 'self', type: 'application/json', title: 'collections' }], collections });
    },
  });

  app.get('/ogc/:tenant/collections/:collection', {
    config: { access: 'public' },
    schema: { tags: ['ogc'], summary: 'One map layer', params: CollectionParams, querystring: z.strictObject({ f: F }), response: { 200: OgcJson } },
    handler: async (req, reply) => {
      const tenant = requireTenant(req);
      return json(reply, 'application/json', await collectionJson(ogcBase(tenant), tenant, await service.collection(tenant, req.params.collection)));
    },
  });


  app.get('/ogc/:tenant/collections/:collection/items', {
    config: { access: 'public' },
    schema: { tags: ['ogc'], summary: 'Features of a layer as GeoJSON (bbox, datetime, limit ≤ 10000, offset; next links)', params: CollectionParams, querystring: ItemsQuery, response: { 200: OgcJson } },
    handler: async (req, reply) => {
      const tenant = requireTenant(req);
      const bbox = parseBbox(req.query.bbox);
      const interval = parseDatetime(req.query.datetime);
      const limit = Math.min(req.query.limit ?? 10, 10000);
      const offset = req.query.offset ?? 0;
      const all = (await service.features(tenant, req.params.collection)).filter((f) => inBbox(f, bbox) && inTime(f, interval));
      const page = all.slice(offset, offset + limit);
      const self = `${ogcBase(tenant)}/collections/${req.params.collection}/items`;
      const qs = (o: number) => {
        const u = new URLSearchParams();
        if (req.query.bbox) u.set('bbox', req.query.bbox);
        if (req.query.datetime) u.set('datetime', req.query.datetime);
        u.set('limit', String(limit));
        if (o) u.set('offset', String(o));
        return `${self}?${u.toString()}`;
      };
      const links = [{ href: qs(offset), rel: 'self', type: 'application/geo+json', title: 'this page' }];
      if (offset + limit < all.length) links.push({ href: qs(offset + limit), rel: 'next', type: 'application/geo+json', title: 'next page' });
      if (offset > 0) links.push({ href: qs(Math.max(0, offset - limit)), rel: 'prev', type: 'application/geo+json', title: 'previous page' });
      links.push({ href: `${ogcBase(tenant)}/collections/${req.params.collection}`, rel: 'collection', type: 'application/json', title: 'the collection' });
      return json(reply, 'application/geo+json', { type: 'FeatureCollection', timeStamp: new Date().toISOString(), numberMatched: all.length, numberReturned: page.length, links, features: page.map(presentFeature) });
    },
  });

  app.get('/ogc/:tenant/collections/:collection/items/:featureId', {
    config: { access: 'public' },
    schema: { tags: ['ogc'], summary: 'One feature as GeoJSON', params: CollectionParams.extend({ featureId: z.string().max(200) }), querystring: z.strictObject({ f: F }), response: { 200: OgcJson, 404: OgcJson } },
    handler: async (req, reply) => {
      const tenant = requireTenant(req);
      const f = (await service.features(tenant, req.params.collection)).find((x) => x.id === req.params.featureId);
      if (!f) return reply.code(404).type('application/problem+json').send({ type: 'urn:urbia:problem:not_found', title: 'Not Found', status: 404, detail: 'The feature was not found.', code: 'not_found', correlationId: req.id, instance: req.url.split('?')[0] });
      const b = `${ogcBase(tenant)}/collections/${req.params.collection}`;
      return json(reply, 'application/geo+json', {
        ...presentFeature(f),
        links: [
          { href: `${b}/items/${encodeURIComponent(f.id)}`, rel: 'self', type: 'application/geo+json' },
          { href: b, rel: 'collection', type: 'application/json' },
        ],
      });
    },
  });
}

function parseBbox(s: string | undefined): [number, number, number, number] | null {
  if (!s) return null;
  const n = s.split(',').map(Number);
  if ((n.length !== 4 && n.length !== 6) || n.some((x) => !Number.isFinite(x))) throw badRequest('bbox must be 4 numbers: minLon,minLat,maxLon,maxLat.', [{ field: 'query.bbox', message: 'not valid' }]);
  return n.length === 4 ? [n[0]!, n[1]!, n[2]!, n[3]!] : [n[0]!, n[1]!, n[3]!, n[4]!];
}

/** One RFC 3339 value (date-time with offset, or a full-date = that whole UTC day): its first and last millisecond. */
function rfc3339(x: string): [number, number] | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2}))?$/.exec(x);
  if (!m) return null;
  const [, y, mo, d, h, mi, sec] = m.map(Number) as number[];
  const day = Date.UTC(y!, mo! - 1, d!);
  const back = new Date(day);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo! - 1 || back.getUTCDate() !== d) return null; // 2026-02-30
  if (m[4] === undefined) return [day, day + 86_400_000 - 1];
  if (h! > 23 || mi! > 59 || sec! > 60) return null;
  const t = Date.parse(x.toUpperCase());
  return Number.isFinite(t) ? [t, t] : null;
}

/**
 * OGC API – Features Part 1 `datetime` (/req/core/fc-time-response D): an instant, or start/end with `..` or
 * nothing for an open end (not both). A malformed value or an interval whose end is before its start is a 400.
 */
export function parseDatetime(s: string | undefined): [number, number] | null {
  if (s === undefined) return null;
  const bad = (detail: string) => badRequest(`datetime ${detail}: give an RFC 3339 date-time (2026-01-31T10:00:00Z) or date, or an interval start/end with ".." for an open end.`, [{ field: 'query.datetime', message: detail }]);
  const pieces = s.split('/');
  if (pieces.length > 2) throw bad('has more than one "/"');
  if (pieces.length === 1) {
    const one = rfc3339(s);
    if (!one) throw bad('is not an RFC 3339 date-time or date');
    return one;
  }
  const open = (x: string) => x === '' || x === '..';
  const [from = '', to = ''] = pieces;
  if (open(from) && open(to)) throw bad('has two open ends');
  const start = open(from) ? -Infinity : rfc3339(from)?.[0];
  const end = open(to) ? Infinity : rfc3339(to)?.[1];
  if (start === undefined || end === undefined) throw bad('is not an RFC 3339 date-time or date');
  if (start > end) throw bad('ends before it starts');
  return [start, end];
}

function coords(g: GeoFeature['geometry']): number[][] {
  const pts: number[][] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x) && typeof x[0] === 'number') pts.push(x as number[]);
    else if (Array.isArray(x)) x.forEach(walk);
  };
  if (g) walk(g.coordinates);
  return pts;
}

function extent(features: GeoFeature[]): [number, number, number, number] | null {
  const pts = features.flatMap((f) => coords(f.geometry));
  if (!pts.length) return null;
  return [Math.min(...pts.map((p) => p[0]!)), Math.min(...pts.map((p) => p[1]!)), Math.max(...pts.map((p) => p[0]!)), Math.max(...pts.map((p) => p[1]!))];
}

function inBbox(f: GeoFeature, b: [number, number, number, number] | null): boolean {
  if (!b || !f.geometry) return true;
  const e = extent([f]);
  if (!e) return true;
  return !(e[2] < b[0] || e[0] > b[2] || e[3] < b[1] || e[1] > b[3]);
}

/** Part 1 /req/core/fc-time-response A and C: features with a time intersect the interval; features without one always match. */
function inTime(f: GeoFeature, i: [number, number] | null): boolean {
  if (!i || !f.time || (!f.time.start && !f.time.end)) return true;
  const s = f.time.start ? Date.parse(f.time.start) : -Infinity;
  const e = f.time.end ? Date.parse(f.time.end) : Infinity;
  return !(e < i[0] || s > i[1]);
}

function ogcOpenApi(base: string, title: string) {
  const param = (name: string, where: string, schema: object, description: string, required = false) => ({ name, in: where, required, schema, description });
  const f = param('f', 'query', { type: 'string', enum: ['json'] }, 'output format');
  const ok = (type: string) => ({ '200': { description: 'OK', content: { [type]: { schema: { type: 'object' } } } }, '400': { description: 'Bad request' }, '404': { description: 'Not found' } });
  const cid = param('collectionId', 'path', { type: 'string' }, 'the collection', true);
  return {
    openapi: '3.0.3',
    info: { title: `${title} – OGC API – Features`, version: '1.0.0' },
    servers: [{ url: base }],
    paths: {
      '/': { get: { operationId: 'getLandingPage', parameters: [f], responses: ok('application/json') } },
      '/conformance': { get: { operationId: 'getConformance', parameters: [f], responses: ok('application/json') } },
      '/collections': { get: { operationId: 'getCollections', parameters: [f], responses: ok('application/json') } },
      '/collections/{collectionId}': { get: { operationId: 'describeCollection', parameters: [cid, f], responses: ok('application/json') } },
      '/collections/{collectionId}/items': {
        get: {
          operationId: 'getFeatures',
          parameters: [
            cid,
            f,
            param('limit', 'query', { type: 'integer', minimum: 1, maximum: 10000, default: 10 }, 'page size'),
            param('offset', 'query', { type: 'integer', minimum: 0, default: 0 }, 'first feature (use the next link)'),
            { ...param('bbox', 'query', { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } }, 'minLon,minLat,maxLon,maxLat (CRS84)'), style: 'form', explode: false },
            { ...param('datetime', 'query', { type: 'string' }, 'RFC 3339 date-time or date, or an interval start/end (".." or empty for an open end); an end before the start is a 400. Features without a time (every feature of a layer that has none) always match, as Part 1 requires.'), style: 'form', explode: false },
          ],
          responses: ok('application/geo+json'),
        },
      },
      '/collections/{collectionId}/items/{featureId}': { get: { operationId: 'getFeature', parameters: [cid, param('featureId', 'path', { type: 'string' }, 'the feature', true), f], responses: ok('application/geo+json') } },
    },
  };
}
