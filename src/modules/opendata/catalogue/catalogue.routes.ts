/** The catalogue's JSON API for the web app and scripts, and file downloads. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppInstance } from '../../../core/http.js';
import { requireTenant } from '../../../core/http.js';
import { presentDataset, presentFeature } from '../opendata.presenter.js';
import { Dataset, DatasetParams, TenantParams } from '../opendata.schemas.js';
import { DatasetPreviewResponse, DatasetSearchQuery, DatasetSearchResponse, FileParams } from './catalogue.schemas.js';
import type { FileContent } from '../opendata.catalog.js';
import type { OpendataService } from '../opendata.service.js';

const isStaff = (req: FastifyRequest) => {
  const t = req.tenant;
  if (!t || req.actor.kind !== 'user') return false;
  const roles = req.actor.user.roles.get(t.id);
  return !!roles && (roles.has('staff') || roles.has('admin'));
};

/** Sends a dataset file with its type and validators; 304 when the client's copy is current. */
export function sendFile(req: FastifyRequest, reply: FastifyReply, f: FileContent, opts: { download: boolean }) {
  reply.header('etag', f.etag);
  if (f.lastModified) reply.header('last-modified', f.lastModified.toUTCString());
  reply.header('cache-control', 'public, max-age=0, must-revalidate');
  reply.header('access-control-allow-origin', '*');
  if (req.headers['if-none-match'] === f.etag) {
    if (typeof (f.body as { destroy?: () => void }).destroy === 'function') (f.body as { destroy: () => void }).destroy();
    return reply.code(304).send();
  }
  const textual = /^text\/|json/.test(f.mediaType);
  reply.type(textual ? `${f.mediaType}; charset=utf-8` : f.mediaType);
  reply.header('content-disposition', `${opts.download ? 'attachment' : 'inline'}; filename="${f.fileName}"`);
  reply.header('x-content-type-options', 'nosniff');
  return reply.serializer((x: unknown) => x as string).send(f.body);
}

/** The catalogue: search, one dataset, its preview and its files. */
export async function datasetsRoutes(app: AppInstance, service: OpendataService) {
  app.get('/api/v1/tenants/:tenant/opendata/datasets', {
    config: { access: 'public' },
    schema: { tags: ['opendata'], summary: 'Search the open data catalogue (faceted by theme, format, publisher, keyword)', params: TenantParams, querystring: DatasetSearchQuery, response: { 200: DatasetSearchResponse } },
    handler: async (req) => {
      const tenant = requireTenant(req);
      const r = await service.search(tenant, req.query);
      return { ...r, items: r.items.map((d) => presentDataset(d, tenant)) };
    },
  });

  app.get('/api/v1/tenants/:tenant/opendata/datasets/:id', {
    config: { access: 'public' },
    schema: { tags: ['opendata'], summary: 'One dataset with its files and links (staff also see unpublished uploads)', params: DatasetParams, response: { 200: Dataset } },
    handler: async (req) => presentDataset(await service.dataset(requireTenant(req), req.params.id, { includeUnpublished: isStaff(req) }), requireTenant(req)),
  });

  app.get('/api/v1/tenants/:tenant/opendata/datasets/:id/preview', {
    config: { access: 'public' },
    schema: { tags: ['opendata'], summary: 'A preview: the first rows of the CSV and the features of the map layer', params: DatasetParams, response: { 200: DatasetPreviewResponse } },
    handler: async (req) => {
      const tenant = requireTenant(req);
      const p = await service.preview(tenant, req.params.id, { includeUnpublished: isStaff(req) });
      return { dataset: presentDataset(p.dataset, tenant), table: p.table, map: p.map ? { features: p.map.features.map(presentFeature), truncated: p.map.truncated } : null };
    },
  });

  app.get('/api/v1/tenants/:tenant/opendata/datasets/:id/files/:file', {
    config: { access: 'public' },
    schema: { tags: ['opendata'], summary: 'Download a file of a dataset (ETag/Last-Modified; ?inline=1 to view)', params: FileParams, querystring: z.strictObject({ inline: z.enum(['1', 'true']).optional() }), response: { 200: z.unknown(), 304: z.null() } },
    handler: async (req, reply) => {
      const f = await service.file(requireTenant(req), req.params.id, req.params.file, { includeUnpublished: isStaff(req) });
      return sendFile(req, reply, f, { download: !req.query.inline });
    },
  });
}
