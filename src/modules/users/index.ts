import { defineCoreModule } from '../module.js';
import { createUsersService } from './users.service.js';
import { usersRoutes } from './users.routes.js';
import { usersPolicy } from './users.policy.js';
export { UsersService, createUsersService } from './users.service.js';
export { SESSION_COOKIE } from './sessions/sessions.service.js';
export { usersRoutes } from './users.routes.js';
export { usersPolicy } from './users.policy.js';
export { hashPassword, verifyPassword, generatePassword } from './users.passwords.js';
export { privacyModule } from './privacy/index.js';
export { PrivacyService } from './privacy/privacy.service.js';
export type { ConsentKind, NoticeKind, OptionalConsent } from './privacy/privacy.notices.js';

export const usersModule = defineCoreModule({
  name: 'users',
  create: (ctx) => createUsersService(ctx.db, { notifications: ctx.core.notifications!, publicUrl: ctx.publicUrl, loginLimiter: ctx.loginLimiter }),
  routes: (app, core, ctx) => usersRoutes(app, { users: core.users, tenants: core.tenants, abilities: ctx.abilities }),
  abilities: { manageMembers: usersPolicy.manageMembers },
});
