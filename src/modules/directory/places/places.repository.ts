/** The only place that builds SQL for the resource map's places. Write methods take the transaction. */
import { type Insertable, sql } from 'kysely';
import type { Database, Db } from '../../../core/db.js';
import type { Q } from '../directory.common.js';

export type PlaceRow = NonNullable<Awaited<ReturnType<PlacesRepository['byId']>>>;

export class PlacesRepository {
  constructor(private readonly db: Db) {}
  byId(tenantId: number, id: number, q: Q = this.db) {
    return q.selectFrom('directory_places').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  }
  list(tenantId: number, f: { kinds?: string[] | undefined; status: string }) {
    let qb = this.db.selectFrom('directory_places').selectAll().where('tenant_id', '=', tenantId).where('status', '=', f.status as 'published');
    if (f.kinds) qb = qb.where('kind', 'in', f.kinds);
    return qb.orderBy('kind').orderBy('name').orderBy('id').execute();
  }
  insert(trx: Q, row: Insertable<Database['directory_places']>) {
    return trx.insertInto('directory_places').values(row).returningAll().executeTakeFirstOrThrow();
  }
  /** Import: one statement per row, updating the place with the same OSM id (a re-import refreshes, never duplicates). */
  upsertOsm(trx: Q, row: Insertable<Database['directory_places']>) {
    return trx
      .insertInto('directory_places')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['tenant_id', 'osm_id'])
          .where('osm_id', 'is not', null)
          .doUpdateSet((eb) => ({ kind: eb.ref('excluded.kind'), name: eb.ref('excluded.name'), lat: eb.ref('excluded.lat'), lon: eb.ref('excluded.lon'), tags: eb.ref('excluded.tags'), details: eb.ref('excluded.details'), updated_at: new Date() })),
      )
      .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
      .executeTakeFirstOrThrow();
  }
  setStatus(trx: Q, id: number, status: 'published' | 'rejected') {
    return trx.updateTable('directory_places').set({ status, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  }
  lastChange(tenantId: number) {
    return this.db.selectFrom('directory_places').select((e) => e.fn.max('updated_at').as('at')).where('tenant_id', '=', tenantId).where('status', '=', 'published').executeTakeFirst();
  }
}
