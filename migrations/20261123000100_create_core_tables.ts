import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';
import { byUser, createdAt, createdBy, dropTables, tenantId, userId } from './lib/columns.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`create table tenants (
      id serial primary key,
      slug text not null unique check (slug ~ '^[a-z0-9-]+$'),
      name jsonb not null,
      default_locale text not null check (default_locale in ('ro','en','hu')),
      locales text[] not null,
      time_zone text not null,
      centre_lat double precision not null check (centre_lat between -90 and 90),
      centre_lon double precision not null check (centre_lon between -180 and 180),
      default_zoom int not null default 12,
      boundary jsonb,
      ${createdAt}
    )`,
    sql`create table users (
      id uuid primary key default gen_random_uuid(),
      email text not null,
      email_normalized text not null unique,
      display_name text not null,
      locale text not null default 'ro' check (locale in ('ro','en','hu')),
      password_hash text,
      email_verified_at timestamptz,
      ${createdAt},
      deleted_at timestamptz
    )`,
    sql`create table users_roles (
      ${userId},
      ${tenantId},
      role text not null check (role in ('citizen','organisation','project_team','staff','steering','admin')),
      granted_at timestamptz not null default now(),
      ${byUser('granted_by')},
      primary key (user_id, tenant_id, role)
    )`,
    sql`create index users_roles_tenant on users_roles (tenant_id, role)`,
    sql`create table users_sessions (
      id text primary key,
      ${userId},
      csrf_token text not null,
      ${createdAt},
      expires_at timestamptz not null,
      user_agent text,
      ip text
    )`,
    sql`create index users_sessions_user on users_sessions (user_id)`,
    sql`create table users_tokens (
      token_hash text primary key,
      ${userId},
      purpose text not null check (purpose in ('verify_email','reset_password')),
      ${createdAt},
      expires_at timestamptz not null,
      used_at timestamptz
    )`,
    sql`create table users_api_keys (
      id uuid primary key default gen_random_uuid(),
      ${tenantId},
      purpose text not null check (purpose in ('ingest','open311','admin')),
      name text not null,
      prefix text not null,
      key_hash text not null unique,
      ${createdBy},
      ${createdAt},
      last_used_at timestamptz,
      revoked_at timestamptz
    )`,
    sql`create table core_audit_log (
      id bigint generated always as identity primary key,
      tenant_id int references tenants(id) on delete cascade,
      ${byUser('actor_user_id')},
      actor_api_key_id uuid references users_api_keys(id) on delete set null,
      action text not null,
      entity_type text not null,
      entity_id text not null,
      before jsonb,
      after jsonb,
      correlation_id text,
      ${createdAt}
    )`,
    sql`create index core_audit_log_tenant on core_audit_log (tenant_id, id desc)`,
    sql`create index core_audit_log_entity on core_audit_log (entity_type, entity_id, id desc)`,
    sql`create table core_outbox (
      id bigint generated always as identity primary key,
      tenant_id int references tenants(id) on delete cascade,
      type text not null,
      payload jsonb not null,
      ${createdAt},
      available_at timestamptz not null default now(),
      attempts int not null default 0,
      last_error text,
      processed_at timestamptz,
      failed_at timestamptz
    )`,
    sql`create index core_outbox_pending on core_outbox (available_at, id) where processed_at is null and failed_at is null`,
    sql`create table notifications_inbox (
      id uuid primary key default gen_random_uuid(),
      ${userId},
      tenant_id int references tenants(id) on delete cascade,
      kind text not null,
      subject text not null,
      body text not null,
      link text,
      ${createdAt},
      read_at timestamptz
    )`,
    sql`create index notifications_inbox_user on notifications_inbox (user_id, created_at desc)`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, dropTables('notifications_inbox', 'core_outbox', 'core_audit_log', 'users_api_keys', 'users_tokens', 'users_sessions', 'users_roles', 'users', 'tenants'));
}
