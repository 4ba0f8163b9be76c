import { type Actor, hasRole } from '../../core/actor.js';
import type { TenantRow } from './tenants.repository.js';

/** Who may do what with cities; sent to the web as `abilities` so it never re-derives roles. */
export function isPlatformAdmin(actor: Actor): boolean {
  return actor.kind === 'system' || (actor.kind === 'user' && !!actor.user.platformAdmin);
}

export function tenantAbilities(actor: Actor, t: TenantRow) {
  const platform = isPlatformAdmin(actor);
  return { update: platform || hasRole(actor, t.id, ['admin']), archive: platform, createCity: platform };
}
