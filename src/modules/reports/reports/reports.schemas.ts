import { z } from 'zod';
import { MultilocSchema } from '../../../core/i18n.js';
import { REPORT_STATUSES } from '../reports.tables.js';
import { REPORT_LIMITS } from './reports.service.js';

export const ReportStatusSchema = z.enum(REPORT_STATUSES);
export const TenantReportParams = z.object({ tenant: z.string().regex(/^[a-z0-9-]+$/).max(63), id: z.string().regex(/^\d{1,18}$/) });
export const PhotoParams = TenantReportParams.extend({ photoId: z.string().uuid() });

export const csv = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .string()
    .max(2000)
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(item).max(50));

const Bbox = z
  .string()
  .regex(/^-?\d+(\.\d+)?,-?\d+(\.\d+)?,-?\d+(\.\d+)?,-?\d+(\.\d+)?$/, 'minLon,minLat,maxLon,maxLat')
  .transform((s) => {
    const [minLon, minLat, maxLon, maxLat] = s.split(',').map(Number) as [number, number, number, number];
    return { minLon, minLat, maxLon, maxLat };
  });

export const ReportListQuery = z.strictObject({
  status: csv(ReportStatusSchema).optional(),
  category: csv(z.string().regex(/^[a-z0-9_]+$/)).optional(),
  bbox: Bbox.optional(),
  area: z.string().regex(/^[a-z0-9-]+$/).max(40).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional().describe('keyset pagination: the nextCursor of the previous answer (then page is ignored); as fast on page 5,000 as on page 1'),
});

export const ReportMapQuery = z.strictObject({
  bbox: Bbox,
  area: z.string().regex(/^[a-z0-9-]+$/).max(40).optional(),
  status: csv(ReportStatusSchema).optional(),
  category: csv(z.string().regex(/^[a-z0-9_]+$/)).optional(),
});

export const NearbyQuery = z.strictObject({
  category: z.string().regex(/^[a-z0-9_]+$/).max(40),
  lat: z.coerce.number().min(-90).max(90),
  lon: z.coerce.number().min(-180).max(180),
});

/** The fields of the multipart report form (photos come as file parts named `photos`). */
export const ReportCreateFields = z.strictObject({
  category: z.string().max(40),
  lat: z.coerce.number().min(-90).max(90),
  lon: z.coerce.number().min(-180).max(180),
  address: z.string().max(REPORT_LIMITS.addressMax).optional(),
  title: z.string().max(REPORT_LIMITS.titleMax).optional(),
  description: z.string().max(REPORT_LIMITS.descriptionMax).optional(),
  email: z.email().max(254).optional(),
  name: z.string().max(REPORT_LIMITS.nameMax).optional(),
  anonymous: z.enum(['true', 'false', 'on']).optional(),
  attributes: z.record(z.string().regex(/^[a-z0-9_]+$/), z.union([z.string().max(500), z.array(z.string().max(500)).max(20)])).optional(),
});

export const ConfirmBody = z.strictObject({ token: z.string().min(10).max(100) });
export const AttributeSchema = z.object({
  code: z.string(),
  datatype: z.string(),
  required: z.boolean(),
  description: MultilocSchema,
  values: z.array(z.object({ key: z.string(), name: MultilocSchema })).optional(),
});
export const CategoryResponse = z
  .object({ code: z.string(), name: MultilocSchema, description: MultilocSchema, group: MultilocSchema, department: MultilocSchema, targetDays: z.number().int(), attributes: z.array(AttributeSchema) })
  .meta({ id: 'ReportCategory' });
export const CategoryListResponse = z.object({ items: z.array(CategoryResponse) });

export const ReportSummary = z
  .object({
    id: z.string(),
    status: ReportStatusSchema,
    category: z.object({ code: z.string(), name: MultilocSchema }),
    title: z.string(),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
    address: z.string().nullable(),
    area: z.string().nullable(),
    supporters: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ReportSummary' });

export const StaffReportSummary = ReportSummary.extend({
  department: MultilocSchema,
  targetDays: z.number().int(),
  ageDays: z.number(),
  slaBreached: z.boolean(),
  published: z.boolean(),
  hidden: z.boolean(),
  assignedTo: z.string().nullable(),
  reporterEmail: z.string().nullable(),
}).meta({ id: 'StaffReportSummary' });

export const ReportListResponse = z.object({
  items: z.array(ReportSummary),
  total: z.number().int().describe('matches, counted up to 10,001 (more than 10,000 shows as 10,001)'),
  page: z.number().int(),
  pageSize: z.number().int(),
  nextCursor: z.string().nullable().optional().describe('pass as cursor= for the next page; null on the last page'),
});
export const ReportMapResponse = z.object({
  items: z.array(z.object({ id: z.string(), status: ReportStatusSchema, category: z.string(), title: z.string(), lat: z.number(), lon: z.number() })),
  /** kept for clients of the first version: always false now (a dense box answers with clusters instead) */
  truncated: z.boolean(),
  clustered: z.boolean().describe('true when the box holds more reports than are drawn one by one: items is empty and clusters counts them per grid cell'),
  clusters: z.array(
    z.object({
      count: z.number().int(),
      lat: z.number().describe("the centre of the cell's reports"),
      lon: z.number(),
      bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).describe('the grid cell, minLon,minLat,maxLon,maxLat (zoom to it to see its reports)'),
    }),
  ),
});
export const NearbyResponse = z.object({ items: z.array(ReportSummary.extend({ distanceMetres: z.number() })) });

export const ReportUpdateSchema = z.object({ id: z.string(), kind: z.enum(['public', 'internal']), status: ReportStatusSchema.nullable(), text: z.string(), createdAt: z.string() });
export const ReportDetailResponse = ReportSummary.extend({
  description: z.string(),
  attributes: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  reporterName: z.string().nullable(),
  department: MultilocSchema,
  targetDays: z.number().int(),
  duplicateOf: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  fixedAt: z.string().nullable(),
  photos: z.array(z.object({ id: z.string(), url: z.string(), width: z.number().int(), height: z.number().int() })),
  updates: z.array(ReportUpdateSchema),
  staff: z
    .object({ published: z.boolean(), hidden: z.boolean(), hiddenReason: z.string().nullable(), reporterEmail: z.string().nullable(), assignedTo: z.string().nullable() })
    .nullable(),
  abilities: z.object({ triage: z.boolean(), support: z.boolean() }),
}).meta({ id: 'ReportDetail' });

export const ReportCreateResponse = z.object({ id: z.string(), token: z.string(), published: z.boolean() });
export const ConfirmResponse = z.object({ id: z.string() });
export const AreasResponse = z.object({
  kind: z.enum(['neighbourhoods', 'grid']),
  approximate: z.boolean(),
  /** credit for the polygons' source, when they come from third-party data */
  attribution: z.string().nullable(),
  items: z.array(z.object({ code: z.string(), name: z.string(), lat: z.number(), lon: z.number(), boundary: z.object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.any()) }).nullable() })),
});
