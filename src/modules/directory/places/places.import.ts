/**
 * Reads a GeoJSON FeatureCollection (e.g. an Overpass export converted by osmtogeojson: OSM tags as
 * properties, the OSM id as `id`/`@id`) or a CSV (columns `lat`, `lon`, `name`, optional `kind` and `osm_id`/
 * `@id`, every other column an OSM tag; an `osm_main_tag` column such as "amenity=library" counts as a tag).
 * Every row is checked (a point inside the city, a kind we know); any bad row refuses the whole file, and each
 * error names its line (CSV) or feature (GeoJSON).
 */
import { parse } from 'csv-parse/sync';
import type { FieldError } from '../../../core/errors.js';
import { pointInBoundary } from '../../../core/geo.js';
import type { GeoJsonPolygon } from '../../../core/geo.js';
import { kindFromTags, type PlaceKind, PLACE_KINDS, splitTag } from './places.osm.js';

export interface ImportRow {
  name: string;
  lat: number;
  lon: number;
  kind: PlaceKind;
  osmId: string | null;
  tags: Record<string, string>;
}

const OSM_ID = /^(node|way|relation)\/\d+$/;
const META = new Set(['lat', 'lon', '@lat', '@lon', 'latitude', 'longitude', 'name', 'kind', 'osm_id', '@id', 'id', 'osm_main_tag', 'category', 'uat', 'uat_siruta']);

function row(raw: Record<string, unknown>, lat: unknown, lon: unknown, where: string, boundary: GeoJsonPolygon | null, errors: FieldError[]): ImportRow | null {
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (!META.has(k) && v !== null && v !== undefined && v !== '' && typeof v !== 'object') tags[k] = String(v);
  const main = typeof raw.osm_main_tag === 'string' ? splitTag(raw.osm_main_tag) : null;
  if (main && tags[main[0]] === undefined) tags[main[0]] = main[1];
  const la = typeof lat === 'number' ? lat : Number(lat);
  const lo = typeof lon === 'number' ? lon : Number(lon);
  const before = errors.length;
  if (!Number.isFinite(la) || la < -90 || la > 90 || lat === '' || lat === undefined) errors.push({ field: `${where}.lat`, message: 'Missing or invalid latitude.' });
  if (!Number.isFinite(lo) || lo < -180 || lo > 180 || lon === '' || lon === undefined) errors.push({ field: `${where}.lon`, message: 'Missing or invalid longitude.' });
  if (errors.length === before && !pointInBoundary(lo, la, boundary)) errors.push({ field: `${where}.lat`, message: "The point is outside the city's boundary.", code: 'outside_boundary' });
  const explicit = typeof raw.kind === 'string' && raw.kind ? raw.kind : null;
  if (explicit && !(PLACE_KINDS as readonly string[]).includes(explicit)) errors.push({ field: `${where}.kind`, message: `Unknown kind "${explicit.slice(0, 40)}".` });
  const kind = (explicit as PlaceKind | null) ?? kindFromTags(tags);
  if (!kind) errors.push({ field: `${where}.tags`, message: 'The OSM tags match none of the map\'s kinds (give a "kind").' });
  if (kind === 'funding_programme') errors.push({ field: `${where}.kind`, message: 'A funding programme is not a place; add it on its own.' });
  const idRaw = raw.osm_id ?? raw['@id'] ?? raw.id;
  const osmId = typeof idRaw === 'string' && OSM_ID.test(idRaw) ? idRaw : null;
  if (idRaw !== undefined && idRaw !== '' && !osmId && (raw.osm_id !== undefined || raw['@id'] !== undefined)) errors.push({ field: `${where}.osm_id`, message: 'An OSM id looks like node/123, way/123 or relation/123.' });
  const name = String(raw.name ?? '').trim() || tags['name:ro'] || tags.brand || tags.operator || tags.network || (kind ? `${kind}${osmId ? ` ${osmId}` : ''}` : '');
  if (name.length > 200) errors.push({ field: `${where}.name`, message: 'At most 200 characters.' });
  if (errors.length > before || !kind) return null;
  return { name, lat: la, lon: lo, kind, osmId, tags };
}

/** Parses the file; returns the rows, or every error (with its line or feature) and no rows. */
export function readImport(text: string, format: 'geojson' | 'csv', boundary: GeoJsonPolygon | null): { rows: ImportRow[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const rows: ImportRow[] = [];
  if (format === 'geojson') {
    let doc: { type?: unknown; features?: unknown };
    try {
      doc = JSON.parse(text) as typeof doc;
    } catch {
      return { rows: [], errors: [{ field: '(body)', message: 'Not valid JSON.' }] };
    }
    if (doc?.type !== 'FeatureCollection' || !Array.isArray(doc.features)) return { rows: [], errors: [{ field: 'type', message: 'Expected a GeoJSON FeatureCollection.' }] };
    doc.features.forEach((f: { id?: unknown; geometry?: { type?: string; coordinates?: unknown[] } | null; properties?: Record<string, unknown> | null }, i) => {
      const where = `features[${i}]`;
      // osmtogeojson puts the id on the feature and the tags (plus @id) in properties; ways come as polygons: take their first vertex
      const g = f?.geometry;
      let coords: unknown[] | undefined;
      if (g?.type === 'Point') coords = g.coordinates;
      else if (g?.type === 'Polygon') coords = (g.coordinates?.[0] as unknown[][] | undefined)?.[0];
      else if (g?.type === 'LineString') coords = g.coordinates?.[0] as unknown[] | undefined;
      if (!coords) {
        errors.push({ field: `${where}.geometry`, message: 'Needs a Point (or a Polygon/LineString) geometry.' });
        return;
      }
      const props = { ...((f.properties ?? {}) as Record<string, unknown>) };
      if (props['@id'] === undefined && typeof f.id === 'string') props['@id'] = f.id;
      const r = row(props, coords[1], coords[0], where, boundary, errors);
      if (r) rows.push(r);
    });
  } else {
    let records: Record<string, string>[];
    try {
      records = parse(text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, trim: true, relax_column_count: false }) as Record<string, string>[];
    } catch (e) {
      const line = (e as { lines?: number }).lines;
      return { rows: [], errors: [{ field: line ? `line ${line}` : '(body)', message: 'The CSV could not be read (quotes or column count).' }] };
    }
    if (records.length && !('lat' in records[0]! || '@lat' in records[0]!)) return { rows: [], errors: [{ field: 'line 1', message: 'The header needs lat and lon columns.' }] };
    records.forEach((rec, i) => {
      const r = row(rec, rec.lat ?? rec['@lat'], rec.lon ?? rec['@lon'], `line ${i + 2}`, boundary, errors);
      if (r) rows.push(r);
    });
  }
  if (!errors.length && !rows.length) errors.push({ field: '(body)', message: 'The file has no places.' });
  return errors.length ? { rows: [], errors: errors.slice(0, 50) } : { rows, errors };
}
