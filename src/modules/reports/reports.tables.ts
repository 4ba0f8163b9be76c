import type { Generated } from 'kysely';
import type { Json } from '../../core/core.tables.js';
import type { Multiloc } from '../../core/i18n.js';

export const REPORT_STATUSES = ['open', 'acknowledged', 'in_progress', 'fixed', 'closed', 'duplicate', 'not_responsible', 'wont_fix'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
/** statuses in which the city still has work to do */
export const OPEN_STATUSES: readonly ReportStatus[] = ['open', 'acknowledged', 'in_progress'];

/** An Open311 service-definition attribute (GeoReport v2 §service definition). */
export interface CategoryAttribute {
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  description: Multiloc;
  values?: { key: string; name: Multiloc }[];
}

export const GAZETTEER_KINDS = ['street', 'place', 'address'] as const;
export type GazetteerKind = (typeof GAZETTEER_KINDS)[number];

declare module '../../core/db.js' {
  interface Database {
    reports_categories: {
      id: Generated<number>;
      tenant_id: number;
      code: string;
      name: Json<Multiloc>;
      description: Json<Multiloc>;
      group_name: Json<Multiloc>;
      department: Json<Multiloc>;
      target_days: number;
      keywords: Generated<string>;
      attributes: Json<CategoryAttribute[]>;
      sort: Generated<number>;
      active: Generated<boolean>;
    };
    reports_reports: {
      id: Generated<string>;
      tenant_id: number;
      category_id: number;
      status: Generated<ReportStatus>;
      lat: number | null;
      lon: number | null;
      address: string | null;
      /** Open311 `address_id` as the client sent it (an id in its address register) */
      address_id: Generated<string | null>;
      title: string;
      description: Generated<string>;
      attributes: Json<Record<string, string | string[]>>;
      media_urls: Json<string[]>;
      reporter_user_id: string | null;
      reporter_email: string | null;
      reporter_name: string | null;
      anonymous: Generated<boolean>;
      token: string;
      confirm_token_hash: string | null;
      confirmed_at: Date | null;
      source: Generated<'web' | 'open311' | 'demo'>;
      api_key_id: string | null;
      assigned_user_id: string | null;
      duplicate_of: string | null;
      hidden_at: Date | null;
      hidden_reason: string | null;
      supporters: Generated<number>;
      /** the area (approximate neighbourhood) code, see reports.areas.ts; null without a point */
      area: string | null;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
      acknowledged_at: Date | null;
      fixed_at: Date | null;
      closed_at: Date | null;
    };
    reports_photos: {
      id: Generated<string>;
      tenant_id: number;
      report_id: string;
      file_name: string;
      mime: string;
      width: number;
      height: number;
      bytes: number;
      created_at: Generated<Date>;
    };
    reports_updates: {
      id: Generated<string>;
      tenant_id: number;
      report_id: string;
      kind: 'public' | 'internal';
      status: ReportStatus | null;
      text: Generated<string>;
      author_user_id: string | null;
      external_update_id: string | null;
      /** when the update happened as its sender says (Open311 `updated_datetime`); null: at created_at */
      occurred_at: Generated<Date | null>;
      hidden_at: Date | null;
      created_at: Generated<Date>;
    };
    reports_blocklist: {
      tenant_id: number;
      email_normalized: string;
      reason: string | null;
      created_by: string | null;
      created_at: Generated<Date>;
    };
    reports_gazetteer: {
      id: Generated<number>;
      tenant_id: number;
      label: string;
      label_norm: string;
      kind: GazetteerKind;
      lat: number;
      lon: number;
      source: Generated<string>;
      created_at: Generated<Date>;
    };
    /** the map's cluster counts, kept by the trigger in reports.map-cells.sql (published reports only) */
    reports_map_cells: {
      tenant_id: number;
      /** grid level: cells of 1/2^bits degrees */
      bits: number;
      cx: number;
      cy: number;
      status: ReportStatus;
      category_id: number;
      n: number;
      lat_sum: number;
      lon_sum: number;
    };
    reports_counter_requests: {
      tenant_id: number;
      month: string;
      count: number;
      updated_at: Generated<Date>;
    };
  }
}
