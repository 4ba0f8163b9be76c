import { type Kysely, sql } from 'kysely';
import { runStatements } from '../src/core/migrate.js';

/**
 * Any city can start: a tenant is a city (or commune) or a metropolitan area that groups members; cities can be
 * archived; boundaries carry their source for the credit line; platform admins create cities.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`alter table tenants add column kind text not null default 'city' check (kind in ('city','area'))`,
    sql`alter table tenants add column parent_id int references tenants(id) on delete set null`,
    sql`alter table tenants add column siruta text check (siruta ~ '^[0-9]{1,10}$')`,
    sql`alter table tenants add column uat_type text`,
    sql`alter table tenants add column boundary_source text`,
    sql`alter table tenants add column archived_at timestamptz`,
    sql`alter table tenants add constraint tenants_parent_not_self check (parent_id is null or parent_id <> id)`,
    sql`create index tenants_parent on tenants (parent_id) where parent_id is not null`,
    sql`alter table users add column platform_admin boolean not null default false`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    sql`alter table users drop column platform_admin`,
    sql`drop index tenants_parent`,
    sql`alter table tenants drop constraint tenants_parent_not_self`,
    sql`alter table tenants drop column archived_at`,
    sql`alter table tenants drop column boundary_source`,
    sql`alter table tenants drop column uat_type`,
    sql`alter table tenants drop column siruta`,
    sql`alter table tenants drop column parent_id`,
    sql`alter table tenants drop column kind`,
  ]);
}
