/**
 * The monitoring module's pages (issue 14): progress reports (list with the staff's overdue count, a new
 * report, a report with its review). The project page shows `ReportingNotice` ("overdue since …").
 */
import type { CitySection, ModuleRoute, StaffTool } from '../registry';
import { NewReportPage } from './pages/NewReportPage';
import { ReportPage } from './pages/ReportPage';
import { ReportsPage } from './pages/ReportsPage';
import './monitoring.css';

export const routes: ModuleRoute[] = [
  { path: '/:tenant/monitoring/reports', element: <ReportsPage /> },
  { path: '/:tenant/monitoring/reports/new', element: <NewReportPage /> },
  { path: '/:tenant/monitoring/reports/:id', element: <ReportPage /> },
];

export const sections: CitySection[] = [{ path: 'monitoring/reports', labelKey: 'monitoring.section.label', descriptionKey: 'monitoring.section.description', order: 60 }];

/** Staff tools on the console (/{city}/admin). */
export const tools: StaffTool[] = [{ path: 'monitoring/reports', labelKey: 'monitoring.tools.reports', group: 'strategy', counters: ['monitoring.reportsDue', 'monitoring.reportsOverdue', 'monitoring.reportsToApprove'] }];
