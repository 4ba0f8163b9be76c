import type { Generated } from 'kysely';
import type { Json, Timestamp } from '../../core/core.tables.js';


declare module '../../core/db.js' {
  interface Database {
    sensors_settings: { tenant_id: number; raw_retention_days: number | null; updated_at: Generated<Date> };
    sensors_things: {
      id: Generated<number>;
      tenant_id: number;
      name: string;
      description: Generated<string>;
      owner: Generated<string>;
      area: string | null;
      lat: number | null;
      lon: number | null;
      status: Generated<'active' | 'pending' | 'inactive'>;
      metadata: Json<Record<string, unknown>>;
      ngsi_id: string | null;
      sc_node: string | null;
      created_at: Generated<Date>;
    };
    sensors_datastreams: {
      id: Generated<number>;
      tenant_id: number;
      thing_id: number;
      property: string;
      unit: string;
      last_time: Timestamp | null;
      last_value: number | null;
      created_at: Generated<Date>;
    };
    sensors_observations: { datastream_id: number; time: Timestamp; value: number; quality: Generated<number> };
    sensors_rollups_hourly: Rollup;
    sensors_rollups_daily: Rollup;
    /** roll-up deltas written by the ingest statement, folded into the roll-ups by the fold step */
    sensors_rollups_pending: {
      datastream_id: number;
      bucket: Timestamp;
      count: number;
      sum: number;
      min: number | null;
      max: number | null;
      last: number | null;
      last_time: Timestamp | null;
      recompute: Generated<boolean>;
    };
    sensors_alert_rules: {
      id: Generated<number>;
      tenant_id: number;
      property: string;
      threshold: number;
      clear_below: number;
      duration_minutes: Generated<number>;
      area: string | null;
      active: Generated<boolean>;
      created_by: string | null;
      created_at: Generated<Date>;
    };
    sensors_alerts: {
      id: Generated<number>;
      tenant_id: number;
      rule_id: number;
      thing_id: number;
      property: string;
      raised_at: Timestamp;
      raised_value: number;
      peak_value: number;
      cleared_at: Timestamp | null;
    };
  }
}

interface Rollup {
  datastream_id: number;
  bucket: Timestamp;
  count: number;
  sum: number;
  min: number;
  max: number;
  last: number;
  last_time: Timestamp;
}
