/**
 * SQL for sensors. The ingest statement is the hot path: one INSERT … SELECT FROM unnest(…) ON CONFLICT for
 * the raw rows and, in the same statement (so the same COMMIT), one roll-up delta per touched (datastream,
 * UTC hour) appended to `sensors_rollups_pending` and the datastreams' latest value. A re-sent reading with
 * the same value is skipped by the ON CONFLICT … WHERE; one with a different value marks its hour for
 * recomputation. `foldPending` folds the deltas into the hourly roll-ups and recomputes the touched days
 * from their hours (see SensorsService.foldRollups for when it runs).
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, Db } from '../../core/db.js';
import './sensors.tables.js';

export type Tx = Transaction<Database> | Kysely<Database>;

export interface ObservationRow {
  datastreamId: number;
  /** epoch milliseconds */
  time: number;
  value: number;
  quality: number;
}

export interface IngestCounts {
  inserted: number;
  updated: number;
  /** with `perRow`: the 0-based index (in `rows`) of every row written, and whether it was new (else a changed value) */
  written?: [number, boolean][];
}

export type ThingRow = Awaited<ReturnType<SensorsRepository['thingById']>>;

export class SensorsRepository {
  constructor(private readonly db: Db) {}

  /** The unit of work: writes that go with their audit row and event share one transaction. */
  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  /** The latest value of each of these datastreams that measures one of `properties`, on an active sensor (alert rules' input). */
  activeStreamsForAlerts(datastreamIds: number[], properties: string[]) {
    return this.db
      .selectFrom('sensors_datastreams as d')
      .innerJoin('sensors_things as t', 't.id', 'd.thing_id')
      .select(['d.id', 'd.thing_id', 'd.property', 'd.last_value', 'd.last_time', 't.area', 't.name', 't.status'])
      .where('d.id', 'in', datastreamIds)
      .where('d.property', 'in', properties)
      .where('t.status', '=', 'active')
      .execute();
  }

  /** The datastreams of a city's demo sensors with their latest value (the simulated live feed). */
  demoStreams(tenantId: number) {
    return this.db
      .selectFrom('sensors_datastreams as d')
      .innerJoin('sensors_things as t', 't.id', 'd.thing_id')
      .select(['d.id', 'd.property', 'd.last_value'])
      .where('d.tenant_id', '=', tenantId)
      .where(sql<boolean>`t.metadata->>'demo' = 'true'`)
      .execute();
  }

  /** One ingest statement on its own (it commits by itself; see ingest). */
  ingestAlone(rows: ObservationRow[], perRow = false, assumeNew = false): Promise<IngestCounts> {
    return this.ingest(this.db, rows, perRow, assumeNew);
  }

