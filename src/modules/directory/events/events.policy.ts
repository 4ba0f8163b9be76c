/** Who may publish and change city events; also sent as `abilities`. */
import type { Actor } from '../../../core/actor.js';
import { isStaff } from '../directory.common.js';

export const eventPolicy = {
  /** staff publish any event; an organisation's admins publish their organisation's */
  create: (actor: Actor, tenantId: number, organisationId: number | undefined, adminOf: number[]) => isStaff(actor, tenantId) || (organisationId !== undefined && adminOf.includes(organisationId)),
  edit: (actor: Actor, tenantId: number, organisationId: number | null, adminOf: number[]) => isStaff(actor, tenantId) || (organisationId !== null && adminOf.includes(organisationId)),
  follow: (actor: Actor) => actor.kind === 'user',
};
