import type { Selectable } from 'kysely';
import type { Database, Db } from '../../core/db.js';
import './tenants.tables.js';

export type TenantRow = Selectable<Database['tenants']>;

export class TenantsRepository {
  constructor(private readonly db: Db) {}

  list(): Promise<TenantRow[]> {
    return this.db.selectFrom('tenants').selectAll().orderBy('id').execute();
  }

  bySlug(slug: string): Promise<TenantRow | undefined> {
    return this.db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst();
  }

  byId(id: number): Promise<TenantRow | undefined> {
    return this.db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Inserts or updates a tenant by slug (the seed is re-run on every demo start). */
  async upsert(t: Omit<TenantRow, 'id' | 'created_at' | 'default_zoom'> & { default_zoom?: number }): Promise<TenantRow> {
    const values = { ...t, name: JSON.stringify(t.name), boundary: t.boundary ? JSON.stringify(t.boundary) : null };
    return this.db
      .insertInto('tenants')
      .values(values)
      .onConflict((oc) => oc.column('slug').doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
  }
}
