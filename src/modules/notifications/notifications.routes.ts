import type { AppInstance } from '../../core/http.js';
import type { TenantsService } from '../tenants/index.js';
import { digestScheduleRoutes } from './digests/digests.routes.js';
import { feedRoutes } from './feed/feed.routes.js';
import { followsRoutes, unsubscribeRoutes } from './follows/follows.routes.js';
import { inboxRoutes } from './inbox/inbox.routes.js';
import type { Channels } from './notifications.channels.js';
import type { NotificationsService } from './notifications.service.js';
import { preferencesRoutes } from './preferences/preferences.routes.js';
import { pushRoutes } from './push/push.routes.js';
import { smsRoutes } from './sms/sms.routes.js';

/** The hub's routes, one registration per resource (in the order the API document lists them). */
export async function notificationsRoutes(app: AppInstance, { notifications, tenants, channels }: { notifications: NotificationsService; tenants: TenantsService; channels: Channels }) {
  await pushRoutes(app, { push: channels.push });
  await smsRoutes(app, { sms: channels.sms, tenants, deliveries: channels.deliveries });
  await feedRoutes(app, notifications);
  await digestScheduleRoutes(app, notifications);
  await inboxRoutes(app, notifications);
  await followsRoutes(app, { notifications, tenants });
  await preferencesRoutes(app, notifications);
  await unsubscribeRoutes(app, { notifications, tenants });
}
