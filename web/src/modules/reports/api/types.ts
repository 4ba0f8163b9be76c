/**
 * The reports API's wire shapes, generated from the OpenAPI document (`npm run api:types` writes
 * web/src/api/schema.gen.ts from the server's zod schemas; nothing here is a hand-written mirror).
 */
import type { ApiGet, Schemas } from '../../../api/client';

type Base = '/api/v1/tenants/{tenant}/reports';

export type ReportDetail = ApiGet<`${Base}/{id}`>;
export type ReportStatus = ReportDetail['status'];
/** The statuses in the order the pages list them; `satisfies` fails the build if the server's enum changes. */
export const STATUSES = ['open', 'acknowledged', 'in_progress', 'fixed', 'closed', 'duplicate', 'not_responsible', 'wont_fix'] as const satisfies readonly ReportStatus[];
export type Multiloc = Schemas['Multiloc'];
export type Category = ApiGet<`${Base}/categories`>['items'][number];
export type ReportList = ApiGet<Base>;
export type ReportSummary = ReportList['items'][number];
export type ReportMap = ApiGet<`${Base}/map`>;
export type NearbyReport = ApiGet<`${Base}/nearby`>['items'][number];
export type StaffQueue = ApiGet<`${Base}/queue`>;
export type StaffReportSummary = StaffQueue['items'][number];
export type Stats = ApiGet<`${Base}/stats`>;
export type StatsRow = Stats['rows'][number];
export type AreaStatsRow = Stats['areas'][number];
export type Areas = ApiGet<`${Base}/areas`>;
