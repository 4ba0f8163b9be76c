/**
 * SQL for the NGSI-LD resource: sensors looked up by entity id (their NGSI-LD id, or the id we give sensors
 * that came another way), candidate sensors of a query with their datastreams, and the NGSI-LD metadata
 * kept on a sensor. Writes take the transaction.
 */
import { sql } from 'kysely';
import type { Db } from '../../../core/db.js';
import type { Tx } from '../sensors.repository.js';
import '../sensors.tables.js';

type Status = 'active' | 'pending' | 'inactive';

export interface NgsiThing {
  id: number;
  name: string;
  area: string | null;
  lat: number | null;
  lon: number | null;
  status: Status;
  metadata: Record<string, unknown>;
  ngsi_id: string | null;
  created_at: Date | string;
  streams: { property: string; unit: string; last_time: Date | string | null; last_value: number | null }[];
}

/** The entity id as SQL: the NGSI-LD id given at creation, else `urn:ngsi-ld:urbia:<city>:sensor:<id>`. */
const entityId = (slug: string) => sql<string>`coalesce(t.ngsi_id, ${`urn:ngsi-ld:urbia:${slug}:sensor:`} || t.id::text)`;

export class NgsiLdRepository {
  constructor(private readonly db: Db) {}

  /**
   * The sensors of a city in the given states whose entity id is one of `ids` and/or matches `idPattern`
   * (PostgreSQL's regular expressions: no catastrophic backtracking), with their datastreams, by id.
   */
  async things(tenantId: number, slug: string, f: { statuses: Status[]; ids?: string[] | undefined; idPattern?: string | undefined }, trx: Tx = this.db): Promise<NgsiThing[]> {
    let q = trx
      .selectFrom('sensors_things as t')
      .select(['t.id', 't.name', 't.area', 't.lat', 't.lon', 't.status', 't.metadata', 't.ngsi_id', 't.created_at'])
      .where('t.tenant_id', '=', tenantId)
      .where('t.status', 'in', f.statuses);
    if (f.ids) q = f.ids.length ? q.where(entityId(slug), 'in', f.ids) : q.where(sql<boolean>`false`);
    if (f.idPattern !== undefined) q = q.where(sql<boolean>`${entityId(slug)} ~ ${f.idPattern}`);
    const rows = await q.orderBy('t.id').execute();
    if (rows.length === 0) return [];
    const streams = await trx
      .selectFrom('sensors_datastreams')
      .select(['thing_id', 'property', 'unit', 'last_time', 'last_value'])
      .where('tenant_id', '=', tenantId)
      .where('thing_id', 'in', rows.map((r) => Number(r.id)))
      .orderBy('id')
      .execute();
    const by = new Map<number, NgsiThing['streams']>();
    for (const s of streams) {
      const list = by.get(Number(s.thing_id)) ?? [];
      list.push({ property: s.property, unit: s.unit, last_time: s.last_time as Date | string | null, last_value: s.last_value });
      by.set(Number(s.thing_id), list);
    }
    return rows.map((r) => ({ ...r, created_at: r.created_at as Date | string, id: Number(r.id), metadata: (r.metadata ?? {}) as Record<string, unknown>, streams: by.get(Number(r.id)) ?? [] }));
  }

  /** Sensors by entity id in any state (for writes: an existing id is "already exists", whatever its state). */
  async byEntityIds(tenantId: number, slug: string, ids: string[], trx: Tx = this.db): Promise<Map<string, NgsiThing>> {
    const rows = ids.length ? await this.things(tenantId, slug, { statuses: ['active', 'pending', 'inactive'], ids }, trx) : [];
    return new Map(rows.map((r) => [r.ngsi_id ?? `urn:ngsi-ld:urbia:${slug}:sensor:${r.id}`, r]));
  }

  /** Replaces the sensor's metadata (the NGSI-LD part is merged by the service) and, when given, other columns. */
  async update(trx: Tx, tenantId: number, id: number, patch: { metadata?: Record<string, unknown>; name?: string; lat?: number; lon?: number; status?: Status }) {
    const { metadata, ...rest } = patch;
    await trx
      .updateTable('sensors_things')
      .set({ ...rest, ...(metadata ? { metadata: JSON.stringify(metadata) } : {}) })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
  }

  /**
   * Entity deletion: the sensor is switched off and forgets its NGSI-LD id (so the id can be created again,
   * as a new pending sensor); its readings stay in the city's history.
   */
  async retire(trx: Tx, tenantId: number, id: number, entityIdGiven: string) {
    await trx
      .updateTable('sensors_things')
      .set({ status: 'inactive', ngsi_id: null, metadata: sql`metadata || ${JSON.stringify({ ngsiDeletedId: entityIdGiven })}::jsonb` })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
  }
}
