import type { Generated } from 'kysely';
import type { Json, Timestamp } from '../../../core/core.tables.js';
import type { Multiloc } from '../../../core/i18n.js';
import type { MaturityModel } from './maturity.schemas.js';

export const CRITERION_STATES = ['achieved', 'in_progress', 'planned_2030', 'not_started'] as const;
export type CriterionState = (typeof CRITERION_STATES)[number];

export const EVIDENCE_TYPES = ['kpi', 'project', 'dataset', 'sensor', 'file'] as const;
/** A link from a criterion's evidence to something that exists in the same city. */
export interface EvidenceLink {
  type: (typeof EVIDENCE_TYPES)[number];
  /** KPI or project code, dataset id, sensor id, or progress-report attachment id */
  ref: string;
  /** for a sensor: the measured property (the series), e.g. "pm10" */
  property?: string | undefined;
}

declare module '../../../core/db.js' {
  interface Database {
    monitoring_maturity_models: {
      tenant_id: number;
      enabled: boolean;
      source: 'strategy' | 'adopted' | 'own' | 'none';
      adopted_from: string | null;
      model: Json<MaturityModel> | null;
      updated_at: Timestamp;
    };
    monitoring_maturity_rounds: {
      id: Generated<number>;
      tenant_id: number;
      name: Json<Multiloc>;
      status: Generated<'draft' | 'published'>;
      model: Json<MaturityModel>;
      based_on: number | null;
      reconstructed: Generated<boolean>;
      note: Json<Multiloc> | null;
      created_at: Generated<Date>;
      updated_at: Timestamp;
      published_at: Date | null;
      published_by: string | null;
    };
    monitoring_maturity_assessments: {
      round_id: number;
      criterion_code: string;
      state: Generated<CriterionState>;
      evidence_text: Json<Multiloc> | null;
      evidence_links: Json<EvidenceLink[]>;
      comment: Json<Multiloc> | null;
      updated_at: Timestamp;
    };
  }
}
