import type { AppInstance } from '../../../core/http.js';
import { requireTenant } from '../../../core/http.js';
import type { Locale } from '../../../core/i18n.js';
import type { NotificationsService } from '../notifications.service.js';
import { FeedParams, FeedQuery } from './feed.schemas.js';

export async function feedRoutes(app: AppInstance, notifications: NotificationsService) {
  app.get('/api/v1/tenants/:tenant/feeds/:kind/:file', {
    config: { access: 'public' },
    schema: { tags: ['notifications'], summary: 'The Atom feed (RFC 4287) of a followable thing or map area: {id}.atom', params: FeedParams, querystring: FeedQuery },
    handler: async (req, reply) => {
      const tenant = requireTenant(req);
      const xml = await notifications.feed(req.actor, tenant, req.params.kind, req.params.file.slice(0, -'.atom'.length), (req.query.lang ?? tenant.default_locale) as Locale);
      return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=300').serializer((x: unknown) => x as string).send(xml);
    },
  });
}
