/**
 * Places of proposals and budget projects: an optional point that must lie inside the city's boundary.
 * The point-in-polygon test is the reports module's pure geometry function (no state, no tables), so both
 * modules agree on what "inside the city" means.
 */
import { validationFailed, type FieldError } from '../../core/errors.js';
import type { TenantRow } from '../tenants/index.js';
import { pointInBoundary } from '../../core/geo.js';

/** Field errors for an optional point: both coordinates or neither, and inside the tenant's boundary. */
export function placeErrors(tenant: Pick<TenantRow, 'boundary' | 'name'>, lat: number | null | undefined, lon: number | null | undefined, prefix = ''): FieldError[] {
  const hasLat = lat !== undefined && lat !== null;
  const hasLon = lon !== undefined && lon !== null;
  if (!hasLat && !hasLon) return [];
  if (!hasLat) return [{ field: `${prefix}lat`, message: 'give both latitude and longitude, or neither', code: 'incomplete_place' }];
  if (!hasLon) return [{ field: `${prefix}lon`, message: 'give both latitude and longitude, or neither', code: 'incomplete_place' }];
  if (!pointInBoundary(lon, lat, tenant.boundary)) return [{ field: `${prefix}lat`, message: `The place is outside ${tenant.name.ro}.`, code: 'outside_boundary' }];
  return [];
}

/** Throws a 400 naming the field when the point is incomplete or outside the city. */
export function checkPlace(tenant: Pick<TenantRow, 'boundary' | 'name'>, lat: number | null | undefined, lon: number | null | undefined): void {
  const errors = placeErrors(tenant, lat, lon);
  if (errors.length) throw validationFailed(errors);
}
