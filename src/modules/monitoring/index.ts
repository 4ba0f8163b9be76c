/**
 * Monitoring & evaluation (issue 14): the reporting calendar and project teams, progress reports with their
 * review workflow, reminders and overdue flags. It uses the strategy module (projects, KPIs, timeline) and,
 * when installed, participation (authors of proposals that became projects) — only through their service APIs.
 *
 * Resources, each in its folder with routes / schemas / service / repository / presenter / policy / tests:
 * - calendar/          the reporting calendar and project teams
 * - progress-reports/  progress reports, attachments, overdue, reminders
 * - kpi-history/       automatic KPIs' values stored as history; the metrics a KPI can be wired to
 * - maturity/          the maturity matrix self-assessment: the city's model, rounds, criteria states
 * - evaluations/       evaluation rounds, findings, recommendations, HTML and PDF reports
 */
import { SYSTEM } from '../../core/actor.js';
import { defineModule } from '../module.js';
import { monitoringPersonalData } from './monitoring.personal-data.repository.js';
import { CalendarRepository } from './calendar/calendar.repository.js';
import { calendarRoutes } from './calendar/calendar.routes.js';
import { CalendarService } from './calendar/calendar.service.js';
import { EvaluationsRepository } from './evaluations/evaluations.repository.js';
import { evaluationsRoutes } from './evaluations/evaluations.routes.js';
import { EvaluationReportsService } from './evaluations/evaluations.reports.service.js';
import { EvaluationsService } from './evaluations/evaluations.service.js';
import { evaluationDatasets } from './evaluations/evaluations.datasets.js';
import { evaluationsDemo } from './evaluations/evaluations.demo.js';
import { kpiHistoryRoutes } from './kpi-history/kpi-history.routes.js';
import { KpiHistoryService } from './kpi-history/kpi-history.service.js';
import { maturityDatasets } from './maturity/maturity.datasets.js';
import { maturityDemo } from './maturity/maturity.demo.js';
import { MaturityRepository } from './maturity/maturity.repository.js';
import { maturityRoutes } from './maturity/maturity.routes.js';
import { MaturityService } from './maturity/maturity.service.js';
import { AttachmentStore } from './progress-reports/progress-reports.attachments.js';
import { progressReportsDemo } from './progress-reports/progress-reports.demo.js';
import { ProgressReportsRepository } from './progress-reports/progress-reports.repository.js';
import { progressReportsRoutes } from './progress-reports/progress-reports.routes.js';
import { ReportDeadlinesService } from './progress-reports/progress-reports.deadlines.service.js';
import { ProgressReportsService } from './progress-reports/progress-reports.service.js';
import { progressReportsPolicy } from './progress-reports/progress-reports.policy.js';
import { registerMonitoringNotices } from './monitoring.notices.js';
import './monitoring.tables.js';
import './monitoring.events.js';
import './evaluations/evaluations.tables.js';
import './evaluations/evaluations.events.js';

export type { ProgressReportEvent } from './monitoring.events.js';
export { CalendarService } from './calendar/calendar.service.js';
export { ProgressReportsService } from './progress-reports/progress-reports.service.js';
export { ReportDeadlinesService } from './progress-reports/progress-reports.deadlines.service.js';
export { KpiHistoryService } from './kpi-history/kpi-history.service.js';
export { MaturityService, type RoundLevels } from './maturity/maturity.service.js';
export { EvaluationsService } from './evaluations/evaluations.service.js';
export { EvaluationReportsService } from './evaluations/evaluations.reports.service.js';

/** The module's service API: one service per resource. */
export interface MonitoringService {
  calendar: CalendarService;
  progressReports: ProgressReportsService;
  /** what reports are owed when: overdue, console counters, a project's reporting state, reminders */
  reportDeadlines: ReportDeadlinesService;
  kpiHistory: KpiHistoryService;
  /** the maturity matrix; `levelsSummary(tenantId)` gives reports the latest and previous published levels */
  maturity: MaturityService;
  evaluations: EvaluationsService;
  /** an evaluation round's reports as HTML and PDF */
  evaluationReports: EvaluationReportsService;
}

declare module '../module.js' {
  interface ModuleServices {
    monitoring: MonitoringService;
  }
}

const HOUR = 3_600_000;
const timers = new WeakMap<MonitoringService, NodeJS.Timeout[]>();

