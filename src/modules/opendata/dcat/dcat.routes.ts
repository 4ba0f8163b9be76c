/**
 * DCAT-AP for the catalogue: Turtle, JSON-LD and RDF/XML, Hydra-paged, with dereferenceable IRIs for the
 * catalogue, its datasets, their distributions and the publishers (content negotiation, 303 to the web page).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, notFound } from '../../../core/errors.js';
import type { AppInstance } from '../../../core/http.js';
import { requireTenant } from '../../../core/http.js';
import type { Multiloc } from '../../../core/i18n.js';
import type { TenantRow } from '../../tenants/index.js';
import { agentSlug, catalogQuads, datasetQuads, distributionUri, publisherQuads, toJsonLd, toRdfXml, toTurtle, unique } from './dcat.rdf.js';
import { TenantParams } from '../opendata.schemas.js';
import { DcatAgentParams, DcatCatalogParams, DcatCatalogQuery, DcatDatasetParams, DcatDistributionParams, DcatResourceParams, ProblemJson } from './dcat.schemas.js';
import type { OpendataService } from '../opendata.service.js';

export const CATALOG_PAGE_SIZE = 100;

const RDF_TYPES = { ttl: 'text/turtle', jsonld: 'application/ld+json', rdf: 'application/rdf+xml' } as const;
type RdfFormat = keyof typeof RDF_TYPES;

/**
 * Content negotiation for the catalogue's IRIs (RFC 9110 §12.5.1): the acceptable type with the highest
 * q-value (the most specific range in Accept decides each type's q); ties go to Turtle, then JSON-LD, RDF/XML,
 * HTML, so `*\/*` and no Accept give Turtle and a browser's `text/html,…,*\/*;q=0.8` gives the web page.
 */
export function negotiateRdf(req: FastifyRequest): RdfFormat | 'html' {
  const header = req.headers.accept?.trim() || '*/*';
  const ranges = header.split(',').map((part) => {
    const [range = '', ...params] = part.trim().split(';').map((x) => x.trim().toLowerCase());
    const q = params.find((x) => x.startsWith('q='));
    return { range, q: q ? Number(q.slice(2)) : 1 };
  });
  const offers: [string, RdfFormat | 'html'][] = [['text/turtle', 'ttl'], ['application/ld+json', 'jsonld'], ['application/rdf+xml', 'rdf'], ['text/html', 'html']];
  let best: { format: RdfFormat | 'html'; q: number } | null = null;
  for (const [type, format] of offers) {
    const [major] = type.split('/');
    const match = ranges.find((r) => r.range === type) ?? ranges.find((r) => r.range === `${major}/*`) ?? ranges.find((r) => r.range === '*/*');
    const q = match && Number.isFinite(match.q) ? match.q : 0;
    if (q > 0 && (!best || q > best.q)) best = { format, q };
  }
  if (!best) throw new AppError(406, 'not_acceptable', `Ask for one of: ${offers.map(([t]) => t).join(', ')}.`, [{ field: 'header.accept', message: 'none of the offered types is acceptable' }]);
  return best.format;
}

const seeOther = (reply: FastifyReply, location: string) => reply.header('vary', 'Accept').redirect(location, 303);

async function sendRdf(reply: FastifyReply, format: RdfFormat, quads: ReturnType<typeof catalogQuads>, opts: { vary?: boolean } = {}) {
  const body = format === 'ttl' ? await toTurtle(quads) : format === 'jsonld' ? JSON.stringify(toJsonLd(quads), null, 1) : toRdfXml(quads);
  reply.header('access-control-allow-origin', '*');
  if (opts.vary) reply.header('vary', 'Accept');
  return reply.type(`${RDF_TYPES[format]}; charset=utf-8`).serializer((x: unknown) => x as string).send(body);
}

const tenantTitle = (t: TenantRow) => (t.name as Multiloc).ro;

export interface DcatDeps {
  service: OpendataService;
  publicUrl(): string;
}

const catalogDoc = async ({ service, publicUrl }: DcatDeps, tenant: TenantRow, url: string, query: { page?: number | undefined; modified_since?: string | undefined }) => {
  const base = publicUrl();
  let all = await service.catalog(tenant);
  if (query.modified_since) all = all.filter((d) => (d.modified ?? d.issued ?? '') >= query.modified_since!);
  all.sort((a, b) => a.id.localeCompare(b.id));
  const page = query.page ?? 1;
  const items = all.slice((page - 1) * CATALOG_PAGE_SIZE, page * CATALOG_PAGE_SIZE);
  const modified = all.map((d) => d.modified ?? d.issued ?? '').sort().pop() || null;
  const meta = { issued: tenant.created_at.toISOString(), modified };
  return catalogQuads({ base, tenant }, items.map((d) => service.toRdf(d, base, tenant)), { page, perPage: CATALOG_PAGE_SIZE, total: all.length, url }, meta);
};
const datasetDoc = async ({ service, publicUrl }: DcatDeps, tenant: TenantRow, id: string) => {
  const base = publicUrl();
  const d = await service.dataset(tenant, id);
  return { d, quads: datasetQuads({ base, tenant }, service.toRdf(d, base, tenant)) };
};

