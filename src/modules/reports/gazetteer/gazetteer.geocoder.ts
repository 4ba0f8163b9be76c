/**
 * "Type an address": a per-city gazetteer (streets, places, addresses) that staff load from a CSV — the
 * city's own address register or an OpenStreetMap extract — searched by word prefixes without diacritics,
 * and, when it has no match, an optional Nominatim-compatible geocoder (`URBIA_GEOCODER_URL`, off by
 * default). Results are always inside the city's boundary.
 */
import { TtlCache } from '../../../core/cache.js';
import { parse } from 'csv-parse/sync';
import type { FieldError } from '../../../core/errors.js';
import { VERSION } from '../../../core/version.js';
import type { TenantRow } from '../../tenants/index.js';
import { pointInBoundary } from '../../../core/geo.js';
import type { GazetteerRepository } from './gazetteer.repository.js';
import { GAZETTEER_KINDS, type GazetteerKind } from '../reports.tables.js';

export const GAZETTEER_LIMITS = { rows: 200_000, labelMax: 200, csvBytes: 20 * 1024 * 1024, queryMax: 100, results: 8, errorsShown: 20 } as const;

/** Lower-case, without diacritics (ș ş ț ţ ă â î ő ű …), every run of punctuation/space as one space. */
export function normaliseLabel(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Common Romanian street-type abbreviations people type, as the words the labels use. */
const ABBREVIATIONS: Record<string, string> = {
  bd: 'bulevardul', bdul: 'bulevardul', bld: 'bulevardul', blvd: 'bulevardul', bul: 'bulevardul', bv: 'bulevardul',
  cal: 'calea', al: 'aleea', pta: 'piata', pt: 'piata', pța: 'piata', spl: 'splaiul', sos: 'soseaua', intr: 'intrarea',
};

/** The query's words, normalised, abbreviations expanded ("Bd. Revoluției" → bulevardul revolutiei). */
export function queryWords(q: string): string[] {
  const norm = normaliseLabel(q.replace(/\bb-dul\b/gi, 'bulevardul').replace(/\bp-ța\b|\bp-ta\b/gi, 'piata'));
  return norm
    .split(' ')
    .filter(Boolean)
    .map((w) => ABBREVIATIONS[w] ?? w)
    .slice(0, 6);
}

export interface GazetteerRow {
  label: string;
  kind: GazetteerKind;
  lat: number;
  lon: number;
}

export interface GeocodeResult extends GazetteerRow {
  source: 'gazetteer' | 'geocoder';
}

const HEADER_ALIASES: Record<string, 'label' | 'lat' | 'lon' | 'kind'> = {
  label: 'label', name: 'label', address: 'label', adresa: 'label', denumire: 'label', display_name: 'label',
  lat: 'lat', latitude: 'lat', y: 'lat',
  lon: 'lon', lng: 'lon', long: 'lon', longitude: 'lon', x: 'lon',
  kind: 'kind', type: 'kind', tip: 'kind',
};
const KIND_ALIASES: Record<string, GazetteerKind> = {
  street: 'street', strada: 'street', highway: 'street', way: 'street',
  place: 'place', loc: 'place', poi: 'place', amenity: 'place', node: 'place',
  address: 'address', adresa: 'address', building: 'address',
};

/**
 * Parses and checks a gazetteer CSV (header: label, lat, lon, optional kind; `,` `;` or tab separated;
 * common aliases such as name/latitude/longitude/type accepted). Every error names the file line and the
 * field (`lines[12].lat`, the header being line 1); the caller stores nothing when there is any.
 */
export function parseGazetteerCsv(
  text: string,
  tenant: Pick<TenantRow, 'boundary'>,
  opts: { skipOutside?: boolean | undefined } = {},
): { rows: GazetteerRow[]; errors: FieldError[]; skippedOutside: number } {
  const errors: FieldError[] = [];
  let skippedOutside = 0;
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const delimiter = firstLine.includes('\t') ? '\t' : firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(body, { delimiter, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    return { rows: [], skippedOutside, errors: [{ field: line ? `lines[${line}]` : '(body)', message: `The CSV cannot be read${line ? ` at line ${line}` : ''}: ${(e as Error).message}`, code: 'invalid_csv' }] };
  }
  const [head, ...data] = records;
  if (!head) return { rows: [], skippedOutside, errors: [{ field: '(body)', message: 'The file is empty.', code: 'empty_file' }] };
  const columns = head.record.map((h) => HEADER_ALIASES[normaliseLabel(h).replace(/ /g, '_')]);
  // Overpass CSV (`[out:csv(name, ::lat, ::lon, highway)]` … `out center;`): a `highway` column instead of
  // kind, its value (residential, primary, …) meaning "a street" and an empty one "a place"
  const highway = columns.includes('kind') ? -1 : head.record.findIndex((h) => normaliseLabel(h) === 'highway');
  const col = (name: 'label' | 'lat' | 'lon' | 'kind') => columns.indexOf(name);
  for (const name of ['label', 'lat', 'lon'] as const)
    if (col(name) < 0) errors.push({ field: 'header', message: `The first line must name the columns label, lat and lon (and optionally kind); "${name}" is missing.`, code: 'invalid_header' });
  if (errors.length) return { rows: [], errors, skippedOutside };
  if (data.length > GAZETTEER_LIMITS.rows) return { rows: [], skippedOutside, errors: [{ field: '(body)', message: `At most ${GAZETTEER_LIMITS.rows.toLocaleString('en')} rows per file.`, code: 'too_many' }] };

  const rows: GazetteerRow[] = [];
  const seen = new Set<string>();
  const fail = (line: number, field: string, message: string, code: string) => {
    errors.push({ field: `lines[${line}].${field}`, message: `line ${line}: ${field} ${message}`, code });
  };
  for (const { record, info } of data) {
    const line = info.lines;
    const label = (record[col('label')] ?? '').replace(/\s+/g, ' ').trim();
    const latS = (record[col('lat')] ?? '').replace(',', '.');
    const lonS = (record[col('lon')] ?? '').replace(',', '.');
    const kindS = col('kind') >= 0 ? normaliseLabel(record[col('kind')] ?? '') : highway >= 0 && (record[highway] ?? '').trim() ? 'street' : '';
    const before = errors.length;
    if (!label) fail(line, 'label', 'is empty', 'required');
    else if (label.length > GAZETTEER_LIMITS.labelMax) fail(line, 'label', `is longer than ${GAZETTEER_LIMITS.labelMax} characters`, 'too_long');
    const lat = latS === '' ? NaN : Number(latS);
    const lon = lonS === '' ? NaN : Number(lonS);
    if (!Number.isFinite(lat) || lat < -90 || lat > 90) fail(line, 'lat', 'must be a latitude in decimal degrees (WGS84), e.g. 45.7537', 'invalid_number');
    if (!Number.isFinite(lon) || lon < -180 || lon > 180) fail(line, 'lon', 'must be a longitude in decimal degrees (WGS84), e.g. 21.2257', 'invalid_number');
    const kind: GazetteerKind | undefined = kindS === '' ? 'place' : KIND_ALIASES[kindS];
    if (!kind) fail(line, 'kind', `must be one of ${GAZETTEER_KINDS.join(', ')}`, 'invalid_value');
    if (errors.length === before && !pointInBoundary(lon, lat, tenant.boundary)) {
      // a metropolitan file loaded city by city: each city keeps the rows inside its own boundary
      if (opts.skipOutside) {
        skippedOutside++;
        continue;
      }
      fail(line, 'lat', "is outside the city's boundary", 'outside_boundary');
    }
    if (errors.length === before) {
      // one entry per name and kind within about a kilometre: OpenStreetMap splits a street into many ways
      const key = `${kind}|${normaliseLabel(label)}|${lat.toFixed(2)}|${lon.toFixed(2)}`;
      if (!seen.has(key)) rows.push({ label, kind: kind!, lat, lon });
      seen.add(key);
    }
  }
  if (data.length === 0) errors.push({ field: '(body)', message: 'The file has a header but no rows.', code: 'empty_file' });
  if (!errors.length && rows.length === 0 && skippedOutside > 0) errors.push({ field: '(body)', message: `None of the ${skippedOutside} rows is inside the city's boundary.`, code: 'outside_boundary' });
  return { rows, errors, skippedOutside };
}

/** A normalised query word that is a house number: digits, optionally one letter (12, 12a). */
export const HOUSE_NUMBER = /^\d+[a-z]?$/;

/** The best gazetteer matches for what a person typed (see GazetteerRepository.search). */
function searchGazetteer(repo: GazetteerRepository, tenantId: number, q: string, limit: number): Promise<GazetteerRow[]> {
  const words = queryWords(q);
  return words.length ? repo.search(tenantId, words, limit) : Promise.resolve([]);
}

function bbox(boundary: TenantRow['boundary']): { minLon: number; minLat: number; maxLon: number; maxLat: number } | undefined {
  if (!boundary) return undefined;
  const polygons = (boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.coordinates) as number[][][][];
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  for (const rings of polygons)
    for (const [lon, lat] of rings[0] ?? []) {
      minLon = Math.min(minLon, lon!); maxLon = Math.max(maxLon, lon!);
      minLat = Math.min(minLat, lat!); maxLat = Math.max(maxLat, lat!);
    }
  return Number.isFinite(minLon) ? { minLon, minLat, maxLon, maxLat } : undefined;
}

/**
 * A Nominatim-compatible search service (`/search?format=jsonv2`), asked only when the gazetteer has no
 * match. Kept polite as Nominatim's usage policy asks: an identifying User-Agent, at most one request per
 * second (a query arriving sooner gets no external results rather than waiting), answers cached for an
 * hour, a 3-second timeout; a failing service only means "no suggestions", never an error for the citizen.
 */
export class ExternalGeocoder {
  private last = 0;
  /** answers kept an hour; a refused or failed ask is not kept (the next query asks again) */
  private readonly answers = new TtlCache<string, GazetteerRow[]>(1000, 3600_000);
  constructor(
    private readonly baseUrl: string,
    private readonly opts: { userAgent?: () => string; minIntervalMs?: number; timeoutMs?: number; onError?: (e: unknown) => void } = {},
  ) {}

  search(tenant: Pick<TenantRow, 'slug' | 'boundary' | 'default_locale'>, q: string, limit: number): Promise<GazetteerRow[]> {
    const key = `${tenant.slug}\n${normaliseLabel(q)}\n${limit}`;
    return this.answers.get(key, () => this.ask(tenant, q, limit)).catch(() => []);
  }

  /** Asks the service; throws (so nothing is kept) when asked again within the minimum interval or when it fails. */
  private async ask(tenant: Pick<TenantRow, 'slug' | 'boundary' | 'default_locale'>, q: string, limit: number): Promise<GazetteerRow[]> {
    const now = Date.now();
    if (now - this.last < (this.opts.minIntervalMs ?? 1000)) throw new Error('too soon after the last ask');
    this.last = now;
    const url = new URL(this.baseUrl);
    if (!/\/search\/?$/.test(url.pathname)) url.pathname = url.pathname.replace(/\/?$/, '/search');
    url.searchParams.set('q', q);
    url.searchParams.set('format', 'jsonv2');
    url.searchParams.set('limit', String(limit));
    url.searchParams.set('accept-language', tenant.default_locale);
    const box = bbox(tenant.boundary);
    if (box) {
      url.searchParams.set('viewbox', `${box.minLon},${box.maxLat},${box.maxLon},${box.minLat}`);
      url.searchParams.set('bounded', '1');
    }
    let body: unknown;
    try {
      const res = await fetch(url, { headers: { 'user-agent': this.opts.userAgent?.() ?? `Urbia/${VERSION}`, accept: 'application/json' }, signal: AbortSignal.timeout(this.opts.timeoutMs ?? 3000) });
      if (!res.ok) throw new Error(`geocoder answered ${res.status}`);
      body = await res.json();
    } catch (e) {
      this.opts.onError?.(e);
      throw e;
    }
    const results: GazetteerRow[] = [];
    for (const item of Array.isArray(body) ? body : []) {
      const o = item as { lat?: unknown; lon?: unknown; display_name?: unknown; name?: unknown; category?: unknown; class?: unknown; type?: unknown };
      const lat = Number(o.lat);
      const lon = Number(o.lon);
      if (!Number.isFinite(lat) || !Number.isFinite(lon) || typeof o.display_name !== 'string') continue;
      if (!pointInBoundary(lon, lat, tenant.boundary)) continue;
      const cls = String(o.category ?? o.class ?? '');
      const kind: GazetteerKind = cls === 'highway' ? 'street' : cls === 'building' || o.type === 'house' ? 'address' : 'place';
      // "Strada X, Cartier, Timișoara, Timiș, 300000, România" → the first three parts are what people read
      const label = o.display_name.split(',').map((p) => p.trim()).filter(Boolean).slice(0, 3).join(', ').slice(0, GAZETTEER_LIMITS.labelMax);
      results.push({ label, kind, lat, lon });
    }
    return results;
  }
}

/** The gazetteer first; the external geocoder (when configured) only when the gazetteer has no match. */
export async function geocode(gazetteer: GazetteerRepository, external: ExternalGeocoder | undefined, tenant: TenantRow, q: string, limit: number = GAZETTEER_LIMITS.results): Promise<GeocodeResult[]> {
  let own = (await searchGazetteer(gazetteer, tenant.id, q, limit)).filter((r) => pointInBoundary(r.lon, r.lat, tenant.boundary));
  // a house number the gazetteer does not know: offer the street itself (the citizen then moves the pin)
  const words = queryWords(q);
  if (!own.length && words.some((w) => HOUSE_NUMBER.test(w)) && words.some((w) => !HOUSE_NUMBER.test(w)))
    own = (await searchGazetteer(gazetteer, tenant.id, words.filter((w) => !HOUSE_NUMBER.test(w)).join(' '), limit)).filter((r) => r.kind !== 'address' && pointInBoundary(r.lon, r.lat, tenant.boundary));
  if (own.length || !external || normaliseLabel(q).length < 3) return own.map((r) => ({ ...r, source: 'gazetteer' as const }));
  return (await external.search(tenant, q, limit)).map((r) => ({ ...r, source: 'geocoder' as const }));
}

/**
 * One point for a free-text address (Open311 `address_string`, "most specific → most general"): the
 * gazetteer with the whole string, then with fewer comma-separated parts from the right ("Str. Alba Iulia 2,
 * Timișoara" → "Str. Alba Iulia 2"); then the external geocoder with the whole string. No number is
 * dropped: a house number that the gazetteer does not know gives no point rather than a street's middle.
 */
export async function geocodeAddress(gazetteer: GazetteerRepository, external: ExternalGeocoder | undefined, tenant: TenantRow, address: string): Promise<GeocodeResult | undefined> {
  const parts = address.split(',').map((p) => p.trim()).filter(Boolean);
  for (let k = parts.length; k >= 1; k--) {
    const [best] = (await searchGazetteer(gazetteer, tenant.id, parts.slice(0, k).join(' '), 1)).filter((r) => pointInBoundary(r.lon, r.lat, tenant.boundary));
    if (best) return { ...best, source: 'gazetteer' };
  }
  if (!external) return undefined;
  const [hit] = await external.search(tenant, address, 1);
  return hit ? { ...hit, source: 'geocoder' } : undefined;
}
