/**
 * The two real cities and their metropolitan areas. Boundaries are the official UAT outlines (ANCPI RELUAT via
 * geo-spatial.org, simplified at 200 m by Code for Romania; see data/geo/SOURCES.md), so "is this point in
 * the city" follows the real administrative territory. Coordinates are [longitude, latitude] as GeoJSON
 * requires. Centres are the historic city centres.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBoundary } from '../../core/geo.js';
import type { Multiloc } from '../../core/i18n.js';
import { ROOT_DIR } from '../../core/version.js';
import type { TenantsService } from './tenants.service.js';

/** The credit line for boundaries from the UAT dataset. */
export const UAT_BOUNDARY_SOURCE = '© ANCPI / geo-spatial.org (ro_uat_poligon), via Code for Romania';

interface UatFeature {
  properties: { siruta: number; name: string; uat_type: string; county_code: string; member?: boolean; label_lat: number; label_lon: number };
  geometry: unknown;
}

function readFeatures(file: string): UatFeature[] {
  return (JSON.parse(readFileSync(join(ROOT_DIR, 'data/geo', file), 'utf8')) as { features: UatFeature[] }).features;
}

function boundaryOf(file: string) {
  return parseBoundary(readFeatures(file)[0]!.geometry).boundary;
}

/**
 * A county-seat municipality as the platform seeds it: Romanian first, then English and Hungarian (both cities
 * have Hungarian-speaking residents), and its official UAT outline, read only when the seed runs.
 */
function municipiu(slug: string, name: Multiloc, centre: { lat: number; lon: number }, siruta: string, boundaryFile: string) {
  return {
    slug,
    name,
    default_locale: 'ro' as const,
    locales: ['ro', 'en', 'hu'],
    time_zone: 'Europe/Bucharest',
    centre_lat: centre.lat,
    centre_lon: centre.lon,
    default_zoom: 12,
    siruta,
    uat_type: 'municipiu',
    boundary_source: UAT_BOUNDARY_SOURCE,
    get boundary() {
      return boundaryOf(boundaryFile);
    },
  };
}

export const TENANT_SEEDS = [
  municipiu('timisoara', { ro: 'Timișoara', en: 'Timișoara', hu: 'Temesvár' }, { lat: 45.7537, lon: 21.2257 }, '155243', 'uat_timisoara.geojson'),
  municipiu('baia-mare', { ro: 'Baia Mare', en: 'Baia Mare', hu: 'Nagybánya' }, { lat: 47.6573, lon: 23.5681 }, '106318', 'uat_baia_mare.geojson'),
];

export async function seedTenants(tenants: TenantsService): Promise<void> {
  for (const t of TENANT_SEEDS) await tenants.upsert({ ...t, boundary: t.boundary });
}

/** The two metropolitan areas with the members their founding documents name (data/geo/metro_members.csv). */
const AREAS: { slug: string; name: Multiloc; outline: string; members: string; city: string; zoom: number }[] = [
  {
    slug: 'zm-timisoara',
    name: { ro: 'Zona metropolitană Timișoara', en: 'Timișoara metropolitan area', hu: 'Temesvári agglomeráció' },
    outline: 'zm_timisoara_outline.geojson',
    members: 'zm_timisoara_uat.geojson',
    city: 'timisoara',
    zoom: 10,
  },
  {
    slug: 'zm-baia-mare',
    name: { ro: 'Zona metropolitană Baia Mare', en: 'Baia Mare metropolitan area', hu: 'Nagybányai agglomeráció' },
    outline: 'zm_baiamare_outline.geojson',
    members: 'zm_baiamare_uat.geojson',
    city: 'baia-mare',
    zoom: 10,
  },
];

/** "Sânmihaiu Român" (TM) → "sanmihaiu-roman-tm": ASCII, and the county keeps two communes called Dumbrăvița apart. */
export function uatSlug(name: string, county: string): string {
  const ascii = name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `${ascii}-${county.toLowerCase()}`;
}

/**
 * The metropolitan areas of the demo: Timișoara's growth pole (the city and 14 communes) and Baia Mare's
 * ZMBM (the city, 5 towns and 13 communes). Each member is a tenant of its own, so it can run a strategy;
 * the two seeded cities keep their slugs. Idempotent.
 */
export async function seedMetropolitanAreas(tenants: TenantsService): Promise<void> {
  for (const a of AREAS) {
    const outline = parseBoundary(readFeatures(a.outline)[0]!.geometry);
    const city = TENANT_SEEDS.find((t) => t.slug === a.city)!;
    const area = await tenants.upsert({
      slug: a.slug,
      name: a.name,
      kind: 'area',
      default_locale: 'ro',
      locales: ['ro', 'en', 'hu'],
      time_zone: 'Europe/Bucharest',
      centre_lat: outline.centre.lat,
      centre_lon: outline.centre.lon,
      default_zoom: a.zoom,
      boundary: outline.boundary,
      boundary_source: UAT_BOUNDARY_SOURCE,
    });
    for (const f of readFeatures(a.members).filter((x) => x.properties.member !== false)) {
      const p = f.properties;
      const isCity = String(p.siruta) === city.siruta;
      await tenants.upsert({
        ...(isCity ? { ...city, boundary: city.boundary } : {
          slug: uatSlug(p.name, p.county_code),
          name: { ro: p.name },
          default_locale: 'ro' as const,
          locales: ['ro'],
          time_zone: 'Europe/Bucharest',
          centre_lat: p.label_lat,
          centre_lon: p.label_lon,
          default_zoom: 13,
          siruta: String(p.siruta),
          uat_type: p.uat_type.replace(/ \(.*\)$/, ''),
          boundary_source: UAT_BOUNDARY_SOURCE,
          boundary: parseBoundary(f.geometry).boundary,
        }),
        kind: 'city',
        parent_id: area.id,
      });
    }
  }
}
