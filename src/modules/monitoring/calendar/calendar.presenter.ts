import type { z } from 'zod';
import type { CalendarRow } from './calendar.repository.js';
import type { CalendarEntry } from './calendar.schemas.js';
import { type CalendarRule, periodAt, periodsDueBy } from './calendar.periods.js';

export function ruleOf(row: CalendarRow): CalendarRule {
  return { periodMonths: row.period_months, firstPeriodStart: row.first_period_start, dueDays: row.due_days };
}

export function presentCalendarEntry(row: CalendarRow, today: string): z.infer<typeof CalendarEntry> {
  const rule = ruleOf(row);
  const next = periodAt(rule, periodsDueBy(rule, today).length);
  return { scope: row.scope_code, periodMonths: row.period_months, firstPeriodStart: row.first_period_start, dueDays: row.due_days, currentPeriod: { start: next.start, end: next.end, dueOn: next.dueOn } };
}
