/**
 * Sensors use-cases: ingest (batch, Sensor.Community, CSV import; NGSI-LD in ./ngsi-ld writes through writeWith), reads (map, sensor, series,
 * city-wide air quality), staff management (sensors, alert rules, retention), alerts with hysteresis and
 * notifications to followers, the demo network and its live feed, and the metrics KPIs are computed from.
 */
import { TtlCache } from '../../core/cache.js';
import { invalidateOnEvents, onCacheChange } from '../../core/cachebus.js';
import { type Actor, hasRole, SYSTEM } from '../../core/actor.js';
import { writeAudit } from '../../core/audit.js';
import { AppError, type FieldError, forbidden, notFound, validationFailed } from '../../core/errors.js';
import { emit } from '../../core/events.js';
import type { FastifyBaseLogger } from 'fastify';
import { areaKey, type NotificationsService } from '../notifications/index.js';
import type { TenantRow } from '../tenants/index.js';
import type { OverviewBlock } from '../module.js';
import { groupScValues, type ScNote, scPin, scSensorKey } from './sensors.community.js';
import { type ArchiveRow, scNode } from './sensors.formats.js';
import { aqiBand, EU_PM10_DAILY_LIMIT, isProperty, PROPERTIES, type PropertyName } from './sensors.properties.js';
import type { IngestCounts, ObservationRow, SensorsRepository, Tx } from './sensors.repository.js';
import { SensorAlerts } from './alerts/alerts.service.js';

export const MAX_BATCH = 1000;
/** Requests of at most this many observations (all by datastream id) are written by the group commit. */
export const GROUP_MAX_REQUEST = 50;
const FUTURE_MS = 5 * 60_000;
/** how long after a write the roll-up deltas are folded (reads in this process fold at once) */
export const FOLD_DELAY_MS = 500;
const EARLIEST = Date.parse('2000-01-01T00:00:00Z');
/** Citizens' sensors waiting for staff approval, per city: a cap so anonymous pushes cannot flood the registry. */
export const MAX_PENDING = 200;

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
  notifications: NotificationsService;
  log: FastifyBaseLogger;
  /** transactions of grouped small requests written at once (default 1) */
  groupsInFlight?: number;
}

/** One request waiting in a group commit: its rows (no duplicate keys) and how to answer it after COMMIT. */
interface GroupMember {
  rows: ObservationRow[];
  resolve(counts: IngestCounts): void;
  reject(err: unknown): void;
}
interface Group {
  members: GroupMember[];
  keys: Set<string>;
  size: number;
  /** settles after the group's COMMIT (or failure) */
  done: Promise<void>;
  finish(): void;
}

function newGroup(): Group {
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  return { members: [], keys: new Set(), size: 0, done, finish };
}

/** Rows sorted by (datastream, time) with one row per key (the last given wins). */
function dedupeSorted(rows: ObservationRow[]): ObservationRow[] {
  const sorted = rows.map((r, i) => ({ r, i })).sort((a, b) => a.r.datastreamId - b.r.datastreamId || a.r.time - b.r.time || a.i - b.i);
  const out: ObservationRow[] = [];
  for (const { r } of sorted) {
    const prev = out[out.length - 1];
    if (prev && prev.datastreamId === r.datastreamId && prev.time === r.time) out[out.length - 1] = r;
    else out.push(r);
  }
  return out;
}

/** One of a Sensor.Community node's sensors (see sensorCommunityPush). */
type ScThing = Awaited<ReturnType<SensorsRepository['scThingsOfNode']>>[number];

