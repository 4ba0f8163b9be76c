import { z } from 'zod';
import { hasRole } from '../../../core/actor.js';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { RATE_LIMITS } from '../../../shared/limits.js';
import { TenantParams } from '../../tenants/index.js';
import type { ModerationService } from '../moderation/moderation.service.js';
import { BASE, NumId, STAFF, tags } from '../participation.common.js';
import { presentComment } from './comments.presenter.js';
import { CommentCreateBody, CommentOut, CommentReasonBody, CommentUpdateBody, On } from './comments.schemas.js';
import type { CommentsService, CommentTarget } from './comments.service.js';

const parseOn = (on: string) => {
  const i = on.indexOf(':');
  return { type: on.slice(0, i) as CommentTarget, targetId: on.slice(i + 1) };
};

export async function commentsRoutes(app: AppInstance, comments: CommentsService, moderation?: ModerationService) {
  app.get(`${BASE}/comments`, {
    config: { access: 'public' },
    schema: { tags, summary: 'Comments on a proposal, budget project, strategy project or process (threaded one level)', params: TenantParams, querystring: z.strictObject({ on: On }), response: { 200: z.object({ items: z.array(CommentOut) }) } },
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const tenant = requireTenant(req);
      const { type, targetId } = parseOn(req.query.on);
      return { items: (await comments.comments(tenant.id, type, targetId)).map(presentComment(req.actor, hasRole(req.actor, tenant.id, ['staff']))) };
    },
  });
  app.post(`${BASE}/comments`, {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags, summary: 'Post a comment or a reply', params: TenantParams, body: CommentCreateBody, response: { 201: z.object({ id: z.number() }) } },
    handler: async (req, reply) => reply.code(201).send({ id: await comments.comment(req.actor, requireTenant(req), { ...parseOn(req.body.on), body: req.body.body, ...(req.body.parentId ? { parentId: req.body.parentId } : {}) }) }),
  });
  app.patch(`${BASE}/comments/:id`, {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags, summary: 'Edit my comment (within 15 minutes)', params: NumId, body: CommentUpdateBody, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await comments.editComment(req.actor, requireTenant(req), req.params.id, req.body.body);
      return reply.code(204).send(null);
    },
  });
  app.post(`${BASE}/comments/:id/flags`, {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags, summary: 'Report a comment', params: NumId, body: CommentReasonBody, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await comments.flagComment(req.actor, requireTenant(req), req.params.id, req.body.reason);
      return reply.code(204).send(null);
    },
  });
  app.post(`${BASE}/comments/:id/hide`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Hide a comment with a reason; the original is kept (staff; audited)', params: NumId, body: CommentReasonBody, response: { 204: z.null() } },
    handler: async (req, reply) => {
      if (!moderation) throw new Error('participation: moderation service missing');
      await moderation.hide(req.actor, requireTenant(req), req.params.id, req.body.reason);
      return reply.code(204).send(null);
    },
  });
}
