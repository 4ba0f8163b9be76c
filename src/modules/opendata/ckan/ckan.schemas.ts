import { z } from 'zod';

const ckanFlag = z.union([z.boolean(), z.enum(['true', 'false', 'True', 'False', '1', '0'])]).optional();
export const CkanSearchQuery = z.object({
  q: z.string().max(500).optional(),
  fq: z.string().max(2000).optional(),
  rows: z.coerce.number().int().min(0).optional(),
  start: z.coerce.number().int().min(0).optional(),
  sort: z.string().max(200).optional(),
});
export const CkanShowQuery = z.object({ id: z.string().min(1).max(200) });
export const CkanPackageListQuery = z.object({ limit: z.coerce.number().int().min(0).optional(), offset: z.coerce.number().int().min(0).optional() });
export const CkanListQuery = CkanPackageListQuery.extend({ all_fields: ckanFlag, sort: z.string().max(100).optional() });
export const CkanGroupShowQuery = CkanShowQuery.extend({ include_datasets: ckanFlag });
export const CkanResponse = z.object({ help: z.string(), success: z.boolean(), result: z.unknown().optional(), error: z.unknown().optional() });
