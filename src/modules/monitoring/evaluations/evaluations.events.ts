/** Events of evaluation rounds, written to the outbox in the transaction of the change. */
import type { EvaluationType, RecommendationStatus } from './evaluations.tables.js';

export interface EvaluationEvent {
  tenantId: number;
  evaluationId: number;
  type: EvaluationType;
  periodStart: string;
  periodEnd: string;
}

declare module '../../../core/events.js' {
  interface EventMap {
    'monitoring.evaluation.created': EvaluationEvent;
    'monitoring.evaluation.updated': EvaluationEvent;
    'monitoring.evaluation.findingWritten': EvaluationEvent & { scope: string };
    'monitoring.evaluation.reportGenerated': EvaluationEvent & { version: number };
    'monitoring.evaluation.published': EvaluationEvent & { version: number };
    'monitoring.recommendation.created': EvaluationEvent & { recommendationId: number; number: number; addressedTo: string };
    'monitoring.recommendation.updated': EvaluationEvent & { recommendationId: number; number: number; status: RecommendationStatus };
    'monitoring.recommendation.answered': EvaluationEvent & { recommendationId: number; number: number; status: RecommendationStatus };
  }
}

export {};
