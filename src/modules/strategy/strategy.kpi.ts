/**
 * KPI progress and status: the rule written in docs/strategy.md, as pure functions so they can be tested
 * without a database and reused by the presenter, the tree and the CSV export.
 */
import type { z } from 'zod';
import type { KpiBaseline, KpiTarget } from './strategy.document.js';
import type { KpiStatus } from './strategy.schemas.js';

export type StatusReason = 'computed' | 'no_measurement' | 'no_baseline' | 'no_target' | 'metric_not_registered' | 'metric_no_data' | 'target_reached';

export interface KpiInput {
  direction: 'increase' | 'decrease' | 'reach';
  baseline: z.infer<typeof KpiBaseline>;
  target: z.infer<typeof KpiTarget>;
}

export interface Period {
  start: number;
  end: number;
}

/** The value the target means in the KPI's unit, or null when it cannot be known. */
export function targetValue(k: KpiInput): number | null {
  const t = k.target;
  if (t.value === null) return null;
  const b = k.baseline.available ? k.baseline.value : null;
  switch (t.kind) {
    case 'absolute':
    case 'boolean':
      return t.value;
    case 'multiplier':
      return b === null ? null : b * t.value;
    case 'delta':
      return b === null ? null : b + t.value;
    default:
      return null;
  }
}

/** Share of the period [1 January of `start`, 31 December of `end`] elapsed on `date`, 0–100. */
export function elapsedPercent(period: Period, date: Date): number {
  const from = Date.UTC(period.start, 0, 1);
  const to = Date.UTC(period.end, 11, 31, 23, 59, 59);
  if (to <= from) return 100;
  return clamp(((date.getTime() - from) / (to - from)) * 100, 0, 100);
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/** Points below the expected progress that are still "on track", and down to which it is "at risk". */
export const ON_TRACK_TOLERANCE = 10;
export const AT_RISK_TOLERANCE = 25;

export interface Evaluation {
  targetValue: number | null;
  progress: number | null;
  status: KpiStatus;
  reason: StatusReason;
}

/**
 * Progress and status of a KPI from its latest value.
 * - progress = (latest − baseline) / (target − baseline), as a percentage capped to 0–100; for a boolean target,
 *   100 when the latest value equals the target (1 = yes) and 0 otherwise;
 * - a value at or beyond the target in the KPI's direction is 100 % ("target reached"), whatever the baseline;
 *   otherwise, without a baseline, there is no data;
 * - status compares progress with the share of the period (strategy start → target year, or the strategy's
 *   end) elapsed at the date of the latest value: on track when progress ≥ expected − 10 points, at risk down
 *   to expected − 25, off track below. Reaching the target is always on track.
 */
export function evaluateKpi(k: KpiInput, latest: { value: number; date: string } | null, strategyPeriod: Period, missing: StatusReason = 'no_measurement'): Evaluation {
  const tv = targetValue(k);
  if (k.target.kind === 'none' || k.target.value === null) return { targetValue: tv, progress: null, status: 'no_data', reason: latest ? 'no_target' : missing };
  if (!latest) return { targetValue: tv, progress: null, status: 'no_data', reason: missing };
  const v = latest.value;
  const reached = (t: number) => (k.direction === 'decrease' ? v <= t : k.direction === 'increase' ? v >= t : Math.abs(v - t) < 1e-9 || v === t);
  let progress: number;
  if (k.target.kind === 'boolean') {
    progress = v === k.target.value ? 100 : 0;
  } else {
    const b = k.baseline.available ? k.baseline.value : null;
    if (tv === null) return { targetValue: tv, progress: null, status: 'no_data', reason: 'no_baseline' };
    // A value at or beyond the target (in the KPI's direction) has reached it, whatever the baseline.
    if (reached(tv)) return { targetValue: tv, progress: 100, status: 'on_track', reason: 'target_reached' };
    if (b === null) return { targetValue: tv, progress: null, status: 'no_data', reason: 'no_baseline' };
    progress = tv === b ? 0 : clamp(((v - b) / (tv - b)) * 100, 0, 100);
  }
  progress = round1(progress);
  if (progress >= 100) return { targetValue: tv, progress, status: 'on_track', reason: 'target_reached' };
  const period = { start: strategyPeriod.start, end: k.target.year ?? strategyPeriod.end };
  const expected = elapsedPercent(period, new Date(`${latest.date}T12:00:00Z`));
  const status: KpiStatus = progress >= expected - ON_TRACK_TOLERANCE ? 'on_track' : progress >= expected - AT_RISK_TOLERANCE ? 'at_risk' : 'off_track';
  return { targetValue: tv, progress, status, reason: 'computed' };
}
