/** Maturity rows → API shapes: a round with its pillars, criteria, levels reached and change since the previous round. */
import type { z } from 'zod';
import { ACHIEVED, BY_2030, levelReached, levelsOf, statesOf, WITH_IN_PROGRESS } from './maturity.levels.js';
import { abilitiesOf, type MaturityViewer } from './maturity.policy.js';
import type { AssessmentRow, RoundRow } from './maturity.repository.js';
import type { MaturityModel, MaturityResponse, Round, RoundListResponse, RoundSummary } from './maturity.schemas.js';
import type { CriterionState, EvidenceLink } from './maturity.tables.js';

type StoredLink = EvidenceLink & { label: { ro: string; en?: string; hu?: string } };
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const zero = () => ({ achieved: 0, in_progress: 0, planned_2030: 0, not_started: 0 });

export interface PreviousRound {
  row: RoundRow;
  assessments: AssessmentRow[];
}

/** A round as the service returns it: its rows, the previous published round and who reads it. */
export interface RoundView {
  row: RoundRow;
  assessments: AssessmentRow[];
  previous: PreviousRound | null;
  viewer: MaturityViewer;
}

/** The city's model with its latest published round and (for staff) the newest draft. */
export type MaturityOverview = Omit<z.infer<typeof MaturityResponse>, 'round'> & { round: RoundView | null };

export function presentMaturity(o: MaturityOverview): z.infer<typeof MaturityResponse> {
  return { ...o, round: o.round ? presentRoundView(o.round) : null };
}

export function presentRoundView(v: RoundView): z.infer<typeof Round> {
  return presentRound(v.row, v.assessments, v.previous, v.viewer);
}

/** The rounds of a city with their assessments, and whether the caller may start one. */
export interface RoundList {
  rows: RoundRow[];
  assessments: ReadonlyMap<number, AssessmentRow[]>;
  create: boolean;
}

export function presentRoundList(l: RoundList): z.infer<typeof RoundListResponse> {
  return { items: l.rows.map((r) => presentRoundSummary(r, l.assessments.get(r.id) ?? [])), abilities: { create: l.create } };
}

export function presentRound(row: RoundRow, assessments: AssessmentRow[], previous: PreviousRound | null, viewer: MaturityViewer): z.infer<typeof Round> {
  const model = row.model as MaturityModel;
  const maxLevel = Math.max(5, ...model.levels.map((l) => l.level));
  const byCode = new Map(assessments.map((a) => [a.criterion_code, a]));
  const prevStates = previous ? statesOf(previous.assessments) : null;
  const prevLevels = previous ? levelsOf(previous.row.model as MaturityModel, prevStates!) : null;
  const total = zero();
  const changedCriteria: { code: string; from: CriterionState; to: CriterionState }[] = [];
  const pillars = model.pillars.map((p) => {
    const counts = zero();
    const criteria = p.criteria.map((c) => {
      const a = byCode.get(c.code);
      const state = a?.state ?? 'not_started';
      counts[state]++;
      total[state]++;
      const previousState = prevStates ? (prevStates.get(c.code) ?? 'not_started') : null;
      if (previousState && previousState !== state) changedCriteria.push({ code: c.code, from: previousState, to: state });
      return {
        code: c.code,
        level: c.level,
        text: c.text,
        // the transcriber's note on a criterion is an editorial note: staff only
        ...(c.note && viewer.staff ? { note: c.note } : {}),
        state,
        previousState,
        evidence: { text: a?.evidence_text ?? null, links: ((a?.evidence_links ?? []) as StoredLink[]).map((l) => ({ type: l.type, ref: l.ref, ...(l.property ? { property: l.property } : {}), label: l.label })) },
        comment: a?.comment ?? null,
      };
    });
    const st = criteria.map((c) => ({ level: c.level, state: c.state }));
    const reached = levelReached(st, ACHIEVED, maxLevel);
    const previousLevel = prevLevels ? (prevLevels[p.code] ?? null) : null;
    return {
      code: p.code,
      pillar: p.pillar,
      title: p.title,
      statedLevel: p.currentLevel,
      levelReached: reached,
      levelInProgress: levelReached(st, WITH_IN_PROGRESS, maxLevel),
      level2030: levelReached(st, BY_2030, maxLevel),
      previousLevel,
      change: previousLevel === null ? null : reached - previousLevel,
      counts,
      criteria,
    };
  });
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    reconstructed: row.reconstructed,
    note: row.note ?? null,
    basedOn: row.based_on,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at as Date)!,
    publishedAt: iso(row.published_at),
    levels: model.levels,
    pillars,
    counts: total,
    changedCriteria,
    previous: previous ? { id: previous.row.id, name: previous.row.name, publishedAt: iso(previous.row.published_at) } : null,
    abilities: abilitiesOf(viewer, row),
  };
}

export function presentRoundSummary(row: RoundRow, assessments: AssessmentRow[]): z.infer<typeof RoundSummary> {
  const levels = levelsOf(row.model as MaturityModel, statesOf(assessments));
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    reconstructed: row.reconstructed,
    createdAt: iso(row.created_at)!,
    publishedAt: iso(row.published_at),
    levels: Object.entries(levels).map(([pillar, levelReached]) => ({ pillar, levelReached })),
  };
}
