/**
 * Areas for "reports per category and area".
 * - **Timișoara**: its 31 neighbourhoods (cartiere) as OpenStreetMap draws them (`place=suburb` polygons,
 *   data/geo/timisoara_cartiere.geojson, © OpenStreetMap contributors, ODbL 1.0). A report belongs to the
 *   neighbourhood whose polygon holds its point; a point in none of them (fields and industrial zones at
 *   the edge of the territory) has no area.
 * - **Baia Mare**: no neighbourhood polygons are available offline, so a report's area is the **nearest of
 *   a small seeded list of neighbourhood centre points** (APPROXIMATE, read off a map to about 300 m).
 * - **Any other city**: a documented 3 × 3 grid over its boundary's bounding box (cells "N-V" … "S-E").
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pointInBoundary, type GeoJsonPolygon } from '../../core/geo.js';
import { ROOT_DIR } from '../../core/version.js';

export interface Area {
  code: string;
  name: string;
  /** a point to label the area with (inside it for polygons) */
  lat: number;
  lon: number;
  /** the area's outline when it is a real polygon */
  boundary?: GeoJsonPolygon;
}

/** Credit for the neighbourhood polygons, shown on maps and in datasets. */
export const NEIGHBOURHOODS_ATTRIBUTION = '© OpenStreetMap contributors, ODbL 1.0';

interface NeighbourhoodFile {
  features: { properties: { code: string; name: string; label_lat: number; label_lon: number }; geometry: GeoJsonPolygon }[];
}

/** Reads a neighbourhood polygon file shipped in data/geo/ (one Feature per neighbourhood). */
export function loadNeighbourhoodPolygons(file: string): Area[] {
  const fc = JSON.parse(readFileSync(file, 'utf8')) as NeighbourhoodFile;
  return fc.features
    .map((f) => ({ code: f.properties.code, name: f.properties.name, lat: f.properties.label_lat, lon: f.properties.label_lon, boundary: f.geometry }))
    .sort((a, b) => a.name.localeCompare(b.name, 'ro'));
}

/** Cities whose areas are real polygons, read once on first use. */
const POLYGON_FILES: Record<string, string> = { timisoara: 'timisoara_cartiere.geojson' };
const polygonCache = new Map<string, Area[]>();
function polygonAreas(slug: string): Area[] | undefined {
  const file = POLYGON_FILES[slug];
  if (!file) return undefined;
  if (!polygonCache.has(slug)) polygonCache.set(slug, loadNeighbourhoodPolygons(join(ROOT_DIR, 'data', 'geo', file)));
  return polygonCache.get(slug);
}

/** Approximate centre points of the main neighbourhoods, per city slug (cities without polygons). */
export const NEIGHBOURHOODS: Record<string, Area[]> = {
  'baia-mare': [
    { code: 'centru-vechi', name: 'Centrul Vechi', lat: 47.6590, lon: 23.5810 },
    { code: 'centru-nou', name: 'Centrul Nou', lat: 47.6560, lon: 23.5680 },
    { code: 'sasar', name: 'Săsar', lat: 47.6500, lon: 23.5900 },
    { code: 'valea-rosie', name: 'Valea Roșie', lat: 47.6620, lon: 23.6060 },
    { code: 'vasile-alecsandri', name: 'Vasile Alecsandri', lat: 47.6470, lon: 23.5650 },
    { code: 'gara', name: 'Gară', lat: 47.6500, lon: 23.5560 },
    { code: 'republicii', name: 'Republicii', lat: 47.6560, lon: 23.5500 },
    { code: 'grivita', name: 'Grivița', lat: 47.6660, lon: 23.5660 },
    { code: 'ferneziu', name: 'Ferneziu', lat: 47.6760, lon: 23.5960 },
    { code: 'firiza', name: 'Firiza', lat: 47.6950, lon: 23.5350 },
  ],
};

const GRID = [
  ['n-v', 'N-V'], ['n', 'N'], ['n-e', 'N-E'],
  ['v', 'V'], ['c', 'C'], ['e', 'E'],
  ['s-v', 'S-V'], ['s', 'S'], ['s-e', 'S-E'],
] as const;

function bounds(boundary: GeoJsonPolygon | null | undefined) {
  if (!boundary) return undefined;
  const rings = (boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.coordinates) as number[][][][];
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  for (const poly of rings) for (const [lon, lat] of poly[0] ?? []) {
    minLon = Math.min(minLon, lon!); maxLon = Math.max(maxLon, lon!); minLat = Math.min(minLat, lat!); maxLat = Math.max(maxLat, lat!);
  }
  return Number.isFinite(minLon) ? { minLon, minLat, maxLon, maxLat } : undefined;
}

/** The areas of a city: its neighbourhood polygons or seeded centres, else the 3 × 3 grid over its boundary (none without one). */
export function areasOf(tenant: { slug: string; boundary: GeoJsonPolygon | null }): Area[] {
  const polygons = polygonAreas(tenant.slug);
  if (polygons) return polygons;
  const seeded = NEIGHBOURHOODS[tenant.slug];
  if (seeded) return seeded;
  const b = bounds(tenant.boundary);
  if (!b) return [];
  return GRID.map(([code, name], i) => ({
    code, name,
    lat: b.maxLat - ((Math.floor(i / 3) + 0.5) * (b.maxLat - b.minLat)) / 3,
    lon: b.minLon + (((i % 3) + 0.5) * (b.maxLon - b.minLon)) / 3,
  }));
}

export function areaKind(tenant: { slug: string }): 'neighbourhoods' | 'grid' {
  return POLYGON_FILES[tenant.slug] || NEIGHBOURHOODS[tenant.slug] ? 'neighbourhoods' : 'grid';
}

/** True when the city's areas are drawn polygons (exact), false for centres or the grid (approximate). */
export function areasExact(tenant: { slug: string }): boolean {
  return !!POLYGON_FILES[tenant.slug];
}

/**
 * The area of a point: the polygon holding it when the areas are polygons (null in none), else the nearest
 * area centre (equirectangular distance: fine within a city); null without areas or a point.
 */
export function areaFor(areas: Area[], lat: number | null | undefined, lon: number | null | undefined): string | null {
  if (lat == null || lon == null || areas.length === 0) return null;
  if (areas[0]!.boundary) return areas.find((a) => a.boundary && pointInBoundary(lon, lat, a.boundary))?.code ?? null;
  const k = Math.cos((lat * Math.PI) / 180);
  let best: Area | undefined;
  let bestD = Infinity;
  for (const a of areas) {
    const d = (a.lat - lat) ** 2 + ((a.lon - lon) * k) ** 2;
    if (d < bestD) { bestD = d; best = a; }
  }
  return best!.code;
}
