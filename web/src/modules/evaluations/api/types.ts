/**
 * The evaluations API's wire shapes, generated from the OpenAPI document (`npm run api:types` writes
 * web/src/api/schema.gen.ts from the server's zod schemas; nothing here is a hand-written mirror).
 */
import type { ApiGet, Schemas } from '../../../api/client';

type EvaluationsPath = '/api/v1/tenants/{tenant}/evaluations';
type RecommendationsPath = '/api/v1/tenants/{tenant}/evaluations/{id}/recommendations';

export type Evaluation = Schemas['MonitoringEvaluation'];
export type EvaluationSummary = Schemas['MonitoringEvaluationSummary'];
export type EvaluationList = ApiGet<EvaluationsPath>;
export type EvaluationType = Evaluation['type'];
export type ReportVersion = Evaluation['reports'][number];
export type Recommendation = Schemas['MonitoringRecommendation'];
export type RecommendationStatus = Recommendation['status'];
export type RecommendationList = ApiGet<RecommendationsPath>;
