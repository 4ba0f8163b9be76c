/**
 * Reporting periods, as pure date arithmetic on ISO dates (UTC): a calendar entry starts its first period on
 * `firstPeriodStart` and repeats every `periodMonths`; a period's report is due `dueDays` after its last day.
 */
export interface CalendarRule {
  periodMonths: number;
  firstPeriodStart: string;
  dueDays: number;
}

export interface Period {
  index: number;
  start: string;
  /** the last day of the period (inclusive) */
  end: string;
  dueOn: string;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const parse = (s: string) => new Date(`${s}T00:00:00Z`);

/** Adds months, clamping to the month's last day (31 January + 1 month = 28/29 February). */
export function addMonths(date: string, months: number): string {
  const d = parse(date);
  const day = d.getUTCDate();
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  t.setUTCDate(Math.min(day, last));
  return iso(t);
}

export function addDays(date: string, days: number): string {
  const d = parse(date);
  d.setUTCDate(d.getUTCDate() + days);
  return iso(d);
}

export function periodAt(rule: CalendarRule, index: number): Period {
  const start = addMonths(rule.firstPeriodStart, index * rule.periodMonths);
  const end = addDays(addMonths(rule.firstPeriodStart, (index + 1) * rule.periodMonths), -1);
  return { index, start, end, dueOn: addDays(end, rule.dueDays) };
}

/** The period that starts exactly on `start`, or undefined when no period of the rule starts that day. */
export function periodStartingOn(rule: CalendarRule, start: string): Period | undefined {
  if (start < rule.firstPeriodStart) return undefined;
  const d = parse(start);
  const f = parse(rule.firstPeriodStart);
  const months = (d.getUTCFullYear() - f.getUTCFullYear()) * 12 + d.getUTCMonth() - f.getUTCMonth();
  if (months % rule.periodMonths !== 0) return undefined;
  const p = periodAt(rule, months / rule.periodMonths);
  return p.start === start ? p : undefined;
}

/** Every period whose report was due, or is due, by `until` (a date): the ones a team could owe. */
export function periodsDueBy(rule: CalendarRule, until: string, max = 200): Period[] {
  const out: Period[] = [];
  for (let i = 0; i < max; i++) {
    const p = periodAt(rule, i);
    if (p.dueOn > until) break;
    out.push(p);
  }
  return out;
}

/** Whole days from `a` to `b` (negative when b is before a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((parse(b).getTime() - parse(a).getTime()) / 86_400_000);
}
