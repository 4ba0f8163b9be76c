/**
 * The demo's resource map: Timișoara's real places from the OpenStreetMap extract in
 * `../shared/data/geo/poi/timisoara_zm_poi_resource_map.geojson` (© OpenStreetMap contributors, ODbL 1.0; see
 * ../shared/data/geo/SOURCES.md). The file's `category` becomes our kind where we have one (bike-sharing docks,
 * IT companies, NGO offices and town halls are not resource-map kinds and are left out), and only the places
 * inside the city's boundary are loaded (the extract also covers neighbouring communes). Nothing for Baia Mare:
 * the extract has no data there.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SYSTEM } from '../../../core/actor.js';
import { pointInBoundary } from '../../../core/geo.js';
import { ROOT_DIR } from '../../../core/version.js';
import type { TenantRow } from '../../tenants/index.js';
import type { GeoJsonPolygon } from '../../../core/geo.js';
import type { PlacesService } from './places.service.js';

export const POI_FILE = join(ROOT_DIR, '..', 'shared', 'data', 'geo', 'poi', 'timisoara_zm_poi_resource_map.geojson');
const KIND_OF_CATEGORY: Record<string, string> = {
  ev_charging: 'ev_charging',
  coworking: 'coworking',
  hackerspace_makerspace: 'makerspace',
  incubator_techpark: 'incubator',
  university_college: 'university',
  research: 'research',
  library: 'library',
  community_centre: 'community_centre',
};

export async function seedPlaces(tenant: TenantRow, svc: PlacesService, file = POI_FILE) {
  if (tenant.slug !== 'timisoara' || !existsSync(file)) return null;
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { features: { geometry: { coordinates: [number, number] }; properties: Record<string, unknown> }[] };
  let skipped = 0;
  const features = doc.features
    .filter((f) => KIND_OF_CATEGORY[f.properties.category as string])
    .filter((f) => pointInBoundary(f.geometry.coordinates[0], f.geometry.coordinates[1], tenant.boundary as GeoJsonPolygon | null) || (skipped++, false))
    .map((f) => ({ ...f, type: 'Feature', properties: { ...f.properties, kind: KIND_OF_CATEGORY[f.properties.category as string] } }));
  const r = await svc.import(SYSTEM, tenant, JSON.stringify({ type: 'FeatureCollection', features }), 'geojson');
  return { ...r, skipped };
}
