import { type Actor, hasRole } from '../../core/actor.js';
import type { Abilities } from '../../core/abilities.js';
import type { TenantRow } from '../tenants/index.js';

/** Who may see a city's members and grant or revoke their roles. */
export const MEMBER_ADMIN_ROLES = ['admin'] as const;

export const usersPolicy = {
  manageMembers: (actor: Actor, tenantId: number) => hasRole(actor, tenantId, MEMBER_ADMIN_ROLES),
};

/** What the signed-in person may do, sent to the web app so it never re-implements the rules. */
export function abilitiesOf(actor: Actor, tenants: TenantRow[], abilities: Abilities) {
  const adminTenants = tenants.filter((t) => hasRole(actor, t.id, ['staff', 'steering', 'admin'])).map((t) => t.slug);
  return { accessAdmin: adminTenants.length > 0, adminTenants, cities: cityAbilities(actor, tenants, abilities) };
}

/**
 * The modules' abilities in each city the person belongs to; a platform admin holds every city's admin rights
 * (hasRole), so every city is listed for them. Nobody else gets any: an anonymous caller, an API key.
 */
function cityAbilities(actor: Actor, tenants: TenantRow[], abilities: Abilities): Record<string, Record<string, boolean>> {
  if (actor.kind !== 'user') return {};
  const mine = tenants.filter((t) => actor.user.platformAdmin || actor.user.roles.has(t.id));
  return Object.fromEntries(mine.map((t) => [t.slug, abilities.of(actor, t.id)]));
}
