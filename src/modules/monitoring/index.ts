/**
 * Monitoring & evaluation (issue 14): the reporting calendar and project teams, progress reports with their
 * review workflow, reminders and overdue flags. It uses the strategy module (projects, KPIs, timeline) and,
 * when installed, participation (authors of proposals that became projects) — only through their service APIs.
 *
 * Resources, each in its folder with routes / schemas / service / repository / presenter / policy / tests:
 * - calendar/          the reporting calendar and project teams
 * - progress-reports/  progress reports, attachments, overdue, reminders
 */
import { defineModule } from '../module.js';
import { CalendarRepository } from './calendar/calendar.repository.js';
import { calendarRoutes } from './calendar/calendar.routes.js';
import { CalendarService } from './calendar/calendar.service.js';
import { AttachmentStore } from './progress-reports/progress-reports.attachments.js';
import { ProgressReportsRepository } from './progress-reports/progress-reports.repository.js';
import { progressReportsRoutes } from './progress-reports/progress-reports.routes.js';
import { ProgressReportsService } from './progress-reports/progress-reports.service.js';
import './monitoring.tables.js';
import './monitoring.events.js';

export type { ProgressReportEvent } from './monitoring.events.js';
export { CalendarService } from './calendar/calendar.service.js';
export { ProgressReportsService } from './progress-reports/progress-reports.service.js';

/** The module's service API: one service per resource. */
export interface MonitoringService {
  calendar: CalendarService;
  progressReports: ProgressReportsService;
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
  create(ctx) {
    const strategy = ctx.modules.strategy;
    if (!strategy) throw new Error('the monitoring module needs the strategy module (list it after strategy in src/modules/registry.ts)');
    const calendar = new CalendarService({ db: ctx.db, repo: new CalendarRepository(ctx.db), strategy, users: ctx.core.users });
    const progressReports = new ProgressReportsService({
      db: ctx.db,
      repo: new ProgressReportsRepository(ctx.db),
      calendar,
      strategy,
      participation: ctx.modules.participation,
      notifications: ctx.core.notifications,
      tenants: ctx.core.tenants,
      files: new AttachmentStore(ctx.config.dataDir),
    });
    const service: MonitoringService = { calendar, progressReports };
    // Reminders (15 days before a report is due, 3 days after): checked hourly, and once shortly after start.
    const sweep = () =>
      progressReports.sendReminders().then(
        (n) => n && ctx.log.info({ reminders: n }, 'sent progress report reminders'),
        (e: unknown) => ctx.log.warn({ err: e }, 'progress report reminders failed'),
      );
    timers.set(service, [setTimeout(() => void sweep(), 90_000).unref(), setInterval(() => void sweep(), HOUR).unref()]);
    return service;
  },
  async routes(app, service) {
    app.addHook('onClose', async () => (timers.get(service) ?? []).forEach((t) => clearTimeout(t)));
    await calendarRoutes(app, service.calendar);
    await progressReportsRoutes(app, service.progressReports);
  },
});
