/**
 * The monitoring module's pages (issue 14): progress reports (list with the staff's overdue count, a new
 * report, a report with its review). The project page shows `ReportingNotice` ("overdue since …").
 */
import type { CitySection, ModuleRoute, StaffTool } from '../registry';
import { MaturityPage } from './pages/MaturityPage';
import { MaturityRoundPage } from './pages/MaturityRoundPage';
import { NewReportPage } from './pages/NewReportPage';
import { ReportPage } from './pages/ReportPage';
import { ReportsPage } from './pages/ReportsPage';
import './monitoring.css';
import './maturity.css';

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
