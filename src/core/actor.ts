/** Who is calling: resolved once per request by the access plugin and passed to services. */

export const ROLES = ['citizen', 'organisation', 'project_team', 'staff', 'steering', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const API_KEY_PURPOSES = ['ingest', 'open311', 'admin'] as const;
export type ApiKeyPurpose = (typeof API_KEY_PURPOSES)[number];

export interface ActorUser {
  id: string;
  email: string;
  displayName: string;
  locale: 'ro' | 'en' | 'hu';
  emailVerified: boolean;
  /** tenant id → roles in that tenant (a role in a metropolitan area holds in each of its members too) */
  roles: Map<number, Set<Role>>;
  /** may create, edit and archive cities on this installation */
  platformAdmin?: boolean;
}

export type Actor =
  | { kind: 'anonymous'; correlationId?: string }
  | { kind: 'user'; user: ActorUser; sessionId: string; csrfToken: string; correlationId?: string }
  | { kind: 'api_key'; key: { id: string; tenantId: number; purpose: ApiKeyPurpose }; correlationId?: string }
  | { kind: 'system'; correlationId?: string };

export const SYSTEM: Actor = { kind: 'system' };

export function hasRole(actor: Actor, tenantId: number, roles: readonly Role[]): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'user') return false;
  // A platform admin runs the installation: every city's admin, including cities created after the grant.
  if (actor.user.platformAdmin) return true;
  const mine = actor.user.roles.get(tenantId);
  if (!mine) return false;
  // An admin may do everything staff may do in the tenant.
  return roles.some((r) => mine.has(r)) || mine.has('admin');
}
