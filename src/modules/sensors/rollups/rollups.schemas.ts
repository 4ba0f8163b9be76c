/** City-wide air quality, read from the roll-ups. */
import { z } from 'zod';

export const AirQualityResponse = z.object({
  pm25Mean24h: z.number().nullable(),
  band: z.string().nullable(),
  sensorsActive: z.number(),
  areas: z.array(z.object({ area: z.string().nullable(), mean: z.number(), pm10: z.number().nullable(), sensors: z.number(), band: z.string().nullable() })),
  annualPm25: z.array(z.object({ year: z.number(), mean: z.number() })),
  target: z.object({ baseline: z.number(), baselineYear: z.number().nullable(), target: z.number(), targetYear: z.number().nullable() }).nullable(),
});
