/**
 * KPI history: an automatic KPI's value is computed from a platform metric on every read, and stored here
 * as a measurement so the KPI has a history chart and its page never says "20,46" next to "no value
 * measured". Sensor-based metrics are stored daily, the others when they change and at least monthly
 * (`cadenceOf`). Writes go through the strategy module's service API (this resource has no tables, so no
 * repository). Values are for the calendar year to date, the same period the strategy pages compute.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../../core/db.js';
import type { MetricDefinition, MetricsRegistry } from '../../../core/metrics.js';
import type { StrategyService } from '../../strategy/index.js';
import type { TenantRow, TenantsService } from '../../tenants/index.js';
import { addMonths } from '../calendar/calendar.periods.js';
import { today } from '../calendar/calendar.service.js';
import { cadenceOf } from './kpi-history.policy.js';

export interface KpiHistoryDeps {
  db: Db;
  strategy: StrategyService;
  metrics: MetricsRegistry;
  tenants: TenantsService;
  log: FastifyBaseLogger;
}

export class KpiHistoryService {
  constructor(private readonly deps: KpiHistoryDeps) {}

  /** The metrics staff can wire a KPI to (the KPI's staff form lists them). */
  metrics(): MetricDefinition[] {
    return this.deps.metrics.list();
  }

  /** Computes every automatic KPI of a city for `on` and stores the values due (see the cadence). */
  async snapshot(tenant: TenantRow, on = today()) {
    const year = Number(on.slice(0, 4));
    const period = { from: `${year}-01-01`, to: `${year + 1}-01-01` };
    const due: { kpi: string; metric: string; value: number }[] = [];
    for (const k of await this.deps.strategy.automaticKpis(tenant.id)) {
      if (!this.deps.metrics.get(k.metric)) continue;
      const value = await this.deps.metrics.compute(k.metric, tenant.id, period).catch((e: unknown) => {
        this.deps.log.warn({ err: e, metric: k.metric }, 'metric failed; no KPI value stored');
        return null;
      });
      if (value === null || !Number.isFinite(value)) continue;
      const last = k.last;
      const store =
        cadenceOf(k.metric) === 'daily'
          ? !last || last.date < on || (last.date === on && last.value !== value)
          : !last || (last.date <= on && (last.value !== value || last.date <= addMonths(on, -1)));
      if (store) due.push({ kpi: k.code, metric: k.metric, value });
    }
    if (due.length)
      await this.deps.db.transaction().execute(async (trx) => {
        for (const d of due) await this.deps.strategy.recordAutomaticMeasurement(tenant, d.kpi, { date: on, value: d.value, source: `automatic: ${d.metric}` }, trx);
      });
    return { date: on, recorded: due };
  }

  /** Every city's snapshot (the periodic sweep). */
  async snapshotAll(on = today()): Promise<number> {
    let n = 0;
    for (const t of await this.deps.tenants.list()) n += (await this.snapshot(t, on)).recorded.length;
    return n;
  }
}
