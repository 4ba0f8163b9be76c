/**
 * What progress reports are owed when: the overdue list of the staff dashboard, the console's counters, a
 * project's public reporting state, and the reminders to project teams (15 days before a report is due and 3
 * days after; what is still owed after its due date is "overdue"). Reads the calendar and the reports; writes
 * only the reminders, each with its mark, notifications and event in one transaction.
 */
import type { z } from 'zod';
import type { Db } from '../../../core/db.js';
import { notFound } from '../../../core/errors.js';
import { emit } from '../../../core/events.js';
import type { ConsoleCounter } from '../../module.js';
import type { NotificationsService } from '../../notifications/index.js';
import type { StrategyService } from '../../strategy/index.js';
import type { TenantRow, TenantsService } from '../../tenants/index.js';
import { addDays, daysBetween, type Period, periodAt, periodsDueBy } from '../calendar/calendar.periods.js';
import { type CalendarService, today } from '../calendar/calendar.service.js';
import { msg } from '../monitoring.messages.js';
import type { ProgressReportsRepository } from './progress-reports.repository.js';
import type * as S from './progress-reports.schemas.js';

export interface ReportDeadlinesDeps {
  db: Db;
  repo: ProgressReportsRepository;
  calendar: CalendarService;
  strategy: StrategyService;
  notifications: NotificationsService;
  tenants: TenantsService;
}

/** a report is owed for a period until one is submitted or approved */
const DONE = new Set(['submitted', 'approved']);
/** an overdue reminder is not sent for periods that were due longer ago than this (a calendar set late) */
const OVERDUE_REMINDER_WINDOW_DAYS = 90;

export class ReportDeadlinesService {
  constructor(private readonly deps: ReportDeadlinesDeps) {}

  /** Each scheduled project's periods due by `until`, with the reports that cover them. */
  private async owed(tenantId: number, until: string) {
    const schedule = await this.deps.calendar.schedule(tenantId);
    const reports = await this.deps.repo.periods(tenantId, schedule.map((s) => s.project));
    const byKey = new Map(reports.map((r) => [`${r.project_code}|${r.period_start}`, r]));
    return schedule.map(({ project, rule }) => ({ project, rule, periods: periodsDueBy(rule, until).map((p) => ({ period: p, report: byKey.get(`${project}|${p.start}`) })) }));
  }

