import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';
import { createdAt, userId } from './lib/columns.js';

/**
 * A person's notification preferences, per kind of notification (a template key such as
 * `strategy.project.status`): which channels, and how often e-mail comes. No row means the defaults
 * (inbox on, e-mail immediately, push and SMS off). Digest e-mail items wait in a queue until sent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`create table notifications_preferences (
      ${userId},
      kind text not null,
      inbox boolean not null default true,
      email boolean not null default true,
      push boolean not null default false,
      sms boolean not null default false,
      email_frequency text not null default 'immediate' check (email_frequency in ('immediate', 'daily', 'weekly', 'off')),
      updated_at timestamptz not null default now(),
      primary key (user_id, kind)
    )`,
    sql`create table notifications_digest_items (
      id bigserial primary key,
      ${userId},
      tenant_id int references tenants(id) on delete cascade,
      frequency text not null check (frequency in ('daily', 'weekly')),
      kind text not null,
      thing_kind text not null,
      thing_id text not null,
      subject text not null,
      body text not null,
      link text,
      event_id bigint not null,
      ${createdAt},
      sent_at timestamptz,
      unique (event_id, user_id)
    )`,
    sql`create index notifications_digest_pending on notifications_digest_items (frequency, user_id) where sent_at is null`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [sql`drop table notifications_digest_items`, sql`drop table notifications_preferences`]);
}
