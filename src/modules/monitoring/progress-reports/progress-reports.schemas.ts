/**
 * Request and response schemas of progress reports (/api/v1/tenants/{tenant}/progress-reports). A report
 * covers one reporting period of one project; its KPI values become measurements once it is approved.
 */
import { z } from 'zod';
import { MultilocSchema } from '../../../core/i18n.js';
import { PROJECT_STATUSES } from '../../strategy/index.js';
import { Code, IsoDate, TenantParams } from '../calendar/calendar.schemas.js';

export const REPORT_STATUSES = ['draft', 'submitted', 'approved'] as const;

export const ReportParams = TenantParams.extend({ id: z.coerce.number().int().positive().max(2_147_483_647) });
export const AttachmentParams = ReportParams.extend({ attachment: z.uuid() });

export const ReportListQuery = z.strictObject({
  project: Code.optional(),
  status: z.enum(REPORT_STATUSES).optional(),
});

const Milestones = z.array(z.string().trim().min(1).max(500)).max(50);
export const KpiValue = z.strictObject({ kpi: Code, value: z.number().finite().describe('a number in the KPI’s unit') });

const Fields = {
  projectStatus: z.enum(PROJECT_STATUSES).describe('the status of the project at the end of the period'),
  progress: z.number().int().min(0).max(100).nullable().describe('% complete'),
  milestonesReached: Milestones,
  milestonesPlanned: Milestones.describe('milestones planned for the next period'),
  spendToDate: z.number().finite().min(0).max(1e13).nullable().describe('EUR spent to date'),
  risks: z.string().max(4000).describe('risks and issues'),
  narrative: MultilocSchema.describe('what happened in the period; Romanian required, English and Hungarian optional'),
  kpiValues: z.array(KpiValue).max(100).describe("values for KPIs of the project, its objective or its pillar; each becomes a measurement with source 'progress report N' once approved"),
};

export const ReportCreateBody = z.strictObject({
  project: Code,
  periodStart: IsoDate.describe('first day of the reporting period (a period of the calendar)'),
  projectStatus: Fields.projectStatus,
  progress: Fields.progress.default(null),
  milestonesReached: Fields.milestonesReached.default([]),
  milestonesPlanned: Fields.milestonesPlanned.default([]),
  spendToDate: Fields.spendToDate.default(null),
  risks: Fields.risks.default(''),
  narrative: Fields.narrative,
  kpiValues: Fields.kpiValues.default([]),
});

export const ReportUpdateBody = z.strictObject({
  projectStatus: Fields.projectStatus.optional(),
  progress: Fields.progress.optional(),
  milestonesReached: Fields.milestonesReached.optional(),
  milestonesPlanned: Fields.milestonesPlanned.optional(),
  spendToDate: Fields.spendToDate.optional(),
  risks: Fields.risks.optional(),
  narrative: Fields.narrative.optional(),
  kpiValues: Fields.kpiValues.optional(),
});

export const ReportReturnBody = z.strictObject({ comment: z.string().trim().min(3).max(4000).describe('what the team should change') });
export const ReportApproveBody = z.strictObject({ comment: z.string().trim().max(4000).optional() }).default({});

export const Attachment = z.object({ id: z.string(), name: z.string(), mediaType: z.string(), bytes: z.number().int(), url: z.string() });
export const HistoryEntry = z.object({ at: z.string(), action: z.enum(['created', 'submitted', 'returned', 'approved']), by: z.string().nullable(), comment: z.string().optional() });

export const ReportAbilities = z.object({ edit: z.boolean(), submit: z.boolean(), return: z.boolean(), approve: z.boolean(), attach: z.boolean() });

export const ProgressReport = z
  .object({
    id: z.number().int(),
    number: z.number().int().describe('"progress report N", unique in the city'),
    project: z.object({ code: z.string(), title: MultilocSchema.nullable() }),
    periodStart: z.string(),
    periodEnd: z.string(),
    dueOn: z.string(),
    status: z.enum(REPORT_STATUSES),
    returned: z.boolean().describe('a draft sent back by staff, with their comment'),
    returnComment: z.string().nullable(),
    locked: z.boolean().describe('approved: the period is locked'),
    projectStatus: z.enum(PROJECT_STATUSES),
    progress: z.number().int().nullable(),
    milestonesReached: z.array(z.string()),
    milestonesPlanned: z.array(z.string()),
    spendToDate: z.number().nullable(),
    budget: z.number().nullable().describe('the project budget (EUR) when the report was started'),
    risks: z.string(),
    narrative: MultilocSchema,
    kpiValues: z.array(z.object({ kpi: z.string(), value: z.number() })),
    attachments: z.array(Attachment),
    history: z.array(HistoryEntry),
    submittedAt: z.string().nullable(),
    approvedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    abilities: ReportAbilities,
  })
  .meta({ id: 'MonitoringProgressReport' });

export const ReportListResponse = z.object({ items: z.array(ProgressReport), abilities: z.object({ create: z.boolean() }) });

export const OverdueItem = z.object({ project: z.string(), periodStart: z.string(), periodEnd: z.string(), dueOn: z.string(), overdueSince: z.string(), daysOverdue: z.number().int(), reportId: z.number().int().nullable() });
export const OverdueResponse = z.object({ count: z.number().int(), items: z.array(OverdueItem) });

export const ProjectReportingResponse = z
  .object({
    project: z.string(),
    periodMonths: z.number().int().nullable().describe('null: the project has no reporting calendar'),
    overdueSince: z.string().nullable().describe('the due date of the oldest report still owed'),
    nextDue: z.object({ periodStart: z.string(), periodEnd: z.string(), dueOn: z.string() }).nullable(),
    lastApproved: z.object({ number: z.number().int(), periodStart: z.string(), periodEnd: z.string(), approvedAt: z.string() }).nullable(),
    openPeriods: z.array(z.object({ start: z.string(), end: z.string(), dueOn: z.string() })).describe('periods that have started and have no report yet (what a team can report on)'),
  })
  .meta({ id: 'MonitoringProjectReporting' });

export type ReportCreateInput = z.infer<typeof ReportCreateBody>;
export type ReportUpdateInput = z.infer<typeof ReportUpdateBody>;
