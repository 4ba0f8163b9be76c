import { type Actor, hasRole } from '../../core/actor.js';
import type { TenantRow } from '../tenants/index.js';

/** What the signed-in person may do, sent to the web app so it never re-implements the rules. */
export function abilitiesOf(actor: Actor, tenants: TenantRow[]) {
  const adminTenants = tenants.filter((t) => hasRole(actor, t.id, ['staff', 'steering', 'admin'])).map((t) => t.slug);
  return { accessAdmin: adminTenants.length > 0, adminTenants };
}
