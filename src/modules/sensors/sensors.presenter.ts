import type { AqiBand } from './sensors.properties.js';
import { aqiBand, worstBand } from './sensors.properties.js';
import type { SensorsRepository } from './sensors.repository.js';

type Thing = NonNullable<Awaited<ReturnType<SensorsRepository['thingById']>>>;
type Stream = Awaited<ReturnType<SensorsRepository['datastreamsOfThings']>>[number];
type Rule = Awaited<ReturnType<SensorsRepository['activeRules']>>[number];
type AlertRow = Awaited<ReturnType<SensorsRepository['alerts']>>[number];

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

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

export function presentRule(r: Rule) {
  return { id: Number(r.id), property: r.property, threshold: r.threshold, clearBelow: r.clear_below, durationMinutes: r.duration_minutes, area: r.area, createdAt: iso(r.created_at)! };
}

export function presentAlert(a: AlertRow) {
  return {
    id: Number(a.id),
    ruleId: Number(a.rule_id),
    sensor: { id: Number(a.thing_id), name: a.thing_name, area: a.area },
    property: a.property,
    threshold: a.threshold,
    raisedAt: iso(a.raised_at)!,
    raisedValue: a.raised_value,
    peakValue: a.peak_value,
    clearedAt: iso(a.cleared_at),
  };
}
