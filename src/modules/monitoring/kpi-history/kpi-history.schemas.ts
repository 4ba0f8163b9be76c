/** Schemas of the KPI history: the platform metrics a KPI can be wired to, and a snapshot run. */
import { z } from 'zod';

export const Metric = z.object({ name: z.string(), unit: z.string(), description: z.string(), cadence: z.enum(['daily', 'on_change_or_monthly']).describe('how often its value is stored') }).meta({ id: 'MonitoringMetric' });
export const MetricListResponse = z.object({ items: z.array(Metric) });
export const SnapshotBody = z.strictObject({}).default({});
export const SnapshotResponse = z.object({ date: z.string(), recorded: z.array(z.object({ kpi: z.string(), metric: z.string(), value: z.number() })) });
