/** Staff uploads: the file, its description, publishing and withdrawing. */
import fastifyMultipart from '@fastify/multipart';
import { badRequest } from '../../../core/errors.js';
import type { AppInstance } from '../../../core/http.js';
import { requireTenant } from '../../../core/http.js';
import { UPLOAD_MAX_BYTES } from '../opendata.files.js';
import { presentDataset } from '../opendata.presenter.js';
import { Dataset, DatasetParams, TenantParams } from '../opendata.schemas.js';
import type { OpendataService } from '../opendata.service.js';
import { PUBLISH_ROLES } from '../opendata.policy.js';
import { UploadDescribeBody, UploadListResponse } from './uploads.schemas.js';

const STAFF = { roles: PUBLISH_ROLES } as const;

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
