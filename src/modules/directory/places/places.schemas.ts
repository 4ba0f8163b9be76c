/** The resource map: places of the kinds below (and funding programmes, a list entry without a point). */
import { z } from 'zod';
import { HttpUrl, IdParam, Multiloc, MultilocOut } from '../directory.common.js';
import { TenantParams } from '../../tenants/index.js';
import { PLACE_KINDS } from './places.osm.js';

export const PlaceParams = TenantParams.extend({ id: IdParam });
const Kinds = z.string().regex(/^[a-z_]+(,[a-z_]+)*$/).max(300).refine((s) => s.split(',').every((k) => (PLACE_KINDS as readonly string[]).includes(k)), 'Unknown kind.');
export const PlaceListQuery = z.strictObject({ kind: Kinds.optional().describe('comma-separated kinds'), status: z.enum(['published', 'pending', 'rejected']).optional().describe('staff only: pending suggestions') });

export const PlaceDetails = z.strictObject({
  address: z.string().trim().max(200).optional(),
  website: HttpUrl.optional(),
  description: Multiloc.optional(),
  // disused or abandoned space available for temporary use
  owner: z.string().trim().max(200).optional(),
  surface: z.number().positive().max(1_000_000).optional().describe('m²'),
  conditions: z.string().trim().max(1000).optional(),
  contact: z.string().trim().max(200).optional(),
  // EV charging station
  sockets: z.array(z.strictObject({ type: z.string().regex(/^[a-z0-9_]{1,40}$/), count: z.number().int().min(0).nullable(), outputKw: z.number().min(0).max(1000).nullable() })).max(20).optional(),
  maxPowerKw: z.number().min(0).max(1000).optional(),
  // funding programme
  amount: z.number().min(0).optional().describe('EUR'),
  deadline: z.iso.date().optional(),
  eligibility: z.string().trim().max(1000).optional(),
});
export const PlaceCreateBody = z.strictObject({
  kind: z.enum(PLACE_KINDS),
  name: z.string().trim().min(2).max(200),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
  organisationId: z.number().int().positive().optional(),
  details: PlaceDetails.default({}),
});
export type PlaceCreateInput = z.infer<typeof PlaceCreateBody>;
export const ModerationBody = z.strictObject({ status: z.enum(['published', 'rejected']) });

export const PlaceOut = z
  .object({
    id: z.number(),
    kind: z.enum(PLACE_KINDS),
    name: z.string(),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
    details: z.record(z.string(), z.unknown()),
    description: MultilocOut.nullable(),
    organisationId: z.number().nullable(),
    source: z.enum(['osm', 'staff', 'suggestion']),
    osmId: z.string().nullable(),
    status: z.enum(['published', 'pending', 'rejected']),
    attribution: z.string().nullable(),
  })
  .meta({ id: 'Place' });
export const PlaceListResponse = z.object({ items: z.array(PlaceOut), attribution: z.string() });
export const ImportResponse = z.object({ imported: z.number(), updated: z.number(), kinds: z.record(z.string(), z.number()) });
