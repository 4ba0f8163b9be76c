/**
 * The reports module's pages (issue 5): list and map, the report form, a report's page with staff triage,
 * the emailed confirmation link, "my reports", the staff queue and the statistics.
 */
import type { CitySection, ModuleRoute, StaffTool } from '../registry';
import { lazyPage } from '../../lazyPage';
import './reports.css';

const ConfirmPage = lazyPage(() => import('./pages/ConfirmPage'), 'ConfirmPage');
const MyReportsPage = lazyPage(() => import('./pages/MyReportsPage'), 'MyReportsPage');
const NewReportPage = lazyPage(() => import('./pages/NewReportPage'), 'NewReportPage');
const QueuePage = lazyPage(() => import('./pages/QueuePage'), 'QueuePage');
const ReportPage = lazyPage(() => import('./pages/ReportPage'), 'ReportPage');
const ReportsPage = lazyPage(() => import('./pages/ReportsPage'), 'ReportsPage');
const StatsPage = lazyPage(() => import('./pages/StatsPage'), 'StatsPage');
const SupportConfirmPage = lazyPage(() => import('./pages/SupportConfirmPage'), 'SupportConfirmPage');
const UnsubscribePage = lazyPage(() => import('./pages/UnsubscribePage'), 'UnsubscribePage');

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
