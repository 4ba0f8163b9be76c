/**
 * Sensor.Community (airRohr): the firmware's push from citizens' nodes, and staff imports of its archive files.
 */
import { AppError, validationFailed } from '../../../core/errors.js';
import { emit } from '../../../core/events.js';
import type { TenantRow } from '../../tenants/index.js';
import { EARLIEST, FUTURE_MS, type IngestResult, type SensorIngest } from '../ingest/ingest.service.js';
import { MAX_PENDING } from '../registry/registry.service.js';
import { groupScValues, type ScNote, scPin, scSensorKey } from './sensor-community.firmware.js';
import { type ArchiveRow, scNode } from '../sensors.formats.js';
import { PROPERTIES } from '../sensors.properties.js';
import type { SensorsRepository } from '../sensors.repository.js';

/** One of a Sensor.Community node's sensors (see push). */
type ScThing = Awaited<ReturnType<SensorsRepository['scThingsOfNode']>>[number];

export type ScPushResult = IngestResult & { status: string; sensors: { id: number; type: string; status: string }[]; notes: ScNote[] };

export class SensorCommunity {
  constructor(
    private readonly repo: SensorsRepository,
    private readonly ingest: SensorIngest,
  ) {}

  /**
   * The Sensor.Community firmware's push (per-pin or custom-API, see sensor-community.firmware.ts). Each sensor type
   * of a node is its own sensor here (`sc_node` = `<node>:<type>`; a node's older single row, or one staff
   * registered, is taken by the first type that pushes), so an SDS011 and an SPS30 on one node keep both
   * their readings. A type new to a node we already know joins with the node's status, place and area
   * (staff approved the node, not each chip on it); a node we have never seen waits as "pending": its
   * readings are kept but shown nowhere and counted in no KPI until staff approve it (PATCH status=active),
   * at most MAX_PENDING per city, and the route is rate-limited per address. Values the firmware could not
   * read (`"nan"`) are skipped and listed in `notes`; the rest is stored.
   */
  async push(tenant: TenantRow, headers: Record<string, string | string[] | undefined>, body: { esp8266id?: unknown; sensordatavalues: { value_type: string; value: string | number }[] }): Promise<ScPushResult> {
    const node = scNode(headers, body);
    if (!node) throw validationFailed([{ field: 'header.x-sensor', message: 'X-Sensor must be esp8266-<chip id> (or give esp8266id in the body)', code: 'required' }]);
    if (body.sensordatavalues.length === 0) throw validationFailed([{ field: 'sensordatavalues', message: 'sensordatavalues was empty', code: 'too_small' }]);
    const known = await this.repo.scThingsOfNode(tenant.id, node);
    const typeOf = (t: ScThing) => (t.sc_node !== node ? t.sc_node!.slice(node.length + 1) : ((t.metadata as { scType?: string }).scType ?? null));
    const { groups, notes } = groupScValues(body.sensordatavalues, scPin(headers), new Set(known.map(typeOf).filter((x): x is string => !!x)));
    const nothing = { received: 0, inserted: 0, updated: 0, unchanged: 0 };
    if (groups.length === 0) return { ...nothing, status: known[0]?.status ?? 'pending', sensors: [], notes };

    const missing = groups.filter((g) => !known.some((t) => typeOf(t) === g.sensorType));
    const unclaimed = known.find((t) => t.sc_node === node && typeOf(t) === null);
    if (known.length === 0 && (await this.repo.countPending(tenant.id)) >= MAX_PENDING) throw new AppError(403, 'node_not_registered', 'Node not found in database: too many sensors are waiting for approval in this city.');
    const things = new Map<string, ScThing>();
    for (const g of groups) {
      const t = known.find((k) => typeOf(k) === g.sensorType);
      if (t) things.set(g.sensorType, t);
    }
    if (missing.length) {
      await this.repo.transaction(async (trx) => {
        const now = await this.repo.scThingsOfNode(tenant.id, node, trx); // another push may have created them meanwhile
        let free = now.find((t) => t.sc_node === node && typeOf(t) === null && t.id === unclaimed?.id);
        const like = now[0];
        for (const g of missing) {
          const existing = now.find((t) => typeOf(t) === g.sensorType);
          if (existing) {
            things.set(g.sensorType, existing);
            continue;
          }
          if (free) {
            await this.repo.setScType(trx, tenant.id, Number(free.id), g.sensorType);
            things.set(g.sensorType, free);
            free = undefined;
            continue;
          }
          const status = like ? like.status : 'pending';
          const t = await this.repo.insertThing(trx, {
            tenant_id: tenant.id, name: `Sensor.Community ${node} ${g.sensorType}`, owner: like?.owner || 'citizen', area: like?.area ?? null, lat: like?.lat ?? null, lon: like?.lon ?? null,
            status, sc_node: scSensorKey(node, g.sensorType), metadata: { source: 'sensor.community', node, scType: g.sensorType },
          });
          await emit(trx, 'sensors.sensor.created', { sensorId: Number(t.id), status }, tenant.id);
          things.set(g.sensorType, t);
        }
      });
    }
    const writable = groups.filter((g) => things.get(g.sensorType)!.status !== 'inactive');
    for (const g of groups) if (!writable.includes(g)) for (const r of g.readings) notes.push({ value_type: r.valueType, message: 'not stored: this sensor has been switched off by the city' });
    if (writable.length === 0) throw new AppError(403, 'node_disabled', 'This sensor has been switched off by the city.');
    const time = Date.now();
    const r = await this.ingest.write(tenant.id, async (trx) => {
      const wanted = writable.flatMap((g) => g.readings.map((x) => ({ thingId: Number(things.get(g.sensorType)!.id), property: x.property, unit: PROPERTIES[x.property].unit })));
      const map = await this.repo.ensureDatastreams(trx, tenant.id, wanted);
      return writable.flatMap((g) => g.readings.map((x) => ({ datastreamId: map.get(`${things.get(g.sensorType)!.id}:${x.property}`)!, time, value: x.value, quality: 0 })));
    });
    const sensors = groups.map((g) => ({ id: Number(things.get(g.sensorType)!.id), type: g.sensorType, status: things.get(g.sensorType)!.status }));
    const status = sensors.every((s) => s.status === 'active') ? 'active' : sensors.some((s) => s.status === 'pending') ? 'pending' : sensors[0]!.status;
    return { ...r, status, sensors, notes };
  }

