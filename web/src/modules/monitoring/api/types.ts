/**
 * The monitoring API's wire shapes, mirrored from src/modules/monitoring/*\/*.schemas.ts (the web app does
 * not import server code; the strategy module's web types are mirrored the same way).
 */
import type { Multiloc, ProjectStatus } from '../../strategy/api/types';

export type ReportStatus = 'draft' | 'submitted' | 'approved';

export interface KpiValue {
  kpi: string;
  value: number;
}

export interface ProgressReport {
  id: number;
  number: number;
  project: { code: string; title: Multiloc | null };
  periodStart: string;
  periodEnd: string;
  dueOn: string;
  status: ReportStatus;
  returned: boolean;
  returnComment: string | null;
  locked: boolean;
  projectStatus: ProjectStatus;
  progress: number | null;
  milestonesReached: string[];
  milestonesPlanned: string[];
  spendToDate: number | null;
  budget: number | null;
  risks: string;
  narrative: Multiloc;
  kpiValues: KpiValue[];
  attachments: { id: string; name: string; mediaType: string; bytes: number; url: string }[];
  history: { at: string; action: 'created' | 'submitted' | 'returned' | 'approved'; by: string | null; comment?: string }[];
  submittedAt: string | null;
  approvedAt: string | null;
  abilities: { edit: boolean; submit: boolean; return: boolean; approve: boolean; attach: boolean };
}

export interface ReportList {
  items: ProgressReport[];
  abilities: { create: boolean };
}

export interface Overdue {
  count: number;
  items: { project: string; periodStart: string; periodEnd: string; dueOn: string; overdueSince: string; daysOverdue: number; reportId: number | null }[];
}

export interface ProjectReporting {
  project: string;
  periodMonths: number | null;
  overdueSince: string | null;
  nextDue: { periodStart: string; periodEnd: string; dueOn: string } | null;
  lastApproved: { number: number; periodStart: string; periodEnd: string; approvedAt: string } | null;
  openPeriods: { start: string; end: string; dueOn: string }[];
}

export interface Teams {
  items: { project: string; userIds: string[] }[];
}

/** What the report form sends (create and update share the fields). */
export interface ReportFields {
  projectStatus: ProjectStatus;
  progress: number | null;
  milestonesReached: string[];
  milestonesPlanned: string[];
  spendToDate: number | null;
  risks: string;
  narrative: Multiloc;
  kpiValues: KpiValue[];
}
