/**
 * Request and response schemas of evaluation rounds (/api/v1/tenants/{tenant}/evaluations): a round
 * (type, period, scope), its findings per ambition/objective, the steering body's recommendations with the
 * staff's answers, and the generated reports (HTML and PDF, one version per "generate").
 */
import { z } from 'zod';
import { LOCALES, MultilocSchema } from '../../../core/i18n.js';
import { Code, IsoDate, TenantParams } from '../calendar/calendar.schemas.js';

export const EVALUATION_TYPES = ['ex_ante', 'intermediate', 'annual', 'ex_post'] as const;
export const RECOMMENDATION_STATUSES = ['open', 'accepted', 'done', 'rejected'] as const;
export const REPORT_KINDS = ['evaluation', 'state_of_the_city'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const EvaluationParams = TenantParams.extend({ id: z.coerce.number().int().positive().max(2_147_483_647) });
export const FindingParams = EvaluationParams.extend({ scope: Code });
export const RecommendationParams = EvaluationParams.extend({ rid: z.coerce.number().int().positive().max(2_147_483_647) });

const Scope = z.array(Code).max(60).describe('codes of the ambitions/objectives evaluated; empty = the whole strategy');
const Reason = z.string().trim().min(1).max(2000);

export const EvaluationCreateBody = z
  .strictObject({
    type: z.enum(EVALUATION_TYPES).describe('ex-ante, intermediate (mid-term), annual or ex-post'),
    title: MultilocSchema,
    periodStart: IsoDate.describe('first day of the period evaluated'),
    periodEnd: IsoDate.describe('last day of the period evaluated'),
    scope: Scope.default([]),
  })
  .refine((b) => b.periodEnd >= b.periodStart, { path: ['periodEnd'], message: 'must not be before periodStart' });
export type EvaluationCreateInput = z.infer<typeof EvaluationCreateBody>;

export const EvaluationUpdateBody = z.strictObject({
  type: z.enum(EVALUATION_TYPES).optional(),
  title: MultilocSchema.optional(),
  periodStart: IsoDate.optional(),
  periodEnd: IsoDate.optional(),
  scope: Scope.optional(),
});
export type EvaluationUpdateInput = z.infer<typeof EvaluationUpdateBody>;

export const FindingBody = z.strictObject({ text: MultilocSchema.describe('what the evaluation found for this ambition/objective') });

const ScopeRef = z.object({ code: z.string(), title: MultilocSchema.nullable() });

export const Finding = z.object({ scope: ScopeRef, text: MultilocSchema, updatedAt: z.iso.datetime() });

export const ReportVersion = z.object({
  version: z.number().int(),
  generatedAt: z.iso.datetime(),
  published: z.boolean(),
  links: z.object({ html: z.string(), pdf: z.string(), stateOfTheCityHtml: z.string(), stateOfTheCityPdf: z.string() }),
});

const EvaluationFields = {
  id: z.number().int(),
  type: z.enum(EVALUATION_TYPES),
  title: MultilocSchema,
  periodStart: z.string(),
  periodEnd: z.string(),
  scope: z.array(ScopeRef),
  status: z.enum(['draft', 'published']),
  publishedVersion: z.number().int().nullable(),
  publishedAt: z.iso.datetime().nullable(),
  demo: z.boolean().describe('demo content, not a real evaluation of the city'),
  recommendationCount: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
};

export const EvaluationAbilities = z.object({ edit: z.boolean(), writeFindings: z.boolean(), generate: z.boolean(), publish: z.boolean(), recommend: z.boolean(), answer: z.boolean() });

export const EvaluationSummary = z.object({ ...EvaluationFields, latestReport: ReportVersion.nullable() }).meta({ id: 'MonitoringEvaluationSummary' });

export const Evaluation = z
  .object({ ...EvaluationFields, findings: z.array(Finding), reports: z.array(ReportVersion).describe('newest first'), abilities: EvaluationAbilities })
  .meta({ id: 'MonitoringEvaluation' });

export const EvaluationListQuery = z.strictObject({ status: z.enum(['draft', 'published']).optional(), type: z.enum(EVALUATION_TYPES).optional() });
export const EvaluationListResponse = z.object({ items: z.array(EvaluationSummary), abilities: z.object({ create: z.boolean() }) });

export const Recommendation = z
  .object({
    id: z.number().int(),
    number: z.number().int().describe('1, 2, … within the round'),
    text: MultilocSchema,
    addressedTo: z.string(),
    status: z.enum(RECOMMENDATION_STATUSES),
    reason: z.string().nullable().describe('why it was rejected'),
    answer: MultilocSchema.nullable().describe("the staff's answer"),
    answeredAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    abilities: z.object({ edit: z.boolean(), answer: z.boolean() }),
  })
  .meta({ id: 'MonitoringRecommendation' });
export const RecommendationListResponse = z.object({ items: z.array(Recommendation), abilities: z.object({ create: z.boolean() }) });

const rejectedNeedsReason = (b: { status?: string | undefined; reason?: string | undefined | null }, ctx: z.RefinementCtx) => {
  if (b.status === 'rejected' && !b.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'required when the status is rejected' });
};

export const RecommendationCreateBody = z
  .strictObject({
    text: MultilocSchema,
    addressedTo: z.string().trim().min(1).max(300).describe('who should act on it (a department, the UIM, the project team…)'),
    status: z.enum(RECOMMENDATION_STATUSES).default('open'),
    reason: Reason.optional().describe('required when the status is rejected'),
  })
  .superRefine(rejectedNeedsReason);
export type RecommendationCreateInput = z.infer<typeof RecommendationCreateBody>;

export const RecommendationUpdateBody = z.strictObject({
  text: MultilocSchema.optional(),
  addressedTo: z.string().trim().min(1).max(300).optional(),
  status: z.enum(RECOMMENDATION_STATUSES).optional(),
  reason: Reason.nullable().optional().describe('required when the status is (or becomes) rejected'),
});
export type RecommendationUpdateInput = z.infer<typeof RecommendationUpdateBody>;

export const RecommendationAnswerBody = z
  .strictObject({
    answer: MultilocSchema.describe("the staff's answer: what was or will be done"),
    status: z.enum(RECOMMENDATION_STATUSES).optional().describe('the status the answer sets'),
    reason: Reason.optional().describe('required when the status is rejected'),
  })
  .superRefine(rejectedNeedsReason);
export type RecommendationAnswerInput = z.infer<typeof RecommendationAnswerBody>;

export const ReportQuery = z.strictObject({
  kind: z.enum(REPORT_KINDS).default('evaluation').describe('the evaluation report, or the state-of-the-city report built from the same data'),
  version: z.coerce.number().int().positive().max(100_000).optional().describe('a version (staff and steering); default: the published one, or the latest for staff'),
  lang: z.enum(LOCALES).optional().describe("the language (default: the city's)"),
});
