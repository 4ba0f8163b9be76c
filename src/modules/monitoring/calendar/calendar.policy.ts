/** Who may read and change the reporting calendar and the project teams. */
import { type Actor, hasRole } from '../../../core/actor.js';

export const CALENDAR_READ_ROLES = ['staff', 'steering', 'project_team', 'admin'] as const;
export const CALENDAR_EDIT_ROLES = ['staff', 'admin'] as const;

export const calendarPolicy = {
  edit: (actor: Actor, tenantId: number) => hasRole(actor, tenantId, CALENDAR_EDIT_ROLES),
};
