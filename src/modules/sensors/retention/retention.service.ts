/**
 * Each city's raw-data retention: the setting (staff read it, admins change it), the hourly job deleting raw
 * rows older than it (roll-ups are kept), and the cached value the ingest checks readings against.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Actor } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { TtlCache } from '../../../core/cache.js';
import { invalidateOnEvents, onCacheChange } from '../../../core/cachebus.js';
import { emit } from '../../../core/events.js';
import type { TenantRow } from '../../tenants/index.js';
import type { SensorsRepository } from '../sensors.repository.js';
import type { SensorRollups } from '../rollups/rollups.service.js';

export class SensorRetention {
  /** each city's raw retention (days), read at most every 30 s; a change here or elsewhere drops it at once */
  private readonly cache = new TtlCache<number, number | null>(1_000, 30_000);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly repo: SensorsRepository,
    private readonly rollups: SensorRollups,
    private readonly log: FastifyBaseLogger,
  ) {
    // retention changed through another app node is dropped here too, at that change's commit
    invalidateOnEvents('sensors.retention', ['sensors.settings.updated']);
    onCacheChange('sensors.retention', (tenant) => (tenant === '*' ? this.cache.clear() : this.cache.delete(Number(tenant))));
  }

  /** The retention the ingest checks against: the usual request waits on no query for it. */
  days(tenantId: number): Promise<number | null> {
    return this.cache.get(tenantId, () => this.repo.retentionDays(tenantId));
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
    this.cache.delete(tenant.id);
    return { rawRetentionDays };
  }

  /** The retention job: deletes raw rows older than each city's retention, whole months where it can; the roll-ups stay. */
  async apply(): Promise<{ droppedMonths: number; deletedRows: number }> {
    // deltas are folded before their raw rows can go (a corrected hour is recomputed from its raw rows)
    await this.rollups.fold();
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

  /** Runs the job hourly while the app runs (started and stopped by the routes' lifecycle hooks): partitions made ahead, then retention. */
  startJob(): void {
    if (this.timer) return;
    const partitions = () => void this.ensurePartitions().catch((e: unknown) => this.log.error({ err: e }, 'making sensor partitions failed'));
    partitions();
    this.timer = setInterval(() => {
      partitions();
      void this.apply().catch((e: unknown) => this.log.error({ err: e }, 'sensor retention failed'));
    }, 3_600_000);
    this.timer.unref();
  }

  stopJob(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
