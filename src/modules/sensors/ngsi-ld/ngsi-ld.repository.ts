/**
 * SQL for the NGSI-LD resource: sensors looked up by entity id (their NGSI-LD id, or the id we give sensors
 * that came another way), candidate sensors of a query with their datastreams, and the NGSI-LD metadata
 * kept on a sensor. Writes take the transaction.
 */
import { sql } from 'kysely';
import type { Db } from '../../../core/db.js';
import type { Tx } from '../sensors.repository.js';
import '../sensors.tables.js';
import { AIR_PROPERTIES } from './ngsi-ld.parse.js';

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

export interface ThingFilter {
  statuses: Status[];
  ids?: string[] | undefined;
  idPattern?: string | undefined;
  types?: string[] | undefined;
  bbox?: { minLat: number; maxLat: number; minLon: number; maxLon: number } | undefined;
}

/**
 * The entity type as SQL, the same rule as the presenter's `typeOf`: the type it was created with, else
 * AirQualityObserved if it observes a pollutant, NoiseLevelObserved if only noise, else WeatherObserved.
 */
const entityType = sql<string>`coalesce(t.metadata->>'ngsiType', (select case when bool_or(d.property in (${sql.join(AIR_PROPERTIES)})) then 'AirQualityObserved'
  when count(*) > 0 and bool_and(d.property = 'noise') then 'NoiseLevelObserved' else 'WeatherObserved' end from sensors_datastreams d where d.thing_id = t.id))`;

/** The entity id as SQL: the NGSI-LD id given at creation, else `urn:ngsi-ld:urbia:<city>:sensor:<id>`. */
const entityId = (slug: string) => sql<string>`coalesce(t.ngsi_id, ${`urn:ngsi-ld:urbia:${slug}:sensor:`} || t.id::text)`;

export class NgsiLdRepository {
  constructor(private readonly db: Db) {}

  /**
   * The sensors of a city in the given states, with their datastreams, by id: those whose entity id is one of
   * `ids` and/or matches `idPattern` (PostgreSQL's regular expressions: no catastrophic backtracking), whose
   * entity type is one of `types`, inside `bbox` (a prefilter for geo-queries, on the (tenant, lat, lon)
   * index). With `page`, only that page, and the number matching in all. One query for the rows: the
   * sensors and their datastreams joined, no list of ids sent back and forth.
   */
  async things(tenantId: number, slug: string, f: ThingFilter, trx: Tx = this.db): Promise<NgsiThing[]> {
    return (await this.page(tenantId, slug, f, undefined, trx)).things;
  }

  async page(tenantId: number, slug: string, f: ThingFilter, page: { limit: number; offset: number } | undefined, trx: Tx = this.db): Promise<{ things: NgsiThing[]; total: number }> {
    let base = trx.selectFrom('sensors_things as t').where('t.tenant_id', '=', tenantId).where('t.status', 'in', f.statuses);
    if (f.ids) base = f.ids.length ? base.where(entityId(slug), 'in', f.ids) : base.where(sql<boolean>`false`);
    if (f.idPattern !== undefined) base = base.where(sql<boolean>`${entityId(slug)} ~ ${f.idPattern}`);
    if (f.types) base = f.types.length ? base.where(entityType, 'in', f.types) : base.where(sql<boolean>`false`);
    if (f.bbox) base = base.where('t.lat', '>=', f.bbox.minLat).where('t.lat', '<=', f.bbox.maxLat).where('t.lon', '>=', f.bbox.minLon).where('t.lon', '<=', f.bbox.maxLon);
    const total = page ? Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n) : undefined;
    if (page && page.limit === 0) return { things: [], total: total! };
    let ids = base.select('t.id').orderBy('t.id');
    if (page) ids = ids.limit(page.limit).offset(page.offset);
    const rows = await trx
      .with('sel', () => ids)
      .selectFrom('sel')
      .innerJoin('sensors_things as t', 't.id', 'sel.id')
      .leftJoin('sensors_datastreams as d', 'd.thing_id', 't.id')
      .select(['t.id', 't.name', 't.area', 't.lat', 't.lon', 't.status', 't.metadata', 't.ngsi_id', 't.created_at', 'd.property', 'd.unit', 'd.last_time', 'd.last_value'])
      .orderBy('t.id')
      .orderBy('d.id')
      .execute();
    const out: NgsiThing[] = [];
    for (const r of rows) {
      let cur = out[out.length - 1];
      if (!cur || cur.id !== Number(r.id)) {
        cur = { id: Number(r.id), name: r.name, area: r.area, lat: r.lat, lon: r.lon, status: r.status, metadata: (r.metadata ?? {}) as Record<string, unknown>, ngsi_id: r.ngsi_id, created_at: r.created_at as Date | string, streams: [] };
        out.push(cur);
      }
      if (r.property !== null && r.unit !== null) cur.streams.push({ property: r.property, unit: r.unit, last_time: r.last_time as Date | string | null, last_value: r.last_value });
    }
    return { things: out, total: total ?? out.length };
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
