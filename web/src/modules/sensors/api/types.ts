/**
 * The sensors API's wire shapes, generated from the OpenAPI document (`npm run api:types` writes
 * web/src/api/schema.gen.ts from the server's zod schemas; nothing here is a hand-written mirror).
 */
import type { ApiGet } from '../../../api/client';

type Base = '/api/v1/tenants/{tenant}';

/** the list answers JSON or GeoJSON (format=geojson); the web asks for JSON */
export type Sensor = Extract<ApiGet<`${Base}/sensors`>, { items: unknown }>['items'][number];
export type LatestValue = Sensor['latest'][number];
export type Series = ApiGet<`${Base}/sensors/{id}/series`>;
export type SeriesPoint = Series['points'][number];
export type AirQuality = ApiGet<`${Base}/air-quality`>;
export type Rule = ApiGet<`${Base}/sensor-alert-rules`>['items'][number];
export type Alert = ApiGet<`${Base}/sensor-alerts`>['items'][number];
export type Follow = ApiGet<`${Base}/sensor-follows`>['items'][number];
