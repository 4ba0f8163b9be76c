import { z } from 'zod';
import { MultilocSchema } from '../../core/i18n.js';

export const TenantResponse = z
  .object({
    slug: z.string(),
    name: MultilocSchema,
    defaultLocale: z.enum(['ro', 'en', 'hu']),
    locales: z.array(z.enum(['ro', 'en', 'hu'])),
    timeZone: z.string(),
    centre: z.object({ lat: z.number(), lon: z.number() }),
    defaultZoom: z.number().int(),
    boundary: z.object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.any()) }).nullable(),
  })
  .meta({ id: 'Tenant' });

export const TenantListResponse = z.object({ items: z.array(TenantResponse) });
export const TenantParams = z.object({ tenant: z.string().regex(/^[a-z0-9-]+$/).max(63) });
