import { defineCoreModule } from '../module.js';
import { createNotificationsService, NotificationsService } from './notifications.service.js';
import { notificationsRoutes } from './notifications.routes.js';
import { subscribeChannels } from './notifications.channels.js';
export { NotificationsService, createNotificationsService } from './notifications.service.js';
export { areaKey, loads, loadsById, type NotifyInput, type Followable, type Notice, type GeoPolygon } from './notifications.common.js';
export { fill as fillNotice, noticeTemplates, type NoticeText, type TemplateText, type NoticeParams } from './notifications.templates.js';
export { createMailer, type Mailer, type Mail } from './notifications.mailer.js';
export { notificationsRoutes } from './notifications.routes.js';
export { createChannels, subscribeChannels, type Channels } from './notifications.channels.js';
export { signSms } from './sms/sms.service.js';

export const notificationsModule = defineCoreModule({
  name: 'notifications',
  create(ctx) {
    const notifications = createNotificationsService(ctx.db, ctx.publicUrl, ctx.worker, /@([^>\s]+)/.exec(ctx.config.mailFrom)?.[1]);
    NotificationsService.subscribe(ctx.worker, ctx.mailer, notifications);
    subscribeChannels(ctx.worker, ctx.channels);
    return notifications;
  },
  routes: (app, core, ctx) => notificationsRoutes(app, { notifications: core.notifications, tenants: core.tenants, channels: ctx.channels }),
});
