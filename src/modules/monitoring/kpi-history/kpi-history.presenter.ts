import type { z } from 'zod';
import type { MetricDefinition } from '../../../core/metrics.js';
import { cadenceOf } from './kpi-history.policy.js';
import type { Metric } from './kpi-history.schemas.js';

export function presentMetric(m: MetricDefinition): z.infer<typeof Metric> {
  return { name: m.name, unit: m.unit, description: m.description, cadence: cadenceOf(m.name) };
}
