/** Who may do what with a group's meetings; also sent to the client as `abilities`. */
import type { Actor } from '../../../core/actor.js';
import { isStaff } from '../directory.common.js';
import type { GroupStanding } from '../groups/groups.policy.js';

export const meetingPolicy = {
  edit: (actor: Actor, tenantId: number, s: GroupStanding) => isStaff(actor, tenantId) || s.coordinator,
  /** anyone signed in for a public group's meeting; members only for a members-only group */
  register: (actor: Actor, visibility: string, s: GroupStanding) => actor.kind === 'user' && (visibility === 'public' || s.member),
  writeMinutes: (actor: Actor, tenantId: number, s: GroupStanding) => isStaff(actor, tenantId) || s.coordinator,
  /** minutes are approved by the group's coordinator (staff when a group has none yet) */
  approveMinutes: (actor: Actor, tenantId: number, s: GroupStanding) => s.coordinator || isStaff(actor, tenantId),
  seeRegistrations: (actor: Actor, tenantId: number, s: GroupStanding) => isStaff(actor, tenantId) || s.coordinator,
};