export class SensorsService {
  private readonly repo: SensorsRepository;
  private readonly notifications: NotificationsService;
  private readonly log: FastifyBaseLogger;
  /** alert rules, and alerts raised and cleared as readings arrive */
  private readonly alertRules: SensorAlerts;
  /** datastream ids known to belong to a tenant: a datastream never changes tenant, so hits are cached for good */
  private knownStreams = new Map<number, Set<number>>();
  /** each city's raw retention (days), read at most every 30 s; a change here or elsewhere drops it at once */
  private readonly retention = new TtlCache<number, number | null>(1_000, 30_000);
  private liveTimer: NodeJS.Timeout | undefined;
  /** the group commit: the group still taking requests, and the chain of group writes (one at a time, in order) */
  /** group commit for small requests (on by default; the benchmark switches it off for its same-run baseline) */
  groupCommit = true;
  private openGroup: Group | null = null;
  private readonly groupQueue: Group[] = [];
  private readonly groupsWriting = new Set<Group>();
  private readonly groupsInFlight: number;
  private retentionTimer: NodeJS.Timeout | undefined;
  /** the roll-up fold: deltas written by this process and not folded yet, the fold chain, the next fold */
  private rollupsDirty = false;
  /** per datastream, the newest time this process has written (the plain-insert guess) */
  private readonly newest = new Map<number, number>();
  private foldChain: Promise<void> = Promise.resolve();
  private foldQueued: Promise<void> | null = null;
  private foldRunning: Promise<void> | null = null;
  private foldTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(deps: Deps) {
    this.repo = deps.repo;
    this.alertRules = new SensorAlerts(deps.repo);
    this.notifications = deps.notifications;
    this.log = deps.log;
    this.groupsInFlight = deps.groupsInFlight ?? 1;
    // rules and retention changed through another app node are dropped here too, at that change's commit
    invalidateOnEvents('sensors.rules', ['sensors.alert_rule.created', 'sensors.alert_rule.deactivated']);
    invalidateOnEvents('sensors.retention', ['sensors.settings.updated']);
    onCacheChange('sensors.retention', (tenant) => (tenant === '*' ? this.retention.clear() : this.retention.delete(Number(tenant))));
  }

  // ---------------------------------------------------------------- ingest

  /**
   * Validates a whole batch and writes it in one transaction, or writes nothing and throws 400 naming the
   * index and field of every bad observation. Answers only after COMMIT.
   */
  async ingestBatch(tenant: TenantRow, items: BatchItem[]): Promise<IngestResult> {
    const errors: FieldError[] = [];
    if (items.length > MAX_BATCH) throw validationFailed([{ field: 'observations', message: `at most ${MAX_BATCH} observations per request`, code: 'too_big' }]);
    // the usual request (kept retention, known datastreams) waits on no query before its write
    const retention = await this.cachedRetention(tenant.id);
    const oldest = retention ? Date.now() - (retention - 1) * 86_400_000 : EARLIEST;
    const now = Date.now();

    let dsKnown = this.knownStreams.get(tenant.id);
    if (!dsKnown) this.knownStreams.set(tenant.id, (dsKnown = new Set()));
    const dsIds = [...new Set(items.filter((i) => i.datastream !== undefined && !dsKnown.has(i.datastream)).map((i) => i.datastream!))];
    const sensorIds = [...new Set(items.filter((i) => i.datastream === undefined && i.sensor !== undefined).map((i) => i.sensor!))];
    const [dss, things] = dsIds.length || sensorIds.length ? await Promise.all([this.repo.datastreamsByIds(tenant.id, dsIds), this.repo.thingsByIds(tenant.id, sensorIds)]) : [[], []];
    if (dsKnown.size < 1_000_000) for (const d of dss) dsKnown.add(Number(d.id));
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
      const counts = await this.groupWrite(rows);
      await this.evaluateAlerts(tenant.id, [...new Set(rows.map((r) => r.datastreamId))]).catch((e: unknown) => this.log.error({ err: e }, 'sensor alert evaluation failed'));
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
    return this.write(tenant.id, async (trx) => toRows(await this.repo.ensureDatastreams(trx, tenant.id, needStreams)));
  }

