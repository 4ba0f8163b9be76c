import { z } from 'zod';
import { LOCALES, MultilocSchema } from '../../core/i18n.js';

const Slug = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lowercase letters, digits and hyphens, e.g. "cluj-napoca"').max(63);
const Locale = z.enum(LOCALES);
const Abilities = z.object({ update: z.boolean(), archive: z.boolean(), createCity: z.boolean() }).meta({ id: 'TenantAbilities' });

export const TenantResponse = z
  .object({
    slug: z.string(),
    name: MultilocSchema,
    kind: z.enum(['city', 'area']).meta({ description: 'a city or commune, or a metropolitan area that groups members' }),
    parent: z.string().nullable().meta({ description: 'slug of the metropolitan area the city belongs to' }),
    siruta: z.string().nullable(),
    uatType: z.string().nullable(),
    defaultLocale: Locale,
    locales: z.array(Locale),
    timeZone: z.string(),
    centre: z.object({ lat: z.number(), lon: z.number() }),
    defaultZoom: z.number().int(),
    boundary: z.object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.any()) }).nullable(),
    boundarySource: z.string().nullable().meta({ description: 'where the boundary comes from (credited on maps)' }),
    archived: z.boolean(),
    abilities: Abilities.optional(),
  })
  .meta({ id: 'Tenant' });

export const TenantListResponse = z.object({ items: z.array(TenantResponse), abilities: z.object({ createCity: z.boolean() }).optional() });
export const TenantListQuery = z.object({ archived: z.enum(['include', 'only']).optional().meta({ description: 'platform admins: list archived cities too' }) });
export const TenantParams = z.object({ tenant: z.string().regex(/^[a-z0-9-]+$/).max(63) });

const BoundaryInput = z.record(z.string(), z.unknown()).meta({ description: 'GeoJSON Polygon or MultiPolygon in WGS84 (or a Feature / one-feature FeatureCollection holding one)' });

export const TenantCreateBody = z
  .object({
    slug: Slug,
    name: MultilocSchema,
    kind: z.enum(['city', 'area']).optional(),
    parent: Slug.nullable().optional(),
    defaultLocale: Locale.optional(),
    locales: z.array(Locale).min(1).max(3).optional(),
    timeZone: z.string().min(1).max(64).optional(),
    boundary: BoundaryInput,
    boundarySource: z.string().max(500).nullable().optional(),
    siruta: z.string().regex(/^[0-9]{1,10}$/).nullable().optional(),
    uatType: z.string().max(80).nullable().optional(),
    defaultZoom: z.number().int().min(3).max(18).optional(),
  })
  .strict();

export const TenantUpdateBody = TenantCreateBody.omit({ slug: true }).partial().extend({ boundary: BoundaryInput.optional() }).strict();
export const TenantArchiveBody = z.object({ archived: z.boolean() }).strict();
export const TenantMembersResponse = z.object({ area: TenantResponse, items: z.array(TenantResponse) });
