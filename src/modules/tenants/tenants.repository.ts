import type { Transaction } from 'kysely';
import type { Database, Db } from '../../core/db.js';
import type { TenantRow } from '../../core/core.tables.js';
import './tenants.tables.js';

export type { TenantRow };
type Q = Db | Transaction<Database>;

/** What a city is made of when it is created or updated (JSON columns as values, serialised here). */
export type TenantValues = Omit<TenantRow, 'id' | 'created_at' | 'default_zoom' | 'kind' | 'parent_id' | 'siruta' | 'uat_type' | 'boundary_source' | 'archived_at'> & {
  default_zoom?: number;
  kind?: 'city' | 'area';
  parent_id?: number | null;
  siruta?: string | null;
  uat_type?: string | null;
  boundary_source?: string | null;
};

const serialise = <T extends Partial<TenantValues>>(t: T) => ({
  ...t,
  ...(t.name !== undefined ? { name: JSON.stringify(t.name) } : {}),
  ...(t.boundary !== undefined ? { boundary: t.boundary ? JSON.stringify(t.boundary) : null } : {}),
});

export class TenantsRepository {
  constructor(private readonly db: Db) {}

  /** The unit of work for writes that go with their audit row and event. */
  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  /** Every tenant, archived ones included (the service filters), in creation order. */
  list(): Promise<TenantRow[]> {
    return this.db.selectFrom('tenants').selectAll().orderBy('id').execute();
  }

  bySlug(slug: string, q: Q = this.db): Promise<TenantRow | undefined> {
    return q.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst();
  }

  byId(id: number): Promise<TenantRow | undefined> {
    return this.db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Inserts or updates a tenant by slug (the seed is re-run on every demo start). */
  async upsert(t: TenantValues, q: Q = this.db): Promise<TenantRow> {
    const values = serialise(t);
    return q
      .insertInto('tenants')
      .values(values)
      .onConflict((oc) => oc.column('slug').doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Inserts a new tenant; undefined when the slug is taken. */
  insert(trx: Q, t: TenantValues): Promise<TenantRow | undefined> {
    return trx
      .insertInto('tenants')
      .values(serialise(t))
      .onConflict((oc) => oc.column('slug').doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  update(trx: Q, id: number, patch: Partial<TenantValues> & { archived_at?: Date | null }): Promise<TenantRow> {
    return trx.updateTable('tenants').set(serialise(patch)).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  }
}
