import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';
import { belongsTo, createdAt, dropTablesIfExists, idAndTenant, sensorsObservationColumns, userId } from './lib/columns.js';

/**
 * Sensors: things (SensorThings' Thing + Location in one row), datastreams (thing × observed property with a
 * UCUM unit), raw observations keyed (datastream_id, time) so a re-sent reading is an idempotent upsert, and
 * hourly/daily roll-ups maintained by the ingest statement itself. Observations carry no foreign key: the
 * check would cost on every row of a 100 000-rows/s ingest, and the service deletes a datastream's rows itself.
 */
/** An hourly or daily roll-up of a datastream: both tables have these columns, so one fold writes either. */
const rollupColumns = sql`
      datastream_id bigint not null,
      bucket timestamptz not null,
      count int not null,
      sum double precision not null,
      min double precision not null,
      max double precision not null,
      last double precision not null,
      last_time timestamptz not null,
      primary key (datastream_id, bucket)
    `;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`create table sensors_settings (
      tenant_id int primary key references tenants(id) on delete cascade,
      raw_retention_days int check (raw_retention_days is null or raw_retention_days >= 1),
      updated_at timestamptz not null default now()
    )`,
    sql`create table sensors_things (
      ${idAndTenant('bigserial')},
      name text not null,
      description text not null default '',
      owner text not null default '',
      area text,
      lat double precision check (lat between -90 and 90),
      lon double precision check (lon between -180 and 180),
      status text not null default 'active' check (status in ('active','pending','inactive')),
      metadata jsonb not null default '{}',
      ngsi_id text,
      sc_node text,
      ${createdAt}
    )`,
    sql`create unique index sensors_things_ngsi on sensors_things (tenant_id, ngsi_id) where ngsi_id is not null`,
    sql`create unique index sensors_things_sc on sensors_things (tenant_id, sc_node) where sc_node is not null`,
    sql`create index sensors_things_geo on sensors_things (tenant_id, lat, lon)`,
    sql`create table sensors_datastreams (
      ${idAndTenant('bigserial')},
      ${belongsTo('thing_id', 'sensors_things', 'bigint')},
      property text not null,
      unit text not null,
      last_time timestamptz,
      last_value double precision,
      ${createdAt},
      unique (thing_id, property)
    )`,
    sql`create index sensors_datastreams_tenant on sensors_datastreams (tenant_id, property)`,
    sql`create table sensors_observations (${sensorsObservationColumns})`,
    sql`create table sensors_rollups_hourly (${rollupColumns})`,
    sql`create table sensors_rollups_daily (${rollupColumns})`,
    sql`create table sensors_alert_rules (
      ${idAndTenant('bigserial')},
      property text not null,
      threshold double precision not null,
      clear_below double precision not null,
      duration_minutes int not null default 0 check (duration_minutes between 0 and 10080),
      area text,
      active boolean not null default true,
      created_by uuid,
      ${createdAt}
    )`,
    sql`create index sensors_alert_rules_tenant on sensors_alert_rules (tenant_id, property) where active`,
    sql`create table sensors_alerts (
      ${idAndTenant('bigserial')},
      ${belongsTo('rule_id', 'sensors_alert_rules', 'bigint')},
      ${belongsTo('thing_id', 'sensors_things', 'bigint')},
      property text not null,
      raised_at timestamptz not null,
      raised_value double precision not null,
      peak_value double precision not null,
      cleared_at timestamptz
    )`,
    sql`create unique index sensors_alerts_open on sensors_alerts (rule_id, thing_id) where cleared_at is null`,
    sql`create index sensors_alerts_tenant on sensors_alerts (tenant_id, raised_at desc)`,
    sql`create table sensors_follows (
      ${idAndTenant('bigserial')},
      ${userId},
      thing_id bigint references sensors_things(id) on delete cascade,
      area text,
      ${createdAt},
      check ((thing_id is null) <> (area is null))
    )`,
    sql`create unique index sensors_follows_thing on sensors_follows (user_id, thing_id) where thing_id is not null`,
    sql`create unique index sensors_follows_area on sensors_follows (user_id, tenant_id, area) where area is not null`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, dropTablesIfExists('sensors_follows', 'sensors_alerts', 'sensors_alert_rules', 'sensors_rollups_daily', 'sensors_rollups_hourly', 'sensors_observations', 'sensors_datastreams', 'sensors_things', 'sensors_settings'));
}
