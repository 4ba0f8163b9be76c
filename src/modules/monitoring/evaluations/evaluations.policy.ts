/**
 * Who may do what with evaluation rounds. Staff (and admins) create rounds, write findings, generate and
 * publish reports, and answer recommendations; the steering body (role `steering`) records recommendations
 * and nothing else; everyone reads a published round and its reports. Drafts are for staff and steering.
 * The results are sent to the client as `abilities`.
 */
import { type Actor, hasRole } from '../../../core/actor.js';

export const EVALUATION_STAFF_ROLES = ['staff', 'admin'] as const;
export const RECOMMENDATION_WRITE_ROLES = ['staff', 'steering', 'admin'] as const;

export interface EvaluationViewer {
  signedIn: boolean;
  staff: boolean;
  steering: boolean;
}

export function viewerOf(actor: Actor, tenantId: number): EvaluationViewer {
  return { signedIn: actor.kind !== 'anonymous', staff: hasRole(actor, tenantId, EVALUATION_STAFF_ROLES), steering: hasRole(actor, tenantId, ['steering']) };
}

interface RoundState {
  status: 'draft' | 'published';
}

/** Drafts (and every report version) are for staff and steering; a published round is public. */
export const mayReadDrafts = (v: EvaluationViewer) => v.staff || v.steering;
export const mayRead = (v: EvaluationViewer, r: RoundState) => r.status === 'published' || mayReadDrafts(v);

export function abilitiesOf(v: EvaluationViewer, r: RoundState) {
  const draft = r.status === 'draft';
  return {
    edit: v.staff && draft,
    writeFindings: v.staff && draft,
    generate: v.staff && draft,
    publish: v.staff && draft,
    // Recommendations are followed up after publication: their status changes, staff answer them.
    recommend: v.staff || v.steering,
    answer: v.staff,
  };
}

export function recommendationAbilities(v: EvaluationViewer) {
  return { edit: v.staff || v.steering, answer: v.staff };
}
