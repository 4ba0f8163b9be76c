/** Supports ("me too", with the emailed confirmation), follows and the one-click unsubscribe of a report. */
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { RATE_LIMITS } from '../../../shared/limits.js';
import { ConfirmBody, TenantReportParams } from '../reports/reports.schemas.js';
import { FollowResponse, SupportBody, SupportConfirmResponse, SupportResponse, UnsubscribeQuery, UnsubscribeResponse } from './supports.schemas.js';
import type { SupportsService } from './supports.service.js';

const base = '/api/v1/tenants/:tenant/reports';

export async function supportsRoutes(app: AppInstance, supports: SupportsService) {
  app.post('/api/v1/reports/supports/confirm', {
    config: { access: 'public', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags: ['reports'], summary: 'Count a support with the token e-mailed to its address (double opt-in)', body: ConfirmBody, response: { 200: SupportConfirmResponse } },
    handler: async (req) => supports.confirmSupport(req.body.token),
  });

  app.post(`${base}/:id/support`, {
    config: { access: 'public', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags: ['reports'], summary: 'Add my support to an existing report (and follow it)', params: TenantReportParams, body: SupportBody, response: { 200: SupportResponse } },
    handler: async (req) => supports.support(req.actor, requireTenant(req), req.params.id, req.body.email),
  });

  app.get(`${base}/:id/follow`, {
    config: { access: 'public' },
    schema: { tags: ['reports'], summary: 'Whether I follow this report (false when not signed in)', params: TenantReportParams, response: { 200: FollowResponse } },
    handler: async (req) => supports.isFollowing(req.actor, requireTenant(req), req.params.id),
  });

  app.put(`${base}/:id/follow`, {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags: ['reports'], summary: 'Follow a report without supporting it: be notified of its status changes', params: TenantReportParams, response: { 200: FollowResponse } },
    handler: async (req) => supports.setFollowing(req.actor, requireTenant(req), req.params.id, true),
  });

  app.delete(`${base}/:id/follow`, {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags: ['reports'], summary: 'Stop following a report', params: TenantReportParams, response: { 200: FollowResponse } },
    handler: async (req) => supports.setFollowing(req.actor, requireTenant(req), req.params.id, false),
  });

  app.get('/api/v1/reports/unsubscribe', {
    config: { access: 'public', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags: ['reports'], summary: 'The link in notification emails: stop notifications about one report (token from the email)', querystring: UnsubscribeQuery, response: { 200: UnsubscribeResponse } },
    handler: async (req) => supports.unsubscribe(req.query.token),
  });
}
