import type { Abilities } from '../../core/abilities.js';
import type { AppInstance } from '../../core/http.js';
import type { TenantsService } from '../tenants/index.js';
import type { UsersService } from './users.service.js';
import { accountsRoutes } from './accounts/accounts.routes.js';
import { apiKeysRoutes } from './api-keys/api-keys.routes.js';
import { rolesRoutes } from './roles/roles.routes.js';
import { sessionsRoutes } from './sessions/sessions.routes.js';

/** The users module's routes, one registration per resource. */
export async function usersRoutes(app: AppInstance, { users, tenants, abilities }: { users: UsersService; tenants: TenantsService; abilities: Abilities }) {
  await accountsRoutes(app, { users, tenants });
  await sessionsRoutes(app, { users, tenants, abilities });
  await rolesRoutes(app, users);
  await apiKeysRoutes(app, users);
}
