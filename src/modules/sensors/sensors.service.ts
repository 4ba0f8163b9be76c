/**
 * The sensors module's one API, for its routes and other modules. The work is done per resource: the ingest
 * (ingest/, NGSI-LD in ngsi-ld/ writes through writeWith), the roll-ups and the reads made from them (rollups/),
 * the registry of sensors and their series (registry/), Sensor.Community pushes and imports (sensor-community/),
 * alert rules and alerts (alerts/), raw-data retention (retention/) and follows (follows/); this file wires
 * them together and runs the demo network's live feed.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Actor } from '../../core/actor.js';
import type { NotificationsService } from '../notifications/index.js';
import type { TenantRow } from '../tenants/index.js';
import { SensorAlerts } from './alerts/alerts.service.js';
import { SensorFollows } from './follows/follows.service.js';
import { type BatchItem, MAX_BATCH, SensorIngest } from './ingest/ingest.service.js';
import { SensorRegistry } from './registry/registry.service.js';
import { SensorRetention } from './retention/retention.service.js';
import { SensorRollups } from './rollups/rollups.service.js';
import { SensorCommunity } from './sensor-community/sensor-community.service.js';
import type { ArchiveRow } from './sensors.formats.js';
import type { PropertyName } from './sensors.properties.js';
import type { IngestRepository, ObservationRow } from './ingest/ingest.repository.js';
import type { RollupsRepository } from './rollups/rollups.repository.js';
import type { SensorsRepository, Tx } from './sensors.repository.js';

export type { BatchItem, IngestResult } from './ingest/ingest.service.js';

interface Deps {
  repo: SensorsRepository;
  ingestRepo: IngestRepository;
  rollupsRepo: RollupsRepository;
  notifications: NotificationsService;
  log: FastifyBaseLogger;
  /** transactions of grouped small requests written at once (default 1) */
  groupsInFlight?: number;
}

export class SensorsService {
  private readonly repo: SensorsRepository;
  private readonly log: FastifyBaseLogger;
  private readonly rollups: SensorRollups;
  private readonly retention: SensorRetention;
  /** alert rules, and alerts raised and cleared as readings arrive */
  private readonly alertRules: SensorAlerts;
  private readonly ingest: SensorIngest;
  private readonly registry: SensorRegistry;
  private readonly community: SensorCommunity;
  private readonly following: SensorFollows;
  private liveTimer: NodeJS.Timeout | undefined;

  constructor(deps: Deps) {
    this.repo = deps.repo;
    this.log = deps.log;
    this.rollups = new SensorRollups(deps.rollupsRepo, deps.repo, deps.log);
    this.retention = new SensorRetention(deps.repo, this.rollups, deps.log);
    this.alertRules = new SensorAlerts(deps.repo);
    this.ingest = new SensorIngest({ repo: deps.repo, ingestRepo: deps.ingestRepo, log: deps.log, rollups: this.rollups, alerts: this.alertRules, retentionDays: (id) => this.retention.days(id), groupsInFlight: deps.groupsInFlight });
    this.registry = new SensorRegistry(deps.repo, this.rollups);
    this.community = new SensorCommunity(deps.repo, this.ingest);
    this.following = new SensorFollows(deps.repo, this.registry, deps.notifications);
  }

  // ---------------------------------------------------------------- ingest (ingest/, sensor-community/)

  /** Group commit for small requests (on by default; the benchmark switches it off for its same-run baseline). */
  get groupCommit(): boolean {
    return this.ingest.groupCommit;
  }
  set groupCommit(on: boolean) {
    this.ingest.groupCommit = on;
  }

  ingestBatch(tenant: TenantRow, items: BatchItem[]) {
    return this.ingest.batch(tenant, items);
  }

  /** Writes observations whose sensors or datastreams `rowsOf` creates first, in one transaction (the NGSI-LD write path). */
  writeWith(tenantId: number, rowsOf: (trx: Tx) => Promise<ObservationRow[]>) {
    return this.ingest.write(tenantId, rowsOf);
  }

