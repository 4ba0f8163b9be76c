/** Statistics rows → API shapes. */
import type { z } from 'zod';
import type { ReportsRepository } from '../reports/reports.repository.js';
import type { AreaStatsRow, StatsRow } from './stats.schemas.js';

type StatsDbRow = Awaited<ReturnType<ReportsRepository['stats']>>[number];
const days = (v: number | string | null) => (v === null ? null : Math.round(Number(v) * 100) / 100);
export function presentStats(r: StatsDbRow): z.infer<typeof StatsRow> {
  const fixed = Number(r.fixed);
  const inTarget = Number(r.fixed_in_target);
  const submitted = Number(r.submitted);
  return {
    month: r.month,
    category: r.category,
    submitted,
    acknowledged: Number(r.acknowledged),
    fixed,
    ackMedianDays: days(r.ack_median),
    ackP90Days: days(r.ack_p90),
    fixMedianDays: days(r.fix_median),
    fixP90Days: days(r.fix_p90),
    fixedWithinTarget: inTarget,
    // Share of the month's reports fixed within the category's target (not of those fixed).
    shareFixedWithinTarget: submitted === 0 ? null : Math.round((inTarget / submitted) * 1000) / 1000,
  };
}

type AreaStatsDbRow = Awaited<ReturnType<ReportsRepository['statsByArea']>>[number];
export function presentAreaStats(r: AreaStatsDbRow, names: Map<string, string>): z.infer<typeof AreaStatsRow> {
  const submitted = Number(r.submitted);
  const inTarget = Number(r.fixed_in_target);
  return {
    area: r.area,
    name: r.area ? (names.get(r.area) ?? r.area) : null,
    submitted,
    stillOpen: Number(r.still_open),
    fixed: Number(r.fixed),
    fixMedianDays: days(r.fix_median),
    fixedWithinTarget: inTarget,
    shareFixedWithinTarget: submitted === 0 ? null : Math.round((inTarget / submitted) * 1000) / 1000,
  };
}
