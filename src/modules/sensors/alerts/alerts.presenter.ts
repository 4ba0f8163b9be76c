/** Alert rules and alerts → API shapes. */
import { iso } from '../sensors.presenter.js';
import type { SensorsRepository } from '../sensors.repository.js';

type Rule = Awaited<ReturnType<SensorsRepository['activeRules']>>[number];
type AlertRow = Awaited<ReturnType<SensorsRepository['alerts']>>[number];

export function presentRule(r: Rule) {
  return { id: Number(r.id), property: r.property, threshold: r.threshold, clearBelow: r.clear_below, durationMinutes: r.duration_minutes, area: r.area, createdAt: iso(r.created_at)! };
}

export function presentAlert(a: AlertRow) {
  return {
    id: Number(a.id),
    ruleId: Number(a.rule_id),
    sensor: { id: Number(a.thing_id), name: a.thing_name, area: a.area },
    property: a.property,
    threshold: a.threshold,
    raisedAt: iso(a.raised_at)!,
    raisedValue: a.raised_value,
    peakValue: a.peak_value,
    clearedAt: iso(a.cleared_at),
  };
}
