/** Who may do what from the staff console; sent as `abilities` so the page shows only the tools one may use. */
import { type Actor, hasRole } from '../../core/actor.js';
import { isPlatformAdmin } from '../tenants/index.js';
import { usersPolicy } from '../users/index.js';

export function consoleAbilities(actor: Actor, tenantId: number) {
  const admin = hasRole(actor, tenantId, ['admin']);
  const platform = isPlatformAdmin(actor);
  // the members tool is the users module's (GET /members): its rule, as /auth/me's users.manageMembers
  return { manageMembers: usersPolicy.manageMembers(actor, tenantId), manageApiKeys: admin, editCity: admin, createCity: platform, archiveCity: platform };
}
