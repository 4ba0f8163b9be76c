import type { Abilities } from '../../core/abilities.js';
import type { Actor, Role } from '../../core/actor.js';
import type { TenantRow } from '../tenants/index.js';
import { abilitiesOf } from './users.policy.js';
import type { ApiKeyRow, UserRow } from './users.repository.js';

export function presentUser(u: Pick<UserRow, 'id' | 'email' | 'display_name' | 'locale' | 'email_verified_at'> & { created_at?: Date }) {
  return {
    id: u.id,
    email: u.email,
    displayName: u.display_name,
    locale: u.locale,
    emailVerified: u.email_verified_at !== null,
    ...(u.created_at ? { createdAt: u.created_at.toISOString() } : {}),
  };
}

export function presentMe(actor: Actor, tenants: TenantRow[], abilities: Abilities) {
  if (actor.kind !== 'user') return { authenticated: false, user: null, memberships: [], csrfToken: null, abilities: abilitiesOf(actor, tenants, abilities) };
  const u = actor.user;
  return {
    authenticated: true,
    user: { id: u.id, email: u.email, displayName: u.displayName, locale: u.locale, emailVerified: u.emailVerified },
    memberships: tenants.filter((t) => u.roles.has(t.id)).map((t) => ({ tenant: t.slug, roles: [...u.roles.get(t.id)!].sort() })),
    csrfToken: actor.csrfToken,
    abilities: abilitiesOf(actor, tenants, abilities),
  };
}

/** A person with their roles in one city (members list, person search). */
export function presentMember(m: { id: string; email: string; display_name: string; email_verified_at: Date | null; roles: Role[] }) {
  return { id: m.id, email: m.email, displayName: m.display_name, emailVerified: m.email_verified_at !== null, roles: m.roles };
}

export function presentApiKey(k: ApiKeyRow) {
  return { id: k.id, name: k.name, purpose: k.purpose, prefix: k.prefix, createdAt: k.created_at.toISOString(), revoked: k.revoked_at !== null };
}
