import type { AppInstance } from '../../../core/http.js';
import { requireUser } from '../../../core/http.js';
import type { NotificationsService } from '../notifications.service.js';
import { PreferencesBody, PreferencesResponse } from './preferences.schemas.js';

export async function preferencesRoutes(app: AppInstance, notifications: NotificationsService) {
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
}
