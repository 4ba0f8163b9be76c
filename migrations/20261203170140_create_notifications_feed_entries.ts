import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';
import { createdAt, idAndTenant } from './lib/columns.js';

/**
 * The public Atom feeds (one per followable thing and per map area): each notice the hub fans out is also
 * kept once as a feed entry of the thing it is about (and of its area), in the three languages.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`create table notifications_feed_entries (
      ${idAndTenant('bigserial')},
      thing_kind text not null,
      thing_id text not null,
      event_id bigint not null,
      title jsonb not null,
      content jsonb not null,
      link text,
      ${createdAt},
      unique (thing_kind, thing_id, event_id)
    )`,
    sql`create index notifications_feed_entries_thing on notifications_feed_entries (tenant_id, thing_kind, thing_id, created_at desc)`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [sql`drop table notifications_feed_entries`]);
}
