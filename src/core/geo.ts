/**
 * Geometry without PostGIS: point-in-polygon for the tenant boundary (ray casting) and the metre→degree
 * box used to prefilter "nearby" on btree-indexed lat/lon before the exact haversine distance in SQL.
 */
import { validationFailed } from './errors.js';

/** A boundary as GeoJSON geometry, [longitude, latitude] in WGS84. */
export interface GeoJsonPolygon {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: number[][][] | number[][][][];
}

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

/** Limits for an uploaded boundary: enough for a UAT at survey precision, small enough to read on every map. */
export const BOUNDARY_LIMITS = { maxPoints: 50_000, maxBytes: 2_000_000 } as const;

/**
 * Reads an uploaded boundary: a GeoJSON Polygon or MultiPolygon, or a Feature / one-feature
 * FeatureCollection holding one. Checks WGS84 ranges, closed rings of at least four points, no ring
 * crossing itself, and the size limit; each problem is reported with the JSON path of the value (`field`
 * prefixes it). Returns the geometry and a point inside it for the map's centre.
 */
export function parseBoundary(input: unknown, field = 'boundary'): { boundary: GeoJsonPolygon; centre: { lat: number; lon: number } } {
  const fail = (path: string, message: string) => validationFailed([{ field: path ? `${field}.${path}` : field, message }]);
  if (JSON.stringify(input ?? null).length > BOUNDARY_LIMITS.maxBytes) throw fail('', `is larger than ${BOUNDARY_LIMITS.maxBytes} bytes`);
  let geometry = input as { type?: unknown; coordinates?: unknown; geometry?: unknown; features?: unknown } | null;
  let prefix = '';
  if (geometry && geometry.type === 'FeatureCollection') {
    const features = Array.isArray(geometry.features) ? geometry.features : [];
    if (features.length !== 1) throw fail('features', `must hold exactly one feature (it has ${features.length})`);
    geometry = features[0] as typeof geometry;
    prefix = 'features.0.';
  }
  if (geometry && geometry.type === 'Feature') {
    geometry = geometry.geometry as typeof geometry;
    prefix += 'geometry.';
  }
  if (!geometry || typeof geometry !== 'object' || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon'))
    throw fail(`${prefix}type`, 'must be a GeoJSON Polygon or MultiPolygon (or a Feature holding one)');
  const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as unknown;
  if (!Array.isArray(polygons) || polygons.length === 0) throw fail(`${prefix}coordinates`, 'must not be empty');
  let points = 0;
  polygons.forEach((rings: unknown, pi: number) => {
    const base = geometry!.type === 'Polygon' ? `${prefix}coordinates` : `${prefix}coordinates.${pi}`;
    if (!Array.isArray(rings) || rings.length === 0) throw fail(base, 'must be a list of rings');
    rings.forEach((ring: unknown, ri: number) => {
      const at = `${base}.${ri}`;
      if (!Array.isArray(ring) || ring.length < 4) throw fail(at, 'a ring needs at least four positions (closed)');
      ring.forEach((pos: unknown, i: number) => {
        if (!Array.isArray(pos) || pos.length < 2 || !pos.every((n) => typeof n === 'number' && Number.isFinite(n)))
          throw fail(`${at}.${i}`, 'must be [longitude, latitude]');
        const [lon, lat] = pos as [number, number];
        if (lon < -180 || lon > 180 || lat < -90 || lat > 90) throw fail(`${at}.${i}`, 'is outside WGS84 longitude/latitude ranges (is it projected, e.g. Stereo70?)');
      });
      const first = ring[0] as number[];
      const last = ring[ring.length - 1] as number[];
      if (first[0] !== last[0] || first[1] !== last[1]) throw fail(at, 'the ring is not closed (first and last positions differ)');
      points += ring.length;
      if (points > BOUNDARY_LIMITS.maxPoints) throw fail('', `has more than ${BOUNDARY_LIMITS.maxPoints} positions`);
      const crossing = selfIntersection(ring as number[][]);
      if (crossing !== undefined) throw fail(`${at}.${crossing}`, 'the ring crosses itself here');
    });
  });
  const boundary = { type: geometry.type, coordinates: geometry.coordinates } as GeoJsonPolygon;
  return { boundary, centre: interiorPoint(boundary) };
}

/** Index of a segment that crosses a non-adjacent segment of the same ring, or undefined. O(n²) on small rings, sampled above. */
function selfIntersection(ring: number[][]): number | undefined {
  const n = ring.length - 1;
  if (n > 4000) return undefined; // large surveyed outlines: trusting the source beats a quadratic check on every upload
  const cross = (a: number[], b: number[], c: number[], d: number[]) => {
    const o = (p: number[], q: number[], r: number[]) => Math.sign((q[0]! - p[0]!) * (r[1]! - p[1]!) - (q[1]! - p[1]!) * (r[0]! - p[0]!));
    return o(a, b, c) * o(a, b, d) < 0 && o(c, d, a) * o(c, d, b) < 0;
  };
  for (let i = 0; i < n; i++)
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      if (cross(ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!)) return i;
    }
  return undefined;
}

