/** The catalogue's JSON API for the web app and scripts, file downloads, and staff uploads. */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { badRequest } from '../../core/errors.js';
import type { AppInstance } from '../../core/http.js';
import { requireTenant } from '../../core/http.js';
import { UPLOAD_MAX_BYTES } from './opendata.files.js';
import { presentDataset, presentFeature } from './opendata.presenter.js';
import { Dataset, DatasetParams, DatasetPreviewResponse, DatasetSearchQuery, DatasetSearchResponse, FileParams, TenantParams, UploadDescribeBody, UploadListResponse } from './opendata.schemas.js';
import type { FileContent } from './opendata.catalog.js';
import type { OpendataService } from './opendata.service.js';
import { PUBLISH_ROLES } from './opendata.policy.js';

const STAFF = { roles: PUBLISH_ROLES } as const;
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

/** Staff uploads: the file, its description, publishing and withdrawing. */
export async function uploadsRoutes(app: AppInstance, service: OpendataService) {
  await app.register(fastifyMultipart, { limits: { fileSize: UPLOAD_MAX_BYTES, files: 1, fields: 0, parts: 1 } });

  app.get('/api/v1/tenants/:tenant/opendata/uploads', {
    config: { access: STAFF },
    schema: { tags: ['opendata'], summary: 'Uploaded datasets, published or not (staff)', params: TenantParams, response: { 200: UploadListResponse } },
    handler: async (req) => {
      const tenant = requireTenant(req);
      return { items: (await service.uploads.list(tenant)).map((d) => presentDataset(d, tenant)) };
    },
  });

  app.post('/api/v1/tenants/:tenant/opendata/uploads', {
    config: { access: STAFF },
    schema: {
      tags: ['opendata'],
      summary: 'Upload a file (multipart/form-data, field "file"; CSV, JSON, GeoJSON, XLSX, PDF or ZIP up to 200 MB); it starts unpublished',
      params: TenantParams,
      consumes: ['multipart/form-data'],
      response: { 201: Dataset },
    },
    handler: async (req, reply) => {
      const tenant = requireTenant(req);
      if (!req.isMultipart()) throw badRequest('Send the file as multipart/form-data in a field named "file".', [{ field: 'file', message: 'required' }]);
      const file = await req.file();
      if (!file || file.fieldname !== 'file') throw badRequest('Send the file in a field named "file".', [{ field: 'file', message: 'required' }]);
      const d = await service.uploads.upload(req.actor, tenant, { filename: file.filename, stream: file.file });
      return reply.code(201).send(presentDataset(d, tenant));
    },
  });

  app.patch('/api/v1/tenants/:tenant/opendata/uploads/:id', {
    config: { access: STAFF },
    schema: { tags: ['opendata'], summary: 'Describe an uploaded dataset (title, description, themes, keywords, licence, coverage)', params: DatasetParams, body: UploadDescribeBody, response: { 200: Dataset } },
    handler: async (req) => presentDataset(await service.uploads.describe(req.actor, requireTenant(req), req.params.id, req.body), requireTenant(req)),
  });

  app.post('/api/v1/tenants/:tenant/opendata/uploads/:id/publish', {
    config: { access: STAFF },
    schema: { tags: ['opendata'], summary: 'Publish an uploaded dataset (it appears in the catalogue, DCAT, CKAN and OGC API)', params: DatasetParams, response: { 200: Dataset } },
    handler: async (req) => presentDataset(await service.uploads.setPublished(req.actor, requireTenant(req), req.params.id, true), requireTenant(req)),
  });

  app.post('/api/v1/tenants/:tenant/opendata/uploads/:id/unpublish', {
    config: { access: STAFF },
    schema: { tags: ['opendata'], summary: 'Withdraw an uploaded dataset from the public catalogue', params: DatasetParams, response: { 200: Dataset } },
    handler: async (req) => presentDataset(await service.uploads.setPublished(req.actor, requireTenant(req), req.params.id, false), requireTenant(req)),
  });
}
