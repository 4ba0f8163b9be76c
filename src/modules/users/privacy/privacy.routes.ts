import { z } from 'zod';
import { open } from 'node:fs/promises';
import { notFound } from '../../../core/errors.js';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { RATE_LIMITS } from '../../../shared/limits.js';
import { type TenantsService, TenantParams } from '../../tenants/index.js';
import { presentConsents, presentExport, presentNotices } from './privacy.presenter.js';
import { ConsentsBody, ConsentsQuery, ConsentsResponse, DpoBody, DpoResponse, ExportDownloadParams, ExportResponse, ExportStatusResponse, NoticePublishBody, NoticesQuery, NoticesResponse } from './privacy.schemas.js';
import type { PrivacyService } from './privacy.service.js';
import { requireUser } from '../../../core/http.js';

const tags = ['privacy'];

export async function privacyRoutes(app: AppInstance, svc: PrivacyService, tenants: TenantsService) {
  await consentsRoutes(app, svc, tenants);
  await exportRoutes(app, svc);
  await privacySettingsRoutes(app, svc);
}

/** The notices in force and a person's answers to them. */
async function consentsRoutes(app: AppInstance, svc: PrivacyService, tenants: TenantsService) {
  const tenantOf = (slug: string | undefined) => (slug ? tenants.bySlug(slug) : Promise.resolve(undefined));

  app.get('/api/v1/privacy/notices', {
    config: { access: 'public' },
    schema: { tags, summary: 'The terms of use and the privacy notice in force (shown before registering)', querystring: NoticesQuery, response: { 200: NoticesResponse } },
    handler: async (req) => presentNotices(await svc.notices(req.query.lang, await tenantOf(req.query.tenant))),
  });

  app.get('/api/v1/me/consents', {
    config: { access: 'user' },
    schema: { tags, summary: 'The terms and privacy notice in force (with my answer) and my optional consents', querystring: ConsentsQuery, response: { 200: ConsentsResponse } },
    handler: async (req, reply) => {
      const me = requireUser(req);
      reply.header('cache-control', 'no-store');
      return presentConsents(await svc.consents(me.id, me.locale, await tenantOf(req.query.tenant)));
    },
  });

  app.put('/api/v1/me/consents', {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags, summary: 'Accept the current notices and grant or withdraw optional consents (audited)', querystring: ConsentsQuery, body: ConsentsBody, response: { 200: ConsentsResponse } },
    handler: async (req) => {
      const me = requireUser(req);
      const tenant = await tenantOf(req.query.tenant);
      await svc.updateConsents(req.actor, req.body, tenant);
      return presentConsents(await svc.consents(me.id, me.locale, tenant));
    },
  });

}

/** A person's export of all their data (GDPR access and portability). */
async function exportRoutes(app: AppInstance, svc: PrivacyService) {
  app.post('/api/v1/me/export', {
    config: { access: 'user', rateLimit: RATE_LIMITS.dataExport },
    schema: { tags, summary: 'Ask for a ZIP of all my data (prepared in the background; one at a time)', response: { 202: ExportResponse } },
    handler: async (req, reply) => reply.code(202).send(presentExport(await svc.requestExport(req.actor))),
  });

  app.get('/api/v1/me/export', {
    config: { access: 'user' },
    schema: { tags, summary: 'My latest data export: its state and, while ready, its download link', response: { 200: ExportStatusResponse } },
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const row = await svc.latestExport(requireUser(req).id);
      return { export: row ? presentExport(row) : null };
    },
  });

  app.get('/api/v1/me/export/download/:token', {
    config: { access: 'user' },
    schema: { tags, summary: 'Download my data export (only in my own session; 410 after 24 hours)', params: ExportDownloadParams, response: { 200: z.any().describe('application/zip') } },
    handler: async (req, reply) => {
      const { path, row } = await svc.download(req.actor, req.params.token);
      const stream = await openExport(path);
      const day = (row.finished_at ?? row.created_at).toISOString().slice(0, 10);
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="urbia-my-data-${day}.zip"`)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(stream);
    },
  });

}

/** A city's privacy settings (admins). */
async function privacySettingsRoutes(app: AppInstance, svc: PrivacyService) {
  app.get('/api/v1/tenants/:tenant/privacy/dpo', {
    config: { access: { roles: ['admin'] } },
    schema: { tags, summary: "The city's data protection officer's address, shown in the privacy notice", params: TenantParams, response: { 200: DpoResponse } },
    handler: async (req) => ({ dpoEmail: (await svc.dpoEmail(requireTenant(req))) ?? null }),
  });

  app.put('/api/v1/tenants/:tenant/privacy/dpo', {
    config: { access: { roles: ['admin'] } },
    schema: { tags, summary: "Set the city's data protection officer's address (audited)", params: TenantParams, body: DpoBody, response: { 200: DpoResponse } },
    handler: async (req) => {
      await svc.setDpoEmail(req.actor, requireTenant(req), req.body.dpoEmail);
      return { dpoEmail: req.body.dpoEmail };
    },
  });

  app.post('/api/v1/tenants/:tenant/privacy/notices', {
    config: { access: { roles: ['admin'] } },
    schema: { tags, summary: "Publish a new version of the city's terms or privacy notice; everyone is asked to accept it (audited)", params: TenantParams, body: NoticePublishBody, response: { 201: z.null() } },
    handler: async (req, reply) => {
      await svc.publishNotice(req.actor, { ...req.body, tenant: requireTenant(req) });
      return reply.code(201).send(null);
    },
  });
}

/**
 * The ZIP is a file of this node's data directory (opened before anything is sent, so a missing one is a clean
 * 404, not a cut connection). Exports are not uploads: they are not in the storage backend (docs/privacy.md).
 */
async function openExport(path: string) {
  try {
    return (await open(path, 'r')).createReadStream();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw notFound('export');
    throw e;
  }
}
