/**
 * The ingest: batches validated whole and written by the one ingest statement, small requests written together
 * by the group commit (ingest.group-commit.ts), writes that must create sensors or datastreams first run in
 * one transaction; then the roll-up fold is scheduled and the alert rules are evaluated.
 */
import type { FastifyBaseLogger } from 'fastify';
import { TtlCache } from '../../../core/cache.js';
import { type FieldError, validationFailed } from '../../../core/errors.js';
import type { TenantRow } from '../../tenants/index.js';
import type { SensorAlerts } from '../alerts/alerts.service.js';
import { isProperty, PROPERTIES, type PropertyName } from '../sensors.properties.js';
import type { SensorsRepository, Tx } from '../sensors.repository.js';
import type { IngestCounts, IngestRepository, ObservationRow } from './ingest.repository.js';
import type { SensorRollups } from '../rollups/rollups.service.js';
import { dedupeSorted, GroupCommit } from './ingest.group-commit.js';

export const MAX_BATCH = 1000;
/** Requests of at most this many observations (all by datastream id) are written by the group commit. */
export const GROUP_MAX_REQUEST = 50;
/** Readings further ahead than this are refused (a gateway's clock may run a little fast). */
export const FUTURE_MS = 5 * 60_000;
export const EARLIEST = Date.parse('2000-01-01T00:00:00Z');
/** Bound of the datastream ids kept per city, and of the newest times kept per datastream. */
const KEPT_IDS = 1_000_000;

export interface BatchItem {
  datastream?: number | undefined;
  sensor?: number | undefined;
  property?: string | undefined;
  time: string;
  value: number;
  quality?: number | undefined;
}

export interface IngestResult {
  received: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

interface Deps {
  repo: SensorsRepository;
  ingestRepo: IngestRepository;
  log: FastifyBaseLogger;
  rollups: SensorRollups;
  alerts: SensorAlerts;
  /** the city's raw retention in days (cached: the usual batch waits on no query for it) */
  retentionDays(tenantId: number): Promise<number | null>;
  /** transactions of grouped small requests written at once (default 1) */
  groupsInFlight?: number | undefined;
}

export class SensorIngest {
  /**
   * Per city, datastream ids known to belong to it: a datastream never changes city, so hits are kept for good
   * (never stale), and the usual batch waits on no query to check its ids.
   */
  private readonly knownStreams = new TtlCache<number, Set<number>>(1_000, Infinity);
  /** per datastream, the newest time this process has written (the plain-insert guess) */
  private readonly newest = new Map<number, number>();
  private readonly groups: GroupCommit;
  /** group commit for small requests (on by default; the benchmark switches it off for its same-run baseline) */
  groupCommit = true;

  constructor(private readonly d: Deps) {
    this.groups = new GroupCommit({
      groupsInFlight: d.groupsInFlight ?? 1,
      maxRows: MAX_BATCH,
      write: async (rows, perRow) => {
        const counts = await this.d.ingestRepo.ingestAlone(rows, perRow, perRow && this.allNewer(rows));
        if (perRow) this.noteNewest(rows);
        if (counts.inserted + counts.updated > 0) this.d.rollups.written();
        return counts;
      },
    });
  }