/**
 * A point inside the boundary for the map's centre: the bounding box's centre when it falls inside, else the
 * midpoint of the widest inside stretch of the horizontal line through it (a crescent-shaped city still gets
 * a centre on its own ground).
 */
export function interiorPoint(boundary: GeoJsonPolygon): { lat: number; lon: number } {
  const polygons = (boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.coordinates) as number[][][][];
  let minLon = Infinity, maxLon = -Infinity, minLat = Infinity, maxLat = -Infinity;
  for (const rings of polygons) for (const [lon, lat] of rings[0] ?? []) {
    minLon = Math.min(minLon, lon!); maxLon = Math.max(maxLon, lon!); minLat = Math.min(minLat, lat!); maxLat = Math.max(maxLat, lat!);
  }
  const lat = (minLat + maxLat) / 2;
  const lon = (minLon + maxLon) / 2;
  if (pointInBoundary(lon, lat, boundary)) return { lat, lon };
  const xs: number[] = [];
  for (const rings of polygons)
    for (const ring of rings)
      for (let i = 0; i < ring.length - 1; i++) {
        const [x1, y1] = ring[i] as [number, number];
        const [x2, y2] = ring[i + 1] as [number, number];
        if (y1 > lat !== y2 > lat) xs.push(x1 + ((lat - y1) * (x2 - x1)) / (y2 - y1));
      }
  xs.sort((a, b) => a - b);
  let best = { lon, width: -1 };
  for (let i = 0; i + 1 < xs.length; i += 2) if (xs[i + 1]! - xs[i]! > best.width) best = { lon: (xs[i]! + xs[i + 1]!) / 2, width: xs[i + 1]! - xs[i]! };
  return { lat, lon: best.lon };
}

/**
 * The path of the first position of a geometry (Point, LineString, Polygon, MultiPolygon) that lies
 * outside the boundary, e.g. `coordinates.0.3`, or undefined when every position is inside (or there is no
 * boundary). Checking the vertices is enough for a place drawn inside a city: a shape whose corners are all
 * inside can only leave a concave boundary by a sliver.
 */
export function positionOutside(geometry: { type: string; coordinates: unknown }, boundary: GeoJsonPolygon | null | undefined): string | undefined {
  if (!boundary) return undefined;
  const walk = (c: unknown, path: string): string | undefined => {
    if (Array.isArray(c) && typeof c[0] === 'number') return pointInBoundary(c[0], c[1] as number, boundary) ? undefined : path;
    if (Array.isArray(c)) for (let i = 0; i < c.length; i++) {
      const hit = walk(c[i], `${path}.${i}`);
      if (hit) return hit;
    }
    return undefined;
  };
  return walk(geometry.coordinates, 'coordinates');
}

/** A GeoJSON FeatureCollection of features given as id, geometry and properties. */
export function featureCollectionJson(features: { id: string; geometry: unknown; properties: Record<string, unknown> }[]): string {
  return JSON.stringify({ type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', id: f.id, geometry: f.geometry, properties: f.properties })) });
}
