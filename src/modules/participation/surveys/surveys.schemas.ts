/** Surveys (consultations), their responses and results. */
import { z } from 'zod';
import { ROLES } from '../../../core/actor.js';
import { Slug } from '../participation.schemas.js';
import { AudienceAttribute, Multiloc, Question, RespondentAttribute, Section } from '../survey.logic.js';

const AnswerValue = z.union([z.string().max(5000), z.number(), z.array(z.string().max(40)).max(60), z.record(z.string().max(40), z.union([z.number(), z.string().max(40)]))]);

export const SurveyCreateBody = z.strictObject({
  slug: Slug,
  title: Multiloc,
  description: Multiloc,
  audience: z.enum(['anyone', 'users', 'role', 'attribute']).default('users'),
  audienceRoles: z.array(z.enum(ROLES)).optional(),
  /** audience `attribute`: signed-in people who declare this attribute with one of these values */
  audienceAttribute: AudienceAttribute.nullable().optional(),
  /** respondent attributes asked at the start of the answer form */
  attributes: z.array(RespondentAttribute).max(10).optional(),
  anonymous: z.boolean().default(false),
  status: z.enum(['draft', 'open', 'closed']).default('open'),
  sections: z.array(Section).max(30).optional(),
  questions: z.array(Question).min(1).max(100),
});

/** Edit a draft survey (the whole definition); `status: 'open'` publishes it. */
export const SurveyUpdateBody = SurveyCreateBody;

export const ResponseCreateBody = z.strictObject({
  answers: z.record(z.string().max(40), AnswerValue),
  browserToken: z.string().min(16).max(100).optional(),
  profile: z.record(z.string().max(40), z.string().max(100)).optional(),
});

export const SurveySummary = z.object({
  id: z.number(),
  slug: z.string(),
  title: Multiloc,
  description: Multiloc,
  audience: z.string(),
  anonymous: z.boolean(),
  status: z.string(),
  reconstructed: z.boolean(),
  responses: z.number(),
});
export const SurveyListResponse = z.object({ items: z.array(SurveySummary) });
export const SurveyResponse = SurveySummary.extend({
  sections: z.array(Section),
  questions: z.array(Question),
  attributes: z.array(RespondentAttribute),
  audienceAttribute: AudienceAttribute.nullable(),
  audienceRoles: z.array(z.string()),
  myResponse: z.object({ id: z.number(), submittedAt: z.string() }).nullable(),
  abilities: z.object({ answer: z.boolean(), manage: z.boolean(), edit: z.boolean() }),
});
export const ResponseCreatedResponse = z.object({ id: z.number(), submittedAt: z.string() });

const OptionResult = z.object({ key: z.string(), count: z.number(), pct: z.number(), pctOfGroup: z.number().optional(), points: z.number().optional(), meanPosition: z.number().optional() });
export const SurveyResultsQuery = z.strictObject({ attr: z.string().regex(/^[a-z0-9_-]+:.{1,100}$/i).optional() });
export const SurveyResultsResponse = z.object({
  survey: SurveySummary.extend({ questions: z.array(Question), sections: z.array(Section), attributes: z.array(RespondentAttribute) }),
  respondents: z.number(),
  reconstructed: z.boolean(),
  /** Clusters shared by several open questions, over all their coded answers (empty when none is shared). */
  openClusters: z.array(z.object({ label: z.string(), n: z.number(), pct: z.number(), questions: z.array(z.string()) })),
  /** The respondent-attribute filter applied (`?attr=key:value`), or null. */
  filter: z.object({ key: z.string(), value: z.string() }).nullable(),
  /** Every respondent attribute declared with the responses, with its values and how many responses have each. */
  attributes: z.array(z.object({ key: z.string(), values: z.array(z.object({ value: z.string(), count: z.number() })) })),
  questions: z.array(
    z.object({
      key: z.string(),
      type: z.string(),
      n: z.number(),
      options: z.array(OptionResult).optional(),
      groups: z.array(z.object({ label: Multiloc, count: z.number(), pct: z.number() })).optional(),
      total: z.number().optional(),
      mean: z.number().optional(),
      distribution: z.array(z.object({ value: z.number(), count: z.number(), pct: z.number() })).optional(),
      rows: z.array(z.object({ key: z.string(), n: z.number(), options: z.array(OptionResult) })).optional(),
      texts: z.number().optional(),
      codes: z.array(z.object({ id: z.number(), label: z.string(), n: z.number(), pct: z.number() })).optional(),
    }),
  ),
});
