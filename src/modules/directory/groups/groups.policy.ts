/** Who may do what in a group; also sent to the client as `abilities`. Coordinators are active members in the coordinator position. */
import type { Actor } from '../../../core/actor.js';
import { isStaff } from '../directory.common.js';

export interface GroupStanding {
  member: boolean;
  coordinator: boolean;
  pending: boolean;
}

export const groupPolicy = {
  see: (actor: Actor, tenantId: number, visibility: string, s: GroupStanding) => visibility === 'public' || s.member || isStaff(actor, tenantId),
  seeMembers: (actor: Actor, tenantId: number, visibility: string, s: GroupStanding) => visibility === 'public' || s.member || isStaff(actor, tenantId),
  edit: (actor: Actor, tenantId: number, s: GroupStanding) => isStaff(actor, tenantId) || s.coordinator,
  manageMembers: (actor: Actor, tenantId: number, s: GroupStanding) => isStaff(actor, tenantId) || s.coordinator,
  join: (actor: Actor, open: boolean, s: GroupStanding) => actor.kind === 'user' && open && !s.member && !s.pending,
  scheduleMeeting: (actor: Actor, tenantId: number, s: GroupStanding) => isStaff(actor, tenantId) || s.coordinator,
  /** see private details of the members (requests, messages): coordinators and staff */
  seeRequests: (actor: Actor, tenantId: number, s: GroupStanding) => isStaff(actor, tenantId) || s.coordinator,
};
