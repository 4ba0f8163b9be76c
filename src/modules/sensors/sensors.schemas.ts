import { z } from 'zod';
import { PROPERTY_NAMES } from './sensors.properties.js';

const Property = z.enum(PROPERTY_NAMES as [string, ...string[]]);
const Id = z.coerce.number().int().positive();

export const SensorParams = z.strictObject({ tenant: z.string(), id: Id });
export const RuleParams = z.strictObject({ tenant: z.string(), id: Id });
export const AreaParams = z.strictObject({ tenant: z.string(), area: z.string().min(1).max(100) });

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
export const IngestResponse = z.object({ received: z.number(), inserted: z.number(), updated: z.number(), unchanged: z.number() });

export const LatestValue = z.object({ property: z.string(), unit: z.string(), datastream: z.number(), value: z.number().nullable(), time: z.string().nullable(), band: z.string().nullable() });
export const Sensor = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string(),
  owner: z.string(),
  area: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  status: z.enum(['active', 'pending', 'inactive']),
  band: z.string().nullable(),
  latest: z.array(LatestValue),
  sensorCommunityId: z.string().nullable(),
  ngsiId: z.string().nullable(),
});
export const SensorListQuery = z.strictObject({ format: z.enum(['json', 'geojson']).default('json'), status: z.enum(['active', 'pending', 'inactive']).optional() });
export const SensorListResponse = z.object({ items: z.array(Sensor) });
export const SensorGeoJsonResponse = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.object({ type: z.literal('Feature'), id: z.number(), geometry: z.object({ type: z.literal('Point'), coordinates: z.array(z.number()) }).nullable(), properties: Sensor.omit({ lat: true, lon: true }) })),
});
export const SensorResponse = Sensor;

export const SensorCreateBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).optional(),
  owner: z.string().max(200).optional(),
  area: z.string().trim().min(1).max(100).optional(),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  properties: z.array(Property).min(1).max(14),
  sensorCommunityId: z.string().regex(/^(esp8266|esp32)-[A-Za-z0-9]{1,32}$/).optional(),
});
export const SensorPatchBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  owner: z.string().max(200).optional(),
  area: z.string().trim().min(1).max(100).nullable().optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
  status: z.enum(['active', 'pending', 'inactive']).optional(),
});

export const SeriesQuery = z.strictObject({
  property: Property,
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  interval: z.enum(['raw', 'hour', 'day']).default('hour'),
});
export const SeriesResponse = z.object({
  sensor: z.number(),
  property: z.string(),
  unit: z.string(),
  interval: z.enum(['raw', 'hour', 'day']),
  from: z.string(),
  to: z.string(),
  points: z.array(z.object({ time: z.string(), value: z.number(), min: z.number().nullable(), max: z.number().nullable(), count: z.number() })),
});

export const AirQualityResponse = z.object({
  pm25Mean24h: z.number().nullable(),
  band: z.string().nullable(),
  sensorsActive: z.number(),
  areas: z.array(z.object({ area: z.string().nullable(), mean: z.number(), pm10: z.number().nullable(), sensors: z.number(), band: z.string().nullable() })),
  annualPm25: z.array(z.object({ year: z.number(), mean: z.number() })),
  target: z.object({ baseline: z.number(), baselineYear: z.number().nullable(), target: z.number(), targetYear: z.number().nullable() }).nullable(),
});

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

export const RuleCreateBody = z.strictObject({
  property: Property,
  threshold: z.number().min(0).max(100000),
  clearBelow: z.number().min(0).max(100000).optional(),
  durationMinutes: z.number().int().min(0).max(10080).default(0),
  area: z.string().trim().min(1).max(100).optional(),
});
export const Rule = z.object({ id: z.number(), property: z.string(), threshold: z.number(), clearBelow: z.number(), durationMinutes: z.number(), area: z.string().nullable(), createdAt: z.string() });
export const RuleListResponse = z.object({ items: z.array(Rule) });
export const Alert = z.object({
  id: z.number(),
  ruleId: z.number(),
  sensor: z.object({ id: z.number(), name: z.string(), area: z.string().nullable() }),
  property: z.string(),
  threshold: z.number(),
  raisedAt: z.string(),
  raisedValue: z.number(),
  peakValue: z.number(),
  clearedAt: z.string().nullable(),
});
export const AlertListResponse = z.object({ items: z.array(Alert) });

export const FollowBody = z.strictObject({ sensor: z.number().int().positive().optional(), area: z.string().trim().min(1).max(100).optional() });
export const FollowsResponse = z.object({ items: z.array(z.object({ sensor: z.number().nullable(), area: z.string().nullable() })) });

export const SettingsBody = z.strictObject({ rawRetentionDays: z.number().int().min(2).max(36500).nullable() });
export const SettingsResponse = z.object({ rawRetentionDays: z.number().nullable() });

export type RuleInput = z.infer<typeof RuleCreateBody> & { property: import('./sensors.properties.js').PropertyName };
export type BatchItemInput = z.infer<typeof ObservationItem>;
export type SensorCreateInput = z.infer<typeof SensorCreateBody> & { properties: import('./sensors.properties.js').PropertyName[] };
