/**
 * The hourly and daily roll-ups: folding the deltas each ingest leaves, and the reads made from them (city-wide
 * air quality, the city page's block, the figures KPIs are computed from).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { OverviewBlock } from '../../module.js';
import type { TenantRow } from '../../tenants/index.js';
import { aqiBand, EU_PM10_DAILY_LIMIT, type PropertyName } from '../sensors.properties.js';
import type { SensorsRepository } from '../sensors.repository.js';
import type { RollupsRepository } from './rollups.repository.js';

/** how long after a write the roll-up deltas are folded (reads in this process fold at once) */
export const FOLD_DELAY_MS = 500;

export class SensorRollups {
  /** the roll-up fold: deltas written by this process and not folded yet, the fold chain, the next fold */
  private dirty = false;
  private foldChain: Promise<void> = Promise.resolve();
  private foldQueued: Promise<void> | null = null;
  private foldRunning: Promise<void> | null = null;
  private foldTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly repo: RollupsRepository,
    private readonly sensorsRepo: SensorsRepository,
    private readonly log: FastifyBaseLogger,
  ) {}

  /**
   * The ingest statement leaves one roll-up delta per touched (datastream, hour) in sensors_rollups_pending,
   * committed with the raw rows. This folds them into the hourly and daily roll-ups: FOLD_DELAY_MS after a
   * write (so within about a second under any load: one fold covers every write before it), before every roll-up
   * read in this process (so what this process wrote is always read back exactly), at start-up (deltas left
   * by a crash) and on close. Folds run one at a time; callers arriving while one runs share the next one,
   * which starts after it and so sees every write committed before they asked.
   */
  fold(): Promise<void> {
    if (this.foldQueued) return this.foldQueued;
    const next = this.foldChain.then(async () => {
      this.foldQueued = null;
      this.dirty = false;
      this.foldRunning = next;
      try {
        await this.repo.foldPending();
      } catch (e) {
        // Nothing was folded (the transaction rolled back): the deltas stay and the next fold takes them.
        this.dirty = true;
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
  async settle(): Promise<void> {
    if (this.dirty || this.foldQueued) await this.fold();
    else if (this.foldRunning) await this.foldRunning.catch(() => this.fold());
  }

  /** An ingest wrote deltas: a fold follows within FOLD_DELAY_MS. */
  written(): void {
    this.dirty = true;
    if (this.foldTimer || this.closed) return;
    this.foldTimer = setTimeout(() => {
      this.foldTimer = undefined;
      void this.fold().catch(() => this.written());
    }, FOLD_DELAY_MS);
    this.foldTimer.unref();
  }

  stopTimer(): void {
    if (this.foldTimer) clearTimeout(this.foldTimer);
    this.foldTimer = undefined;
  }

  /** On close: what this process wrote folded into the roll-ups (best effort: a later start folds it otherwise). */
  async close(): Promise<void> {
    this.closed = true;
    this.stopTimer();
    // never leave a fold running on a connection the caller is about to close
    if (this.dirty || this.foldQueued) await this.fold().catch(() => undefined);
    else if (this.foldRunning) await this.foldRunning.catch(() => undefined);
  }

  /**
   * Hourly or daily means of a datastream between two times, with what this process wrote folded in first.
   * The bucket `from` falls in is included: "the last 30 days" asked at 00:10 must still show the day that
   * began at 00:00 thirty days ago, or a chart loses a day around midnight.
   */
  async series(datastreamId: number, interval: 'hour' | 'day', from: Date, to: Date) {
    await this.settle();
    const start = new Date(from);
    if (interval === 'day') start.setUTCHours(0, 0, 0, 0);
    else start.setUTCMinutes(0, 0, 0);
    return this.repo.rollupSeries(interval === 'hour' ? 'sensors_rollups_hourly' : 'sensors_rollups_daily', datastreamId, start, to);
  }

  /** Today's air quality, the worst areas and the trend of the annual PM2.5 mean. */
  async airQuality(tenant: TenantRow, target: { baseline: number; baselineYear: number | null; target: number; targetYear: number | null } | null) {
    const since = new Date(Date.now() - 86_400_000);
    await this.settle();
    const [pm25Areas, pm10Areas, years, sensors] = await Promise.all([
      this.repo.areaMeans(tenant.id, 'pm25', since),
      this.repo.areaMeans(tenant.id, 'pm10', since),
      this.repo.yearlyMeans(tenant.id, 'pm25'),
      this.sensorsRepo.listThings(tenant.id, ['active']),
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

  // ---------------------------------------------------------------- metrics (the KPIs' input)

  async countOnline(tenantId: number, from: string, to: string) {
    await this.settle();
    return this.repo.countOnline(tenantId, from, to);
  }

  async periodMean(tenantId: number, property: PropertyName, from: string, to: string) {
    await this.settle();
    return this.repo.periodMean(tenantId, property, from, to);
  }

  async daysOverEuPm10(tenantId: number, from: string, to: string) {
    await this.settle();
    return this.repo.daysOver(tenantId, 'pm10', EU_PM10_DAILY_LIMIT, from, to);
  }
}
