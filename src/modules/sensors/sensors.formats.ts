/**
 * Adapters from the formats machines speak to our canonical observations: the Sensor.Community firmware's
 * push bodies and archive CSV, and our own CSV (NGSI-LD entities: ngsi-ld/ngsi-ld.parse.ts). Pure functions:
 * no database, no Fastify.
 */
import type { FieldError } from '../../core/errors.js';
import { isProperty, type PropertyName } from './sensors.properties.js';

/** Accepts ISO 8601 with or without zone (FIWARE examples omit it: taken as UTC). */
export function parseTime(v: unknown): string | null {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(v.trim())) return null;
  const s = v.trim();
  const d = new Date(/(Z|[+-]\d{2}:?\d{2})$/.test(s) ? s : `${s}Z`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
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
