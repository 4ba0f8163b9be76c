/**
 * NGSI-LD entities in, our canonical readings out: the FIWARE Smart Data Models we map (AirQualityObserved,
 * WeatherObserved, NoiseLevelObserved, EnvironmentObserved) in the normalized, concise or key-values form
 * (and NGSI v2's attribute shape, which FIWARE's own examples still use). Attributes that map to one of our
 * observed properties become readings; every other attribute is kept as given (normalized) and served back.
 * Pure functions: no database, no Fastify.
 */
import { parseTime } from '../sensors.formats.js';
import type { PropertyName } from '../sensors.properties.js';

export const NGSI_TYPES = ['AirQualityObserved', 'WeatherObserved', 'NoiseLevelObserved', 'EnvironmentObserved'] as const;
export type NgsiType = (typeof NGSI_TYPES)[number];

export const CORE_CONTEXT = 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld';
/** The Smart Data Models context whose short names our attribute names are. */
export const SDM_CONTEXT = 'https://raw.githubusercontent.com/smart-data-models/dataModel.Environment/master/context.jsonld';
export const JSONLD_CONTEXT_REL = 'http://www.w3.org/ns/json-ld#context';

/** Attribute values kept per entity (everything that is not a reading), as JSON: a bound per sensor. */
export const MAX_EXTRA_BYTES = 16_384;

/**
 * Full IRIs of the terms we know, reduced to the short names we store: the Smart Data Models namespaces, the
 * NGSI-LD default vocabulary (where a term without a context lands) and the core context's own terms.
 */
