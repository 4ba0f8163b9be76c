/**
 * The sensors' open datasets, declared in the sensors manifest: the public sensor network and its daily and
 * hourly roll-ups, read as an anonymous visitor would see them (no owner: a citizen may host a sensor at home).
 */
import type { Actor } from '../../core/actor.js';
import { csvOf } from '../../core/csv.js';
import { type GeoFeature, geoJsonFile, hasRows, type PlatformDatasetDef, tableFiles } from '../opendata/index.js';
import type { TenantRow } from '../tenants/index.js';
import type { ModuleServices } from '../module.js';

/** An anonymous caller: the sensors a visitor may see. */
const SYSTEM_PUBLIC: Actor = { kind: 'anonymous' };

export function sensorsDatasets(sensors: ModuleServices['sensors']): PlatformDatasetDef[] {
  const datasets: PlatformDatasetDef[] = [];
  const publicSensors = (tenant: TenantRow) => sensors.listSensors(tenant, SYSTEM_PUBLIC);
  // The public sensor list: no owner (a citizen may host a sensor at home).
  const sensorFeatures = async (tenant: TenantRow): Promise<GeoFeature[]> =>
    (await publicSensors(tenant)).map(({ thing, streams }) => ({
      id: String(thing.id),
      geometry: thing.lat !== null && thing.lon !== null ? { type: 'Point', coordinates: [thing.lon, thing.lat] } : null,
      properties: {
        name: thing.name,
        area: thing.area ?? null,
        properties: streams.map((s) => s.property).join(' '),
        last_observation: streams.map((s) => s.last_time).filter(Boolean).map((x) => new Date(x as Date).toISOString()).sort().pop() ?? null,
      },
    }));
  datasets.push({
    id: 'sensors',
    module: 'sensors',
    acrossMembers: true,
    title: { ro: 'Rețeaua de senzori de calitate a aerului', en: 'Air quality sensor network', hu: 'Levegőminőség-mérő hálózat' },
    description: {
      ro: 'Senzorii publici ai orașului: nume, zonă, poziție și mărimile măsurate (PM2.5, PM10, temperatură…).',
      en: 'The city\'s public sensors: name, area, position and what they measure (PM2.5, PM10, temperature…).',
    },
    themes: ['ENVI', 'TECH'],
    keywords: { ro: ['senzori', 'calitatea aerului', 'PM2.5'], en: ['sensors', 'air quality'] },
    frequency: 'UPDATE_CONT',
    available: hasRows(publicSensors),
    distributions: [
      geoJsonFile('sensors', sensorFeatures),
      { id: 'sensors', format: 'CSV', generate: async (t) => csvOf((await sensorFeatures(t)).map((f) => ({ id: f.id, ...f.properties, lon: (f.geometry?.coordinates as number[] | undefined)?.[0] ?? null, lat: (f.geometry?.coordinates as number[] | undefined)?.[1] ?? null }))) },
    ],
    collection: { id: 'sensors', title: { ro: 'Senzori', en: 'Sensors' }, description: { ro: 'Senzorii publici.', en: 'Public sensors.' }, features: sensorFeatures },
  });

  // Roll-ups as the sensors service computes them (mean, min, max, count per bucket), for every public
  // sensor and observed property: the last 366 days per day, the last 30 days per hour.
  const rollups = async (tenant: TenantRow, interval: 'day' | 'hour') => {
    const out: { sensor: string; property: string; unit: string | null; time: string; mean: number; min: number | null; max: number | null; count: number }[] = [];
    for (const { thing, streams } of await publicSensors(tenant))
      for (const st of streams) {
        const r = await sensors.series(tenant, SYSTEM_PUBLIC, Number(thing.id), { property: st.property, interval });
        for (const p of r.points) out.push({ sensor: String(thing.id), property: st.property, unit: st.unit ?? null, time: p.time.toISOString(), mean: Math.round(p.value * 1000) / 1000, min: p.min, max: p.max, count: p.count });
      }
    return out;
  };
  for (const [interval, ro, en, freq] of [
    ['day', 'zilnice', 'daily', 'DAILY'],
    ['hour', 'orare', 'hourly', 'HOURLY'],
  ] as const) {
    datasets.push({
      id: `sensor-rollups-${en}`,
      module: 'sensors',
      acrossMembers: true,
      title: { ro: `Măsurători ${ro} ale senzorilor (medii, minime, maxime)`, en: `Sensor measurements, ${en} (mean, min, max)`, hu: interval === 'day' ? 'Érzékelőmérések napi összesítése' : 'Érzékelőmérések óránkénti összesítése' },
      description: {
        ro: `Valorile ${ro} pentru fiecare senzor public și mărime (PM2.5, PM10, temperatură…): media, minimul, maximul și numărul de observații; ${interval === 'day' ? 'ultimele 366 de zile' : 'ultimele 30 de zile'}.`,
        en: `The ${en} values for each public sensor and quantity (PM2.5, PM10, temperature…): mean, minimum, maximum and number of observations; ${interval === 'day' ? 'the last 366 days' : 'the last 30 days'}.`,
      },
      themes: ['ENVI', 'HEAL'],
      keywords: { ro: ['calitatea aerului', 'senzori', 'PM2.5', 'serie de timp'], en: ['air quality', 'sensors', 'time series'] },
      frequency: freq,
      available: hasRows(publicSensors),
      distributions: tableFiles(`rollups-${en}`, (t) => rollups(t, interval), { header: ['sensor', 'property', 'unit', 'time', 'mean', 'min', 'max', 'count'] }),
    });
  }
  return datasets;
}
