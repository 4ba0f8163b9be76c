/** Monthly statistics by category and by area. */
import { z } from 'zod';

export const StatsQuery = z.strictObject({
  from: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(),
  to: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(),
  /** CSV only: one row per month and category (default) or per area */
  by: z.enum(['category', 'area']).optional(),
});
export const StatsRow = z.object({
  month: z.string(),
  category: z.string(),
  submitted: z.number().int(),
  acknowledged: z.number().int(),
  fixed: z.number().int(),
  ackMedianDays: z.number().nullable(),
  ackP90Days: z.number().nullable(),
  fixMedianDays: z.number().nullable(),
  fixP90Days: z.number().nullable(),
  fixedWithinTarget: z.number().int(),
  shareFixedWithinTarget: z.number().nullable(),
});
export const AreaStatsRow = z.object({
  area: z.string().nullable(),
  name: z.string().nullable(),
  submitted: z.number().int(),
  stillOpen: z.number().int(),
  fixed: z.number().int(),
  fixMedianDays: z.number().nullable(),
  fixedWithinTarget: z.number().int(),
  shareFixedWithinTarget: z.number().nullable(),
});
export const StatsResponse = z.object({ from: z.string(), to: z.string(), rows: z.array(StatsRow), areas: z.array(AreaStatsRow), counterRequests: z.array(z.object({ month: z.string(), count: z.number().int() })) });
