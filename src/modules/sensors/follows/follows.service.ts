/**
 * Following a sensor or an area: kept by the notifications hub (alerts reach followers through
 * sensors.notices.ts); areas are matched by the name the sensors use.
 */
import type { Actor } from '../../../core/actor.js';
import { forbidden } from '../../../core/errors.js';
import { areaKey, type NotificationsService } from '../../notifications/index.js';
import type { TenantRow } from '../../tenants/index.js';
import type { SensorsRepository } from '../sensors.repository.js';
import type { SensorRegistry } from '../registry/registry.service.js';

export class SensorFollows {
  constructor(
    private readonly repo: SensorsRepository,
    private readonly registry: SensorRegistry,
    private readonly notifications: NotificationsService,
  ) {}

  /** Follows or stops following a sensor (the caller must be able to see it) or an area; answers what the person follows now. */
  async follow(actor: Actor, tenant: TenantRow, target: { sensorId?: number | undefined; area?: string | undefined }, on: boolean) {
    if (actor.kind !== 'user') throw forbidden();
    if (target.sensorId !== undefined) await this.registry.getSensor(tenant, actor, target.sensorId);
    if (target.sensorId === undefined && !target.area) return this.follows(actor, tenant);
    const f = { tenantId: tenant.id, userId: actor.user.id, ...(target.sensorId !== undefined ? { kind: 'sensors.sensor', id: String(target.sensorId) } : { kind: 'area', id: target.area! }) };
    if (on) await this.repo.transaction((trx) => this.notifications.follow(trx, f));
    else await this.repo.transaction((trx) => this.notifications.unfollow(trx, f));
    return this.follows(actor, tenant);
  }

  /** The sensors and areas a person follows; areas by the name the sensors use (the hub keeps a key). */
  async follows(actor: Actor, tenant: TenantRow): Promise<{ thing_id: number | null; area: string | null }[]> {
    if (actor.kind !== 'user') return [];
    const [mine, names] = await Promise.all([this.notifications.myFollows(actor.user.id, tenant.id), this.repo.areaNames(tenant.id)]);
    const byKey = new Map(names.map((n) => [areaKey(n), n]));
    return mine
      .filter((f) => f.kind === 'sensors.sensor' || (f.kind === 'area' && f.polygon === null))
      .map((f) => (f.kind === 'sensors.sensor' ? { thing_id: Number(f.target), area: null } : { thing_id: null, area: byKey.get(f.target) ?? f.target }));
  }
}
