/**
 * The roll-ups: folding the deltas the ingest statement leaves into the hourly and daily roll-ups (see
 * SensorRollups.fold for when it runs), and the reads made from them.
 */
import { sql } from 'kysely';
import type { Db } from '../../../core/db.js';
import '../sensors.tables.js';

export class RollupsRepository {
  constructor(private readonly db: Db) {}

  /**
   * Folds the pending roll-up deltas with the `sensors_fold` function (rollups.fold.sql, beside this file): adds them to
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
}
