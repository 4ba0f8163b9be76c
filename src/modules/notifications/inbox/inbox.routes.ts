import { z } from 'zod';
import type { AppInstance } from '../../../core/http.js';
import { requireUser } from '../../../core/http.js';
import type { NotificationsService } from '../notifications.service.js';
import { presentNotification } from './inbox.presenter.js';
import { InboxResponse, NotificationParams } from './inbox.schemas.js';

export async function inboxRoutes(app: AppInstance, notifications: NotificationsService) {
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
}
