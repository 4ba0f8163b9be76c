import type { ColumnType, Generated } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type Json<T = unknown> = ColumnType<T, T | string, T | string>;

declare module './db.js' {
  interface Database {
    core_audit_log: {
      id: Generated<number>;
      tenant_id: number | null;
      actor_user_id: string | null;
      actor_api_key_id: string | null;
      action: string;
      entity_type: string;
      entity_id: string;
      before: Json | null;
      after: Json | null;
      correlation_id: string | null;
      created_at: Generated<Date>;
    };
    core_rate_limits: { key: string; window_start: Date; hits: Generated<number> };
    core_outbox: {
      id: Generated<number>;
      tenant_id: number | null;
      type: string;
      payload: Json;
      created_at: Generated<Date>;
      available_at: Generated<Date>;
      attempts: Generated<number>;
      last_error: string | null;
      processed_at: Date | null;
      failed_at: Date | null;
    };
  }
}

/**
 * A city or area as stored (the tenants module owns the table; core types requests by it). `Database['tenants']`
 * is merged in by src/modules/tenants/tenants.tables.ts.
 */
export type TenantRow = import('kysely').Selectable<import('./db.js').Database['tenants']>;
