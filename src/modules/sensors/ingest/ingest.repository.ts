/**
 * The ingest statement, the hot path: one INSERT … SELECT FROM unnest(…) ON CONFLICT for the raw rows and, in
 * the same statement (so the same COMMIT), one roll-up delta per touched (datastream, UTC hour) appended to
 * `sensors_rollups_pending` and the datastreams' latest value. A re-sent reading with the same value is skipped
 * by the ON CONFLICT … WHERE; one with a different value marks its hour for recomputation (folded by
 * rollups/rollups.repository.ts).
 */
import { sql } from 'kysely';
import type { Db } from '../../../core/db.js';
import type { Tx } from '../sensors.repository.js';
import '../sensors.tables.js';

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

export class IngestRepository {
  constructor(private readonly db: Db) {}

  /** One ingest statement on its own (it commits by itself; see ingest). */
  ingestAlone(rows: ObservationRow[], perRow = false, assumeNew = false): Promise<IngestCounts> {
    return this.ingest(this.db, rows, perRow, assumeNew);
  }

  /**
   * Writes observations (already validated, sorted by datastream and time, no duplicate keys) and their
   * roll-up deltas with one call of a PL/pgSQL function: one statement, so it may run outside an explicit
   * transaction — it is atomic on its own. With `assumeNew`, `sensors_ingest_fresh`
   * (ingest.fresh.sql, beside this file) takes the deltas computed here and does a plain INSERT (about half the cost of INSERT …
   * ON CONFLICT), falling back to the upsert in the same call if any row exists; otherwise `sensors_ingest`
   * (ingest.sql) upserts and computes the deltas itself. Arrays travel as ready-made literals and times as epoch seconds (float8, exact
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
}
