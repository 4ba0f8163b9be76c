/**
 * NGSI-LD request and response schemas. Entity bodies are declared loosely (an entity is open-ended JSON-LD)
 * and checked attribute by attribute in ngsi-ld.parse.ts, so that a bad entity in a batch is reported with
 * its id instead of refusing the whole request.
 */
import { z } from 'zod';

const list = (max: number) => z.string().max(max);

export const NgsiProblem = z.object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string() });
export const NgsiEntity = z.record(z.string(), z.unknown()).meta({ description: 'An NGSI-LD entity (normalized, or simplified with options=keyValues / format=simplified)' });
export const NgsiEntityList = z.array(NgsiEntity);
export const NgsiFeature = z.object({ id: z.unknown(), type: z.literal('Feature'), geometry: z.unknown(), properties: z.record(z.string(), z.unknown()) });
export const NgsiFeatureCollection = z.object({ type: z.literal('FeatureCollection'), features: z.array(NgsiFeature), '@context': z.unknown().optional() });
export const NgsiBatchResult = z.object({ success: z.array(z.string()), errors: z.array(z.object({ entityId: z.string(), error: NgsiProblem })) });
export const NgsiUpdateResult = z.object({ updated: z.array(z.string()), notUpdated: z.array(z.object({ attributeName: z.string(), reason: z.string() })) });
export const NgsiCreatedIds = z.array(z.string());

/** Every error an NGSI-LD route may answer, in the spec's ProblemDetails form. */
export const NgsiErrors = { 400: NgsiProblem, 401: NgsiProblem, 403: NgsiProblem, 404: NgsiProblem, 406: NgsiProblem, 409: NgsiProblem, 413: NgsiProblem, 415: NgsiProblem, 422: NgsiProblem };

const Format = z.enum(['normalized', 'simplified', 'keyValues']);
const Options = list(200).meta({ description: 'comma list: keyValues (simplified), normalized; noOverwrite / update / replace on writes' });

export const NgsiEntityParams = z.strictObject({ entityId: z.string().min(1).max(256) });
export const NgsiAttrParams = z.strictObject({ entityId: z.string().min(1).max(256), attrId: z.string().min(1).max(256) });
export const NgsiRetrieveQuery = z.object({
  attrs: list(2000).optional(),
  type: list(1000).optional(),
  options: Options.optional(),
  format: Format.optional(),
});

export const NgsiQueryQuery = z.object({
  id: list(20_000).optional().meta({ description: 'comma list of entity ids' }),
  idPattern: list(200).optional(),
  type: list(1000).optional().meta({ description: 'comma list of types (any of them)' }),
  attrs: list(2000).optional(),
  q: list(2000).optional().meta({ description: 'NGSI-LD query language, e.g. pm25>20;temperature<30' }),
  georel: list(100).optional(),
  geometry: list(40).optional(),
  coordinates: list(20_000).optional(),
  geoproperty: list(200).optional(),
  limit: z.coerce.number().int().min(0).max(1000).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  count: z.enum(['true', 'false']).optional(),
  options: Options.optional(),
  format: Format.optional(),
});

/** The pagination and form parameters entityOperations/query takes in its URL. */
export const NgsiPostQueryQuery = NgsiQueryQuery.pick({ limit: true, offset: true, count: true, options: true, format: true });

export const NgsiPostQueryBody = z.object({
  type: z.literal('Query').optional(),
  '@context': z.unknown().optional(),
  entities: z.array(z.strictObject({ id: z.string().max(256).optional(), idPattern: z.string().max(200).optional(), type: z.string().max(1000).optional() })).max(100).optional(),
  attrs: z.array(z.string().max(256)).max(100).optional(),
  q: z.string().max(2000).optional(),
  geoQ: z.object({ georel: z.string().max(100), geometry: z.string().max(40), coordinates: z.unknown(), geoproperty: z.string().max(200).optional() }).optional(),
});

export const NgsiDiscoveryQuery = z.object({ details: z.enum(['true', 'false']).optional() });
export const NgsiTypeParams = z.strictObject({ type: z.string().min(1).max(256) });
export const NgsiAttrNameParams = z.strictObject({ attrId: z.string().min(1).max(256) });
export const NgsiDiscovery = z.union([z.record(z.string(), z.unknown()), z.array(z.record(z.string(), z.unknown()))]);

export const NgsiWriteQuery = z.object({ options: Options.optional() });
