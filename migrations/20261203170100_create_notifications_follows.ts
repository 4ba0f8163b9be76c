import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';
import { belongsTo, createdAt, dropTables, idAndTenant, tenantId, userId } from './lib/columns.js';

/**
 * The notifications hub: one table of follows for every kind of thing (a strategy project, a KPI, a report,
 * a sensor, a proposal, a budget, an area of the map …), replacing the three per-module tables, whose rows
 * are moved here; a marker per outbox event already turned into notifications (so a retried or restarted
 * fan-out never notifies twice); the followed thing on each inbox row (digests group by it). A follow made
 * from an address nobody has proven yet (a report support's double opt-in) waits with `confirmed_at` null and
 * a hashed confirmation token: it is neither counted nor notified until confirmed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`create table notifications_follows (
      ${idAndTenant('bigserial')},
      user_id uuid references users(id) on delete cascade,
      email text,
      kind text not null,
      target text not null,
      polygon jsonb,
      min_lon double precision, min_lat double precision, max_lon double precision, max_lat double precision,
      implicit boolean not null default false,
      unsubscribe_token uuid not null default gen_random_uuid(),
      confirmed_at timestamptz default now(),
      confirm_token_hash text,
      ${createdAt},
      check ((user_id is null) <> (email is null))
    )`,
    sql`create unique index notifications_follows_user on notifications_follows (tenant_id, kind, target, user_id) where user_id is not null`,
    sql`create unique index notifications_follows_email on notifications_follows (tenant_id, kind, target, email) where email is not null`,
    sql`create index notifications_follows_by_user on notifications_follows (user_id)`,
    sql`create unique index notifications_follows_token on notifications_follows (unsubscribe_token)`,
    sql`create unique index notifications_follows_confirm_token on notifications_follows (confirm_token_hash) where confirm_token_hash is not null`,
    sql`create index notifications_follows_pending on notifications_follows (created_at) where confirmed_at is null`,
    sql`create table notifications_fanouts (
      event_id bigint primary key,
      recipients int not null,
      ${createdAt}
    )`,
    sql`alter table notifications_inbox add column thing_kind text, add column thing_id text, add column event_id bigint`,
    sql`create unique index notifications_inbox_event on notifications_inbox (event_id, user_id) where event_id is not null`,
    // Existing followers keep following.
    sql`insert into notifications_follows (tenant_id, user_id, kind, target, created_at)
        select tenant_id, user_id, 'strategy.' || target_type, code, created_at from strategy_follows on conflict do nothing`,
    sql`insert into notifications_follows (tenant_id, user_id, email, kind, target, unsubscribe_token, confirmed_at, confirm_token_hash, created_at)
        select r.tenant_id, f.user_id, case when f.user_id is null then f.email end, 'reports.report', f.report_id::text, f.unsubscribe_token, f.confirmed_at, f.confirm_token_hash, f.created_at
        from reports_followers f join reports_reports r on r.id = f.report_id on conflict do nothing`,
    sql`insert into notifications_follows (tenant_id, user_id, kind, target, created_at)
        select tenant_id, user_id, case when thing_id is null then 'area' else 'sensors.sensor' end,
               case when thing_id is null then lower(area) else thing_id::text end, created_at
        from sensors_follows where thing_id is not null or area is not null on conflict do nothing`,
    ...dropTables('strategy_follows', 'reports_followers', 'sensors_follows'),
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`create table strategy_follows (
      ${userId},
      ${tenantId},
      target_type text not null check (target_type in ('project', 'kpi')),
      code text not null,
      ${createdAt},
      primary key (user_id, tenant_id, target_type, code)
    )`,
    sql`create table reports_followers (
      id bigserial primary key,
      ${belongsTo('report_id', 'reports_reports', 'bigint')},
      user_id uuid references users(id) on delete cascade,
      email text,
      unsubscribe_token uuid not null default gen_random_uuid(),
      ${createdAt},
      confirmed_at timestamptz,
      confirm_token_hash text
    )`,
    sql`create unique index reports_followers_user on reports_followers (report_id, user_id) where user_id is not null`,
    sql`create unique index reports_followers_email on reports_followers (report_id, email) where email is not null`,
    sql`create unique index reports_followers_unsubscribe on reports_followers (unsubscribe_token)`,
    sql`create unique index reports_followers_confirm_token on reports_followers (confirm_token_hash) where confirm_token_hash is not null`,
    sql`create table sensors_follows (
      ${idAndTenant('bigserial')},
      ${userId},
      thing_id bigint,
      area text,
      ${createdAt}
    )`,
    sql`insert into strategy_follows (user_id, tenant_id, target_type, code, created_at)
        select user_id, tenant_id, substr(kind, 10), target, created_at from notifications_follows where kind in ('strategy.project', 'strategy.kpi') and user_id is not null`,
    sql`insert into reports_followers (report_id, user_id, email, unsubscribe_token, confirmed_at, confirm_token_hash, created_at)
        select target::bigint, user_id, email, unsubscribe_token, confirmed_at, confirm_token_hash, created_at from notifications_follows where kind = 'reports.report'`,
    sql`insert into sensors_follows (tenant_id, user_id, thing_id, area, created_at)
        select tenant_id, user_id, case when kind = 'sensors.sensor' then target::bigint end, case when kind = 'area' then target end, created_at
        from notifications_follows where kind in ('sensors.sensor', 'area') and user_id is not null and polygon is null`,
    sql`drop index notifications_inbox_event`,
    sql`alter table notifications_inbox drop column thing_kind, drop column thing_id, drop column event_id`,
    sql`drop table notifications_fanouts`,
    sql`drop table notifications_follows`,
  ]);
}
