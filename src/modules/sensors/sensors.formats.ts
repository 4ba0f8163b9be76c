/**
 * Adapters from the formats machines speak to our canonical observations: NGSI-LD / NGSI v2 entities
 * (FIWARE AirQualityObserved and WeatherObserved, normalized or keyValues), the Sensor.Community firmware's
 * push bodies and archive CSV, and our own CSV. Pure functions: no database, no Fastify.
 */
import type { FieldError } from '../../core/errors.js';
import { isProperty, type PropertyName } from './sensors.properties.js';

export interface ParsedReading {
  property: PropertyName;
  time: string;
  value: number;
}

export interface ParsedEntity {
  id: string;
  type: 'AirQualityObserved' | 'WeatherObserved';
  name: string | null;
  area: string | null;
  lat: number | null;
  lon: number | null;
  readings: ParsedReading[];
}

/** SDM attribute name → our property, with the factor that brings the model's unit to ours. */
const NGSI_ATTRS: Record<string, { property: PropertyName; factor?: number }> = {
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

/** UN/CEFACT unit codes we convert between (µg/m³ ↔ mg/m³); others are taken as the canonical unit. */
const UNIT_CODE_FACTORS: Record<string, { ugm3: number; mgm3: number }> = { GQ: { ugm3: 1, mgm3: 0.001 }, GP: { ugm3: 1000, mgm3: 1 } };

/** Accepts ISO 8601 with or without zone (FIWARE examples omit it: taken as UTC). */
export function parseTime(v: unknown): string | null {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(v.trim())) return null;
  const s = v.trim();
  const d = new Date(/(Z|[+-]\d{2}:?\d{2})$/.test(s) ? s : `${s}Z`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The value of an attribute in any of the four FIWARE representations. */
function attrValue(a: unknown): { value: unknown; unitCode?: string; observedAt?: unknown } {
  if (a !== null && typeof a === 'object' && !Array.isArray(a) && 'value' in a) {
    const o = a as { value: unknown; unitCode?: unknown; observedAt?: unknown; metadata?: { unitCode?: { value?: unknown } } };
    const unit = typeof o.unitCode === 'string' ? o.unitCode : typeof o.metadata?.unitCode?.value === 'string' ? o.metadata.unitCode.value : undefined;
    const inner = o.value !== null && typeof o.value === 'object' && '@value' in (o.value as object) ? (o.value as { '@value': unknown })['@value'] : o.value;
    return { value: inner, ...(unit ? { unitCode: unit } : {}), observedAt: o.observedAt };
  }
  return { value: a };
}

/** Parses one entity; errors name the field within it, prefixed by `prefix`. */
export function parseNgsiEntity(e: unknown, prefix: string, errors: FieldError[]): ParsedEntity | null {
  const before = errors.length;
  if (e === null || typeof e !== 'object' || Array.isArray(e)) {
    errors.push({ field: prefix || '(body)', message: 'must be an entity object', code: 'invalid_type' });
    return null;
  }
  const ent = e as Record<string, unknown>;
  const at = (f: string) => (prefix ? `${prefix}.${f}` : f);
  const id = ent.id;
  if (typeof id !== 'string' || id.length === 0 || id.length > 256) errors.push({ field: at('id'), message: 'must be a non-empty string (a URI)', code: 'required' });
  const type = ent.type;
  if (type !== 'AirQualityObserved' && type !== 'WeatherObserved') errors.push({ field: at('type'), message: 'must be AirQualityObserved or WeatherObserved', code: 'unsupported_type' });
  const dateObserved = ent.dateObserved === undefined ? null : parseTime(attrValue(ent.dateObserved).value);
  if (ent.dateObserved !== undefined && !dateObserved) errors.push({ field: at('dateObserved'), message: 'must be an ISO 8601 date-time', code: 'invalid_date' });

  let lat: number | null = null;
  let lon: number | null = null;
  if (ent.location !== undefined) {
    const g = attrValue(ent.location).value as { type?: unknown; coordinates?: unknown } | null;
    const c = g && g.type === 'Point' && Array.isArray(g.coordinates) ? g.coordinates : null;
    if (c && typeof c[0] === 'number' && typeof c[1] === 'number' && Math.abs(c[1]) <= 90 && Math.abs(c[0]) <= 180) {
      lon = c[0];
      lat = c[1];
    } else errors.push({ field: at('location'), message: 'must be a GeoJSON Point [lon, lat]', code: 'invalid_location' });
  }

  const readings: ParsedReading[] = [];
  for (const [name, raw] of Object.entries(ent)) {
    const map = NGSI_ATTRS[name];
    if (!map) continue; // other attributes (levels, index, wind, address…) are metadata, not datastreams
    const { value, unitCode, observedAt } = attrValue(raw);
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      errors.push({ field: at(`${name}.value`), message: 'must be a number', code: 'not_a_number' });
      continue;
    }
    const time = observedAt !== undefined ? parseTime(observedAt) : dateObserved;
    if (!time) {
      errors.push({ field: at(observedAt !== undefined ? `${name}.observedAt` : 'dateObserved'), message: 'an observation time is required (dateObserved or observedAt)', code: 'required' });
      continue;
    }
    let v = value * (map.factor ?? 1);
    const conv = unitCode ? UNIT_CODE_FACTORS[unitCode] : undefined;
    if (conv) v = map.property === 'co' ? value * conv.mgm3 : value * conv.ugm3;
    readings.push({ property: map.property, time, value: v });
  }
  if (errors.length > before) return null;
  const text = (k: string) => {
    const v = ent[k] === undefined ? undefined : attrValue(ent[k]).value;
    return typeof v === 'string' ? v : null;
  };
  const address = ent.address === undefined ? null : (attrValue(ent.address).value as Record<string, unknown> | null);
  const district = address && typeof address.district === 'string' ? address.district : null;
  return { id: id as string, type: type as ParsedEntity['type'], name: text('name') ?? text('areaServed'), area: district ?? text('areaServed'), lat, lon, readings };
}

// ---- Sensor.Community ----

const SC_TYPES: Record<string, { property: PropertyName; factor?: number }> = {
  P0: { property: 'pm1' },
  P1: { property: 'pm10' },
  P2: { property: 'pm25' },
  // SPS30 (and NextPM): PM4, number concentrations (particles/cm³) and typical particle size (µm)
  P4: { property: 'pm4' },
  N05: { property: 'nc05' },
  N1: { property: 'nc1' },
  N25: { property: 'nc25' },
  N4: { property: 'nc4' },
  N10: { property: 'nc10' },
  TS: { property: 'tps' },
  temperature: { property: 'temperature' },
  humidity: { property: 'humidity' },
  // The firmware sends pascals; we keep hectopascals.
  pressure: { property: 'pressure', factor: 0.01 },
  noise_LAeq: { property: 'noise' },
  noise_Leq: { property: 'noise' },
  noise_LA_min: { property: 'noise_min' },
  noise_LA_max: { property: 'noise_max' },
  co2_ppm: { property: 'co2' },
};
const SC_PREFIXES = ['SDS', 'PMS', 'HPM', 'NPM', 'IPS', 'SPS30', 'PPD', 'BME280', 'BMP280', 'BMP', 'SHT3X', 'HTU21D', 'DS18B20', 'SCD30', 'DNMS', 'GPS', 'DHT22', 'SHT'];

/** Maps one firmware value_type (prefixed or not) to a property, or null for meta values (signal, samples…). */
export function scValueType(valueType: string): { property: PropertyName; factor: number } | null {
  let t = valueType;
  const us = t.indexOf('_');
  if (us > 0 && SC_PREFIXES.includes(t.slice(0, us).toUpperCase())) t = t.slice(us + 1);
  const m = SC_TYPES[t];
  return m ? { property: m.property, factor: m.factor ?? 1 } : null;
}

export interface ScPush {
  node: string;
  readings: { property: PropertyName; value: number }[];
}

/** The node uid from the X-Sensor (or legacy Sensor/Node) header, or the body's esp8266id. */
export function scNode(headers: Record<string, string | string[] | undefined>, body: { esp8266id?: unknown }): string | null {
  const h = headers['x-sensor'] ?? headers['sensor'] ?? headers['node'];
  const given = typeof h === 'string' ? h.trim() : body.esp8266id !== undefined ? `esp8266-${String(body.esp8266id).trim()}` : '';
  return /^(esp8266|esp32|raspi|smogomierz)-[A-Za-z0-9]{1,32}$/.test(given) ? given : null;
}

// ---- CSV ----

/** Splits CSV text into rows (handles quotes; `delimiter` auto-detected from the header when not given). */
export function parseCsv(text: string, delimiter?: string): string[][] {
  const src = text.replace(/^\uFEFF/, '');
  const firstLine = src.slice(0, src.indexOf('\n') === -1 ? undefined : src.indexOf('\n'));
  const d = delimiter ?? (firstLine.split(';').length > firstLine.split(',').length ? ';' : ',');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === d) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(cell);
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

export interface CsvObservation {
  datastream?: number;
  sensor?: number;
  property?: string;
  time: string;
  value: number | string;
  quality?: number;
}

/**
 * Our batch CSV: a header naming `datastream` or `sensor`+`property`, then `time`, `value` and optionally
 * `quality`. Returns the rows as the JSON batch items (so one validator checks both), or errors.
 */
export function csvToObservations(text: string, errors: FieldError[]): CsvObservation[] {
  const rows = parseCsv(text);
  const header = (rows.shift() ?? []).map((h) => h.trim().toLowerCase());
  const idx = (n: string) => header.indexOf(n);
  if (idx('time') < 0 || idx('value') < 0 || (idx('datastream') < 0 && (idx('sensor') < 0 || idx('property') < 0))) {
    errors.push({ field: 'header', message: 'the CSV header must name time, value and either datastream or sensor and property', code: 'invalid_header' });
    return [];
  }
  return rows.map((r) => {
    const get = (n: string) => (idx(n) >= 0 ? (r[idx(n)] ?? '').trim() : '');
    const num = (s: string) => (s === '' ? Number.NaN : Number(s));
    const o: CsvObservation = { time: get('time'), value: get('value') === '' ? '' : Number.isFinite(num(get('value'))) ? num(get('value')) : get('value') };
    if (idx('datastream') >= 0 && get('datastream') !== '') o.datastream = num(get('datastream'));
    if (idx('sensor') >= 0 && get('sensor') !== '') o.sensor = num(get('sensor'));
    if (idx('property') >= 0 && get('property') !== '') o.property = get('property');
    if (idx('quality') >= 0 && get('quality') !== '') o.quality = num(get('quality'));
    return o;
  });
}

export interface ArchiveRow {
  sensorId: string;
  sensorType: string;
  lat: number | null;
  lon: number | null;
  time: string;
  values: { property: PropertyName; value: number }[];
}

/**
 * A Sensor.Community archive file (`;`-separated; `sensor_id;sensor_type;location;lat;lon;timestamp;P1;…`,
 * or the long form with `value_type;value`); timestamps without zone are UTC. Rows that cannot be read are
 * counted, not fatal: archive files have gaps.
 */
export function parseArchiveRows(rows: string[][], header: string[]): { rows: ArchiveRow[]; skipped: number } {
  const h = header.map((x) => x.trim());
  const col = (n: string) => h.indexOf(n);
  const long = col('value_type') >= 0 && col('value') >= 0;
  const out: ArchiveRow[] = [];
  let skipped = 0;
  for (const r of rows) {
    const time = parseTime((r[col('timestamp')] ?? '').trim());
    const sensorId = (r[col('sensor_id')] ?? '').trim();
    if (!time || !sensorId) {
      skipped++;
      continue;
    }
    const values: ArchiveRow['values'] = [];
    const add = (vt: string, raw: string | undefined) => {
      const m = scValueType(vt);
      const n = raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw);
      if (m && Number.isFinite(n)) values.push({ property: m.property, value: n * m.factor });
    };
    if (long) add((r[col('value_type')] ?? '').trim(), r[col('value')]);
    else for (let i = 6; i < h.length; i++) add(h[i]!, r[i]);
    const lat = Number(r[col('lat')]);
    const lon = Number(r[col('lon')]);
    if (values.length === 0) {
      skipped++;
      continue;
    }
    out.push({ sensorId, sensorType: (r[col('sensor_type')] ?? '').trim(), lat: Number.isFinite(lat) && r[col('lat')] !== '' ? lat : null, lon: Number.isFinite(lon) && r[col('lon')] !== '' ? lon : null, time, values });
  }
  return { rows: out, skipped };
}

export { isProperty };