  sensorCommunityPush(...args: Parameters<SensorCommunity['push']>) {
    return this.community.push(...args);
  }

  importArchiveRows(tenant: TenantRow, rows: ArchiveRow[]) {
    return this.community.importArchiveRows(tenant, rows);
  }

  // ---------------------------------------------------------------- roll-ups and the reads made from them (rollups/)

  foldRollups(): Promise<void> {
    return this.rollups.fold();
  }

  airQuality(...args: Parameters<SensorRollups['airQuality']>) {
    return this.rollups.airQuality(...args);
  }

  overview(tenant: TenantRow) {
    return this.rollups.overview(tenant);
  }

  countOnline(tenantId: number, from: string, to: string) {
    return this.rollups.countOnline(tenantId, from, to);
  }

  periodMean(tenantId: number, property: PropertyName, from: string, to: string) {
    return this.rollups.periodMean(tenantId, property, from, to);
  }

  daysOverEuPm10(tenantId: number, from: string, to: string) {
    return this.rollups.daysOverEuPm10(tenantId, from, to);
  }

  // ---------------------------------------------------------------- sensors and their series (registry/)

  listSensors(tenant: TenantRow, actor: Actor, status?: 'active' | 'pending' | 'inactive') {
    return this.registry.listSensors(tenant, actor, status);
  }

  getSensor(tenant: TenantRow, actor: Actor, id: number) {
    return this.registry.getSensor(tenant, actor, id);
  }

  series(...args: Parameters<SensorRegistry['series']>) {
    return this.registry.series(...args);
  }

  createSensor(...args: Parameters<SensorRegistry['createSensor']>) {
    return this.registry.createSensor(...args);
  }

  updateSensor(...args: Parameters<SensorRegistry['updateSensor']>) {
    return this.registry.updateSensor(...args);
  }

  sensorVisible(actor: Actor, tenant: TenantRow, id: string) {
    return this.registry.sensorVisible(actor, tenant, id);
  }

  isArea(tenant: TenantRow, name: string) {
    return this.registry.isArea(tenant, name);
  }

  // ---------------------------------------------------------------- retention (retention/)

  settings(tenant: TenantRow) {
    return this.retention.settings(tenant);
  }

  updateSettings(actor: Actor, tenant: TenantRow, rawRetentionDays: number | null) {
    return this.retention.updateSettings(actor, tenant, rawRetentionDays);
  }

  applyRetention(): Promise<{ droppedMonths: number; deletedRows: number }> {
    return this.retention.apply();
  }

  ensurePartitions(): Promise<number> {
    return this.retention.ensurePartitions();
  }

  startRetentionJob(): void {
    this.retention.startJob();
  }

  /** On close: timers stopped, and what this process wrote folded into the roll-ups (best effort: a later start folds it otherwise). */
  async close(): Promise<void> {
    this.retention.stopJob();
    if (this.liveTimer) clearInterval(this.liveTimer);
    this.liveTimer = undefined;
    await this.rollups.close();
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

  // ---------------------------------------------------------------- follows (follows/)

  follow(...args: Parameters<SensorFollows['follow']>) {
    return this.following.follow(...args);
  }

  follows(actor: Actor, tenant: TenantRow) {
    return this.following.follows(actor, tenant);
  }

  // ---------------------------------------------------------------- demo live feed

  /**
   * A simulated reading per demo sensor every minute, through the same path as the batch endpoint. Started
   * by the demo step only; stopped when the app closes (close, from the routes' onClose hook).
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
        for (let i = 0; i < items.length; i += MAX_BATCH) await this.ingest.batch(tenant, items.slice(i, i + MAX_BATCH));
      }
    };
    this.liveTimer = setInterval(() => void tick().catch((e: unknown) => this.log.warn({ err: e }, 'demo live feed tick failed')), everyMs);
    this.liveTimer.unref();
  }
}
