export { UsersService, createUsersService } from './users.service.js';
export { SESSION_COOKIE } from './sessions/sessions.service.js';
export { usersRoutes } from './users.routes.js';
export { hashPassword, verifyPassword, generatePassword } from './users.passwords.js';
export { privacyModule } from './privacy/index.js';
export { PrivacyService } from './privacy/privacy.service.js';
export type { ConsentKind, NoticeKind, OptionalConsent } from './privacy/privacy.notices.js';
