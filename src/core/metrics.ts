/**
 * Platform metrics: numbers one module computes from its data and another uses — above all, the strategy's
 * automatic KPIs (a KPI names a metric such as "air.pm25_annual_mean" and its measurements come from the
 * data, not from typing). A module registers its metrics when it is created; until one does, the KPI
 * honestly shows "no data".
 */

export interface MetricPeriod {
  /** inclusive start, ISO date */
  from: string;
  /** exclusive end, ISO date */
  to: string;
}

export interface MetricDefinition {
  name: string; // "<module>.<metric>", e.g. "participation.consultation_participants_max"
  unit: string;
  description: string;
  /** the value for a tenant over a period, or null when there is no data for it */
  compute(tenantId: number, period: MetricPeriod): Promise<number | null>;
}

export class MetricsRegistry {
  private readonly metrics = new Map<string, MetricDefinition>();

  register(def: MetricDefinition): void {
    if (!/^[a-z]+\.[a-z0-9_]+$/.test(def.name)) throw new Error(`metric name "${def.name}" must look like module.metric_name`);
    if (this.metrics.has(def.name)) throw new Error(`metric "${def.name}" is registered twice`);
    this.metrics.set(def.name, def);
  }

  get(name: string): MetricDefinition | undefined {
    return this.metrics.get(name);
  }

  list(): MetricDefinition[] {
    return [...this.metrics.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async compute(name: string, tenantId: number, period: MetricPeriod): Promise<number | null> {
    const def = this.metrics.get(name);
    return def ? def.compute(tenantId, period) : null;
  }
}
