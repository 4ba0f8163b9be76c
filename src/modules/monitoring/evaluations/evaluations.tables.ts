import type { Generated } from 'kysely';
import type { Json, Timestamp } from '../../../core/core.tables.js';
import type { Multiloc } from '../../../core/i18n.js';
import type { ReportSnapshot } from './evaluations.report-data.js';

export type EvaluationType = 'ex_ante' | 'intermediate' | 'annual' | 'ex_post';
export type RecommendationStatus = 'open' | 'accepted' | 'done' | 'rejected';

declare module '../../../core/db.js' {
  interface Database {
    monitoring_evaluations: {
      id: Generated<number>;
      tenant_id: number;
      type: EvaluationType;
      title: Json<Multiloc>;
      period_start: string;
      period_end: string;
      /** codes of the ambitions/objectives evaluated; empty = the whole strategy */
      scope: Json<string[]>;
      status: Generated<'draft' | 'published'>;
      published_version: number | null;
      published_at: Date | null;
      demo: Generated<boolean>;
      created_by: string | null;
      created_at: Generated<Date>;
      updated_at: Timestamp;
    };
    monitoring_evaluation_findings: {
      evaluation_id: number;
      scope_code: string;
      text: Json<Multiloc>;
      author_user_id: string | null;
      updated_at: Timestamp;
    };
    monitoring_evaluation_recommendations: {
      id: Generated<number>;
      tenant_id: number;
      evaluation_id: number;
      number: number;
      text: Json<Multiloc>;
      addressed_to: string;
      status: Generated<RecommendationStatus>;
      reason: string | null;
      answer: Json<Multiloc> | null;
      answered_at: Date | null;
      created_by: string | null;
      created_at: Generated<Date>;
      updated_at: Timestamp;
    };
    monitoring_evaluation_reports: {
      id: Generated<number>;
      evaluation_id: number;
      version: number;
      data: Json<ReportSnapshot>;
      generated_by: string | null;
      generated_at: Generated<Date>;
    };
  }
}

export {};
