/**
 * SQL for the sensors' registry (things and datastreams), reads of raw readings, settings and retention, and
 * alert rules and alerts; `transaction(fn)` is the module's unit of work. The ingest statement is in
 * ingest/ingest.repository.ts, the roll-up fold and the roll-up reads in rollups/rollups.repository.ts.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, Db } from '../../core/db.js';
import './sensors.tables.js';

export type Tx = Transaction<Database> | Kysely<Database>;

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
