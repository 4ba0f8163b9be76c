/** The staff queue's filters, actions and answers. */
import { z } from 'zod';
import { REPORT_LIMITS } from '../reports/reports.service.js';
import { csv, ReportStatusSchema, StaffReportSummary } from '../reports/reports.schemas.js';

export const QueueQuery = z.strictObject({
  status: csv(ReportStatusSchema).optional(),
  category: csv(z.string().regex(/^[a-z0-9_]+$/)).optional(),
  department: z.string().max(200).optional(),
  area: z.string().regex(/^[a-z0-9-]+$/).max(40).optional(),
  sort: z.enum(['newest', 'oldest', 'sla']).default('sla'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const StaffActionBody = z.strictObject({
  status: ReportStatusSchema.optional(),
  publicUpdate: z.string().max(REPORT_LIMITS.updateMax).optional(),
  internalNote: z.string().max(REPORT_LIMITS.updateMax).optional(),
  assignTo: z.uuid().nullable().optional(),
  duplicateOf: z.string().regex(/^\d{1,18}$/).optional(),
});
export const BulkActionBody = StaffActionBody.omit({ duplicateOf: true }).extend({ ids: z.array(z.string().regex(/^\d{1,18}$/)).min(1).max(200) });
export const HideBody = z.strictObject({ hidden: z.boolean().default(true), reason: z.string().min(1).max(500) });
export const BlockBody = z.strictObject({ email: z.email().max(254), reason: z.string().max(500).optional() });
export const CounterBody = z.strictObject({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/), count: z.number().int().min(0).max(10_000_000) });
export const QueueResponse = z.object({ items: z.array(StaffReportSummary), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export const BulkResponse = z.object({ updated: z.number().int() });
export const BlocklistResponse = z.object({ items: z.array(z.object({ email: z.string(), reason: z.string().nullable(), createdAt: z.string() })) });
