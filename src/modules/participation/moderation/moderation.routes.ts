/** The moderation queue for flagged comments (staff of the city). Thin: schema → service → presenter. */
import { z } from 'zod';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { presentModerationItem } from './moderation.presenter.js';
import * as S from './moderation.schemas.js';
import type { ModerationService } from './moderation.service.js';

const STAFF = { roles: ['staff'] } as const;
const tags = ['participation'];
const Q = '/api/v1/tenants/:tenant/moderation';
const NoContent = { 204: z.null() };

export async function moderationRoutes(app: AppInstance, svc: ModerationService) {
  app.get(Q, {
    config: { access: STAFF },
    schema: { tags, summary: 'Flagged comments waiting for a decision (open) or hidden ones, with the reasons given (staff)', params: S.ModerationCommentParams.pick({ tenant: true }), querystring: S.ModerationListQuery, response: { 200: S.ModerationListResponse } },
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const items = await svc.queue(req.actor, requireTenant(req), req.query.status);
      return { items: items.map(presentModerationItem), abilities: { moderate: true } };
    },
  });
  app.post(`${Q}/comments/:id/hide`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Hide a comment with a public reason and settle its flags (staff; audited)', params: S.ModerationCommentParams, body: S.ModerationHideBody, response: NoContent },
    handler: async (req, reply) => {
      await svc.hide(req.actor, requireTenant(req), req.params.id, req.body.reason);
      return reply.code(204).send(null);
    },
  });
  app.post(`${Q}/comments/:id/restore`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Show a hidden comment again (staff; audited)', params: S.ModerationCommentParams, response: NoContent },
    handler: async (req, reply) => {
      await svc.restore(req.actor, requireTenant(req), req.params.id);
      return reply.code(204).send(null);
    },
  });
  app.post(`${Q}/comments/:id/dismiss`, {
    config: { access: STAFF },
    schema: { tags, summary: "Keep the comment and dismiss its open flags (staff; audited; 409 when none is open)", params: S.ModerationCommentParams, response: NoContent },
    handler: async (req, reply) => {
      await svc.dismiss(req.actor, requireTenant(req), req.params.id);
      return reply.code(204).send(null);
    },
  });
}
