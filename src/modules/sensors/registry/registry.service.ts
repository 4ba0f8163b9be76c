/**
 * The city's sensors (things) and their datastreams: the public map and one sensor with its series, staff
 * registering and changing sensors (approving a citizen's one included), and the checks the notifications
 * hub makes before a follow.
 */
import { type Actor, hasRole } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { notFound, forbidden, validationFailed } from '../../../core/errors.js';
import { emit } from '../../../core/events.js';
import { areaKey } from '../../notifications/index.js';
import type { TenantRow } from '../../tenants/index.js';
import { PROPERTIES, type PropertyName } from '../sensors.properties.js';
import type { SensorsRepository } from '../sensors.repository.js';
import type { SensorRollups } from '../rollups/rollups.service.js';

/** Citizens' sensors waiting for staff approval, per city: a cap so anonymous pushes cannot flood the registry. */
export const MAX_PENDING = 200;

export interface SensorInput {
  name: string;
  description?: string | undefined;
  owner?: string | undefined;
  area?: string | undefined;
  lat: number;
  lon: number;
  properties: PropertyName[];
  sensorCommunityId?: string | undefined;
}

export interface SensorPatch {
  name?: string | undefined;
  area?: string | null | undefined;
  lat?: number | undefined;
  lon?: number | undefined;
  status?: 'active' | 'pending' | 'inactive' | undefined;
  owner?: string | undefined;
}

export class SensorRegistry {
  constructor(
    private readonly repo: SensorsRepository,
    private readonly rollups: SensorRollups,
  ) {}

  async listSensors(tenant: TenantRow, actor: Actor, status?: 'active' | 'pending' | 'inactive') {
    const staff = hasRole(actor, tenant.id, ['staff']);
    if (status && status !== 'active' && !staff) throw forbidden('Only staff see sensors that are not public.');
    const things = await this.repo.listThings(tenant.id, [status ?? 'active']);
    const streams = await this.repo.datastreamsOfThings(tenant.id, things.map((t) => Number(t.id)));
    return things.map((t) => ({ thing: t, streams: streams.filter((d) => Number(d.thing_id) === Number(t.id)) }));
  }

  async getSensor(tenant: TenantRow, actor: Actor, id: number) {
    const thing = await this.repo.thingById(tenant.id, id);
    if (!thing || (thing.status !== 'active' && !hasRole(actor, tenant.id, ['staff']))) throw notFound('sensor');
    const streams = await this.repo.datastreamsOfThings(tenant.id, [id]);
    return { thing, streams };
  }

  async series(tenant: TenantRow, actor: Actor, id: number, q: { property: string; from?: string | undefined; to?: string | undefined; interval: 'raw' | 'hour' | 'day' }) {
    await this.getSensor(tenant, actor, id);
    const ds = await this.repo.datastream(id, q.property);
    if (!ds) throw notFound('datastream for this property');
    const to = q.to ? new Date(q.to) : new Date(Date.now() + 60_000);
    const span = q.interval === 'raw' ? 86_400_000 : q.interval === 'hour' ? 30 * 86_400_000 : 366 * 86_400_000;
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - span);
    if (!(from < to)) throw validationFailed([{ field: 'query.from', message: 'must be before to', code: 'invalid_range' }]);
    if (q.interval === 'raw') {
      const rows = await this.repo.rawSeries(Number(ds.id), from, to, 20_000);
      return { datastream: ds, from, to, points: rows.map((r) => ({ time: new Date(r.time), value: r.value, min: null, max: null, count: 1 })) };
    }
    const rows = await this.rollups.series(Number(ds.id), q.interval, from, to);
    return { datastream: ds, from, to, points: rows.map((r) => ({ time: new Date(r.bucket), value: r.sum / r.count, min: r.min, max: r.max, count: r.count })) };
  }

  async createSensor(actor: Actor, tenant: TenantRow, input: SensorInput) {
    return this.repo.transaction(async (trx) => {
      const t = await this.repo.insertThing(trx, { tenant_id: tenant.id, name: input.name, description: input.description ?? '', owner: input.owner ?? '', area: input.area ?? null, lat: input.lat, lon: input.lon, sc_node: input.sensorCommunityId ?? null });
      await this.repo.ensureDatastreams(trx, tenant.id, input.properties.map((p) => ({ thingId: Number(t.id), property: p, unit: PROPERTIES[p].unit })));
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'sensors.sensor.created', entityType: 'sensor', entityId: String(t.id), after: { name: t.name, properties: input.properties } });
      await emit(trx, 'sensors.sensor.created', { sensorId: Number(t.id), status: t.status }, tenant.id);
      return t;
    });
  }

  async updateSensor(actor: Actor, tenant: TenantRow, id: number, patch: SensorPatch) {
    return this.repo.transaction(async (trx) => {
      const before = await this.repo.thingById(tenant.id, id, trx);
      if (!before) throw notFound('sensor');
      const clean = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const after = (await this.repo.updateThing(trx, tenant.id, id, clean))!;
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'sensors.sensor.updated', entityType: 'sensor', entityId: String(id), before: { name: before.name, status: before.status, area: before.area, lat: before.lat, lon: before.lon }, after: clean });
      await emit(trx, 'sensors.sensor.updated', { sensorId: id, status: after.status }, tenant.id);
      return after;
    });
  }

  /** Whether a sensor exists and the caller may see it (the hub's check for `sensors.sensor` follows). */
  async sensorVisible(actor: Actor, tenant: TenantRow, id: string): Promise<boolean> {
    if (!/^\d{1,15}$/.test(id)) return false;
    const thing = await this.repo.thingById(tenant.id, Number(id));
    return !!thing && (thing.status === 'active' || hasRole(actor, tenant.id, ['staff']));
  }

  /** Whether sensors in this city name this area (the hub's check for `area` follows). */
  async isArea(tenant: TenantRow, name: string): Promise<boolean> {
    return (await this.repo.areaNames(tenant.id)).some((n) => areaKey(n) === areaKey(name));
  }
}
