export { NotificationsService, createNotificationsService } from './notifications.service.js';
export { areaKey, type NotifyInput, type Followable, type Notice, type GeoPolygon } from './notifications.common.js';
export type { TemplateText, NoticeParams } from './notifications.templates.js';
export { createMailer, type Mailer, type Mail } from './notifications.mailer.js';
export { notificationsRoutes } from './notifications.routes.js';
export { createChannels, subscribeChannels, type Channels } from './notifications.channels.js';
export { signSms } from './sms/sms.service.js';
