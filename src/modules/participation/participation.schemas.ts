import { z } from 'zod';
import { ROLES } from '../../core/actor.js';
import { TenantParams } from '../tenants/index.js';
import { AudienceAttribute, Multiloc, Question, RespondentAttribute, Section } from './survey.logic.js';

export const IdParams = TenantParams.extend({ id: z.string().regex(/^[a-z0-9-]+$/).max(80) });
const Slug = z.string().regex(/^[a-z0-9-]+$/).min(2).max(80);

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

export const CodeCreateBody = z.strictObject({ question: z.string().max(40), label: z.string().min(1).max(200) });

// Budgets

const ProjectInput = z.strictObject({ code: z.string().regex(/^[A-Za-z0-9_.-]+$/).max(40), title: Multiloc, description: Multiloc.optional(), cost: z.number().nonnegative(), lat: z.number().min(-90).max(90).optional(), lon: z.number().min(-180).max(180).optional() });
export const BudgetCreateBody = z.strictObject({
  slug: Slug,
  title: Multiloc,
  description: Multiloc,
  total: z.number().positive(),
  currency: z.string().regex(/^[A-Z]{3}$/).default('RON'),
  scope: z.string().max(100).default('city'),
  eligibility: z
    .strictObject({
      verifiedEmail: z.boolean().optional(),
      verifiedResident: z.boolean().optional().describe('a confirmed email and registered in this city (the citizen role, or any role here); there is no census check'),
      minAge: z.number().int().min(0).max(120).optional(),
      maxAge: z.number().int().min(0).max(120).optional(),
    })
    .default({}),
  votingRule: z.enum(['threshold_percent', 'minimum_projects', 'selected_projects']),
  status: z.enum(['draft', 'preparing', 'voting']).default('voting').describe('preparing: public, projects are reviewed and costed before the vote opens'),
  thresholdPercent: z.number().min(0).max(100).optional(),
  minProjects: z.number().int().min(0).optional(),
  maxProjects: z.number().int().min(1).nullable().optional(),
  projects: z.array(ProjectInput).max(500).default([]),
});

export const Budget = z.object({
  id: z.number(),
  slug: z.string(),
  title: Multiloc,
  description: Multiloc,
  total: z.number(),
  currency: z.string(),
  scope: z.string(),
  eligibility: z.object({ verifiedEmail: z.boolean().optional(), verifiedResident: z.boolean().optional(), minAge: z.number().optional(), maxAge: z.number().optional() }),
  votingRule: z.enum(['threshold_percent', 'minimum_projects', 'selected_projects']),
  thresholdPercent: z.number(),
  minProjects: z.number(),
  maxProjects: z.number().nullable(),
  voteType: z.string(),
  status: z.string(),
});
export const BudgetListResponse = z.object({ items: z.array(Budget) });
const MultilocOut = z.object({ ro: z.string(), en: z.string().optional(), hu: z.string().optional() });
export const BudgetProject = z.object({
  id: z.number(),
  code: z.string(),
  title: MultilocOut,
  description: MultilocOut,
  cost: z.number(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  /** proposed → eligible | ineligible → costed → ready (only ready projects are on the ballot) */
  review: z.enum(['proposed', 'eligible', 'ineligible', 'costed', 'ready']),
  reviewReason: z.string().nullable(),
  costNote: z.string().nullable(),
  proposedCost: z.number().nullable(),
  proposalId: z.number().nullable(),
});
export const BudgetProjectsResponse = z.object({ budget: Budget, items: z.array(BudgetProject) });
export const BallotBody = z.strictObject({ projectIds: z.array(z.number().int().positive()).max(500), age: z.number().int().min(0).max(120).optional() });
export const BallotResponse = z.object({ projectIds: z.array(z.number()), total: z.number(), budget: z.number(), checkedOutAt: z.string().nullable(), canCheckout: z.boolean(), problems: z.array(z.object({ field: z.string(), message: z.string(), code: z.string().optional() })) });
export const BudgetResultsQuery = z.strictObject({ rule: z.enum(['greedy', 'equal-shares']).default('greedy') });
export const BudgetResultsResponse = z.object({
  budget: Budget,
  rule: z.string(),
  ballots: z.number(),
  spent: z.number(),
  items: z.array(z.object({ project: BudgetProject, votes: z.number(), score: z.number(), selected: z.boolean() })),
});
export const BudgetImportQuery = z.strictObject({ slug: Slug.optional() });
export const BudgetImportResponse = z.object({
  id: z.number(), slug: z.string(), projects: z.number(), ballots: z.number(),
  placesDropped: z.number().meta({ description: 'project coordinates outside the city, not imported (the projects are)' }),
  notes: z.array(z.string()),
});
export const BudgetExportQuery = z.strictObject({ rule: z.enum(['greedy', 'equal-shares']).default('greedy') });
