/**
 * Areas for "reports per category and area" without external data. The cities' official neighbourhood
 * polygons are not available offline, so a report's area is the **nearest of a small seeded list of
 * neighbourhood centre points** (Voronoi cells around them). The coordinates are APPROXIMATE (read off a
 * map to about 300 m), good enough for statistics, not for legal boundaries. A city without a list gets a
 * documented 3 × 3 grid over its boundary's bounding box (cells "N-V" … "S-E", centre "C").
 */
import type { GeoJsonPolygon } from '../../core/geo.js';

export interface Area {
  code: string;
  name: string;
  lat: number;
  lon: number;
}

/** Approximate centre points of the main neighbourhoods (cartiere), per city slug. */
export const NEIGHBOURHOODS: Record<string, Area[]> = {
  timisoara: [
    { code: 'cetate', name: 'Cetate', lat: 45.7570, lon: 21.2290 },
    { code: 'iosefin', name: 'Iosefin', lat: 45.7480, lon: 21.2105 },
    { code: 'elisabetin', name: 'Elisabetin', lat: 45.7465, lon: 21.2265 },
    { code: 'fabric', name: 'Fabric', lat: 45.7610, lon: 21.2500 },
    { code: 'complex-studentesc', name: 'Complexul Studențesc', lat: 45.7470, lon: 21.2390 },
    { code: 'circumvalatiunii', name: 'Circumvalațiunii', lat: 45.7660, lon: 21.2130 },
    { code: 'mehala', name: 'Mehala', lat: 45.7700, lon: 21.1960 },
    { code: 'ronat', name: 'Ronaț', lat: 45.7730, lon: 21.1780 },
    { code: 'calea-aradului', name: 'Calea Aradului', lat: 45.7810, lon: 21.2220 },
    { code: 'calea-lipovei', name: 'Calea Lipovei', lat: 45.7760, lon: 21.2420 },
    { code: 'plopi', name: 'Plopi', lat: 45.7720, lon: 21.2680 },
    { code: 'girocului', name: 'Calea Girocului', lat: 45.7320, lon: 21.2250 },
    { code: 'soarelui', name: 'Soarelui', lat: 45.7300, lon: 21.2420 },
    { code: 'fratelia', name: 'Fratelia', lat: 45.7290, lon: 21.2030 },
    { code: 'freidorf', name: 'Freidorf', lat: 45.7390, lon: 21.1830 },
    { code: 'dambovita', name: 'Dâmbovița', lat: 45.7450, lon: 21.1960 },
  ],
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

/** The areas of a city: its seeded neighbourhoods, else the 3 × 3 grid over its boundary (none without one). */
export function areasOf(tenant: { slug: string; boundary: GeoJsonPolygon | null }): Area[] {
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
  return NEIGHBOURHOODS[tenant.slug] ? 'neighbourhoods' : 'grid';
}

/** The nearest area centre (equirectangular distance: fine within a city); null without areas or a point. */
export function areaFor(areas: Area[], lat: number | null | undefined, lon: number | null | undefined): string | null {
  if (lat == null || lon == null || areas.length === 0) return null;
  const k = Math.cos((lat * Math.PI) / 180);
  let best: Area | undefined;
  let bestD = Infinity;
  for (const a of areas) {
    const d = (a.lat - lat) ** 2 + ((a.lon - lon) * k) ** 2;
    if (d < bestD) { bestD = d; best = a; }
  }
  return best!.code;
}
