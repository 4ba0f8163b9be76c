/**
 * The airRohr firmware's pushes (Sensor.Community), read the way the firmware writes them:
 *
 * - the per-pin push (what it sends to api.sensor.community): one POST per sensor, `X-PIN: <n>`, values
 *   without their prefix (`P1`, `temperature`); several sensor types share a pin (SDS011 and SPS30 are
 *   both pin 1), so the values tell them apart (an SPS30 sends P4, N05…, TS; an SDS011 only P1/P2);
 * - the custom-API push ("send to own API"): one POST with every sensor, values prefixed by their sensor
 *   (`SDS_P1`, `SPS30_P4`, `BME280_pressure`; a DHT22's are unprefixed), `esp8266id` in the body, no pin.
 *
 * Each sensor type of a node becomes its own group (its own sensor, so its own datastreams): an SDS011 and
 * an SPS30 on one node both measure PM10 and must not overwrite each other. A value the firmware could not
 * read (`"nan"`, empty) is skipped with a note, the rest is kept. Pure functions: no database, no Fastify.
 */
import { scValueType } from '../sensors.formats.js';
import type { PropertyName } from '../sensors.properties.js';

/** The firmware's value prefixes → the sensor type they belong to. */
const PREFIX_TYPES: Record<string, string> = {
  SDS: 'SDS011', PMS: 'PMSx003', HPM: 'HPM', NPM: 'NPM', IPS: 'IPS-7100', SPS30: 'SPS30', PPD: 'PPD42NS', BME280: 'BME280', BMP280: 'BMP280',
  BMP: 'BMP180', SHT3X: 'SHT3X', HTU21D: 'HTU21D', DS18B20: 'DS18B20', SCD30: 'SCD30', DNMS: 'DNMS', GPS: 'GPS', DHT: 'DHT22',
};
/** Node-level values the firmware adds to the custom-API push: not observations of any sensor. */
const META = new Set(['samples', 'min_micro', 'max_micro', 'interval', 'signal']);
/** Sensor types sharing an X-PIN (ext_def.h `*_API_PIN`), the first the default. */
const PIN_TYPES: Record<number, string[]> = {
  1: ['SDS011', 'HPM', 'PMSx003', 'NPM', 'IPS-7100', 'SPS30'], 3: ['BMP280', 'BMP180'], 5: ['PPD42NS'], 7: ['DHT22', 'HTU21D', 'SHT3X'], 9: ['GPS'],
  11: ['BME280'], 13: ['DS18B20'], 15: ['DNMS'], 17: ['SCD30'],
};

export interface ScGroup {
  sensorType: string;
  readings: { property: PropertyName; value: number; valueType: string }[];
}
export interface ScNote {
  value_type: string;
  message: string;
}

function splitPrefix(valueType: string): { type: string | null; bare: string } {
  const us = valueType.indexOf('_');
  if (us > 0) {
    const type = PREFIX_TYPES[valueType.slice(0, us).toUpperCase()];
    if (type) return { type, bare: valueType.slice(us + 1) };
  }
  return { type: null, bare: valueType };
}

/** The sensor type of unprefixed values, from the pin and what the values are (and what the node already has). */
function typeOfUnprefixed(pin: number | null, bare: Set<string>, existing: ReadonlySet<string>): string {
  const has = (...v: string[]) => v.some((x) => bare.has(x));
  const p = pin ?? (has('P0', 'P1', 'P2', 'P4') ? 1 : has('noise_LAeq', 'noise_Leq') ? 15 : has('co2_ppm') ? 17 : has('lat', 'lon') ? 9 : has('pressure') ? (has('humidity') ? 11 : 3) : has('temperature', 'humidity') ? 7 : null);
  if (p === null) return 'unknown';
  const candidates = PIN_TYPES[p];
  if (!candidates) return `pin${p}`;
  if (p === 1) {
    if (has('TS', 'P4', 'N05', 'N4')) return 'SPS30';
    if (has('N1', 'N10', 'N25')) return 'NPM';
    if (has('P0')) return candidates.find((c) => existing.has(c) && c !== 'SDS011' && c !== 'HPM' && c !== 'SPS30') ?? 'PMSx003';
    return existing.has('HPM') && !existing.has('SDS011') ? 'HPM' : 'SDS011';
  }
  return candidates.find((c) => existing.has(c)) ?? candidates[0]!;
}

/**
 * Groups a push's values by sensor type. `pin` is the X-PIN header (null for the custom-API push);
 * `existing` the sensor types the node already has here (to file an ambiguous per-pin push where the
 * node's earlier pushes went). Values we have no datastream for are noted, not fatal.
 */
export function groupScValues(values: { value_type: string; value: string | number }[], pin: number | null, existing: ReadonlySet<string>): { groups: ScGroup[]; notes: ScNote[] } {
  const notes: ScNote[] = [];
  const unprefixed = new Set(values.map((v) => splitPrefix(v.value_type)).filter((s) => s.type === null && !META.has(s.bare)).map((s) => s.bare));
  const fallback = unprefixed.size ? typeOfUnprefixed(pin, unprefixed, existing) : 'unknown';
  const groups = new Map<string, ScGroup>();
  for (const v of values) {
    const { type, bare } = splitPrefix(v.value_type);
    if (type === null && META.has(bare)) continue;
    const m = scValueType(bare);
    if (!m) {
      notes.push({ value_type: v.value_type, message: 'not stored: no datastream for this value type' });
      continue;
    }
    const text = typeof v.value === 'number' ? String(v.value) : v.value.trim();
    const n = typeof v.value === 'number' ? v.value : text === '' ? Number.NaN : Number(text);
    if (!Number.isFinite(n)) {
      notes.push({ value_type: v.value_type, message: `skipped: "${text.slice(0, 20)}" is not a number (the sensor gave no reading)` });
      continue;
    }
    const sensorType = type ?? fallback;
    const g = groups.get(sensorType) ?? { sensorType, readings: [] };
    g.readings.push({ property: m.property, value: n * m.factor, valueType: v.value_type });
    groups.set(sensorType, g);
  }
  return { groups: [...groups.values()], notes };
}

/** The X-PIN header (or the legacy `Pin`), or null. */
export function scPin(headers: Record<string, string | string[] | undefined>): number | null {
  const h = headers['x-pin'] ?? headers['pin'];
  const s = typeof h === 'string' ? h.trim() : '';
  return /^\d{1,3}$/.test(s) ? Number(s) : null;
}

/** The sc_node key of one sensor type of a node (`esp8266-123:SPS30`). */
export const scSensorKey = (node: string, sensorType: string) => `${node}:${sensorType}`;
