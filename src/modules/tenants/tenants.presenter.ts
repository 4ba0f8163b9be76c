import type { z } from 'zod';
import type { TenantRow } from './tenants.repository.js';
import type { TenantResponse } from './tenants.schemas.js';

export function presentTenant(t: TenantRow): z.infer<typeof TenantResponse> {
  return {
    slug: t.slug,
    name: t.name,
    defaultLocale: t.default_locale,
    locales: t.locales as ('ro' | 'en' | 'hu')[],
    timeZone: t.time_zone,
    centre: { lat: t.centre_lat, lon: t.centre_lon },
    defaultZoom: t.default_zoom,
    boundary: t.boundary as z.infer<typeof TenantResponse>['boundary'],
  };
}