  /** Imports Sensor.Community archive rows (staff import: sensors are created active, keyed `sensor-<id>`). */
  async importArchiveRows(tenant: TenantRow, rows: ArchiveRow[]): Promise<IngestResult> {
    const things = new Map<string, number>();
    await this.repo.transaction(async (trx) => {
      for (const r of rows) {
        const node = `sensor-${r.sensorId}`;
        if (things.has(node)) continue;
        const t = (await this.repo.thingBySc(tenant.id, node, trx)) ?? (await this.repo.insertThing(trx, { tenant_id: tenant.id, name: `${r.sensorType || 'Sensor'} ${r.sensorId}`, owner: 'Sensor.Community', lat: r.lat, lon: r.lon, sc_node: node, metadata: { source: 'sensor.community archive' } }));
        things.set(node, Number(t.id));
      }
    });
    const now = Date.now();
    return this.ingest.write(tenant.id, async (trx) => {
      const wanted = rows.flatMap((r) => r.values.map((v) => ({ thingId: things.get(`sensor-${r.sensorId}`)!, property: v.property, unit: PROPERTIES[v.property].unit })));
      const map = await this.repo.ensureDatastreams(trx, tenant.id, wanted);
      return rows
        .filter((r) => Date.parse(r.time) <= now + FUTURE_MS && Date.parse(r.time) >= EARLIEST)
        .flatMap((r) => r.values.map((v) => ({ datastreamId: map.get(`${things.get(`sensor-${r.sensorId}`)}:${v.property}`)!, time: Date.parse(r.time), value: v.value, quality: 0 })));
    });
  }
}