export const monitoringModule = defineModule({
  name: 'monitoring',
  abilities: progressReportsPolicy,
  create(ctx) {
    const strategy = ctx.modules.strategy;
    if (!strategy) throw new Error('the monitoring module needs the strategy module (list it after strategy in src/modules/registry.ts)');
    const calendar = new CalendarService({ db: ctx.db, repo: new CalendarRepository(ctx.db), strategy, users: ctx.core.users });
    const reportsRepo = new ProgressReportsRepository(ctx.db);
    const progressReports = new ProgressReportsService({
      db: ctx.db,
      repo: reportsRepo,
      calendar,
      strategy,
      participation: ctx.modules.participation,
      notifications: ctx.core.notifications,
      files: new AttachmentStore(ctx.storage),
    });
    const reportDeadlines = new ReportDeadlinesService({ db: ctx.db, repo: reportsRepo, calendar, strategy, notifications: ctx.core.notifications, tenants: ctx.core.tenants });
    registerMonitoringNotices(ctx.core.notifications, ctx.core.tenants);
    const kpiHistory = new KpiHistoryService({ db: ctx.db, strategy, metrics: ctx.metrics, tenants: ctx.core.tenants, log: ctx.log });
    const maturity = new MaturityService({ db: ctx.db, repo: new MaturityRepository(ctx.db), strategy, tenants: ctx.core.tenants, opendata: ctx.modules.opendata, sensors: ctx.modules.sensors });
    const evaluationsRepo = new EvaluationsRepository(ctx.db);
    const evaluations = new EvaluationsService({ db: ctx.db, repo: evaluationsRepo, strategy, participation: ctx.modules.participation, metrics: ctx.metrics, progressReports, maturity, notices: ctx.core.notifications });
    const evaluationReports = new EvaluationReportsService({ repo: evaluationsRepo, evaluations });
    const service: MonitoringService = { calendar, progressReports, reportDeadlines, kpiHistory, maturity, evaluations, evaluationReports };
    // Reminders (15 days before a report is due, 3 days after): checked hourly, and once shortly after start.
    const sweep = () =>
      reportDeadlines.sendReminders().then(
        (n) => n && ctx.log.info({ reminders: n }, 'sent progress report reminders'),
        (e: unknown) => ctx.log.warn({ err: e }, 'progress report reminders failed'),
      );
    // KPI history: automatic KPIs' values stored (daily for sensor metrics, on change or monthly for others).
    const snapshot = () =>
      kpiHistory.snapshotAll().then(
        (n) => n && ctx.log.info({ values: n }, 'stored automatic KPI values'),
        (e: unknown) => ctx.log.warn({ err: e }, 'KPI snapshot failed'),
      );
    timers.set(service, [
      setTimeout(() => void sweep(), 90_000).unref(),
      setInterval(() => void sweep(), HOUR).unref(),
      setTimeout(() => void snapshot(), 120_000).unref(),
      setInterval(() => void snapshot(), 6 * HOUR).unref(),
    ]);
    return service;
  },
  datasets: (service) => [...maturityDatasets({ maturity: service.maturity, reports: service.progressReports }), ...evaluationDatasets(service.evaluations)],
  async routes(app, service) {
    app.addHook('onClose', async () => (timers.get(service) ?? []).forEach((t) => clearTimeout(t)));
    await calendarRoutes(app, service.calendar);
    await progressReportsRoutes(app, service.progressReports, service.reportDeadlines);
    await kpiHistoryRoutes(app, service.kpiHistory);
    await maturityRoutes(app, service.maturity);
    await evaluationsRoutes(app, service.evaluations, service.evaluationReports);
  },
  console: (service, tenant) => service.reportDeadlines.consoleCounters(tenant),
  personalData: { export: (_ctx, userId, trx) => monitoringPersonalData(trx, userId) },
  demo: [
    {
      name: 'KPIs wired to the metrics that can compute them, and their first stored values',
      async run(ctx, service) {
        const strategy = ctx.built.modules.strategy!;
        for (const [slug, code, metric] of DEMO_WIRING) {
          const tenant = await ctx.built.services.tenants.bySlug(slug);
          const kpi = (await strategy.automaticKpis(tenant.id)).find((k) => k.code === code);
          if (!kpi) await strategy.updateKpi(SYSTEM, tenant, code, { automaticMetric: metric }).catch((e: unknown) => ctx.log(`    ${slug} ${code}: not wired (${(e as Error).message})`));
        }
        for (const tenant of await ctx.built.services.tenants.list()) {
          const r = await service.kpiHistory.snapshot(tenant);
          ctx.log(`    ${tenant.slug}: ${r.recorded.length} automatic KPI values stored`);
        }
      },
    },
    progressReportsDemo,
    maturityDemo,
    // After the KPI snapshot above, so the report has this year's automatic values.
    evaluationsDemo,
  ],
});

/**
 * KPIs of the real strategies that a platform metric can compute but whose document does not name it
 * (Timișoara's five automatic KPIs are named in its document already).
 */
const DEMO_WIRING: [string, string, string][] = [['baia-mare', 'O4.K6', 'air.pm10_annual_mean']];
