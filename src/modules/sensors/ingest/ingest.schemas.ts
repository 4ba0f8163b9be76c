/** The batch endpoint's body and answer (the answer's counts are the Sensor.Community push's too). */
import { z } from 'zod';

export const ObservationItem = z.strictObject({
  datastream: z.number().int().positive().optional(),
  sensor: z.number().int().positive().optional(),
  property: z.string().max(40).optional(),
  time: z.string().max(40),
  value: z.number(),
  quality: z.number().int().min(0).max(255).optional(),
});
export const ObservationBatchBody = z
  .strictObject({ observations: z.array(ObservationItem).min(1).max(1000) })
  .meta({ description: 'Up to 1,000 observations, as JSON or as text/csv with a header (datastream or sensor+property, time, value, quality).' });
export type BatchItemInput = z.infer<typeof ObservationItem>;
export const IngestResponse = z.object({ received: z.number(), inserted: z.number(), updated: z.number(), unchanged: z.number() });
