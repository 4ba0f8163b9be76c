/**
 * Column groups that many tables repeat, as SQL fragments a migration interpolates into its `create table`
 * (`sql\`create table x (${idAndTenant('serial')}, …, ${timestamps})\``), and the drops of a `down`.
 *
 * FROZEN once a migration uses them: a migration that has run must build the same schema when it runs again on
 * an empty database, so changing a fragment here would silently change old migrations. A table that needs
 * something else gets a new helper (or plain SQL), never an edited one. The migrator reads only
 * `migrations/<14 digits>_<name>.ts`, so this folder is never taken for a migration.
 */
import { type RawBuilder, sql } from 'kysely';

const KEYS = {
  serial: 'id serial primary key',
  bigserial: 'id bigserial primary key',
  identity: 'id bigint generated always as identity primary key',
} as const;

const TENANT = 'tenant_id int not null references tenants(id) on delete cascade';

/** The owning tenant: deleting a tenant deletes its rows. */
export const tenantId: RawBuilder<unknown> = sql.raw(TENANT);

/** A surrogate key, then the owning tenant: how most tables start. */
export function idAndTenant(key: keyof typeof KEYS): RawBuilder<unknown> {
  return sql.raw(`${KEYS[key]}, ${TENANT}`);
}

/** When the row was made. */
export const createdAt: RawBuilder<unknown> = sql.raw('created_at timestamptz not null default now()');

/** When the row was made and last changed (the repository sets updated_at on each change). */
export const timestamps: RawBuilder<unknown> = sql.raw('created_at timestamptz not null default now(), updated_at timestamptz not null default now()');

/** `<column> uuid references users(id) on delete set null`: the account that did something; the row stays, with null, when that account is deleted. */
export function byUser(column: string): RawBuilder<unknown> {
  return sql.raw(`${column} uuid references users(id) on delete set null`);
}

/** Who made the row (`byUser('created_by')`). */
export const createdBy: RawBuilder<unknown> = byUser('created_by');

/** The account the row belongs to: deleted with it. */
export const userId: RawBuilder<unknown> = sql.raw('user_id uuid not null references users(id) on delete cascade');

/** `<column> <type> not null references <table>(id) on delete cascade`: a row that goes with its parent row. */
export function belongsTo(column: string, table: string, type: 'int' | 'bigint' = 'int'): RawBuilder<unknown> {
  return sql.raw(`${column} ${type} not null references ${table}(id) on delete cascade`);
}

/** A sensor reading, keyed by datastream and time (sensors_observations, plain and partitioned). */
export const sensorsObservationColumns: RawBuilder<unknown> = sql.raw(
  'datastream_id bigint not null, time timestamptz not null, value double precision not null, quality smallint not null default 0, primary key (datastream_id, time)',
);

/** `drop table` for each name, in the order given (dependants first). */
export function dropTables(...tables: string[]): RawBuilder<unknown>[] {
  return tables.map((t) => sql.raw(`drop table ${t}`));
}

/** `drop table if exists` for each name, in the order given (dependants first). */
export function dropTablesIfExists(...tables: string[]): RawBuilder<unknown>[] {
  return tables.map((t) => sql.raw(`drop table if exists ${t}`));
}
