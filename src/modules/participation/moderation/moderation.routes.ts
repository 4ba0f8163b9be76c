/** The moderation queue for flagged comments and proposals (staff of the city), and reporting a proposal. Thin: schema → service → presenter. */
import { z } from 'zod';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { presentModerationItem } from './moderation.presenter.js';
import { RATE_LIMITS } from '../../../shared/limits.js';
import * as S from './moderation.schemas.js';
import type { ModerationService } from './moderation.service.js';

const STAFF = { roles: ['staff'] } as const;
const tags = ['participation'];
const Q = '/api/v1/tenants/:tenant/moderation';
const NoContent = { 204: z.null() };
const kindOf = (k: 'comments' | 'proposals') => (k === 'comments' ? 'comment' : 'proposal');

export async function moderationRoutes(app: AppInstance, svc: ModerationService) {
  app.post('/api/v1/tenants/:tenant/proposals/:id/flags', {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags, summary: 'Report a proposal to the city’s moderators (once per person; 404 for one not shown)', params: S.ModerationCommentParams, body: S.FlagBody, response: NoContent },
    handler: async (req, reply) => {
      await svc.flagProposal(req.actor, requireTenant(req), req.params.id, req.body.reason);
      return reply.code(204).send(null);
    },
  });
  app.get(Q, {
    config: { access: STAFF },
    schema: { tags, summary: 'Flagged comments and proposals waiting for a decision (open) or hidden ones, with the reasons given (staff)', params: S.ModerationCommentParams.pick({ tenant: true }), querystring: S.ModerationListQuery, response: { 200: S.ModerationListResponse } },
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const items = await svc.queue(req.actor, requireTenant(req), req.query.status);
      return { items: items.map(presentModerationItem), abilities: { moderate: true } };
    },
  });
  app.post(`${Q}/:kind/:id/hide`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Hide a comment or a proposal with a public reason and settle its flags (staff; audited)', params: S.ModerationItemParams, body: S.ModerationHideBody, response: NoContent },
    handler: async (req, reply) => {
      await svc.hide(req.actor, requireTenant(req), req.params.id, req.body.reason, kindOf(req.params.kind));
      return reply.code(204).send(null);
    },
  });
  app.post(`${Q}/:kind/:id/restore`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Show a hidden comment or proposal again (staff; audited)', params: S.ModerationItemParams, response: NoContent },
    handler: async (req, reply) => {
      await svc.restore(req.actor, requireTenant(req), req.params.id, kindOf(req.params.kind));
      return reply.code(204).send(null);
    },
  });
  app.post(`${Q}/:kind/:id/dismiss`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Keep the comment or proposal and dismiss its open flags (staff; audited; 409 when none is open)', params: S.ModerationItemParams, response: NoContent },
    handler: async (req, reply) => {
      await svc.dismiss(req.actor, requireTenant(req), req.params.id, kindOf(req.params.kind));
      return reply.code(204).send(null);
    },
  });
}
