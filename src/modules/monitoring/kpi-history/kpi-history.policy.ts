/** Who may run a KPI snapshot by hand (the worker runs it on its own every few hours). */
export const SNAPSHOT_ROLES = ['staff', 'admin'] as const;

/**
 * Sensor-based metrics change every day, so one value per day is kept; the others (counts of reports,
 * datasets, participants) are kept when they change, and at least once a month so the chart has its points.
 */
export function cadenceOf(metric: string): 'daily' | 'on_change_or_monthly' {
  return metric.startsWith('air.') || metric.startsWith('sensors.') ? 'daily' : 'on_change_or_monthly';
}
