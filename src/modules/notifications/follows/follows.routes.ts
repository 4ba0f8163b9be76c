import type { AppInstance } from '../../../core/http.js';
import { requireUser } from '../../../core/http.js';
import { AppError } from '../../../core/errors.js';
import type { TenantsService } from '../../tenants/index.js';
import type { NotificationsService } from '../notifications.service.js';
import { presentFollow } from './follows.presenter.js';
import { FollowBody, FollowResult, FollowsQuery, FollowsResponse, TokenParams, UnsubscribeShow } from './follows.schemas.js';

const invalidToken = () => new AppError(404, 'invalid_token', 'This link is not valid or was already used.');

/** What a person follows, and following or no longer following a thing. */
export async function followsRoutes(app: AppInstance, { notifications, tenants }: { notifications: NotificationsService; tenants: TenantsService }) {
  app.get('/api/v1/me/follows', {
    config: { access: 'user' },
    schema: { tags: ['notifications'], summary: 'What I follow (explicitly, or implicitly: my reports, proposals, budgets I voted in), and the kinds one can follow', querystring: FollowsQuery, response: { 200: FollowsResponse } },
    handler: async (req) => {
      const user = requireUser(req);
      const tenantId = req.query.tenant ? (await tenants.bySlug(req.query.tenant)).id : undefined;
      return { items: (await notifications.myFollows(user.id, tenantId)).map(presentFollow), kinds: notifications.followableKinds() };
    },
  });

  for (const [method, on] of [['post', true], ['delete', false]] as const)
    app[method]('/api/v1/me/follows', {
      config: { access: 'user' },
      schema: {
        tags: ['notifications'],
        summary: on ? 'Follow a thing (404 if it does not exist or I may not see it) or an area of the map' : 'Stop following (404 if I did not follow it)',
        body: FollowBody,
        response: { [on ? 201 : 200]: FollowResult },
      },
      handler: async (req, reply) => {
        const tenant = await tenants.bySlug(req.body.tenant);
        const r = await notifications.followChecked(req.actor, tenant, req.body, on);
        return reply.code(on ? 201 : 200).send({ tenant: tenant.slug, ...r, following: on });
      },
    });
}

/** The unsubscribe link of every e-mail sent to a follower (no login). */
export async function unsubscribeRoutes(app: AppInstance, { notifications, tenants }: { notifications: NotificationsService; tenants: TenantsService }) {
  app.get('/api/v1/unsubscribe/:token', {
    config: { access: 'public' },
    schema: { tags: ['notifications'], summary: 'What the unsubscribe link in an e-mail stops (no login)', params: TokenParams, response: { 200: UnsubscribeShow } },
    handler: async (req) => {
      const f = await notifications.followByToken(req.params.token);
      if (!f) throw invalidToken();
      const t = await tenants.byId(f.tenant_id);
      return { tenant: t.slug, kind: f.kind, id: f.target, active: true };
    },
  });

  app.post('/api/v1/unsubscribe/:token', {
    config: { access: 'public' },
    schema: { tags: ['notifications'], summary: 'One-click unsubscribe (RFC 8058): works once per token, no login', params: TokenParams, response: { 200: UnsubscribeShow } },
    handler: async (req) => {
      const f = await notifications.unfollowByToken(notifications.db, req.params.token);
      if (!f) throw invalidToken();
      const t = await tenants.byId(f.tenant_id);
      return { tenant: t.slug, kind: f.kind, id: f.target, active: false };
    },
  });
}
