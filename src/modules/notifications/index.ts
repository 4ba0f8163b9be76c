export { NotificationsRepository } from './notifications.repository.js';
export { NotificationsService, type NotifyInput } from './notifications.service.js';
export { createMailer, type Mailer, type Mail } from './notifications.mailer.js';
export { notificationsRoutes } from './notifications.routes.js';