const IRI_PREFIXES = [/^https:\/\/smartdatamodels\.org\/dataModel\.[A-Za-z]+\//, /^https:\/\/uri\.etsi\.org\/ngsi-ld\/default-context\//, /^https:\/\/uri\.etsi\.org\/ngsi-ld\//, /^https:\/\/uri\.fiware\.org\/ns\/data-?[mM]odels#/, /^https:\/\/schema\.org\//];

export function shortName(term: string): string {
  for (const p of IRI_PREFIXES) if (p.test(term)) return term.replace(p, '');
  return term;
}

/**
 * An absolute URI, as NGSI-LD ids must be: RFC 3986's scheme + rest with no spaces or characters that cannot
 * appear in one. The scheme is held to 32 characters (registered schemes are shorter), so that NGSI v2 ids
 * such as "Madrid-AmbientObserved-28079004-2016-03-15T11:00:00" do not pass for a scheme and a path.
 */
export function isUri(v: unknown): boolean {
  return typeof v === 'string' && v.length <= 256 && /^[A-Za-z][A-Za-z0-9+.-]{0,31}:[^\s<>"{}|\\^`]+$/.test(v);
}

/** Attribute names: the characters the spec forbids in them (clause 4.6.2), and a sane length. */
export function validAttrName(name: string): boolean {
  return name.length > 0 && name.length <= 256 && !/[\s<>"'=;()\\[\]{}|]/.test(name);
}

/** The properties that make a sensor (not created over NGSI-LD) an AirQualityObserved. */
export const AIR_PROPERTIES = ['pm1', 'pm25', 'pm10', 'no2', 'no', 'nox', 'so2', 'o3', 'co', 'co2'];

/** SDM attribute name → our property, with the factor that brings the model's unit to ours. */
export const NGSI_ATTRS: Record<string, { property: PropertyName; factor?: number }> = {
  pm1: { property: 'pm1' },
  pm25: { property: 'pm25' },
  pm10: { property: 'pm10' },
  no2: { property: 'no2' },
  no: { property: 'no' },
  nox: { property: 'nox' },
  so2: { property: 'so2' },
  o3: { property: 'o3' },
  co: { property: 'co' },
  co2: { property: 'co2' },
  temperature: { property: 'temperature' },
  // Smart Data Models give relative humidity as 0..1; we keep % like the sensors do.
  relativeHumidity: { property: 'humidity', factor: 100 },
  pressure: { property: 'pressure' },
  atmosphericPressure: { property: 'pressure' },
  noiseLevel: { property: 'noise' },
  LAeq: { property: 'noise' },
};

/** The attribute name a property is served under when the entity did not name it itself. */
export function defaultAttrName(property: PropertyName, type: NgsiType): string {
  if (property === 'humidity') return 'relativeHumidity';
  if (property === 'noise') return type === 'NoiseLevelObserved' ? 'LAeq' : 'noiseLevel';
  if (property === 'pressure') return type === 'WeatherObserved' || type === 'EnvironmentObserved' ? 'atmosphericPressure' : 'pressure';
  return property;
}

/** Our unit → UN/CEFACT common code, as the models' `unitCode`. */
export const UNIT_CODES: Record<string, string> = { 'ug/m3': 'GQ', 'mg/m3': 'GP', Cel: 'CEL', hPa: 'A97', dB: '2N', '[ppm]': '59', '%': 'P1' };

/** UN/CEFACT unit codes we convert between (µg/m³ ↔ mg/m³); others are taken as the canonical unit. */
const UNIT_CODE_FACTORS: Record<string, { ugm3: number; mgm3: number }> = { GQ: { ugm3: 1, mgm3: 0.001 }, GP: { ugm3: 1000, mgm3: 1 } };

/** Keys of an entity that are not attributes. */
const NOT_ATTRS = new Set(['id', 'type', '@id', '@type', '@context', 'scope', 'createdAt', 'modifiedAt', 'deletedAt']);
/** Attributes that feed our own columns (time of the observation) rather than being kept. */
const TIME_ATTRS = new Set(['dateObserved']);
const NGSI_ATTR_TYPES = new Set(['Property', 'GeoProperty', 'Relationship', 'LanguageProperty', 'ListProperty', 'ListRelationship', 'VocabProperty', 'JsonProperty']);

export interface ParsedReading {
  property: PropertyName;
  /** the attribute name the client used (served back under it) */
  attr: string;
  time: string;
  value: number;
}

export interface ParsedAttributes {
  readings: ParsedReading[];
  /** attributes kept as given, in the normalized form */
  extra: Record<string, Record<string, unknown>>;
  lat: number | null;
  lon: number | null;
  /** whether a `location` attribute was given */
  located: boolean;
  name: string | null;
}

export interface ParsedEntity extends ParsedAttributes {
  id: string;
  type: NgsiType;
}

export function isNgsiType(t: string): t is NgsiType {
  return (NGSI_TYPES as readonly string[]).includes(t);
}

/** The entity type given (a short name, a full IRI or a one-element array), as one of ours, or null. */
export function entityType(raw: unknown): NgsiType | null {
  const t = Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
  if (typeof t !== 'string') return null;
  const s = shortName(t);
  return isNgsiType(s) ? s : null;
}

/** The value of an attribute in any of the representations (normalized, concise, key-values, NGSI v2). */
function valueOf(a: unknown): { value: unknown; unitCode?: string; observedAt?: unknown } {
  if (a !== null && typeof a === 'object' && !Array.isArray(a) && 'value' in a) {
    const o = a as { value: unknown; unitCode?: unknown; observedAt?: unknown; metadata?: { unitCode?: { value?: unknown } } };
    const unit = typeof o.unitCode === 'string' ? o.unitCode : typeof o.metadata?.unitCode?.value === 'string' ? o.metadata.unitCode.value : undefined;
    const inner = o.value !== null && typeof o.value === 'object' && '@value' in (o.value as object) ? (o.value as { '@value': unknown })['@value'] : o.value;
    return { value: inner, ...(unit ? { unitCode: unit } : {}), observedAt: o.observedAt };
  }
  return { value: a };
}

/** An attribute in the normalized form, or an error message. */
function normalize(raw: unknown): Record<string, unknown> | string {
  if (raw === null || raw === undefined) return 'must not be null';
  if (typeof raw !== 'object' || Array.isArray(raw)) return { type: 'Property', value: raw };
  const o = raw as Record<string, unknown>;
  const t = typeof o.type === 'string' ? o.type : undefined;
  if (t && NGSI_ATTR_TYPES.has(t)) {
    if (t === 'Relationship') return isUri(o.object) || (Array.isArray(o.object) && o.object.every(isUri)) ? { ...o } : 'a Relationship needs an "object" that is a URI';
    if (t === 'LanguageProperty') return o.languageMap && typeof o.languageMap === 'object' ? { ...o } : 'a LanguageProperty needs a "languageMap"';
    if (t === 'ListRelationship' || t === 'VocabProperty' || t === 'JsonProperty' || t === 'ListProperty') return { ...o };
    if (!('value' in o) || o.value === null) return `a ${t} needs a "value"`;
    return { ...o };
  }
  if ('value' in o) {
    // concise (no type) or NGSI v2 ("Number", "Text"… with metadata): a Property with its value
    if (o.value === null) return 'must not be null';
    const { type: _t, metadata: _m, ...rest } = o;
    return { ...rest, type: 'Property' };
  }
  if ('object' in o && !t) return isUri(o.object) ? { type: 'Relationship', ...o } : 'a Relationship needs an "object" that is a URI';
  // key-values of a structured value (e.g. an address): the object is the value
  return { type: 'Property', value: o };
}

/**
 * Parses the attributes of an entity or an entity fragment. `time` is the entity's own observation time
 * (`dateObserved`, or a noise model's `dateObservedTo`) or, failing that, `fallbackTime` (the time of receipt):
 * an attribute's own `observedAt` wins. Problems are pushed as readable messages naming the attribute.
 */
export function parseAttributes(ent: Record<string, unknown>, fallbackTime: string, errors: string[]): ParsedAttributes {
  const out: ParsedAttributes = { readings: [], extra: {}, lat: null, lon: null, located: false, name: null };
  const timeOf = (k: string) => (ent[k] === undefined ? null : parseTime(valueOf(ent[k]).value));
  for (const k of ['dateObserved', 'dateObservedTo', 'dateObservedFrom']) if (ent[k] !== undefined && !timeOf(k)) errors.push(`${k}: must be an ISO 8601 date-time`);
  const entityTime = timeOf('dateObserved') ?? timeOf('dateObservedTo') ?? timeOf('dateObservedFrom') ?? fallbackTime;

  for (const [rawName, raw] of Object.entries(ent)) {
    if (NOT_ATTRS.has(rawName)) continue;
    if (!validAttrName(rawName)) {
      errors.push(`${rawName.slice(0, 60)}: not a valid attribute name`);
      continue;
    }
    const name = shortName(rawName);
    if (TIME_ATTRS.has(name)) continue;
    if (name === 'location') {
      const g = valueOf(raw).value as { type?: unknown; coordinates?: unknown } | null;
      const c = g && typeof g === 'object' && g.type === 'Point' && Array.isArray(g.coordinates) ? g.coordinates : null;
      if (c && c.length >= 2 && typeof c[0] === 'number' && typeof c[1] === 'number' && Math.abs(c[1]) <= 90 && Math.abs(c[0]) <= 180) {
        out.lon = c[0];
        out.lat = c[1];
        out.located = true;
      } else errors.push('location: must be a GeoProperty whose value is a GeoJSON Point [lon, lat] (our sensors are points)');
      continue;
    }
    const map = NGSI_ATTRS[name];
    if (map) {
      const { value, unitCode, observedAt } = valueOf(raw);
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        errors.push(`${name}.value: must be a number`);
        continue;
      }
      const time = observedAt !== undefined ? parseTime(observedAt) : entityTime;
      if (!time) {
        errors.push(`${name}.observedAt: must be an ISO 8601 date-time`);
        continue;
      }
      let v = value * (map.factor ?? 1);
      const conv = unitCode ? UNIT_CODE_FACTORS[unitCode] : undefined;
      if (conv) v = map.property === 'co' ? value * conv.mgm3 : value * conv.ugm3;
      out.readings.push({ property: map.property, attr: name, time, value: v });
      continue;
    }
    const n = normalize(raw);
    if (typeof n === 'string') {
      errors.push(`${name}: ${n}`);
      continue;
    }
    out.extra[name] = n;
    if (name === 'name' && typeof n.value === 'string') out.name = n.value.slice(0, 200);
  }
  if (JSON.stringify(out.extra).length > MAX_EXTRA_BYTES) errors.push(`the attributes other than readings take more than ${MAX_EXTRA_BYTES} bytes`);
  return out;
}

/** Parses one whole entity (create, upsert, batch): its id must be a URI and its type one we serve. */
export function parseEntity(e: unknown, fallbackTime: string, errors: string[]): ParsedEntity | null {
  const before = errors.length;
  if (e === null || typeof e !== 'object' || Array.isArray(e)) {
    errors.push('an entity must be a JSON object');
    return null;
  }
  const ent = e as Record<string, unknown>;
  const id = ent.id ?? ent['@id'];
  if (id === undefined) errors.push('id: required');
  else if (!isUri(id)) errors.push('id: must be a URI (e.g. urn:ngsi-ld:AirQualityObserved:station-1)');
  const rawType = ent.type ?? ent['@type'];
  const type = entityType(rawType);
  if (rawType === undefined) errors.push('type: required');
  else if (!type) errors.push(`type: ${typeof rawType === 'string' ? `"${rawType.slice(0, 80)}" is` : 'is'} not served here; one of ${NGSI_TYPES.join(', ')}`);
  const attrs = parseAttributes(ent, fallbackTime, errors);
  if (errors.length > before) return null;
  return { id: id as string, type: type!, ...attrs };
}
