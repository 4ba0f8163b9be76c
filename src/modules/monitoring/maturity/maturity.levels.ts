/**
 * The level a pillar has reached, from the states of its criteria (pure). A pillar is at level L when every
 * criterion of levels 1…L is achieved; a level with no criteria in the model does not block the levels above
 * it. A pillar with no criteria is at level 0. The same rule, counting more states as achieved, gives the
 * level once the projects in progress deliver and the 2030 forecast.
 */
import type { AssessmentRow } from './maturity.repository.js';
import type { MaturityModel } from './maturity.schemas.js';
import type { CriterionState } from './maturity.tables.js';

export const ACHIEVED: ReadonlySet<CriterionState> = new Set(['achieved']);
export const WITH_IN_PROGRESS: ReadonlySet<CriterionState> = new Set(['achieved', 'in_progress']);
export const BY_2030: ReadonlySet<CriterionState> = new Set(['achieved', 'in_progress', 'planned_2030']);

export function levelReached(criteria: readonly { level: number; state: CriterionState }[], counted: ReadonlySet<CriterionState> = ACHIEVED, maxLevel = 5): number {
  if (!criteria.length) return 0;
  let reached = 0;
  for (let level = 1; level <= maxLevel; level++) {
    const at = criteria.filter((c) => c.level === level);
    if (at.some((c) => !counted.has(c.state))) break;
    // a level with no criteria does not count on its own: only when a level above it is complete
    if (at.length) reached = level;
  }
  return reached;
}

/** Each criterion's state in a round (a criterion without a row is not started). */
export function statesOf(assessments: readonly AssessmentRow[]): Map<string, CriterionState> {
  return new Map(assessments.map((a) => [a.criterion_code, a.state]));
}

/** The level reached per pillar of a round's model, given its states. */
export function levelsOf(model: MaturityModel, states: ReadonlyMap<string, CriterionState>): Record<string, number> {
  const maxLevel = Math.max(5, ...model.levels.map((l) => l.level));
  return Object.fromEntries(model.pillars.map((p) => [p.code, levelReached(p.criteria.map((c) => ({ level: c.level, state: states.get(c.code) ?? 'not_started' })), ACHIEVED, maxLevel)]));
}
