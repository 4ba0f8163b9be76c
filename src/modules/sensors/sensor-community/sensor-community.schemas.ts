/** The Sensor.Community (airRohr) push. */
import { z } from 'zod';
import { IngestResponse } from '../ingest/ingest.schemas.js';

export const ScPushBody = z.object({
  esp8266id: z.union([z.string().max(40), z.number()]).optional(),
  software_version: z.string().max(100).optional(),
  sampling_rate: z.union([z.string(), z.number()]).optional(),
  timestamp: z.string().optional(),
  sensordatavalues: z.array(z.strictObject({ value_type: z.string().min(1).max(60), value: z.union([z.string().max(40), z.number()]) })).max(100),
}).meta({ description: 'The airRohr firmware body (kept loose like the firmware: unknown top-level fields are ignored).' });
export const ScPushResponse = IngestResponse.extend({
  status: z.string().meta({ description: 'active when every sensor of the push is public, pending while one waits for approval' }),
  sensors: z.array(z.object({ id: z.number(), type: z.string(), status: z.string() })).meta({ description: 'one sensor per sensor type of the node (SDS011, SPS30, BME280…)' }),
  notes: z.array(z.object({ value_type: z.string(), message: z.string() })).meta({ description: 'values not stored and why ("nan" readings, value types without a datastream)' }),
});
