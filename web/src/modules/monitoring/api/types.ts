/**
 * The monitoring API's wire shapes, generated from the OpenAPI document (`npm run api:types` writes
 * web/src/api/schema.gen.ts from the server's zod schemas; nothing here is a hand-written mirror).
 */
import type { ApiBody, ApiGet, Schemas } from '../../../api/client';

type Base = '/api/v1/tenants/{tenant}';

export type ProgressReport = Schemas['MonitoringProgressReport'];
export type ReportStatus = ProgressReport['status'];
export type KpiValue = ProgressReport['kpiValues'][number];
export type ReportList = ApiGet<`${Base}/progress-reports`>;
export type Overdue = ApiGet<`${Base}/monitoring/overdue`>;
export type ProjectReporting = Schemas['MonitoringProjectReporting'];
export type Teams = ApiGet<`${Base}/monitoring/teams`>;

/** What the report form sends: every field an update takes (a new report adds its project and period). */
export type ReportFields = Required<ApiBody<`${Base}/progress-reports/{id}`, 'patch'>>;
/** What starting a report sends. */
export type NewReport = ApiBody<`${Base}/progress-reports`, 'post'>;
