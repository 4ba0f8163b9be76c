import type { Multiloc } from '../../core/i18n.js';

/**
 * The monitoring module's domain events, written to the outbox in the transaction of the change. Payloads
 * carry what a subscriber needs without reading our tables (the notifications hub listens to them).
 */
export interface ProgressReportEvent {
  tenantId: number;
  reportId: number;
  /** "progress report N": N is unique per city */
  number: number;
  projectCode: string;
  periodStart: string;
  periodEnd: string;
  /** the project team's accounts (who wrote the report and who is reminded) */
  teamUserIds: string[];
}

declare module '../../core/events.js' {
  interface EventMap {
    'monitoring.progressReport.created': ProgressReportEvent;
    'monitoring.progressReport.updated': ProgressReportEvent;
    'monitoring.progressReport.submitted': ProgressReportEvent;
    'monitoring.progressReport.returned': ProgressReportEvent & { comment: string };
    'monitoring.progressReport.approved': ProgressReportEvent & {
      projectStatus: string;
      progress: number | null;
      kpiValues: { kpi: string; value: number }[];
      /** the project's followers and the authors of proposals and budget projects that became it */
      followerIds: string[];
      linkedAuthorIds: string[];
      /** for the notification: the project's title and the report's narrative */
      projectTitle: Multiloc;
      narrative: Multiloc;
    };
    'monitoring.progressReport.attachmentAdded': ProgressReportEvent & { attachmentId: string; mediaType: string };
    'monitoring.progressReport.reminderSent': { tenantId: number; projectCode: string; periodStart: string; dueOn: string; kind: 'before_due' | 'overdue'; teamUserIds: string[] };
    'monitoring.calendar.set': { tenantId: number; scopeCode: string; periodMonths: number; firstPeriodStart: string; dueDays: number };
    'monitoring.calendar.removed': { tenantId: number; scopeCode: string };
    'monitoring.team.set': { tenantId: number; projectCode: string; userIds: string[] };
  }
}

export {};