  /**
   * Writes observations (already validated, sorted by datastream and time, no duplicate keys) and their
   * roll-up deltas with one call of a PL/pgSQL function: one statement, so it may run outside an explicit
   * transaction — it is atomic on its own. With `assumeNew`, `sensors_ingest_fresh`
   * (sensors.ingest-fresh.sql, beside this file) takes the deltas computed here and does a plain INSERT (about half the cost of INSERT …
   * ON CONFLICT), falling back to the upsert in the same call if any row exists; otherwise `sensors_ingest`
   * (sensors.ingest.sql) upserts and computes the deltas itself. Arrays travel as ready-made literals and times as epoch seconds (float8, exact
   * to the microsecond for millisecond values): cheaper to build, send and parse than ISO strings.
   */
  async ingest(trx: Tx, rows: ObservationRow[], perRow = false, assumeNew = false): Promise<IngestCounts> {
    if (rows.length === 0) return { inserted: 0, updated: 0 };
    const n = rows.length;
    const ids = new Array<number>(n);
    const times = new Array<number>(n);
    const values = new Array<number>(n);
    const qualities = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      ids[i] = r.datastreamId;
      times[i] = r.time / 1000;
      values[i] = r.value;
      qualities[i] = r.quality;
    }
    // Only finite numbers reach here (validated), so the literals need no quoting.
    const lit = (a: number[]) => `{${a.join(',')}}`;
    let result;
    if (assumeNew) {
      // Every row new (else the function falls back to the upsert): the (datastream, hour) deltas from the
      // sorted rows here, so the database only inserts.
      const h = { ds: [] as number[], bucket: [] as number[], count: [] as number[], sum: [] as number[], min: [] as number[], max: [] as number[], last: [] as number[], lastTime: [] as number[] };
      let k = -1;
      for (let i = 0; i < n; i++) {
        const r = rows[i]!;
        const bucket = Math.floor(r.time / 3_600_000) * 3600;
        if (k < 0 || h.ds[k] !== r.datastreamId || h.bucket[k] !== bucket) {
          k++;
          h.ds.push(r.datastreamId);
          h.bucket.push(bucket);
          h.count.push(0);
          h.sum.push(0);
          h.min.push(r.value);
          h.max.push(r.value);
          h.last.push(r.value);
          h.lastTime.push(0);
        }
        h.count[k]!++;
        h.sum[k]! += r.value;
        if (r.value < h.min[k]!) h.min[k] = r.value;
        if (r.value > h.max[k]!) h.max[k] = r.value;
        h.last[k] = r.value; // rows are sorted by time within a datastream: the last one is the newest
        h.lastTime[k] = times[i]!;
      }
      result = await sql<{ inserted: number; updated: number; written: [number, boolean][] | null }>`
        select inserted, updated, written from sensors_ingest_fresh(${lit(ids)}::bigint[], ${lit(times)}::float8[], ${lit(values)}::float8[], ${lit(qualities)}::int2[],
          ${lit(h.ds)}::bigint[], ${lit(h.bucket)}::float8[], ${lit(h.count)}::int[], ${lit(h.sum)}::float8[], ${lit(h.min)}::float8[], ${lit(h.max)}::float8[], ${lit(h.last)}::float8[], ${lit(h.lastTime)}::float8[], ${perRow})
      `.execute(trx);
    } else {
      result = await sql<{ inserted: number; updated: number; written: [number, boolean][] | null }>`
        select inserted, updated, written from sensors_ingest(${lit(ids)}::bigint[], ${lit(times)}::float8[], ${lit(values)}::float8[], ${lit(qualities)}::int2[], false, ${perRow})
      `.execute(trx);
    }
    const r = result.rows[0]!;
    const inserted = Number(r.inserted);
    const updated = Number(r.updated);
    if (!perRow) return { inserted, updated };
    // the plain-insert path wrote every row as new and leaves `written` to us
    return { inserted, updated, written: r.written ?? (inserted === n ? rows.map((_, i): [number, boolean] => [i, true]) : []) };
  }

  /**
   * Folds the pending roll-up deltas with the `sensors_fold` function (sensors.fold.sql, beside this file): adds them to
   * the hourly roll-ups (an hour with a replaced value is recomputed from its raw rows instead), recomputes
   * every touched day from its hourly rows, and deletes the deltas it folded — all in one REPEATABLE READ
   * transaction, so the deltas taken and the raw rows read are
   * the same snapshot (a delta committed meanwhile is left for the next fold, never counted twice). A
   * table lock keeps folds one at a time even across processes. Returns the deltas folded.
   */
  async foldPending(): Promise<number> {
    return this.db.connection().execute(async (conn) => {
      await sql`begin isolation level repeatable read`.execute(conn);
      try {
        // Folds go one at a time, also across processes: LOCK TABLE is the one statement that takes no snapshot,
        // so the repeatable-read snapshot is taken AFTER the previous fold committed (an advisory lock taken by a
        // `select` would read the snapshot first and fold that fold's deltas again). SHARE UPDATE EXCLUSIVE
        // conflicts with itself but not with the inserts of ingest. A transaction-scoped lock also works through
        // PgBouncer in transaction mode, where a session lock and its unlock may land on different server
        // connections.
        await sql`lock table sensors_rollups_pending in share update exclusive mode`.execute(conn);
        const r = await sql<{ n: number }>`select sensors_fold() as n`.execute(conn);
        await sql`commit`.execute(conn);
        return Number(r.rows[0]?.n ?? 0);
      } catch (e) {
        await sql`rollback`.execute(conn).catch(() => undefined);
        throw e;
      }
    });
  }

  /** Roll-up deltas not folded yet (tests, health). */
  async pendingDeltas(): Promise<number> {
    const r = await sql<{ n: number }>`select count(*)::int as n from sensors_rollups_pending`.execute(this.db);
    return Number(r.rows[0]?.n ?? 0);
  }

  // ---- things and datastreams ----

  thingById(tenantId: number, id: number, trx: Tx = this.db) {
    return trx.selectFrom('sensors_things').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  }

  thingByNgsiId(tenantId: number, ngsiId: string, trx: Tx = this.db) {
    return trx.selectFrom('sensors_things').selectAll().where('tenant_id', '=', tenantId).where('ngsi_id', '=', ngsiId).executeTakeFirst();
  }

  thingBySc(tenantId: number, node: string, trx: Tx = this.db) {
    return trx.selectFrom('sensors_things').selectAll().where('tenant_id', '=', tenantId).where('sc_node', '=', node).executeTakeFirst();
  }

  /** A Sensor.Community node's sensors: the node's own row (`esp8266-1`) and one per sensor type (`esp8266-1:SPS30`). */
  scThingsOfNode(tenantId: number, node: string, trx: Tx = this.db) {
    return trx
      .selectFrom('sensors_things')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where((eb) => eb.or([eb('sc_node', '=', node), eb('sc_node', 'like', `${node}:%`)]))
      .orderBy('id')
      .execute();
  }

  /** Records which sensor type of its node a thing carries (metadata.scType). */
  setScType(trx: Tx, tenantId: number, id: number, sensorType: string) {
    return trx
      .updateTable('sensors_things')
      .set({ metadata: sql`metadata || ${JSON.stringify({ scType: sensorType })}::jsonb` })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
  }

  async countPending(tenantId: number): Promise<number> {
    const r = await this.db.selectFrom('sensors_things').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).where('status', '=', 'pending').executeTakeFirstOrThrow();
    return Number(r.n);
  }

  insertThing(
    trx: Tx,
    t: { tenant_id: number; name: string; description?: string; owner?: string; area?: string | null; lat: number | null; lon: number | null; status?: 'active' | 'pending' | 'inactive'; metadata?: Record<string, unknown>; ngsi_id?: string | null; sc_node?: string | null },
  ) {
    return trx
      .insertInto('sensors_things')
      .values({ ...t, area: t.area ?? null, metadata: JSON.stringify(t.metadata ?? {}), ngsi_id: t.ngsi_id ?? null, sc_node: t.sc_node ?? null })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  updateThing(trx: Tx, tenantId: number, id: number, patch: Partial<{ name: string; description: string; owner: string; area: string | null; lat: number | null; lon: number | null; status: 'active' | 'pending' | 'inactive' }>) {
    return trx.updateTable('sensors_things').set(patch).where('tenant_id', '=', tenantId).where('id', '=', id).returningAll().executeTakeFirst();
  }

  /** The datastreams of these things for these properties, created when missing. */
  async ensureDatastreams(trx: Tx, tenantId: number, wanted: { thingId: number; property: string; unit: string }[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (wanted.length === 0) return out;
    const uniq = [...new Map(wanted.map((w) => [`${w.thingId}:${w.property}`, w])).values()];
    await trx
      .insertInto('sensors_datastreams')
      .values(uniq.map((w) => ({ tenant_id: tenantId, thing_id: w.thingId, property: w.property, unit: w.unit })))
      .onConflict((oc) => oc.columns(['thing_id', 'property']).doNothing())
      .execute();
    const rows = await trx
      .selectFrom('sensors_datastreams')
      .select(['id', 'thing_id', 'property'])
      .where('tenant_id', '=', tenantId)
      .where('thing_id', 'in', [...new Set(uniq.map((w) => w.thingId))])
      .execute();
    for (const r of rows) out.set(`${r.thing_id}:${r.property}`, Number(r.id));
    return out;
  }

  /** Datastreams by id (only this tenant's), for validating a batch. */
  datastreamsByIds(tenantId: number, ids: number[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('sensors_datastreams').select(['id', 'thing_id', 'property']).where('tenant_id', '=', tenantId).where('id', 'in', ids).execute();
  }

  thingsByIds(tenantId: number, ids: number[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('sensors_things').select(['id', 'status']).where('tenant_id', '=', tenantId).where('id', 'in', ids).execute();
  }

  listThings(tenantId: number, statuses: ('active' | 'pending' | 'inactive')[], trx: Tx = this.db) {
    return trx.selectFrom('sensors_things').selectAll().where('tenant_id', '=', tenantId).where('status', 'in', statuses).orderBy('id').execute();
  }

  datastreamsOfThings(tenantId: number, thingIds: number[], trx: Tx = this.db) {
    if (thingIds.length === 0) return Promise.resolve([]);
    return trx
      .selectFrom('sensors_datastreams')
      .select(['id', 'thing_id', 'property', 'unit', 'last_time', 'last_value'])
      .where('tenant_id', '=', tenantId)
      .where('thing_id', 'in', thingIds)
      .orderBy('id')
      .execute();
  }

  datastreamsOfTenant(tenantId: number, trx: Tx = this.db) {
    return trx
      .selectFrom('sensors_datastreams as d')
      .innerJoin('sensors_things as t', 't.id', 'd.thing_id')
      .select(['d.id', 'd.thing_id', 'd.property', 'd.unit', 'd.last_time', 'd.last_value'])
      .where('d.tenant_id', '=', tenantId)
      .where('t.status', '=', 'active')
      .execute();
  }

  datastream(thingId: number, property: string) {
    return this.db.selectFrom('sensors_datastreams').selectAll().where('thing_id', '=', thingId).where('property', '=', property).executeTakeFirst();
  }

  // ---- reads ----

  async rawSeries(datastreamId: number, from: Date, to: Date, limit: number) {
    return this.db
      .selectFrom('sensors_observations')
      .select(['time', 'value'])
      .where('datastream_id', '=', datastreamId)
      .where('time', '>=', from)
      .where('time', '<', to)
      .orderBy('time')
      .limit(limit)
      .execute();
  }

  rollupSeries(table: 'sensors_rollups_hourly' | 'sensors_rollups_daily', datastreamId: number, from: Date, to: Date) {
    return this.db
      .selectFrom(table)
      .select(['bucket', 'count', 'sum', 'min', 'max'])
      .where('datastream_id', '=', datastreamId)
      .where('bucket', '>=', from)
      .where('bucket', '<', to)
      .orderBy('bucket')
      .execute();
  }

  /** Mean per area of a property over the hourly roll-ups since `since` (active sensors only). */
  async areaMeans(tenantId: number, property: string, since: Date) {
    const r = await sql<{ area: string | null; mean: number; sensors: number }>`
      select t.area, sum(h.sum) / nullif(sum(h.count), 0) as mean, count(distinct t.id)::int as sensors
      from sensors_things t join sensors_datastreams d on d.thing_id = t.id
      join sensors_rollups_hourly h on h.datastream_id = d.id
      where t.tenant_id = ${tenantId} and t.status = 'active' and d.property = ${property} and h.bucket >= ${since}
      group by t.area order by mean desc nulls last`.execute(this.db);
    return r.rows.map((x) => ({ area: x.area, mean: Number(x.mean), sensors: Number(x.sensors) }));
  }

  /** Mean per calendar year of a property over the daily roll-ups (active sensors). */
  async yearlyMeans(tenantId: number, property: string) {
    const r = await sql<{ year: number; mean: number }>`
      select extract(year from r.bucket at time zone 'UTC')::int as year, sum(r.sum) / nullif(sum(r.count), 0) as mean
      from sensors_rollups_daily r join sensors_datastreams d on d.id = r.datastream_id join sensors_things t on t.id = d.thing_id
      where d.tenant_id = ${tenantId} and t.status = 'active' and d.property = ${property}
      group by 1 order by 1`.execute(this.db);
    return r.rows.map((x) => ({ year: Number(x.year), mean: Number(x.mean) }));
  }

  async periodMean(tenantId: number, property: string, from: string, to: string): Promise<number | null> {
    const r = await sql<{ mean: number | null }>`
      select sum(r.sum) / nullif(sum(r.count), 0) as mean
      from sensors_rollups_daily r join sensors_datastreams d on d.id = r.datastream_id join sensors_things t on t.id = d.thing_id
      where d.tenant_id = ${tenantId} and t.status = 'active' and d.property = ${property} and r.bucket >= ${from}::date and r.bucket < ${to}::date`.execute(this.db);
    const m = r.rows[0]?.mean;
    return m === null || m === undefined ? null : Number(m);
  }

  /** Days whose city-wide daily mean of `property` exceeds `limit`. */
  async daysOver(tenantId: number, property: string, limit: number, from: string, to: string): Promise<number | null> {
    const r = await sql<{ days: number; any: number }>`
      select count(*) filter (where mean > ${limit})::int as days, count(*)::int as any from (
        select r.bucket, sum(r.sum) / nullif(sum(r.count), 0) as mean
        from sensors_rollups_daily r join sensors_datastreams d on d.id = r.datastream_id join sensors_things t on t.id = d.thing_id
        where d.tenant_id = ${tenantId} and t.status = 'active' and d.property = ${property} and r.bucket >= ${from}::date and r.bucket < ${to}::date
        group by r.bucket) x`.execute(this.db);
    const row = r.rows[0];
    return row && Number(row.any) > 0 ? Number(row.days) : null;
  }

  /** Sensors that reported anything in the period (from the daily roll-ups). */
  async countOnline(tenantId: number, from: string, to: string): Promise<number | null> {
    const r = await sql<{ n: number }>`
      select count(distinct d.thing_id)::int as n
      from sensors_rollups_daily r join sensors_datastreams d on d.id = r.datastream_id join sensors_things t on t.id = d.thing_id
      where d.tenant_id = ${tenantId} and t.status = 'active' and r.bucket >= ${from}::date and r.bucket < ${to}::date`.execute(this.db);
    const n = Number(r.rows[0]?.n ?? 0);
    return n === 0 ? null : n;
  }

  // ---- settings and retention ----

  async retentionDays(tenantId: number, trx: Tx = this.db): Promise<number | null> {
    const r = await trx.selectFrom('sensors_settings').select('raw_retention_days').where('tenant_id', '=', tenantId).executeTakeFirst();
    return r?.raw_retention_days ?? null;
  }

  async setRetentionDays(trx: Tx, tenantId: number, days: number | null): Promise<void> {
    await trx
      .insertInto('sensors_settings')
      .values({ tenant_id: tenantId, raw_retention_days: days })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ raw_retention_days: days, updated_at: new Date() }))
      .execute();
  }

  /**
   * Deletes raw rows older than each tenant's retention, a whole month's partition at a time where every row of
   * it is past (sensors.retention.sql); roll-ups stay. Returns the months dropped and the rows deleted one by one.
   */
  async applyRetention(): Promise<{ droppedMonths: number; deletedRows: number }> {
    const r = await sql<{ dropped_months: number; deleted_rows: string | number }>`select dropped_months, deleted_rows from sensors_apply_retention()`.execute(this.db);
    return { droppedMonths: r.rows[0]!.dropped_months, deletedRows: Number(r.rows[0]!.deleted_rows) };
  }

  /** Makes the monthly partitions of raw observations from `from`'s month to `to`'s (sensors.partitions.sql). */
  async ensurePartitions(from: Date, to: Date): Promise<number> {
    const r = await sql<{ made: number }>`select sensors_observation_partitions(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz) as made`.execute(this.db);
    return r.rows[0]!.made;
  }

  // ---- alerts ----

  activeRules(tenantId: number) {
    return this.db.selectFrom('sensors_alert_rules').selectAll().where('tenant_id', '=', tenantId).where('active', '=', true).orderBy('id').execute();
  }

  insertRule(trx: Tx, r: { tenant_id: number; property: string; threshold: number; clear_below: number; duration_minutes: number; area: string | null; created_by: string | null }) {
    return trx.insertInto('sensors_alert_rules').values(r).returningAll().executeTakeFirstOrThrow();
  }

  deactivateRule(trx: Tx, tenantId: number, id: number) {
    return trx.updateTable('sensors_alert_rules').set({ active: false }).where('tenant_id', '=', tenantId).where('id', '=', id).where('active', '=', true).returningAll().executeTakeFirst();
  }

  /** `rule|thing` of every open alert of the city (to skip the alert transaction where nothing can change). */
  async openAlertKeys(tenantId: number): Promise<Set<string>> {
    const rows = await this.db.selectFrom('sensors_alerts').select(['rule_id', 'thing_id']).where('tenant_id', '=', tenantId).where('cleared_at', 'is', null).execute();
    return new Set(rows.map((r) => `${r.rule_id}|${r.thing_id}`));
  }

  openAlert(trx: Tx, ruleId: number, thingId: number) {
    return trx.selectFrom('sensors_alerts').selectAll().where('rule_id', '=', ruleId).where('thing_id', '=', thingId).where('cleared_at', 'is', null).forUpdate().executeTakeFirst();
  }

  /** The start of the current run of readings above `threshold` (null when the latest is not above it). */
  async runStart(trx: Tx, datastreamId: number, threshold: number): Promise<Date | null> {
    const r = await sql<{ start: Date | null }>`
      select min(time) as start from sensors_observations
      where datastream_id = ${datastreamId}
        and time > coalesce((select max(time) from sensors_observations where datastream_id = ${datastreamId} and value <= ${threshold}), '-infinity'::timestamptz)`.execute(trx);
    return r.rows[0]?.start ?? null;
  }

  insertAlert(trx: Tx, a: { tenant_id: number; rule_id: number; thing_id: number; property: string; raised_at: Date; raised_value: number; peak_value: number }) {
    return trx.insertInto('sensors_alerts').values(a).returningAll().executeTakeFirstOrThrow();
  }

  updateAlert(trx: Tx, id: number, patch: { peak_value?: number; cleared_at?: Date }) {
    return trx.updateTable('sensors_alerts').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  }

  alerts(tenantId: number, limit: number) {
    return this.db
      .selectFrom('sensors_alerts as a')
      .innerJoin('sensors_things as t', 't.id', 'a.thing_id')
      .innerJoin('sensors_alert_rules as r', 'r.id', 'a.rule_id')
      .select(['a.id', 'a.rule_id', 'a.thing_id', 'a.property', 'a.raised_at', 'a.raised_value', 'a.peak_value', 'a.cleared_at', 't.name as thing_name', 't.area', 'r.threshold'])
      .where('a.tenant_id', '=', tenantId)
      .orderBy('a.raised_at', 'desc')
      .limit(limit)
      .execute();
  }

  /** The area names the city's sensors use. */
  async areaNames(tenantId: number): Promise<string[]> {
    const rows = await this.db.selectFrom('sensors_things').select('area').distinct().where('tenant_id', '=', tenantId).where('area', 'is not', null).execute();
    return rows.map((r) => r.area!);
  }
}