const publisherDoc = async ({ service, publicUrl }: DcatDeps, req: FastifyRequest, reply: FastifyReply, agent: string | null) => {
  const tenant = requireTenant(req);
  const format = negotiateRdf(req);
  let name: string | null = null;
  if (agent !== null) {
    // Another publisher exists while a published dataset names it.
    name = (await service.catalog(tenant)).map((d) => d.publisher).find((n) => n !== tenantTitle(tenant) && agentSlug(n) === agent) ?? null;
    if (!name) throw notFound('publisher');
  }
  if (format === 'html') return seeOther(reply, `/${tenant.slug}/opendata?publisher=${encodeURIComponent(name ?? tenantTitle(tenant))}`);
  return sendRdf(reply, format, unique(publisherQuads({ base: publicUrl(), tenant }, name).quads), { vary: true });
};

/** The catalogue, its datasets and their distributions. */
export async function dcatRoutes(app: AppInstance, deps: DcatDeps) {
  const { publicUrl } = deps;
  app.get('/dcat/:tenant/catalog.:format', {
    config: { access: 'public' },
    schema: { tags: ['opendata'], summary: 'The DCAT-AP catalogue (Turtle, JSON-LD or RDF/XML), 100 datasets a page with Hydra paging', params: DcatCatalogParams, querystring: DcatCatalogQuery, response: { 200: z.string() } },
    handler: async (req, reply) => {
      const tenant = requireTenant(req);
      return sendRdf(reply, req.params.format, await catalogDoc(deps, tenant, `${publicUrl()}/dcat/${tenant.slug}/catalog.${req.params.format}`, req.query));
    },
  });

  app.get('/dcat/:tenant/catalog', {
    config: { access: 'public' },
    schema: { tags: ['opendata'], summary: 'The catalogue\'s IRI: its DCAT-AP by content negotiation (Turtle, JSON-LD, RDF/XML); a browser (text/html) is sent to the catalogue page', params: TenantParams, querystring: DcatCatalogQuery, response: { 200: z.string(), 303: z.null(), 406: ProblemJson } },
    handler: async (req, reply) => {
      const tenant = requireTenant(req);
      const format = negotiateRdf(req);
      if (format === 'html') return seeOther(reply, `/${tenant.slug}/opendata`);
      return sendRdf(reply, format, await catalogDoc(deps, tenant, `${publicUrl()}/dcat/${tenant.slug}/catalog`, req.query), { vary: true });
    },
  });

  app.get('/dcat/:tenant/dataset/:id.:format', {
    config: { access: 'public' },
    schema: { tags: ['opendata'], summary: 'One dataset as DCAT-AP (Turtle, JSON-LD or RDF/XML)', params: DcatDatasetParams, response: { 200: z.string() } },
    handler: async (req, reply) => sendRdf(reply, req.params.format, (await datasetDoc(deps, requireTenant(req), req.params.id)).quads),
  });

  app.get('/dcat/:tenant/dataset/:id', {
    config: { access: 'public' },
    schema: { tags: ['opendata'], summary: 'A dataset\'s IRI: its DCAT-AP by content negotiation; text/html is sent to the dataset page', params: DcatResourceParams, response: { 200: z.string(), 303: z.null(), 406: ProblemJson } },
    handler: async (req, reply) => {
      const tenant = requireTenant(req);
      const format = negotiateRdf(req);
      const { d, quads } = await datasetDoc(deps, tenant, req.params.id);
      if (format === 'html') return seeOther(reply, `/${tenant.slug}/opendata/${d.id}`);
      return sendRdf(reply, format, quads, { vary: true });
    },
  });

  app.get('/dcat/:tenant/dataset/:id/distribution/:distribution', {
    config: { access: 'public' },
    schema: { tags: ['opendata'], summary: 'A distribution\'s IRI: the DCAT-AP of its dataset (which describes it) by content negotiation; text/html is sent to the dataset page', params: DcatDistributionParams, response: { 200: z.string(), 303: z.null(), 406: ProblemJson } },
    handler: async (req, reply) => {
      const tenant = requireTenant(req);
      const format = negotiateRdf(req);
      const { d, quads } = await datasetDoc(deps, tenant, req.params.id);
      const iri = distributionUri({ base: publicUrl(), tenant }, d.id, req.params.distribution);
      if (!quads.some((q) => q.subject.value === iri)) throw notFound('distribution');
      if (format === 'html') return seeOther(reply, `/${tenant.slug}/opendata/${d.id}`);
      return sendRdf(reply, format, quads, { vary: true });
    },
  });
}

/** The publishers: the city, and any other publisher a published upload names. */
export async function dcatPublisherRoutes(app: AppInstance, deps: DcatDeps) {
  app.get('/dcat/:tenant/publisher', {
    config: { access: 'public' },
    schema: { tags: ['opendata'], summary: 'The city as publisher (foaf:Agent) by content negotiation; text/html is sent to its datasets', params: TenantParams, response: { 200: z.string(), 303: z.null(), 406: ProblemJson } },
    handler: async (req, reply) => publisherDoc(deps, req, reply, null),
  });

  app.get('/dcat/:tenant/publisher/:agent', {
    config: { access: 'public' },
    schema: { tags: ['opendata'], summary: 'Another publisher named on a published upload (foaf:Agent) by content negotiation', params: DcatAgentParams, response: { 200: z.string(), 303: z.null(), 406: ProblemJson } },
    handler: async (req, reply) => publisherDoc(deps, req, reply, req.params.agent),
  });
}
