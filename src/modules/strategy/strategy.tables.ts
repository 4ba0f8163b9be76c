import type { Generated } from 'kysely';
import type { Json, Timestamp } from '../../core/core.tables.js';
import type { Multiloc } from '../../core/i18n.js';

declare module '../../core/db.js' {
  interface Database {
    strategy_strategies: {
      id: Generated<number>;
      tenant_id: number;
      title: Json<Multiloc>;
      period_start: number;
      period_end: number;
      vision: Json<Multiloc>;
      mission: Json<Multiloc> | null;
      motto: Json<Multiloc> | null;
      status: string;
      adopted_on: string | null;
      source: Json<{ title: string; file?: string; url?: string; translations?: Partial<Record<'ro' | 'en' | 'hu', 'official' | 'platform' | 'official_and_platform'>>; note?: string }>;
      note: string | null;
      maturity_matrix: Json | null;
      notes: Json<string[]> | null;
      schema_ref: string | null;
      content_hash: string | null;
      created_at: Generated<Date>;
      updated_at: Timestamp;
    };
    strategy_funding_sources: {
      id: Generated<number>;
      tenant_id: number;
      code: string;
      name: Json<Multiloc>;
      note: string | null;
      position: number;
    };
    strategy_pillars: {
      id: Generated<number>;
      tenant_id: number;
      code: string;
      kind: string;
      title: Json<Multiloc>;
      dimension: string;
      sdgs: Json<number[]>;
      diagnosis: Json<Multiloc> | null;
      status_quo: Json<unknown[]>;
      open_action_counts: Json | null;
      digital_enablers: Json<string[]> | null;
      local_actor_types: Json<string[]> | null;
      note: string | null;
      position: number;
    };
    strategy_objectives: {
      id: Generated<number>;
      tenant_id: number;
      pillar_id: number;
      code: string;
      kind: string;
      title: Json<Multiloc>;
      description: Json<Multiloc> | null;
      note: string | null;
      position: number;
    };
    strategy_projects: {
      id: Generated<number>;
      tenant_id: number;
      code: string;
      kind: string;
      title: Json<Multiloc>;
      description: Json<Multiloc> | null;
      pillar_id: number;
      objective_id: number | null;
      status: string;
      maturity: string | null;
      priority: string | null;
      priority_text: string | null;
      category: string | null;
      budget_amount: number | null;
      budget_basis: string;
      budget_text: string | null;
      horizon: string | null;
      funding_text: string | null;
      responsible: string | null;
      partners: string | null;
      digital_enablers: Json<string[]> | null;
      local_actor_types: Json<string[]> | null;
      location: Json | null;
      lat: number | null;
      lon: number | null;
      progress: number | null;
      /** public remark (Multiloc): what a citizen needs of the editorial note */
      remark: Json<Multiloc> | null;
      /** staff-only editorial note */
      note: string | null;
      position: number;
      search: string;
      created_at: Generated<Date>;
      updated_at: Timestamp;
    };
    strategy_project_funding: {
      project_id: number;
      funding_source_id: number;
      position: number;
    };
    strategy_project_timeline: {
      id: Generated<number>;
      tenant_id: number;
      project_id: number;
      date: string;
      text: Json<Multiloc>;
      status: string | null;
      author: string | null;
      author_user_id: string | null;
      created_at: Generated<Date>;
    };
    strategy_kpis: {
      id: Generated<number>;
      tenant_id: number;
      code: string;
      level: string;
      scope_code: string;
      name: Json<Multiloc>;
      unit: string | null;
      direction: string;
      baseline: Json;
      target: Json;
      reference: Json | null;
      automatic_metric: string | null;
      /** public remark (Multiloc): what a citizen needs of the editorial note */
      remark: Json<Multiloc> | null;
      /** staff-only editorial note */
      note: string | null;
      position: number;
      updated_at: Timestamp;
    };
    strategy_kpi_measurements: {
      id: Generated<number>;
      tenant_id: number;
      kpi_id: number;
      date: string;
      value: number;
      source: string | null;
      note: string | null;
      author: string | null;
      author_user_id: string | null;
      automatic: Generated<boolean>;
      created_at: Generated<Date>;
    };
    strategy_revisions: {
      id: Generated<number>;
      tenant_id: number;
      name: string;
      note: string | null;
      document: Json;
      created_by: string | null;
      author_name: string | null;
      created_at: Generated<Date>;
    };
  }
}

export {};
