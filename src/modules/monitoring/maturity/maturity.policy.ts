/**
 * Who may do what with the maturity matrix. Staff (and admins) create, fill in and publish rounds and choose
 * the city's model; everyone — the steering body and the public included — reads published rounds; drafts
 * are for staff. The results are sent to the client as `abilities`.
 */
import { type Actor, hasRole } from '../../../core/actor.js';

export const MATURITY_WRITE_ROLES = ['staff', 'admin'] as const;

export interface MaturityViewer {
  staff: boolean;
}

export function viewerOf(actor: Actor, tenantId: number): MaturityViewer {
  return { staff: hasRole(actor, tenantId, MATURITY_WRITE_ROLES) };
}

export type RoundAction = 'read' | 'edit' | 'publish';

export function can(v: MaturityViewer, action: RoundAction, round: { status: 'draft' | 'published' }): boolean {
  switch (action) {
    case 'read':
      return round.status === 'published' || v.staff;
    case 'edit':
    case 'publish':
      return v.staff && round.status === 'draft';
  }
}

export function abilitiesOf(v: MaturityViewer, round: { status: 'draft' | 'published' }) {
  return { edit: can(v, 'edit', round), publish: can(v, 'publish', round) };
}
