// What other web modules use from monitoring: the metrics a KPI can follow and a project's reporting notice.
export { useMetrics } from './api/queries';
export { ReportingNotice } from './components/ReportingNotice';
