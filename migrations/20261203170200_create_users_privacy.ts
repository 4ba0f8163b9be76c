import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';
import { FIRST_NOTICES, FIRST_VERSION } from '../src/modules/users/privacy/privacy.notices.js';
import { createdAt, userId } from './lib/columns.js';

/**
 * A person's own data (GDPR): published notice versions (global, or a city's own), consents given and
 * withdrawn, each city's data protection officer, and personal-data exports (a ZIP behind an expiring link).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`create table users_notices (
      id serial primary key,
      tenant_id int references tenants(id) on delete cascade,
      kind text not null check (kind in ('terms', 'privacy')),
      version text not null check (length(version) between 1 and 40),
      body jsonb not null,
      published_at timestamptz not null default now()
    )`,
    sql`create unique index users_notices_version on users_notices (coalesce(tenant_id, 0), kind, version)`,
    sql`create table users_consents (
      id serial primary key,
      ${userId},
      kind text not null check (kind in ('terms', 'privacy', 'public_name', 'email_digests', 'sms')),
      version text,
      source text not null check (source in ('registration', 'account', 'operator')),
      granted_at timestamptz not null default now(),
      withdrawn_at timestamptz
    )`,
    sql`create index users_consents_user on users_consents (user_id, kind, granted_at desc)`,
    sql`create table users_privacy_contacts (
      tenant_id int primary key references tenants(id) on delete cascade,
      dpo_email text not null check (length(dpo_email) between 3 and 254),
      updated_at timestamptz not null default now()
    )`,
    sql`create table users_exports (
      id uuid primary key default gen_random_uuid(),
      ${userId},
      status text not null default 'queued' check (status in ('queued', 'running', 'ready', 'failed', 'expired')),
      token text unique,
      file_name text,
      bytes int,
      error text,
      ${createdAt},
      finished_at timestamptz,
      expires_at timestamptz
    )`,
    // one export at a time per person
    sql`create unique index users_exports_one_pending on users_exports (user_id) where status in ('queued', 'running')`,
    sql`create index users_exports_user on users_exports (user_id, created_at desc)`,
    sql`insert into users_notices (tenant_id, kind, version, body) values
      (null, 'terms', ${FIRST_VERSION}, ${JSON.stringify(FIRST_NOTICES.terms)}::jsonb),
      (null, 'privacy', ${FIRST_VERSION}, ${JSON.stringify(FIRST_NOTICES.privacy)}::jsonb)`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [sql`drop table users_exports`, sql`drop table users_privacy_contacts`, sql`drop table users_consents`, sql`drop table users_notices`]);
}
