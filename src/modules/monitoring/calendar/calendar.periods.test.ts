import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, daysBetween, periodAt, periodStartingOn, periodsDueBy } from './calendar.periods.js';

const rule = { periodMonths: 6, firstPeriodStart: '2026-01-01', dueDays: 30 };

describe('reporting periods', () => {
  it('cuts half-years with the report due 30 days after the last day', () => {
    expect(periodAt(rule, 0)).toEqual({ index: 0, start: '2026-01-01', end: '2026-06-30', dueOn: '2026-07-30' });
    expect(periodAt(rule, 1)).toEqual({ index: 1, start: '2026-07-01', end: '2026-12-31', dueOn: '2027-01-30' });
    expect(periodAt({ ...rule, periodMonths: 12 }, 1)).toMatchObject({ start: '2027-01-01', end: '2027-12-31' });
  });

  it('clamps to the end of short months', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
  });

  it('knows which days start a period and which do not', () => {
    expect(periodStartingOn(rule, '2026-07-01')?.index).toBe(1);
    expect(periodStartingOn(rule, '2026-04-01')).toBeUndefined();
    expect(periodStartingOn(rule, '2026-07-02')).toBeUndefined();
    expect(periodStartingOn(rule, '2025-07-01')).toBeUndefined();
  });

  it('lists the periods due by a date', () => {
    expect(periodsDueBy(rule, '2026-07-29')).toEqual([]);
    expect(periodsDueBy(rule, '2027-01-30').map((p) => p.start)).toEqual(['2026-01-01', '2026-07-01']);
  });

  it('periods tile the calendar without gaps or overlaps (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }), fc.constantFrom(6, 12), fc.integer({ min: 0, max: 40 }), (d, months, i) => {
        const r = { periodMonths: months, firstPeriodStart: d.toISOString().slice(0, 10), dueDays: 10 };
        const a = periodAt(r, i);
        const b = periodAt(r, i + 1);
        expect(daysBetween(a.end, b.start)).toBe(1);
        expect(a.start < a.end).toBe(true);
        if (Number(r.firstPeriodStart.slice(8)) <= 28) expect(periodStartingOn(r, b.start)?.index).toBe(i + 1);
      }),
    );
  });
});