  /**
   * Validates a whole batch and writes it in one transaction, or writes nothing and throws 400 naming the
   * index and field of every bad observation. Answers only after COMMIT.
   */
  async batch(tenant: TenantRow, items: BatchItem[]): Promise<IngestResult> {
    const errors: FieldError[] = [];
    if (items.length > MAX_BATCH) throw validationFailed([{ field: 'observations', message: `at most ${MAX_BATCH} observations per request`, code: 'too_big' }]);
    // the usual request (kept retention, known datastreams) waits on no query before its write
    const [retention, dsKnown] = await Promise.all([this.d.retentionDays(tenant.id), this.knownStreams.get(tenant.id, () => new Set<number>())]);
    const oldest = retention ? Date.now() - (retention - 1) * 86_400_000 : EARLIEST;
    const now = Date.now();

    const dsIds = [...new Set(items.filter((i) => i.datastream !== undefined && !dsKnown.has(i.datastream)).map((i) => i.datastream!))];
    const sensorIds = [...new Set(items.filter((i) => i.datastream === undefined && i.sensor !== undefined).map((i) => i.sensor!))];
    const [dss, things] = dsIds.length || sensorIds.length ? await Promise.all([this.d.repo.datastreamsByIds(tenant.id, dsIds), this.d.repo.thingsByIds(tenant.id, sensorIds)]) : [[], []];
    if (dsKnown.size < KEPT_IDS) for (const d of dss) dsKnown.add(Number(d.id));
    const known = new Set(dss.map((d) => Number(d.id)));
    const isKnown = (id: number) => known.has(id) || dsKnown.has(id);
    const thingKnown = new Set(things.map((t) => Number(t.id)));

    const times: number[] = new Array(items.length);
    items.forEach((it, i) => {
      const at = (f: string) => `observations[${i}].${f}`;
      if (it.datastream !== undefined) {
        if (!isKnown(it.datastream)) errors.push({ field: at('datastream'), message: 'no such datastream in this city', code: 'unknown_datastream' });
      } else if (it.sensor !== undefined) {
        if (!thingKnown.has(it.sensor)) errors.push({ field: at('sensor'), message: 'no such sensor in this city', code: 'unknown_sensor' });
        if (it.property === undefined || !isProperty(it.property)) errors.push({ field: at('property'), message: `unknown property; one of ${Object.keys(PROPERTIES).join(', ')}`, code: 'unknown_property' });
      } else errors.push({ field: at('datastream'), message: 'give datastream, or sensor and property', code: 'required' });
      const t = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(it.time) ? Date.parse(it.time) : Number.NaN;
      if (Number.isNaN(t)) errors.push({ field: at('time'), message: 'must be an ISO 8601 date-time with a zone', code: 'invalid_date' });
      else if (t > now + FUTURE_MS) errors.push({ field: at('time'), message: 'is more than 5 minutes in the future', code: 'in_future' });
      else if (t < EARLIEST) errors.push({ field: at('time'), message: 'is before 2000', code: 'too_old' });
      else if (t < oldest) errors.push({ field: at('time'), message: `is older than this city's raw-data retention (${retention} days)`, code: 'too_old' });
      if (typeof it.value !== 'number' || !Number.isFinite(it.value)) errors.push({ field: at('value'), message: 'must be a number', code: 'not_a_number' });
      times[i] = t;
    });
    if (errors.length) throw validationFailed(errors, `The batch was refused whole: ${errors.length} error(s); nothing was written.`);

    const needStreams = items.filter((i) => i.datastream === undefined).map((i) => ({ thingId: i.sensor!, property: i.property!, unit: PROPERTIES[i.property as PropertyName].unit }));
    if (this.groupCommit && needStreams.length === 0 && items.length <= GROUP_MAX_REQUEST) {
      const byKey = new Map<string, ObservationRow>();
      items.forEach((it, i) => byKey.set(`${it.datastream}|${times[i]}`, { datastreamId: it.datastream!, time: times[i]!, value: it.value, quality: it.quality ?? 0 }));
      const rows = [...byKey.values()];
      const counts = await this.groups.write(rows);
      await this.evaluateAlerts(tenant.id, [...new Set(rows.map((r) => r.datastreamId))]);
      return { received: items.length, inserted: counts.inserted, updated: counts.updated, unchanged: items.length - counts.inserted - counts.updated };
    }
    const toRows = (map: Map<string, number> | null): ObservationRow[] => {
      const rows = new Array<ObservationRow>(items.length);
      for (let i = 0; i < items.length; i++) {
        const it = items[i]!;
        rows[i] = { datastreamId: it.datastream ?? map!.get(`${it.sensor}:${it.property}`)!, time: times[i]!, value: it.value, quality: it.quality ?? 0 };
      }
      return rows;
    };
    // By datastream id only (the usual gateway batch): one statement, no explicit transaction.
    if (needStreams.length === 0) return this.write(tenant.id, toRows(null));
    return this.write(tenant.id, async (trx) => toRows(await this.d.repo.ensureDatastreams(trx, tenant.id, needStreams)));
  }

  /**
   * Deduplicates (last wins), sorts and writes rows, then evaluates alerts. Rows given as a list are written by
   * the one ingest statement alone (atomic by itself, durable at its implicit COMMIT); rows that need other
   * writes first (datastreams created, sensors registered: Sensor.Community, NGSI-LD, archive imports) come
   * from a callback run in one transaction (create what is needed with `trx`, return the rows).
   */
  async write(tenantId: number, rowsIn: ObservationRow[] | ((trx: Tx) => Promise<ObservationRow[]>)): Promise<IngestResult> {
    let received = 0;
    let touched: number[] = [];
    const prepare = (rows: ObservationRow[]): ObservationRow[] => {
      received = rows.length;
      const sorted = dedupeSorted(rows);
      touched = [];
      for (const r of sorted) if (touched[touched.length - 1] !== r.datastreamId) touched.push(r.datastreamId);
      return sorted;
    };
    let counts: IngestCounts;
    if (Array.isArray(rowsIn)) {
      const rows = prepare(rowsIn);
      counts = await this.d.ingestRepo.ingestAlone(rows, false, this.allNewer(rows));
      this.noteNewest(rows);
    } else counts = await this.d.repo.transaction(async (trx) => this.d.ingestRepo.ingest(trx, prepare(await rowsIn(trx))));
    if (counts.inserted + counts.updated > 0) this.d.rollups.written();
    await this.evaluateAlerts(tenantId, touched);
    return { received, inserted: counts.inserted, updated: counts.updated, unchanged: received - counts.inserted - counts.updated };
  }

  /** Raises and clears alerts for the datastreams just written; a failure there never fails the written batch. */
  private evaluateAlerts(tenantId: number, datastreamIds: number[]): Promise<void> {
    return this.d.alerts.evaluate(tenantId, datastreamIds).catch((e: unknown) => this.d.log.error({ err: e }, 'sensor alert evaluation failed'));
  }

  /**
   * Whether every row (sorted by datastream and time) is newer than anything this process has written or
   * re-sent for its datastream: then the ingest function tries the plain INSERT first. Only a guess (another
   * process may have written): a row that exists after all makes the function fall back to the upsert.
   */
  private allNewer(rows: ObservationRow[]): boolean {
    let prev = -1;
    for (const r of rows) {
      if (r.datastreamId === prev) continue;
      prev = r.datastreamId;
      const newest = this.newest.get(r.datastreamId);
      if (newest !== undefined && r.time <= newest) return false;
    }
    return true;
  }

  private noteNewest(rows: ObservationRow[]): void {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const next = rows[i + 1];
      if (next && next.datastreamId === r.datastreamId) continue; // the last row of each datastream is its newest
      const known = this.newest.get(r.datastreamId);
      if (known === undefined ? this.newest.size < KEPT_IDS : r.time > known) this.newest.set(r.datastreamId, r.time);
    }
  }
}
