/** Who may moderate: the city's staff (and admins, who hold every staff right). Also sent as `abilities`. */
import { type Actor, hasRole } from '../../../core/actor.js';

export const moderationPolicy = {
  moderate: (actor: Actor, tenantId: number) => hasRole(actor, tenantId, ['staff']),
};