  /** The reports still owed after their due date (the staff dashboard's count and list). */
  async overdue(tenant: TenantRow, on = today()): Promise<z.infer<typeof S.OverdueResponse>> {
    const items: z.infer<typeof S.OverdueResponse>['items'] = [];
    for (const { project, periods } of await this.owed(tenant.id, addDays(on, -1)))
      for (const { period, report } of periods)
        if (!report || !DONE.has(report.status)) items.push({ project, periodStart: period.start, periodEnd: period.end, dueOn: period.dueOn, overdueSince: addDays(period.dueOn, 1), daysOverdue: daysBetween(period.dueOn, on), reportId: report?.id ?? null });
    items.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.project.localeCompare(b.project)));
    return { count: items.length, items };
  }

  /**
   * Counters for the staff console: reports owed within the next 30 days (not yet submitted), reports overdue,
   * and reports submitted and waiting for approval.
   */
  async consoleCounters(tenant: TenantRow, on = today()): Promise<ConsoleCounter[]> {
    let due = 0;
    let overdue = 0;
    let toApprove = 0;
    for (const { periods } of await this.owed(tenant.id, addDays(on, 30)))
      for (const { period, report } of periods) {
        if (report?.status === 'submitted') toApprove++;
        if (report && DONE.has(report.status)) continue;
        if (period.dueOn < on) overdue++;
        else due++;
      }
    return [
      { key: 'reportsDue', count: due, tone: 'info' },
      { key: 'reportsOverdue', count: overdue, tone: overdue > 0 ? 'attention' : 'info' },
      { key: 'reportsToApprove', count: toApprove, tone: toApprove > 0 ? 'attention' : 'info' },
    ];
  }

  /** A project's reporting state for its public page ("report overdue since …"). */
  async projectReporting(tenant: TenantRow, code: string, on = today()): Promise<z.infer<typeof S.ProjectReportingResponse>> {
    if (!(await this.deps.strategy.getProject(tenant.id, code))) throw notFound('project');
    const rule = await this.deps.calendar.ruleFor(tenant.id, code);
    const reports = await this.deps.repo.periods(tenant.id, [code]);
    const approved = reports.filter((r) => r.status === 'approved').sort((a, b) => (a.period_start < b.period_start ? 1 : -1))[0];
    const full = approved ? await this.deps.repo.byId(tenant.id, approved.id) : undefined;
    const lastApproved = full ? { number: full.number, periodStart: full.period_start, periodEnd: full.period_end, approvedAt: full.approved_at!.toISOString() } : null;
    if (!rule) return { project: code, periodMonths: null, overdueSince: null, nextDue: null, lastApproved, openPeriods: [] };
    const done = new Set(reports.filter((r) => DONE.has(r.status)).map((r) => r.period_start));
    const started = new Set(reports.map((r) => r.period_start));
    const openPeriods: { start: string; end: string; dueOn: string }[] = [];
    for (let i = 0; i < 200; i++) {
      const p = periodAt(rule, i);
      if (p.start > on) break;
      if (!started.has(p.start)) openPeriods.push({ start: p.start, end: p.end, dueOn: p.dueOn });
    }
    const due = periodsDueBy(rule, addDays(on, -1));
    const firstOwed = due.find((p) => !done.has(p.start));
    let next: Period = periodAt(rule, due.length);
    while (done.has(next.start)) next = periodAt(rule, next.index + 1);
    return { project: code, periodMonths: rule.periodMonths, overdueSince: firstOwed ? addDays(firstOwed.dueOn, 1) : null, nextDue: { periodStart: next.start, periodEnd: next.end, dueOn: next.dueOn }, lastApproved, openPeriods };
  }

  /**
   * Sends the reminders due on `on` to project teams, once each: 15 days before a report is due, and 3
   * days after its due date while it is still owed. Each reminder is its own transaction (the mark that it
   * was sent, the notifications with their queued e-mails, the event). Returns how many were sent.
   */
  async sendReminders(on = today()): Promise<number> {
    let sent = 0;
    const tenants = await this.deps.tenants.list();
    for (const tenantId of await this.deps.calendar.tenantIds()) {
      const tenant = tenants.find((t) => t.id === tenantId);
      if (!tenant) continue;
      for (const { project, periods } of await this.owed(tenantId, addDays(on, 15))) {
        for (const { period, report } of periods) {
          if (report && DONE.has(report.status)) continue;
          const toDue = daysBetween(on, period.dueOn);
          const kind = toDue >= 0 && toDue <= 15 ? 'before_due' : toDue <= -3 && toDue >= -OVERDUE_REMINDER_WINDOW_DAYS ? 'overdue' : undefined;
          if (kind && (await this.remind(tenant, project, period, kind))) sent++;
        }
      }
    }
    return sent;
  }

  private remind(tenant: TenantRow, project: string, period: Period, kind: 'before_due' | 'overdue'): Promise<boolean> {
    return this.deps.db.transaction().execute(async (trx) => {
      if (!(await this.deps.repo.markReminder(trx, { tenant_id: tenant.id, project_code: project, period_start: period.start, kind }))) return false;
      const team = await this.deps.calendar.team(tenant.id, project, trx);
      await emit(trx, 'monitoring.progressReport.reminderSent', { tenantId: tenant.id, projectCode: project, periodStart: period.start, dueOn: period.dueOn, kind, teamUserIds: team }, tenant.id);
      await this.deps.notifications.notifyUsers(trx, team, tenant.id, (locale) => ({
        kind: `monitoring.progressReport.${kind === 'before_due' ? 'reminder' : 'overdue'}`,
        subject: msg(kind === 'before_due' ? 'reminderBeforeSubject' : 'reminderOverdueSubject', locale, { code: project, due: period.dueOn }),
        body: msg('reminderBody', locale, { start: period.start, end: period.end }),
        link: `/${tenant.slug}/monitoring/reports`,
      }));
      return true;
    });
  }
}
