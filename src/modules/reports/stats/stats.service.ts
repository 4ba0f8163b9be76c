/**
 * The reports' statistics (monthly per category, per area), the city's areas, the staff console's counters
 * and the city page's block. Statistics are public and move slowly: kept a minute (reports.common.ts).
 */
import type { ConsoleCounter, OverviewBlock } from '../../module.js';
import type { TenantRow } from '../../tenants/index.js';
import { type Area, areasExact, areasOf, NEIGHBOURHOODS_ATTRIBUTION } from '../reports.areas.js';
import type { ReportCaches } from '../reports.common.js';
import type { ReportsRepository } from '../reports/reports.repository.js';

export class StatsService {
  constructor(private readonly d: { repo: ReportsRepository; caches: ReportCaches }) {}

  /**
   * Monthly statistics. They aggregate every report of a year, move slowly and are public, so they are
   * cached for a minute per city and period: a burst of visitors costs one query, not one each.
   */
  monthly(tenant: TenantRow, from: Date, to: Date) {
    return this.d.caches.stats.get(`${tenant.id}:${from.toISOString()}:${to.toISOString()}`, () => this.d.repo.stats(tenant.id, from, to, tenant.time_zone));
  }

  /** The city's areas (neighbourhood polygons, seeded approximate neighbourhood centres, or a grid), see reports.areas.ts. */
  areas(tenant: TenantRow): Area[] {
    return areasOf(tenant);
  }

  /** The city's neighbourhood polygons with their credit, when it has real ones (Timișoara); else undefined. */
  neighbourhoods(tenant: TenantRow): { items: Area[]; attribution: string } | undefined {
    return areasExact(tenant) ? { items: areasOf(tenant), attribution: NEIGHBOURHOODS_ATTRIBUTION } : undefined;
  }

  /** Statistics per area, cached like the monthly ones. */
  byArea(tenant: TenantRow, from: Date, to: Date) {
    return this.d.caches.areaStats.get(`${tenant.id}:${from.toISOString()}:${to.toISOString()}`, () => this.d.repo.statsByArea(tenant.id, from, to));
  }

  /** Counters for the staff console: reports to triage and reports past their target time. */
  async consoleCounters(tenant: TenantRow, now = new Date()): Promise<ConsoleCounter[]> {
    const c = await this.d.repo.consoleCounts(tenant.id, now);
    return [
      { key: 'toTriage', count: Number(c.to_triage), tone: Number(c.to_triage) > 0 ? 'attention' : 'info' },
      { key: 'overdue', count: Number(c.overdue), tone: Number(c.overdue) > 0 ? 'attention' : 'info' },
    ];
  }

  /** The city page's block: reports made this month (in the city's time zone) and the median days to fix over a year. */
  async overview(tenant: TenantRow, now = new Date()): Promise<OverviewBlock[]> {
    const monthStart = startOfMonth(now, tenant.time_zone);
    const yearAgo = new Date(now.getTime() - 365 * 86400_000);
    const [month, year] = await Promise.all([
      this.d.repo.aggregate(tenant.id, monthStart.toISOString(), now.toISOString()),
      this.d.repo.aggregate(tenant.id, yearAgo.toISOString(), now.toISOString()),
    ]);
    const median = year.fix_median === null ? null : Math.round(Number(year.fix_median) * 10) / 10;
    return [
      {
        key: 'reports',
        path: 'reports',
        headline: 'thisMonth',
        figures: [
          { key: 'thisMonth', value: Number(month.submitted), unit: 'count' },
          { key: 'medianDaysToFix', value: median, unit: 'days' },
        ],
      },
    ];
  }
}

/** The first instant of the month `now` falls in, in the given time zone. */
export function startOfMonth(now: Date, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  // The wall-clock time in the zone, read as if it were UTC, minus `now` is the zone's offset at `now`.
  const offset = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(now.getTime() / 1000) * 1000;
  return new Date(Date.UTC(get('year'), get('month') - 1, 1) - offset);
}
