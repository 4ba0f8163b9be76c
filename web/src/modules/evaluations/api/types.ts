/**
 * The evaluations API's wire shapes, mirrored from src/modules/monitoring/evaluations/evaluations.schemas.ts
 * (the web app does not import server code; the other modules' web types are mirrored the same way).
 */
import type { Multiloc } from '../../strategy/api/types';

export type EvaluationType = 'ex_ante' | 'intermediate' | 'annual' | 'ex_post';
export type RecommendationStatus = 'open' | 'accepted' | 'done' | 'rejected';

export interface ReportVersion {
  version: number;
  generatedAt: string;
  published: boolean;
  links: { html: string; pdf: string; stateOfTheCityHtml: string; stateOfTheCityPdf: string };
}

interface EvaluationFields {
  id: number;
  type: EvaluationType;
  title: Multiloc;
  periodStart: string;
  periodEnd: string;
  scope: { code: string; title: Multiloc | null }[];
  status: 'draft' | 'published';
  publishedVersion: number | null;
  publishedAt: string | null;
  demo: boolean;
  recommendationCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface EvaluationSummary extends EvaluationFields {
  latestReport: ReportVersion | null;
}

export interface Evaluation extends EvaluationFields {
  findings: { scope: { code: string; title: Multiloc | null }; text: Multiloc; updatedAt: string }[];
  reports: ReportVersion[];
  abilities: { edit: boolean; writeFindings: boolean; generate: boolean; publish: boolean; recommend: boolean; answer: boolean };
}

export interface EvaluationList {
  items: EvaluationSummary[];
  abilities: { create: boolean };
}

export interface Recommendation {
  id: number;
  number: number;
  text: Multiloc;
  addressedTo: string;
  status: RecommendationStatus;
  reason: string | null;
  answer: Multiloc | null;
  answeredAt: string | null;
  createdAt: string;
  updatedAt: string;
  abilities: { edit: boolean; answer: boolean };
}

export interface RecommendationList {
  items: Recommendation[];
  abilities: { create: boolean };
}
