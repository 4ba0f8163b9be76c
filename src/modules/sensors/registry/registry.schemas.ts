/** Sensors and their series. */
import { z } from 'zod';
import { Id, Property } from '../sensors.schemas.js';

export const SensorParams = z.strictObject({ tenant: z.string(), id: Id });
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
export type SensorCreateInput = z.infer<typeof SensorCreateBody> & { properties: import('../sensors.properties.js').PropertyName[] };
