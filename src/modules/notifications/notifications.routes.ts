import { z } from 'zod';
import type { AppInstance } from '../../core/http.js';
import { requireTenant, requireUser } from '../../core/http.js';
import type { Locale } from '../../core/i18n.js';
import { AppError } from '../../core/errors.js';
import type { TenantsService } from '../tenants/index.js';
import { presentFollow, presentNotification } from './notifications.presenter.js';
import { DigestSchedule, FeedParams, FeedQuery, PreferencesBody, PreferencesResponse, FollowBody, FollowResult, FollowsQuery, FollowsResponse, InboxResponse, NotificationParams, TokenParams, UnsubscribeShow } from './notifications.schemas.js';
import type { Channels } from './notifications.channels.js';
import type { NotificationsService } from './notifications.service.js';
import { pushRoutes } from './push/push.routes.js';
import { smsRoutes } from './sms/sms.routes.js';

const invalidToken = () => new AppError(404, 'invalid_token', 'This link is not valid or was already used.');

export async function notificationsRoutes(app: AppInstance, { notifications, tenants, channels }: { notifications: NotificationsService; tenants: TenantsService; channels: Channels }) {
  await pushRoutes(app, { push: channels.push });
  await smsRoutes(app, { sms: channels.sms, tenants, deliveries: channels.deliveries });

  app.get('/api/v1/tenants/:tenant/feeds/:kind/:file', {
    config: { access: 'public' },
    schema: { tags: ['notifications'], summary: 'The Atom feed (RFC 4287) of a followable thing or map area: {id}.atom', params: FeedParams, querystring: FeedQuery },
    handler: async (req, reply) => {
      const tenant = requireTenant(req);
      const xml = await notifications.feed(req.actor, tenant, req.params.kind, req.params.file.slice(0, -'.atom'.length), (req.query.lang ?? tenant.default_locale) as Locale);
      return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=300').serializer((x: unknown) => x as string).send(xml);
    },
  });

  app.get('/api/v1/tenants/:tenant/digest-schedule', {
    config: { access: { roles: ['admin'] } },
    schema: { tags: ['notifications'], summary: "When the city's daily and weekly digests go out (admin)", params: z.object({ tenant: z.string() }), response: { 200: DigestSchedule } },
    handler: async (req) => notifications.digestSchedule(requireTenant(req).id),
  });

  app.put('/api/v1/tenants/:tenant/digest-schedule', {
    config: { access: { roles: ['admin'] } },
    schema: { tags: ['notifications'], summary: "Set the city's digest hour, time zone and weekly day (admin; audited)", params: z.object({ tenant: z.string() }), body: DigestSchedule, response: { 200: DigestSchedule } },
    handler: async (req) => notifications.setDigestSchedule(requireTenant(req).id, req.body, req.actor),
  });

  app.get('/api/v1/me/notifications', {
    config: { access: 'user' },
    schema: { tags: ['notifications'], summary: 'My in-app inbox', response: { 200: InboxResponse } },
    handler: async (req) => {
      const user = requireUser(req);
      const [items, unread] = await Promise.all([notifications.inbox(user.id), notifications.unread(user.id)]);
      return { unread, items: items.map(presentNotification) };
    },
  });

  app.post('/api/v1/me/notifications/:id/read', {
    config: { access: 'user' },
    schema: { tags: ['notifications'], summary: 'Mark a notification read', params: NotificationParams, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await notifications.markRead(requireUser(req).id, req.params.id);
      return reply.code(204).send(null);
    },
  });

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

  app.get('/api/v1/me/notification-preferences', {
    config: { access: 'user' },
    schema: { tags: ['notifications'], summary: 'My preferences per kind of notification: channels and e-mail frequency', response: { 200: PreferencesResponse } },
    handler: async (req) => ({ items: await notifications.preferences(requireUser(req).id) }),
  });

  app.put('/api/v1/me/notification-preferences', {
    config: { access: 'user' },
    schema: { tags: ['notifications'], summary: 'Change my preferences for some kinds (fields left out keep their value)', body: PreferencesBody, response: { 200: PreferencesResponse } },
    handler: async (req) => ({ items: await notifications.setPreferences(requireUser(req).id, req.body.items) }),
  });

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
