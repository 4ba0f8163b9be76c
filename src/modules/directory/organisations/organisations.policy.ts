/** Who may do what with an organisation. The results are also sent to the client as `abilities`. */
import type { Actor } from '../../../core/actor.js';
import { isStaff } from '../directory.common.js';

export type MyRole = 'admin' | 'member' | null;

export const organisationPolicy = {
  edit: (actor: Actor, tenantId: number, my: MyRole) => isStaff(actor, tenantId) || my === 'admin',
  verify: (actor: Actor, tenantId: number) => isStaff(actor, tenantId),
  manageMembers: (actor: Actor, tenantId: number, my: MyRole) => isStaff(actor, tenantId) || my === 'admin',
  /** anyone signed in who is not a member yet may ask to join */
  join: (actor: Actor, my: MyRole, pending: boolean) => actor.kind === 'user' && my === null && !pending,
  /** an organisation's active members propose to take on open actions in its name */
  claim: (my: MyRole) => my !== null,
  /** staff see every member and the contact details; admins see their own organisation's */
  seePrivate: (actor: Actor, tenantId: number, my: MyRole) => isStaff(actor, tenantId) || my === 'admin',
  decideClaims: (actor: Actor, tenantId: number) => isStaff(actor, tenantId),
};
