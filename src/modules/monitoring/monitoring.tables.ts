import type { Generated } from 'kysely';
import type { Json, Timestamp } from '../../core/core.tables.js';
import type { Multiloc } from '../../core/i18n.js';

/** One step of a progress report's workflow, kept on the report (the audit log has the full rows). */
export interface ReportHistoryEntry {
  at: string;
  action: 'created' | 'submitted' | 'returned' | 'approved';
  by: string | null;
  comment?: string;
}

export interface ReportAttachment {
  id: string;
  fileName: string;
  mediaType: 'application/pdf' | 'image/jpeg';
  bytes: number;
  name: string;
}

declare module '../../core/db.js' {
  interface Database {
    monitoring_calendar: {
      id: Generated<number>;
      tenant_id: number;
      scope_code: string;
      period_months: number;
      first_period_start: string;
      due_days: Generated<number>;
      created_at: Generated<Date>;
      updated_at: Timestamp;
    };
    monitoring_team_members: {
      tenant_id: number;
      project_code: string;
      user_id: string;
      created_at: Generated<Date>;
    };
    monitoring_progress_reports: {
      id: Generated<number>;
      tenant_id: number;
      number: number;
      project_code: string;
      period_start: string;
      period_end: string;
      due_on: string;
      status: Generated<'draft' | 'submitted' | 'approved'>;
      project_status: string;
      progress: number | null;
      milestones_reached: Json<string[]>;
      milestones_planned: Json<string[]>;
      spend_to_date: number | null;
      budget: number | null;
      risks: Generated<string>;
      narrative: Json<Multiloc>;
      kpi_values: Json<{ kpi: string; value: number }[]>;
      attachments: Json<ReportAttachment[]>;
      history: Json<ReportHistoryEntry[]>;
      return_comment: string | null;
      author_user_id: string | null;
      submitted_at: Date | null;
      approved_at: Date | null;
      approved_by: string | null;
      created_at: Generated<Date>;
      updated_at: Timestamp;
    };
    monitoring_reminders: {
      tenant_id: number;
      project_code: string;
      period_start: string;
      kind: 'before_due' | 'overdue';
      sent_at: Generated<Date>;
    };
  }
}

export {};
