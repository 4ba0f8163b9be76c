/**
 * A sensor as an NGSI-LD entity: the normalized form built from the sensor row, its datastreams' latest
 * values and the attributes kept as given; then the response forms (attribute projection, simplified /
 * key-values, GeoJSON) and the @context. The only place that knows NGSI-LD's wire format on the way out.
 */
import { isProperty, type PropertyName } from '../sensors.properties.js';
import type { NgsiThing } from './ngsi-ld.repository.js';
import { AIR_PROPERTIES, defaultAttrName, isNgsiType, type NgsiType, UNIT_CODES } from './ngsi-ld.parse.js';

export type Entity = Record<string, unknown>;

const AIR = new Set(AIR_PROPERTIES);

/** What we keep in a sensor's metadata for NGSI-LD. */
export interface NgsiMeta {
  ngsiType?: string;
  /** attributes kept as given (normalized), served back as they came */
  ngsiAttrs?: Record<string, Record<string, unknown>>;
  /** property → the attribute name the client used for it (e.g. noise → LAeq) */
  ngsiNames?: Partial<Record<PropertyName, string>>;
  /** when an NGSI-LD write last changed the entity's kept attributes or position */
  ngsiModifiedAt?: string;
}

/** The id of a sensor that was not created over NGSI-LD (our own sensors, Sensor.Community nodes). */
export function syntheticId(slug: string, id: number): string {
  return `urn:ngsi-ld:urbia:${slug}:sensor:${id}`;
}

/** The entity type of a sensor: the one it was created with, else what its datastreams observe (the same rule as the repository's SQL). */
export function typeOf(t: NgsiThing): NgsiType {
  const given = (t.metadata as NgsiMeta).ngsiType;
  if (given && isNgsiType(given)) return given;
  const props = t.streams.map((d) => d.property);
  if (props.some((p) => AIR.has(p))) return 'AirQualityObserved';
  if (props.length > 0 && props.every((p) => p === 'noise')) return 'NoiseLevelObserved';
  return 'WeatherObserved';
}

/**
 * The full normalized entity (every attribute). With `sysAttrs`, `createdAt` (the sensor's registration) and
 * `modifiedAt` (its newest reading or NGSI-LD change) too.
 */
export function presentEntity(t: NgsiThing, slug: string, sysAttrs = false): Entity {
  const meta = t.metadata as NgsiMeta;
  const type = typeOf(t);
  const e: Entity = { id: t.ngsi_id ?? syntheticId(slug, Number(t.id)), type };
  for (const [k, v] of Object.entries(meta.ngsiAttrs ?? {})) e[k] = v;
  if (!('name' in e) && t.name) e.name = { type: 'Property', value: t.name };
  if (t.lat !== null && t.lon !== null) e.location = { type: 'GeoProperty', value: { type: 'Point', coordinates: [t.lon, t.lat] } };
  let last: number | null = null;
  for (const d of t.streams) {
    if (!d.last_time || d.last_value === null || !isProperty(d.property)) continue;
    const time = new Date(d.last_time);
    if (last === null || time.getTime() > last) last = time.getTime();
    const name = meta.ngsiNames?.[d.property] ?? defaultAttrName(d.property, type);
    const value = d.property === 'humidity' ? d.last_value / 100 : d.last_value;
    const unitCode = UNIT_CODES[d.unit];
    e[name] = { type: 'Property', value, ...(unitCode && d.property !== 'humidity' ? { unitCode } : {}), observedAt: time.toISOString() };
  }
  if (last !== null) e.dateObserved = { type: 'Property', value: new Date(last).toISOString() };
  if (sysAttrs) {
    const created = new Date(t.created_at).getTime();
    e.createdAt = new Date(created).toISOString();
    e.modifiedAt = new Date(Math.max(created, last ?? 0, meta.ngsiModifiedAt ? Date.parse(meta.ngsiModifiedAt) : 0)).toISOString();
  }
  return e;
}

/** Only the attributes asked for (id, type and the system attributes always stay). */
export function project(e: Entity, attrs: Set<string> | null): Entity {
  if (!attrs) return e;
  const out: Entity = { id: e.id, type: e.type };
  for (const [k, v] of Object.entries(e)) if (attrs.has(k) || k === 'createdAt' || k === 'modifiedAt') out[k] = v;
  return out;
}

/** The simplified (key-values) form: each attribute by its value (a Relationship by its object). */
export function simplify(e: Entity): Entity {
  const out: Entity = {};
  for (const [k, v] of Object.entries(e)) {
    if (k === 'id' || k === 'type' || k === '@context' || v === null || typeof v !== 'object' || Array.isArray(v)) {
      out[k] = v;
      continue;
    }
    const a = v as Record<string, unknown>;
    let value = a.type === 'Relationship' ? a.object : a.type === 'LanguageProperty' ? a.languageMap : 'value' in a ? a.value : a;
    if (value && typeof value === 'object' && '@value' in (value as object)) value = (value as { '@value': unknown })['@value'];
    out[k] = value;
  }
  return out;
}

/** An entity as a GeoJSON Feature (NGSI-LD's application/geo+json representation). */
export function toFeature(e: Entity, keyValues: boolean): Entity {
  const loc = e.location as { value?: unknown } | undefined;
  const { id, ...properties } = keyValues ? simplify(e) : e;
  return { id, type: 'Feature', geometry: loc?.value ?? null, properties };
}
