/**
 * The observed-property vocabulary, units (UCUM), the European Air Quality Index bands and the WHO/EU limit
 * values. Imported by the server and by the web app, so keep it free of Node-only imports.
 */

export const PROPERTIES = {
  pm1: { unit: 'ug/m3', label: 'PM1' },
  pm25: { unit: 'ug/m3', label: 'PM2.5' },
  pm10: { unit: 'ug/m3', label: 'PM10' },
  no2: { unit: 'ug/m3', label: 'NO₂' },
  no: { unit: 'ug/m3', label: 'NO' },
  nox: { unit: 'ug/m3', label: 'NOx' },
  so2: { unit: 'ug/m3', label: 'SO₂' },
  o3: { unit: 'ug/m3', label: 'O₃' },
  co: { unit: 'mg/m3', label: 'CO' },
  co2: { unit: '[ppm]', label: 'CO₂' },
  temperature: { unit: 'Cel', label: 'Temperature' },
  humidity: { unit: '%', label: 'Relative humidity' },
  pressure: { unit: 'hPa', label: 'Pressure' },
  noise: { unit: 'dB', label: 'Noise (Leq)' },
  // from the airRohr firmware (SPS30, NextPM, DNMS): stored, not part of any index
  pm4: { unit: 'ug/m3', label: 'PM4' },
  nc05: { unit: '/cm3', label: 'Particles > 0.5 µm' },
  nc1: { unit: '/cm3', label: 'Particles > 1 µm' },
  nc25: { unit: '/cm3', label: 'Particles > 2.5 µm' },
  nc4: { unit: '/cm3', label: 'Particles > 4 µm' },
  nc10: { unit: '/cm3', label: 'Particles > 10 µm' },
  tps: { unit: 'um', label: 'Typical particle size' },
  noise_min: { unit: 'dB', label: 'Noise (LA min)' },
  noise_max: { unit: 'dB', label: 'Noise (LA max)' },
} as const;

export type PropertyName = keyof typeof PROPERTIES;
export const PROPERTY_NAMES = Object.keys(PROPERTIES) as PropertyName[];

export function isProperty(p: string): p is PropertyName {
  return Object.prototype.hasOwnProperty.call(PROPERTIES, p);
}

/** Units as people read them (the API carries UCUM codes). */
export const UNIT_SYMBOLS: Record<string, string> = { 'ug/m3': 'µg/m³', 'mg/m3': 'mg/m³', '[ppm]': 'ppm', Cel: '°C', '%': '%', hPa: 'hPa', dB: 'dB', '/cm3': '/cm³', um: 'µm' };

/** European Air Quality Index (EEA, 2023 revision) band edges: a value below edge[i] is in band i. */
export const AQI_BANDS = ['good', 'fair', 'moderate', 'poor', 'very_poor', 'extremely_poor'] as const;
export type AqiBand = (typeof AQI_BANDS)[number];
export const AQI_EDGES: Partial<Record<PropertyName, readonly number[]>> = {
  pm25: [10, 20, 25, 50, 75],
  pm10: [20, 40, 50, 100, 150],
  no2: [40, 90, 120, 230, 340],
  o3: [50, 100, 130, 240, 380],
  so2: [100, 200, 350, 500, 750],
};
/** The EEA's own colours for the bands. */
export const AQI_COLOURS: Record<AqiBand, string> = {
  good: '#50f0e6',
  fair: '#50ccaa',
  moderate: '#f0e641',
  poor: '#ff5050',
  very_poor: '#960032',
  extremely_poor: '#7d2181',
};

export function aqiBand(property: string, value: number | null | undefined): AqiBand | null {
  if (value === null || value === undefined || !isProperty(property)) return null;
  const edges = AQI_EDGES[property];
  if (!edges) return null;
  const i = edges.findIndex((e) => value < e);
  return AQI_BANDS[i === -1 ? 5 : i] ?? null;
}

/** The band of a sensor: the worst band among its pollutants. */
export function worstBand(latest: { property: string; value: number | null }[]): AqiBand | null {
  let worst = -1;
  for (const l of latest) {
    const b = aqiBand(l.property, l.value);
    if (b) worst = Math.max(worst, AQI_BANDS.indexOf(b));
  }
  return worst < 0 ? null : (AQI_BANDS[worst] ?? null);
}

/**
 * Limit values drawn on the charts: WHO 2021 air-quality guidelines and the EU limits (Directive 2008/50/EC,
 * and the 2030 values of Directive (EU) 2024/2881 for PM2.5), per averaging period.
 */
export const LIMIT_LINES: Partial<Record<PropertyName, { who24h: number; eu24h: number; whoYear: number; euYear: number }>> = {
  pm25: { who24h: 15, eu24h: 25, whoYear: 5, euYear: 25 },
  pm10: { who24h: 45, eu24h: 50, whoYear: 15, euYear: 40 },
  no2: { who24h: 25, eu24h: 50, whoYear: 10, euYear: 40 },
};

/** EU daily limit for PM10 (50 µg/m³, not to be exceeded on more than 35 days a year). */
export const EU_PM10_DAILY_LIMIT = 50;
