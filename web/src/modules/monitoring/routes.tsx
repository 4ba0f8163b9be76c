/**
 * The monitoring module's pages (issue 14): progress reports (list with the staff's overdue count, a new
 * report, a report with its review). The project page shows `ReportingNotice` ("overdue since …").
 */
import type { CitySection, ModuleRoute, StaffTool } from '../registry';
import { lazyPage } from '../../lazyPage';
import './monitoring.css';
import './maturity.css';

const MaturityPage = lazyPage(() => import('./pages/MaturityPage'), 'MaturityPage');
const MaturityRoundPage = lazyPage(() => import('./pages/MaturityRoundPage'), 'MaturityRoundPage');
const NewReportPage = lazyPage(() => import('./pages/NewReportPage'), 'NewReportPage');
const ReportPage = lazyPage(() => import('./pages/ReportPage'), 'ReportPage');
const ReportsPage = lazyPage(() => import('./pages/ReportsPage'), 'ReportsPage');

export const routes: ModuleRoute[] = [
  { path: '/:tenant/monitoring/reports', element: <ReportsPage /> },
  { path: '/:tenant/monitoring/reports/new', element: <NewReportPage /> },
  { path: '/:tenant/monitoring/reports/:id', element: <ReportPage /> },
  { path: '/:tenant/maturity', element: <MaturityPage /> },
  { path: '/:tenant/maturity/rounds/:id', element: <MaturityRoundPage /> },
];

export const sections: CitySection[] = [
  { path: 'monitoring/reports', labelKey: 'monitoring.section.label', descriptionKey: 'monitoring.section.description', order: 60 },
  { path: 'maturity', labelKey: 'monitoring.maturity.section.label', descriptionKey: 'monitoring.maturity.section.description', order: 61 },
];

/** Staff tools on the console (/{city}/admin). */
export const tools: StaffTool[] = [
  { path: 'monitoring/reports', labelKey: 'monitoring.tools.reports', group: 'strategy', counters: ['monitoring.reportsDue', 'monitoring.reportsOverdue', 'monitoring.reportsToApprove'] },
];
