import type { z } from 'zod';
import type { Actor } from '../../core/actor.js';
import { tenantAbilities } from './tenants.policy.js';
import type { TenantRow } from './tenants.repository.js';
import type { TenantResponse } from './tenants.schemas.js';

/** `all` resolves the parent's slug; `actor` adds what the caller may do with the city. */
export function presentTenant(t: TenantRow, all?: readonly TenantRow[], actor?: Actor): z.infer<typeof TenantResponse> {
  return {
    slug: t.slug,
    name: t.name,
    kind: t.kind,
    parent: t.parent_id === null ? null : (all?.find((p) => p.id === t.parent_id)?.slug ?? null),
    siruta: t.siruta,
    uatType: t.uat_type,
    defaultLocale: t.default_locale,
    locales: t.locales as ('ro' | 'en' | 'hu')[],
    timeZone: t.time_zone,
    centre: { lat: t.centre_lat, lon: t.centre_lon },
    defaultZoom: t.default_zoom,
    boundary: t.boundary as z.infer<typeof TenantResponse>['boundary'],
    boundarySource: t.boundary_source,
    archived: t.archived_at !== null,
    ...(actor ? { abilities: tenantAbilities(actor, t) } : {}),
  };
}
