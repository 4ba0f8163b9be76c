/** Sensors → API shapes (JSON and GeoJSON). */
import type { AqiBand } from '../sensors.properties.js';
import { aqiBand, worstBand } from '../sensors.properties.js';
import { iso } from '../sensors.presenter.js';
import type { SensorsRepository } from '../sensors.repository.js';

type Thing = NonNullable<Awaited<ReturnType<SensorsRepository['thingById']>>>;
type Stream = Awaited<ReturnType<SensorsRepository['datastreamsOfThings']>>[number];

export function presentSensor(thing: Thing, streams: Stream[]) {
  const latest = streams.map((d) => ({ property: d.property, unit: d.unit, datastream: Number(d.id), value: d.last_value, time: iso(d.last_time), band: aqiBand(d.property, d.last_value) as AqiBand | null }));
  return {
    id: Number(thing.id),
    name: thing.name,
    description: thing.description,
    owner: thing.owner,
    area: thing.area,
    lat: thing.lat,
    lon: thing.lon,
    status: thing.status,
    band: worstBand(latest),
    latest,
    sensorCommunityId: thing.sc_node,
    ngsiId: thing.ngsi_id,
  };
}

export function presentSensorFeature(s: ReturnType<typeof presentSensor>) {
  const { lat, lon, ...properties } = s;
  return { type: 'Feature' as const, id: s.id, geometry: lat !== null && lon !== null ? { type: 'Point' as const, coordinates: [lon, lat] } : null, properties };
}