  /**
   * Deduplicates (last wins), sorts and writes rows, then evaluates alerts. Rows given as a list are written by
   * the one ingest statement alone (atomic by itself, durable at its implicit COMMIT); rows that need other
   * writes first (datastreams created, sensors registered) come from a callback run in one transaction.
   */
  private async write(tenantId: number, rowsIn: ObservationRow[] | ((trx: Tx) => Promise<ObservationRow[]>)): Promise<IngestResult> {
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
      counts = await this.repo.ingestAlone(rows, false, this.allNewer(rows));
      this.noteNewest(rows);
    } else counts = await this.repo.transaction(async (trx) => this.repo.ingest(trx, prepare(await rowsIn(trx))));
    if (counts.inserted + counts.updated > 0) this.rollupsWritten();
    await this.evaluateAlerts(tenantId, touched).catch((e: unknown) => this.log.error({ err: e }, 'sensor alert evaluation failed'));
    return { received, inserted: counts.inserted, updated: counts.updated, unchanged: received - counts.inserted - counts.updated };
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
      if (known === undefined ? this.newest.size < 1_000_000 : r.time > known) this.newest.set(r.datastreamId, r.time);
    }
  }

  // ---------------------------------------------------------------- roll-up fold

  /**
   * The ingest statement leaves one roll-up delta per touched (datastream, hour) in sensors_rollups_pending,
   * committed with the raw rows. This folds them into the hourly and daily roll-ups: FOLD_DELAY_MS after a
   * write (so within about a second under any load: one fold covers every write before it), before every roll-up
   * read in this process (so what this process wrote is always read back exactly), at start-up (deltas left
   * by a crash) and on close. Folds run one at a time; callers arriving while one runs share the next one,
   * which starts after it and so sees every write committed before they asked.
   */
  foldRollups(): Promise<void> {
    if (this.foldQueued) return this.foldQueued;
    const next = this.foldChain.then(async () => {
      this.foldQueued = null;
      this.rollupsDirty = false;
      this.foldRunning = next;
      try {
        await this.repo.foldPending();
      } catch (e) {
        // Nothing was folded (the transaction rolled back): the deltas stay and the next fold takes them.
        this.rollupsDirty = true;
        this.log.error({ err: e }, 'sensor roll-up fold failed');
        throw e;
      } finally {
        this.foldRunning = null;
      }
    });
    this.foldQueued = next;
    this.foldChain = next.catch(() => undefined);
    return next;
  }

  /** Roll-up reads call this first: folds what this process wrote and has not folded yet (or waits for the fold taking it). */
  private async settleRollups(): Promise<void> {
    if (this.rollupsDirty || this.foldQueued) await this.foldRollups();
    else if (this.foldRunning) await this.foldRunning.catch(() => this.foldRollups());
  }

  private rollupsWritten(): void {
    this.rollupsDirty = true;
    if (this.foldTimer || this.closed) return;
    this.foldTimer = setTimeout(() => {
      this.foldTimer = undefined;
      void this.foldRollups().catch(() => this.rollupsWritten());
    }, FOLD_DELAY_MS);
    this.foldTimer.unref();
  }

  /**
   * Group commit for small requests: the rows of requests that arrive in the same turn of the event loop, or
   * while earlier groups are being written, go into one transaction, and each request is answered only after
   * that COMMIT, with its own counts. Up to `groupsInFlight` groups are written at once (default one: 2 or 4
   * groups at once measured slower on PostgreSQL on a 2-core machine, and PGlite serialises writes anyway). A request never shares a (datastream, time) key with a group that is open,
   * queued or being written: it waits for that group's COMMIT first, so a later request for the same reading
   * still wins. If a group's transaction fails (e.g. a deadlock), each of its requests is retried alone, so one
   * request's failure is never another's.
   */
  private async groupWrite(rows: ObservationRow[]): Promise<IngestCounts> {
    const keys = rows.map((r) => `${r.datastreamId}|${r.time}`);
    for (;;) {
      const pending = [...this.groupsWriting, ...this.groupQueue, ...(this.openGroup ? [this.openGroup] : [])];
      const blocking = pending.filter((g) => keys.some((k) => g.keys.has(k)));
      if (blocking.length === 0) break;
      if (this.openGroup && blocking.includes(this.openGroup)) this.sealOpenGroup();
      await Promise.all(blocking.map((g) => g.done));
    }
    if (this.openGroup && this.openGroup.size + rows.length > MAX_BATCH) this.sealOpenGroup();
    if (!this.openGroup) {
      this.openGroup = newGroup();
      setImmediate(() => this.pumpGroups());
    }
    const g = this.openGroup;
    for (const k of keys) g.keys.add(k);
    g.size += rows.length;
    return new Promise<IngestCounts>((resolve, reject) => g.members.push({ rows, resolve, reject }));
  }

  private sealOpenGroup(): void {
    if (this.openGroup) this.groupQueue.push(this.openGroup);
    this.openGroup = null;
    setImmediate(() => this.pumpGroups());
  }

  /** Starts writing queued groups, then the open one, while fewer than `groupsInFlight` are being written. */
  private pumpGroups(): void {
    while (this.groupsWriting.size < this.groupsInFlight) {
      const g = this.groupQueue.shift() ?? this.openGroup;
      if (!g) return;
      if (g === this.openGroup) this.openGroup = null;
      this.groupsWriting.add(g);
      void this.flushGroup(g).finally(() => {
        this.groupsWriting.delete(g);
        g.finish();
        this.pumpGroups();
      });
    }
  }

  private async flushGroup(g: Group): Promise<void> {
    const tagged = g.members.flatMap((m, owner) => m.rows.map((row) => ({ row, owner })));
    tagged.sort((a, b) => a.row.datastreamId - b.row.datastreamId || a.row.time - b.row.time);
    try {
      // one statement: atomic and durable on its own, no BEGIN/COMMIT round trips
      const rows = tagged.map((x) => x.row);
      const r = await this.repo.ingestAlone(rows, true, this.allNewer(rows));
      this.noteNewest(rows);
      if (r.inserted + r.updated > 0) this.rollupsWritten();
      const counts = g.members.map(() => ({ inserted: 0, updated: 0 }));
      for (const [i, fresh] of r.written ?? []) {
        const c = counts[tagged[i]!.owner]!;
        if (fresh) c.inserted++;
        else c.updated++;
      }
      g.members.forEach((m, i) => m.resolve(counts[i]!));
    } catch (e) {
      if (g.members.length === 1) return g.members[0]!.reject(e);
      for (const m of g.members) {
        await this.repo.ingestAlone(dedupeSorted(m.rows)).then((c) => {
          if (c.inserted + c.updated > 0) this.rollupsWritten();
          m.resolve(c);
        }, m.reject);
      }
    }
  }

  /**
   * Writes observations whose sensors or datastreams must be created first, in one transaction: `rowsOf`
   * runs inside it (create what is needed with `trx`, return the rows). The NGSI-LD resource's write path;
   * roll-ups and alerts follow as for every other write.
   */
  writeWith(tenantId: number, rowsOf: (trx: Tx) => Promise<ObservationRow[]>): Promise<IngestResult> {
    return this.write(tenantId, rowsOf);
  }

  /**
   * The Sensor.Community firmware's push (per-pin or custom-API, see sensors.community.ts). Each sensor type
   * of a node is its own sensor here (`sc_node` = `<node>:<type>`; a node's older single row, or one staff
   * registered, is taken by the first type that pushes), so an SDS011 and an SPS30 on one node keep both
   * their readings. A type new to a node we already know joins with the node's status, place and area
   * (staff approved the node, not each chip on it); a node we have never seen waits as "pending": its
   * readings are kept but shown nowhere and counted in no KPI until staff approve it (PATCH status=active),
   * at most MAX_PENDING per city, and the route is rate-limited per address. Values the firmware could not
   * read (`"nan"`) are skipped and listed in `notes`; the rest is stored.
   */
  async sensorCommunityPush(tenant: TenantRow, headers: Record<string, string | string[] | undefined>, body: { esp8266id?: unknown; sensordatavalues: { value_type: string; value: string | number }[] }): Promise<IngestResult & { status: string; sensors: { id: number; type: string; status: string }[]; notes: ScNote[] }> {
    const node = scNode(headers, body);
    if (!node) throw validationFailed([{ field: 'header.x-sensor', message: 'X-Sensor must be esp8266-<chip id> (or give esp8266id in the body)', code: 'required' }]);
    if (body.sensordatavalues.length === 0) throw validationFailed([{ field: 'sensordatavalues', message: 'sensordatavalues was empty', code: 'too_small' }]);
    const known = await this.repo.scThingsOfNode(tenant.id, node);
    const typeOf = (t: ScThing) => (t.sc_node !== node ? t.sc_node!.slice(node.length + 1) : ((t.metadata as { scType?: string }).scType ?? null));
    const { groups, notes } = groupScValues(body.sensordatavalues, scPin(headers), new Set(known.map(typeOf).filter((x): x is string => !!x)));
    const nothing = { received: 0, inserted: 0, updated: 0, unchanged: 0 };
    if (groups.length === 0) return { ...nothing, status: known[0]?.status ?? 'pending', sensors: [], notes };

    const missing = groups.filter((g) => !known.some((t) => typeOf(t) === g.sensorType));
    const unclaimed = known.find((t) => t.sc_node === node && typeOf(t) === null);
    if (known.length === 0 && (await this.repo.countPending(tenant.id)) >= MAX_PENDING) throw new AppError(403, 'node_not_registered', 'Node not found in database: too many sensors are waiting for approval in this city.');
    const things = new Map<string, ScThing>();
    for (const g of groups) {
      const t = known.find((k) => typeOf(k) === g.sensorType);
      if (t) things.set(g.sensorType, t);
    }
    if (missing.length) {
      await this.repo.transaction(async (trx) => {
        const now = await this.repo.scThingsOfNode(tenant.id, node, trx); // another push may have created them meanwhile
        let free = now.find((t) => t.sc_node === node && typeOf(t) === null && t.id === unclaimed?.id);
        const like = now[0];
        for (const g of missing) {
          const existing = now.find((t) => typeOf(t) === g.sensorType);
          if (existing) {
            things.set(g.sensorType, existing);
            continue;
          }
          if (free) {
            await this.repo.setScType(trx, tenant.id, Number(free.id), g.sensorType);
            things.set(g.sensorType, free);
            free = undefined;
            continue;
          }
          const status = like ? like.status : 'pending';
          const t = await this.repo.insertThing(trx, {
            tenant_id: tenant.id, name: `Sensor.Community ${node} ${g.sensorType}`, owner: like?.owner || 'citizen', area: like?.area ?? null, lat: like?.lat ?? null, lon: like?.lon ?? null,
            status, sc_node: scSensorKey(node, g.sensorType), metadata: { source: 'sensor.community', node, scType: g.sensorType },
          });
          await emit(trx, 'sensors.sensor.created', { sensorId: Number(t.id), status }, tenant.id);
          things.set(g.sensorType, t);
        }
      });
    }
    const writable = groups.filter((g) => things.get(g.sensorType)!.status !== 'inactive');
    for (const g of groups) if (!writable.includes(g)) for (const r of g.readings) notes.push({ value_type: r.valueType, message: 'not stored: this sensor has been switched off by the city' });
    if (writable.length === 0) throw new AppError(403, 'node_disabled', 'This sensor has been switched off by the city.');
    const time = Date.now();
    const r = await this.write(tenant.id, async (trx) => {
      const wanted = writable.flatMap((g) => g.readings.map((x) => ({ thingId: Number(things.get(g.sensorType)!.id), property: x.property, unit: PROPERTIES[x.property].unit })));
      const map = await this.repo.ensureDatastreams(trx, tenant.id, wanted);
      return writable.flatMap((g) => g.readings.map((x) => ({ datastreamId: map.get(`${things.get(g.sensorType)!.id}:${x.property}`)!, time, value: x.value, quality: 0 })));
    });
    const sensors = groups.map((g) => ({ id: Number(things.get(g.sensorType)!.id), type: g.sensorType, status: things.get(g.sensorType)!.status }));
    const status = sensors.every((s) => s.status === 'active') ? 'active' : sensors.some((s) => s.status === 'pending') ? 'pending' : sensors[0]!.status;
    return { ...r, status, sensors, notes };
  }

  /** Imports Sensor.Community archive rows (staff import: sensors are created active, keyed `sensor-<id>`). */
  async importArchiveRows(tenant: TenantRow, rows: ArchiveRow[]): Promise<IngestResult> {
    const things = new Map<string, number>();
    await this.repo.transaction(async (trx) => {
      for (const r of rows) {
        const node = `sensor-${r.sensorId}`;
        if (things.has(node)) continue;
        const t = (await this.repo.thingBySc(tenant.id, node, trx)) ?? (await this.repo.insertThing(trx, { tenant_id: tenant.id, name: `${r.sensorType || 'Sensor'} ${r.sensorId}`, owner: 'Sensor.Community', lat: r.lat, lon: r.lon, sc_node: node, metadata: { source: 'sensor.community archive' } }));
        things.set(node, Number(t.id));
      }
    });
    const now = Date.now();
    return this.write(tenant.id, async (trx) => {
      const wanted = rows.flatMap((r) => r.values.map((v) => ({ thingId: things.get(`sensor-${r.sensorId}`)!, property: v.property, unit: PROPERTIES[v.property].unit })));
      const map = await this.repo.ensureDatastreams(trx, tenant.id, wanted);
      return rows
        .filter((r) => Date.parse(r.time) <= now + FUTURE_MS && Date.parse(r.time) >= EARLIEST)
        .flatMap((r) => r.values.map((v) => ({ datastreamId: map.get(`${things.get(`sensor-${r.sensorId}`)}:${v.property}`)!, time: Date.parse(r.time), value: v.value, quality: 0 })));
    });
  }

  // ---------------------------------------------------------------- reads

  async listSensors(tenant: TenantRow, actor: Actor, status?: 'active' | 'pending' | 'inactive') {
    const staff = hasRole(actor, tenant.id, ['staff']);
    if (status && status !== 'active' && !staff) throw forbidden('Only staff see sensors that are not public.');
    const things = await this.repo.listThings(tenant.id, [status ?? 'active']);
    const streams = await this.repo.datastreamsOfThings(tenant.id, things.map((t) => Number(t.id)));
    return things.map((t) => ({ thing: t, streams: streams.filter((d) => Number(d.thing_id) === Number(t.id)) }));
  }

  async getSensor(tenant: TenantRow, actor: Actor, id: number) {
    const thing = await this.repo.thingById(tenant.id, id);
    if (!thing || (thing.status !== 'active' && !hasRole(actor, tenant.id, ['staff']))) throw notFound('sensor');
    const streams = await this.repo.datastreamsOfThings(tenant.id, [id]);
    return { thing, streams };
  }

  async series(tenant: TenantRow, actor: Actor, id: number, q: { property: string; from?: string | undefined; to?: string | undefined; interval: 'raw' | 'hour' | 'day' }) {
    await this.getSensor(tenant, actor, id);
    const ds = await this.repo.datastream(id, q.property);
    if (!ds) throw notFound('datastream for this property');
    const to = q.to ? new Date(q.to) : new Date(Date.now() + 60_000);
    const span = q.interval === 'raw' ? 86_400_000 : q.interval === 'hour' ? 30 * 86_400_000 : 366 * 86_400_000;
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - span);
    if (!(from < to)) throw validationFailed([{ field: 'query.from', message: 'must be before to', code: 'invalid_range' }]);
    if (q.interval === 'raw') {
      const rows = await this.repo.rawSeries(Number(ds.id), from, to, 20_000);
      return { datastream: ds, from, to, points: rows.map((r) => ({ time: new Date(r.time), value: r.value, min: null, max: null, count: 1 })) };
    }
    await this.settleRollups();
    const rows = await this.repo.rollupSeries(q.interval === 'hour' ? 'sensors_rollups_hourly' : 'sensors_rollups_daily', Number(ds.id), from, to);
    return { datastream: ds, from, to, points: rows.map((r) => ({ time: new Date(r.bucket), value: r.sum / r.count, min: r.min, max: r.max, count: r.count })) };
  }

  /** Today's air quality, the worst areas and the trend of the annual PM2.5 mean. */
  async airQuality(tenant: TenantRow, target: { baseline: number; baselineYear: number | null; target: number; targetYear: number | null } | null) {
    const since = new Date(Date.now() - 86_400_000);
    await this.settleRollups();
    const [pm25Areas, pm10Areas, years, sensors] = await Promise.all([
      this.repo.areaMeans(tenant.id, 'pm25', since),
      this.repo.areaMeans(tenant.id, 'pm10', since),
      this.repo.yearlyMeans(tenant.id, 'pm25'),
      this.repo.listThings(tenant.id, ['active']),
    ]);
    const total = pm25Areas.reduce((a, x) => a + x.mean * x.sensors, 0);
    const n = pm25Areas.reduce((a, x) => a + x.sensors, 0);
    return { pm25Mean24h: n ? total / n : null, sensorsActive: sensors.length, areas: pm25Areas.map((a) => ({ ...a, pm10: pm10Areas.find((b) => b.area === a.area)?.mean ?? null })), annualPm25: years, target };
  }

  /** The city page's block: the PM2.5 mean of the last 24 hours with its band, and the sensors reporting. */
  async overview(tenant: TenantRow): Promise<OverviewBlock[]> {
    const r = await this.airQuality(tenant, null);
    if (r.sensorsActive === 0) return [];
    const pm25 = r.pm25Mean24h === null ? null : Math.round(r.pm25Mean24h * 10) / 10;
    return [
      {
        key: 'air',
        path: 'air',
        figures: [
          { key: 'pm25', value: pm25, unit: 'ugm3', band: aqiBand('pm25', r.pm25Mean24h) },
          { key: 'sensors', value: r.sensorsActive, unit: 'count' },
        ],
      },
    ];
  }

  // ---------------------------------------------------------------- staff

  async createSensor(actor: Actor, tenant: TenantRow, input: { name: string; description?: string | undefined; owner?: string | undefined; area?: string | undefined; lat: number; lon: number; properties: PropertyName[]; sensorCommunityId?: string | undefined }) {
    return this.repo.transaction(async (trx) => {
      const t = await this.repo.insertThing(trx, { tenant_id: tenant.id, name: input.name, description: input.description ?? '', owner: input.owner ?? '', area: input.area ?? null, lat: input.lat, lon: input.lon, sc_node: input.sensorCommunityId ?? null });
      await this.repo.ensureDatastreams(trx, tenant.id, input.properties.map((p) => ({ thingId: Number(t.id), property: p, unit: PROPERTIES[p].unit })));
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'sensors.sensor.created', entityType: 'sensor', entityId: String(t.id), after: { name: t.name, properties: input.properties } });
      await emit(trx, 'sensors.sensor.created', { sensorId: Number(t.id), status: t.status }, tenant.id);
      return t;
    });
  }

  async updateSensor(actor: Actor, tenant: TenantRow, id: number, patch: { name?: string | undefined; area?: string | null | undefined; lat?: number | undefined; lon?: number | undefined; status?: 'active' | 'pending' | 'inactive' | undefined; owner?: string | undefined }) {
    return this.repo.transaction(async (trx) => {
      const before = await this.repo.thingById(tenant.id, id, trx);
      if (!before) throw notFound('sensor');
      const clean = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const after = (await this.repo.updateThing(trx, tenant.id, id, clean))!;
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'sensors.sensor.updated', entityType: 'sensor', entityId: String(id), before: { name: before.name, status: before.status, area: before.area, lat: before.lat, lon: before.lon }, after: clean });
      await emit(trx, 'sensors.sensor.updated', { sensorId: id, status: after.status }, tenant.id);
      return after;
    });
  }

  async settings(tenant: TenantRow) {
    return { rawRetentionDays: await this.repo.retentionDays(tenant.id) };
  }

  async updateSettings(actor: Actor, tenant: TenantRow, rawRetentionDays: number | null) {
    await this.repo.transaction(async (trx) => {
      const before = await this.repo.retentionDays(tenant.id, trx);
      await this.repo.setRetentionDays(trx, tenant.id, rawRetentionDays);
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'sensors.settings.updated', entityType: 'sensor_settings', entityId: String(tenant.id), before: { rawRetentionDays: before }, after: { rawRetentionDays } });
      await emit(trx, 'sensors.settings.updated', { rawRetentionDays }, tenant.id);
    });
    this.retention.delete(tenant.id);
    return { rawRetentionDays };
  }

  /** The retention job: deletes raw rows older than each city's retention; the roll-ups stay. */
  async applyRetention(): Promise<{ droppedMonths: number; deletedRows: number }> {
    // deltas are folded before their raw rows can go (a corrected hour is recomputed from its raw rows)
    await this.foldRollups();
    return this.repo.applyRetention();
  }

  /**
   * Makes the raw observations' partitions of this month and the next two. Readings of a month without one wait
   * in the default partition, so ingest never depends on this; it keeps them out of it.
   */
  ensurePartitions(): Promise<number> {
    const now = Date.now();
    return this.repo.ensurePartitions(new Date(now), new Date(now + 62 * 86_400_000));
  }

  /** Runs the retention job hourly while the app runs (started and stopped by the routes' lifecycle hooks). */
  startRetentionJob(): void {
    if (this.retentionTimer) return;
    const partitions = () => void this.ensurePartitions().catch((e: unknown) => this.log.error({ err: e }, 'making sensor partitions failed'));
    partitions();
    this.retentionTimer = setInterval(() => {
      partitions();
      void this.applyRetention().catch((e: unknown) => this.log.error({ err: e }, 'sensor retention failed'));
    }, 3_600_000);
    this.retentionTimer.unref();
  }

  stopTimers(): void {
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    if (this.liveTimer) clearInterval(this.liveTimer);
    if (this.foldTimer) clearTimeout(this.foldTimer);
    this.retentionTimer = undefined;
    this.liveTimer = undefined;
    this.foldTimer = undefined;
  }

  /** On close: timers stopped, and what this process wrote folded into the roll-ups (best effort: a later start folds it otherwise). */
  async close(): Promise<void> {
    this.closed = true;
    this.stopTimers();
    // never leave a fold running on a connection the caller is about to close
    if (this.rollupsDirty || this.foldQueued) await this.foldRollups().catch(() => undefined);
    else if (this.foldRunning) await this.foldRunning.catch(() => undefined);
  }

  // ---------------------------------------------------------------- alerts (alerts/)

  rules(tenant: TenantRow) {
    return this.alertRules.rules(tenant);
  }

  createRule(...args: Parameters<SensorAlerts['createRule']>) {
    return this.alertRules.createRule(...args);
  }

  deactivateRule(actor: Actor, tenant: TenantRow, id: number) {
    return this.alertRules.deactivateRule(actor, tenant, id);
  }

  alerts(tenant: TenantRow, limit = 100) {
    return this.alertRules.alerts(tenant, limit);
  }

  /** Raises and clears alerts for the datastreams just written (see SensorAlerts.evaluate). */
  evaluateAlerts(tenantId: number, datastreamIds: number[]): Promise<void> {
    return this.alertRules.evaluate(tenantId, datastreamIds);
  }

  private cachedRetention(tenantId: number): Promise<number | null> {
    return this.retention.get(tenantId, () => this.repo.retentionDays(tenantId));
  }

  /** Follows a sensor or an area through the notifications hub (alerts reach followers: sensors.notices.ts). */
  async follow(actor: Actor, tenant: TenantRow, target: { sensorId?: number | undefined; area?: string | undefined }, on: boolean) {
    if (actor.kind !== 'user') throw forbidden();
    if (target.sensorId !== undefined) await this.getSensor(tenant, actor, target.sensorId);
    if (target.sensorId === undefined && !target.area) return this.follows(actor, tenant);
    const f = { tenantId: tenant.id, userId: actor.user.id, ...(target.sensorId !== undefined ? { kind: 'sensors.sensor', id: String(target.sensorId) } : { kind: 'area', id: target.area! }) };
    if (on) await this.repo.transaction((trx) => this.notifications.follow(trx, f));
    else await this.repo.transaction((trx) => this.notifications.unfollow(trx, f));
    return this.follows(actor, tenant);
  }

  /** The sensors and areas a person follows; areas by the name the sensors use (the hub keeps a key). */
  async follows(actor: Actor, tenant: TenantRow): Promise<{ thing_id: number | null; area: string | null }[]> {
    if (actor.kind !== 'user') return [];
    const [mine, names] = await Promise.all([this.notifications.myFollows(actor.user.id, tenant.id), this.repo.areaNames(tenant.id)]);
    const byKey = new Map(names.map((n) => [areaKey(n), n]));
    return mine
      .filter((f) => f.kind === 'sensors.sensor' || (f.kind === 'area' && f.polygon === null))
      .map((f) => (f.kind === 'sensors.sensor' ? { thing_id: Number(f.target), area: null } : { thing_id: null, area: byKey.get(f.target) ?? f.target }));
  }

  /** Whether a sensor exists and the caller may see it (the hub's check for `sensors.sensor` follows). */
  async sensorVisible(actor: Actor, tenant: TenantRow, id: string): Promise<boolean> {
    if (!/^\d{1,15}$/.test(id)) return false;
    const thing = await this.repo.thingById(tenant.id, Number(id));
    return !!thing && (thing.status === 'active' || hasRole(actor, tenant.id, ['staff']));
  }

  /** Whether sensors in this city name this area (the hub's check for `area` follows). */
  async isArea(tenant: TenantRow, name: string): Promise<boolean> {
    return (await this.repo.areaNames(tenant.id)).some((n) => areaKey(n) === areaKey(name));
  }

  // ---------------------------------------------------------------- metrics

  async countOnline(tenantId: number, from: string, to: string) {
    await this.settleRollups();
    return this.repo.countOnline(tenantId, from, to);
  }
  async periodMean(tenantId: number, property: PropertyName, from: string, to: string) {
    await this.settleRollups();
    return this.repo.periodMean(tenantId, property, from, to);
  }
  async daysOverEuPm10(tenantId: number, from: string, to: string) {
    await this.settleRollups();
    return this.repo.daysOver(tenantId, 'pm10', EU_PM10_DAILY_LIMIT, from, to);
  }

  // ---------------------------------------------------------------- demo live feed

  /**
   * A simulated reading per demo sensor every minute, through the same path as the batch endpoint. Started
   * by the demo step only; stopped when the app closes (stopTimers from the routes' onClose hook).
   */
  startLiveFeed(tenants: TenantRow[], everyMs = 60_000): void {
    if (this.liveTimer) return;
    const tick = async () => {
      for (const tenant of tenants) {
        const rows = await this.repo.demoStreams(tenant.id);
        const time = new Date().toISOString();
        const items: BatchItem[] = rows.map((r) => {
          const base = r.property === 'temperature' ? 8 : r.property === 'pm10' ? 28 : 15;
          const last = r.last_value ?? base;
          const next = last + (base - last) * 0.1 + (Math.random() - 0.5) * (r.property === 'temperature' ? 0.4 : 2);
          return { datastream: Number(r.id), time, value: Math.round(Math.max(0, next) * 10) / 10 };
        });
        for (let i = 0; i < items.length; i += MAX_BATCH) await this.ingestBatch(tenant, items.slice(i, i + MAX_BATCH));
      }
    };
    this.liveTimer = setInterval(() => void tick().catch((e: unknown) => this.log.warn({ err: e }, 'demo live feed tick failed')), everyMs);
    this.liveTimer.unref();
  }

  get liveFeedRunning(): boolean {
    return this.liveTimer !== undefined;
  }
}

export { SYSTEM };
