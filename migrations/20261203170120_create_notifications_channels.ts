import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';
import { createdAt, dropTables, userId } from './lib/columns.js';

/**
 * The push and SMS channels of the notifications hub: the server's VAPID key pair (made once, kept here so
 * every process and restart signs with the same key), a person's push subscriptions (one per device), a
 * person's phone number (used only once verified by a code), each city's SMS gateway (a webhook URL and the
 * secret its HMAC signature is made with), and the delivery log people can read (what was sent, what failed).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`create table notifications_vapid_keys (
      id int primary key default 1 check (id = 1),
      public_key text not null,
      private_key text not null,
      ${createdAt}
    )`,
    sql`create table notifications_push_subscriptions (
      id bigserial primary key,
      ${userId},
      endpoint text not null unique,
      p256dh text not null,
      auth text not null,
      user_agent text,
      ${createdAt},
      last_sent_at timestamptz
    )`,
    sql`create index notifications_push_subscriptions_user on notifications_push_subscriptions (user_id)`,
    sql`create table notifications_phones (
      user_id uuid primary key references users(id) on delete cascade,
      phone text not null,
      code_hash text,
      code_expires_at timestamptz,
      code_attempts int not null default 0,
      verified_at timestamptz,
      ${createdAt}
    )`,
    sql`create table notifications_sms_gateways (
      tenant_id int primary key references tenants(id) on delete cascade,
      url text not null,
      secret text not null,
      updated_at timestamptz not null default now()
    )`,
    sql`create table notifications_deliveries (
      id bigserial primary key,
      ${userId},
      channel text not null check (channel in ('push', 'sms')),
      kind text not null,
      target text not null,
      status text not null check (status in ('sent', 'failed', 'gone')),
      attempts int not null,
      error text,
      event_id bigint not null,
      ${createdAt},
      unique (event_id)
    )`,
    sql`create index notifications_deliveries_user on notifications_deliveries (user_id, created_at desc)`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, dropTables('notifications_deliveries', 'notifications_sms_gateways', 'notifications_phones', 'notifications_push_subscriptions', 'notifications_vapid_keys'));
}
