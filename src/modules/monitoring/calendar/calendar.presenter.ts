import type { z } from 'zod';
import type { CalendarRow } from './calendar.repository.js';
import type { CalendarEntry, CalendarListResponse } from './calendar.schemas.js';
import { periodAt, periodsDueBy } from './calendar.periods.js';
import { ruleOf } from './calendar.repository.js';

export function presentCalendarEntryList(list: { rows: CalendarRow[]; today: string; edit: boolean }): z.infer<typeof CalendarListResponse> {
  return { items: list.rows.map((r) => presentCalendarEntry(r, list.today)), abilities: { edit: list.edit } };
}

export function presentCalendarEntry(row: CalendarRow, today: string): z.infer<typeof CalendarEntry> {
  const rule = ruleOf(row);
  const next = periodAt(rule, periodsDueBy(rule, today).length);
  return { scope: row.scope_code, periodMonths: row.period_months, firstPeriodStart: row.first_period_start, dueDays: row.due_days, currentPeriod: { start: next.start, end: next.end, dueOn: next.dueOn } };
}
