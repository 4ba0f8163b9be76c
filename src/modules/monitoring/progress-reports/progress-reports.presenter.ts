import type { z } from 'zod';
import type { Multiloc } from '../../../core/i18n.js';
import { abilitiesOf, type ReportViewer } from './progress-reports.policy.js';
import type { ReportRow } from './progress-reports.repository.js';
import type { ProgressReport, ReportListResponse } from './progress-reports.schemas.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** A report as the service returns it: its row, its project's title and who reads it. */
export interface ReportView {
  row: ReportRow;
  title: Multiloc | null;
  viewer: ReportViewer;
  tenantSlug: string;
}

/** The reports a caller may read, their projects' titles, and whether the caller may start one. */
export interface ReportList {
  rows: ReportRow[];
  titles: ReadonlyMap<string, Multiloc>;
  viewer: ReportViewer;
  tenantSlug: string;
  create: boolean;
}

export function presentReportView(v: ReportView): z.infer<typeof ProgressReport> {
  return presentReport(v.row, v.title, v.viewer, v.tenantSlug);
}

export function presentReportList(l: ReportList): z.infer<typeof ReportListResponse> {
  return { items: l.rows.map((r) => presentReport(r, l.titles.get(r.project_code) ?? null, l.viewer, l.tenantSlug)), abilities: { create: l.create } };
}

export function presentReport(row: ReportRow, title: Multiloc | null, viewer: ReportViewer, tenantSlug: string): z.infer<typeof ProgressReport> {
  const history = row.history ?? [];
  const last = history[history.length - 1];
  return {
    id: row.id,
    number: row.number,
    project: { code: row.project_code, title },
    periodStart: row.period_start,
    periodEnd: row.period_end,
    dueOn: row.due_on,
    status: row.status,
    returned: row.status === 'draft' && last?.action === 'returned',
    returnComment: row.return_comment,
    locked: row.status === 'approved',
    projectStatus: row.project_status as z.infer<typeof ProgressReport>['projectStatus'],
    progress: row.progress,
    milestonesReached: row.milestones_reached,
    milestonesPlanned: row.milestones_planned,
    spendToDate: row.spend_to_date,
    budget: row.budget,
    risks: row.risks,
    narrative: row.narrative,
    kpiValues: row.kpi_values,
    attachments: row.attachments.map((a) => ({ id: a.id, name: a.name, mediaType: a.mediaType, bytes: a.bytes, url: `/api/v1/tenants/${tenantSlug}/progress-reports/${row.id}/attachments/${a.id}` })),
    history,
    submittedAt: iso(row.submitted_at),
    approvedAt: iso(row.approved_at),
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at as Date)!,
    abilities: abilitiesOf(viewer, row),
  };
}
