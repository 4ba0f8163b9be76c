/**
 * Geometry without PostGIS: point-in-polygon for the tenant boundary (ray casting) and the metre→degree
 * box used to prefilter "nearby" on btree-indexed lat/lon before the exact haversine distance in SQL.
 */
import type { GeoJsonPolygon } from '../modules/tenants/tenants.tables.js';

/** Ray casting on one ring of [lon, lat] points: true when (lon, lat) is inside. */
export function pointInRing(lon: number, lat: number, ring: number[][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** True when the point is inside a GeoJSON Polygon / MultiPolygon (holes respected). No boundary → true. */
export function pointInBoundary(lon: number, lat: number, boundary: GeoJsonPolygon | null | undefined): boolean {
  if (!boundary) return true;
  const polygons = (boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.coordinates) as number[][][][];
  return polygons.some((rings) => {
    const [outer, ...holes] = rings;
    return !!outer && pointInRing(lon, lat, outer) && !holes.some((h) => pointInRing(lon, lat, h));
  });
}

/** A lat/lon box that contains every point within `metres` of (lat, lon). */
export function boxAround(lat: number, lon: number, metres: number): { minLat: number; maxLat: number; minLon: number; maxLon: number } {
  const dLat = metres / 111_320;
  const dLon = metres / (111_320 * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  return { minLat: lat - dLat, maxLat: lat + dLat, minLon: lon - dLon, maxLon: lon + dLon };
}
