/**
 * Request and response schemas of the maturity matrix self-assessment. The model (pillars, levels, criteria)
 * has the strategy document's format (`maturityMatrix` in data/strategies/*.json), validated by the same schema.
 */
import { z } from 'zod';
import { MultilocSchema } from '../../../core/i18n.js';
import { MaturityMatrix } from '../../strategy/index.js';
import { Code, TenantParams } from '../calendar/calendar.schemas.js';
import { CRITERION_STATES, EVIDENCE_TYPES } from './maturity.tables.js';
import { TEXT_LIMITS } from '../../../shared/limits.js';

/** A maturity model: the strategy document's `maturityMatrix`, with at least one pillar, unique codes. */
export const MaturityModel = MaturityMatrix.superRefine((m, ctx) => {
  if (!m.pillars.length) ctx.addIssue({ code: 'custom', path: ['pillars'], message: 'at least one pillar' });
  const seen = new Set<string>();
  m.pillars.forEach((p, i) => {
    if (seen.has(p.code)) ctx.addIssue({ code: 'custom', path: ['pillars', i, 'code'], message: `duplicate code "${p.code}"` });
    seen.add(p.code);
    p.criteria.forEach((c, j) => {
      if (seen.has(c.code)) ctx.addIssue({ code: 'custom', path: ['pillars', i, 'criteria', j, 'code'], message: `duplicate code "${c.code}"` });
      seen.add(c.code);
      if (!m.levels.some((l) => l.level === c.level)) ctx.addIssue({ code: 'custom', path: ['pillars', i, 'criteria', j, 'level'], message: `level ${c.level} is not among the model's levels` });
    });
  });
});
export type MaturityModel = z.infer<typeof MaturityMatrix>;

export const CriterionState = z.enum(CRITERION_STATES).describe('achieved (the current state) · in_progress (projects under way) · planned_2030 (the 2030 forecast) · not_started');
export const RoundParams = TenantParams.extend({ id: z.coerce.number().int().positive().max(2_147_483_647) });

export const EvidenceLinkIn = z.strictObject({
  type: z.enum(EVIDENCE_TYPES).describe('kpi, project (codes), dataset (catalogue id), sensor (id, with property: the series), file (a progress-report attachment id)'),
  ref: z.string().min(1).max(TEXT_LIMITS.evidenceRef),
  property: z.string().min(1).max(TEXT_LIMITS.evidenceProperty).optional().describe('for a sensor: the measured property, e.g. "pm10"'),
});
export const EvidenceLink = z.object({ type: z.enum(EVIDENCE_TYPES), ref: z.string(), property: z.string().optional(), label: MultilocSchema });

export const RoundCreateBody = z.strictObject({
  name: MultilocSchema.describe('e.g. "2027 annual"'),
  copyFrom: z.union([z.number().int().positive(), z.literal('latest')]).optional().describe('start from the states, evidence and comments of this round ("latest": the latest published one); otherwise every criterion starts as not_started'),
});

export const CriterionUpdate = z.strictObject({
  code: Code,
  state: CriterionState.optional(),
  evidence: z.strictObject({ text: MultilocSchema.nullable().optional(), links: z.array(EvidenceLinkIn).max(20).optional() }).optional(),
  comment: MultilocSchema.nullable().optional(),
});
export const RoundUpdateBody = z.strictObject({
  name: MultilocSchema.optional(),
  criteria: z.array(CriterionUpdate).max(500).optional(),
});
export type RoundUpdateInput = z.infer<typeof RoundUpdateBody>;

export const ModelSetBody = z.discriminatedUnion('source', [
  z.strictObject({ source: z.literal('strategy').describe("the model in the city's strategy document") }),
  z.strictObject({ source: z.literal('adopted'), from: z.string().regex(/^[a-z0-9-]+$/).max(63).describe('the city whose model is adopted, e.g. "baia-mare"') }),
  z.strictObject({ source: z.literal('own'), model: MaturityModel }),
  z.strictObject({ source: z.literal('none').describe('the city leaves the maturity matrix off') }),
]);

const Level = z.object({ level: z.number().int(), name: MultilocSchema, description: MultilocSchema.optional() });
const Counts = z.object({ achieved: z.number().int(), in_progress: z.number().int(), planned_2030: z.number().int(), not_started: z.number().int() });

export const AssessedCriterion = z.object({
  code: z.string(),
  level: z.number().int(),
  text: MultilocSchema,
  note: z.string().optional().describe("the editor's note on the source text"),
  state: CriterionState,
  previousState: CriterionState.nullable().describe('its state in the previous published round (null: no previous round)'),
  evidence: z.object({ text: MultilocSchema.nullable(), links: z.array(EvidenceLink) }),
  comment: MultilocSchema.nullable(),
});

export const AssessedPillar = z.object({
  code: z.string(),
  pillar: z.string().describe("the strategy pillar or objective it belongs to (the model's own reference)"),
  title: MultilocSchema,
  statedLevel: z.number().int().nullable().describe('the current level the strategy document states in prose'),
  levelReached: z.number().int().describe('the highest level L such that every criterion of levels 1…L is achieved (0: not even level 1)'),
  levelInProgress: z.number().int().describe('the same, counting criteria in progress as achieved'),
  level2030: z.number().int().describe('the same, counting criteria in progress and planned for 2030 as achieved (the 2030 forecast)'),
  previousLevel: z.number().int().nullable().describe('level reached in the previous published round'),
  change: z.number().int().nullable().describe('levelReached − previousLevel'),
  counts: Counts,
  criteria: z.array(AssessedCriterion),
});

const RoundRef = z.object({ id: z.number().int(), name: MultilocSchema, publishedAt: z.string().nullable() });

export const Round = z
  .object({
    id: z.number().int(),
    name: MultilocSchema,
    status: z.enum(['draft', 'published']),
    reconstructed: z.boolean().describe('states reconstructed from the strategy text rather than assessed by staff'),
    note: MultilocSchema.nullable(),
    basedOn: z.number().int().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    publishedAt: z.string().nullable(),
    levels: z.array(Level),
    pillars: z.array(AssessedPillar),
    counts: Counts,
    changedCriteria: z.array(z.object({ code: z.string(), from: CriterionState, to: CriterionState })).describe('criteria whose state differs from the previous published round'),
    previous: RoundRef.nullable(),
    abilities: z.object({ edit: z.boolean(), publish: z.boolean() }),
  })
  .meta({ id: 'MaturityRound' });

export const RoundSummary = z.object({
  id: z.number().int(),
  name: MultilocSchema,
  status: z.enum(['draft', 'published']),
  reconstructed: z.boolean(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  levels: z.array(z.object({ pillar: z.string(), levelReached: z.number().int() })),
});
export const RoundListResponse = z.object({ items: z.array(RoundSummary), abilities: z.object({ create: z.boolean() }) });

export const MaturityResponse = z
  .object({
    enabled: z.boolean(),
    source: z.enum(['strategy', 'adopted', 'own', 'none']),
    adoptedFrom: z.string().nullable(),
    model: MaturityMatrix.nullable().describe('the current model: levels, pillars and their criteria'),
    round: Round.nullable().describe('the latest published round with its states, levels reached and change since the previous round'),
    draft: z.object({ id: z.number().int(), name: MultilocSchema }).nullable().describe('the newest draft round (staff only; null for others)'),
    abilities: z.object({ manage: z.boolean() }),
  })
  .meta({ id: 'Maturity' });
