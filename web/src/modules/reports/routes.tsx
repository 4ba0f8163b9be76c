/**
 * The reports module's pages (issue 5): list and map, the report form, a report's page with staff triage,
 * the emailed confirmation link, "my reports", the staff queue and the statistics.
 */
import type { CitySection, ModuleRoute, StaffTool } from '../registry';
import { ConfirmPage } from './pages/ConfirmPage';
import { MyReportsPage } from './pages/MyReportsPage';
import { NewReportPage } from './pages/NewReportPage';
import { QueuePage } from './pages/QueuePage';
import { ReportPage } from './pages/ReportPage';
import { ReportsPage } from './pages/ReportsPage';
import { StatsPage } from './pages/StatsPage';
import { SupportConfirmPage } from './pages/SupportConfirmPage';
import { UnsubscribePage } from './pages/UnsubscribePage';
import './reports.css';

export const routes: ModuleRoute[] = [
  { path: '/:tenant/reports', element: <ReportsPage /> },
  { path: '/:tenant/reports/new', element: <NewReportPage /> },
  { path: '/:tenant/reports/confirm', element: <ConfirmPage /> },
  { path: '/:tenant/reports/support-confirm', element: <SupportConfirmPage /> },
  { path: '/:tenant/reports/unsubscribe', element: <UnsubscribePage /> },
  { path: '/:tenant/reports/mine', element: <MyReportsPage /> },
  { path: '/:tenant/reports/queue', element: <QueuePage /> },
  { path: '/:tenant/reports/stats', element: <StatsPage /> },
  { path: '/:tenant/reports/:id', element: <ReportPage /> },
];

export const sections: CitySection[] = [{ path: 'reports', labelKey: 'reports.section.label', descriptionKey: 'reports.section.description', order: 30 }];

/** Staff tools on the console (/{city}/admin). */
export const tools: StaffTool[] = [
  { path: 'reports/queue', labelKey: 'reports.tools.queue', group: 'reports', counters: ['reports.toTriage', 'reports.overdue'] },
  { path: 'reports/stats', labelKey: 'reports.tools.stats', group: 'reports' },
];
