/** Who may add, import and moderate places. */
import type { Actor } from '../../../core/actor.js';
import { isStaff } from '../directory.common.js';

export const placePolicy = {
  /** staff add places directly; anyone signed in suggests one (moderated) */
  publishDirectly: (actor: Actor, tenantId: number) => isStaff(actor, tenantId),
  suggest: (actor: Actor) => actor.kind === 'user',
  import: (actor: Actor, tenantId: number) => isStaff(actor, tenantId),
  moderate: (actor: Actor, tenantId: number) => isStaff(actor, tenantId),
  seePending: (actor: Actor, tenantId: number) => isStaff(actor, tenantId),
};
