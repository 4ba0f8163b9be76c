/**
 * The participation API's wire shapes, generated from the OpenAPI document (`npm run api:types` writes
 * web/src/api/schema.gen.ts from the server's zod schemas; nothing here is a hand-written mirror).
 */
import type { ApiBody, ApiGet, Schemas } from '../../../api/client';

type Base = '/api/v1/tenants/{tenant}';

export type Multiloc = Schemas['Multiloc'];

export type SurveySummary = ApiGet<`${Base}/surveys`>['items'][number];
export type Survey = ApiGet<`${Base}/surveys/{id}`>;
export type Question = Survey['questions'][number];
export type QuestionType = Question['type'];
/** A question about the person answering, asked at the start of the form; values from the list only. */
export type RespondentAttribute = Survey['attributes'][number];
export type AudienceAttribute = NonNullable<Survey['audienceAttribute']>;
export type SurveySection = Survey['sections'][number];
/** Staff: the open answers to one question, with the codes tagged on each. */
export type OpenAnswer = ApiGet<`${Base}/surveys/{id}/open-answers`>['items'][number];
export type SurveyResults = ApiGet<`${Base}/surveys/{id}/results`>;
export type QuestionResult = SurveyResults['questions'][number];
export type OptionResult = NonNullable<QuestionResult['options']>[number];
export type AnswerValue = ApiBody<`${Base}/surveys/{id}/responses`, 'post'>['answers'][string];

export type Budget = ApiGet<`${Base}/budgets`>['items'][number];
export type BudgetProjects = ApiGet<`${Base}/budgets/{id}/projects`>;
export type BudgetProject = BudgetProjects['items'][number];
export type BudgetWorkflow = ApiGet<`${Base}/budgets/{id}/workflow`>;
export type Ballot = ApiGet<`${Base}/budgets/{id}/ballot`>;
export type BudgetResults = ApiGet<`${Base}/budgets/{id}/results`>;

export type Proposal = ApiGet<`${Base}/proposals`>['items'][number];
export type SimilarProposal = ApiGet<`${Base}/proposals/similar`>['items'][number];
export type ProposalDetail = ApiGet<`${Base}/proposals/{id}`>;
export type CommentItem = ApiGet<`${Base}/comments`>['items'][number];

export type Process = ApiGet<`${Base}/processes`>['items'][number];
export type ProcessPhase = Process['phases'][number];
