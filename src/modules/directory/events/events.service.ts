/** City events: staff (or an organisation's admins, for their organisation) publish them; people follow them into their personal calendar. */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../core/actor.js';
import { forbidden, notFound, validationFailed } from '../../../core/errors.js';
import type { Multiloc } from '../../../core/i18n.js';
import type { TenantRow } from '../../tenants/index.js';
import { checkPoint, maybeUserId, record, userId, type DirectoryDeps } from '../directory.common.js';
import { eventPolicy as can } from './events.policy.js';
import { type EventRow, EventsRepository } from './events.repository.js';
import type { EventCreateInput, EventUpdateInput } from './events.schemas.js';

export type EventsDeps = DirectoryDeps<'notifications' | 'organisations' | 'groups'>;

export class EventsService {
  readonly repo: EventsRepository;
  constructor(private readonly deps: EventsDeps) {
    this.repo = new EventsRepository(deps.db);
  }

  async get(tenantId: number, id: number): Promise<EventRow> {
    const e = await this.repo.byId(tenantId, id);
    if (!e) throw notFound('event');
    return e;
  }

  async detail(actor: Actor, tenant: TenantRow, id: number) {
    const e = await this.get(tenant.id, id);
    const uid = maybeUserId(actor);
    const adminOf = await this.deps.organisations.orgsOf(actor, true);
    return { e, following: uid ? await this.repo.isFollowing(id, uid) : false, abilities: { edit: can.edit(actor, tenant.id, e.organisation_id, adminOf), follow: can.follow(actor) } };
  }

  private checkTimes(s: Date, e: Date) {
    if (e <= s) throw validationFailed([{ field: 'endsAt', message: 'The event must end after it starts.', code: 'ends_before_start' }]);
  }

  async create(actor: Actor, tenant: TenantRow, input: EventCreateInput): Promise<EventRow> {
    const adminOf = await this.deps.organisations.orgsOf(actor, true);
    if (!can.create(actor, tenant.id, input.organisationId, adminOf)) throw forbidden('Only the city staff, or an organisation\'s admins for their organisation, publish events.');
    const s = new Date(input.startsAt);
    const e = new Date(input.endsAt);
    this.checkTimes(s, e);
    checkPoint(tenant, input.lat, input.lon);
    if (input.organisationId && !(await this.deps.organisations.repo.byId(tenant.id, input.organisationId))) throw validationFailed([{ field: 'organisationId', message: 'No such organisation.' }]);
    if (input.groupId && !(await this.deps.groups.repo.byKey(tenant.id, input.groupId))) throw validationFailed([{ field: 'groupId', message: 'No such group.' }]);
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await this.repo.insert(trx, {
        tenant_id: tenant.id,
        uid: `event-${randomUUID()}@urbia`,
        kind: input.kind,
        title: JSON.stringify(input.title),
        description: input.description ? JSON.stringify(input.description) : null,
        starts_at: s,
        ends_at: e,
        address: input.address ?? null,
        lat: input.lat ?? null,
        lon: input.lon ?? null,
        online_url: input.onlineUrl ?? null,
        strategy_code: input.strategyCode ?? null,
        group_id: input.groupId ?? null,
        organisation_id: input.organisationId ?? null,
        created_by: maybeUserId(actor) ?? null,
      });
      await record(trx, actor, tenant, 'directory.event.published', { type: 'directory_event', id: row.id, after: input }, { eventId: row.id, kind: input.kind, title: input.title, startsAt: s.toISOString(), endsAt: e.toISOString(), strategyCode: input.strategyCode ?? null });
      return row;
    });
  }

  async update(actor: Actor, tenant: TenantRow, id: number, input: EventUpdateInput): Promise<EventRow> {
    const before = await this.get(tenant.id, id);
    if (!can.edit(actor, tenant.id, before.organisation_id, await this.deps.organisations.orgsOf(actor, true))) throw forbidden('Only the city staff or the organisation\'s admins change this event.');
    const s = input.startsAt ? new Date(input.startsAt) : before.starts_at;
    const e = input.endsAt ? new Date(input.endsAt) : before.ends_at;
    this.checkTimes(s, e);
    checkPoint(tenant, input.lat === undefined ? before.lat : input.lat, input.lon === undefined ? before.lon : input.lon);
    const patch: Record<string, unknown> = {};
    if (input.title) patch.title = JSON.stringify(input.title);
    if (input.description !== undefined) patch.description = input.description ? JSON.stringify(input.description) : null;
    if (input.startsAt) patch.starts_at = s;
    if (input.endsAt) patch.ends_at = e;
    for (const [k, col] of [['kind', 'kind'], ['address', 'address'], ['lat', 'lat'], ['lon', 'lon'], ['onlineUrl', 'online_url'], ['strategyCode', 'strategy_code'], ['status', 'status']] as const) if (input[k] !== undefined) patch[col] = input[k];
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await this.repo.update(trx, id, patch);
      const followerIds = await this.repo.followers(trx, id);
      // Followers hear of a cancellation or a new time through the notifications hub (directory.notices.ts).
      const change = input.status === 'cancelled' ? 'cancelled' : input.startsAt || input.endsAt ? 'changed' : null;
      await record(trx, actor, tenant, 'directory.event.updated', { type: 'directory_event', id, before, after: input }, { eventId: id, title: row.title as Multiloc, status: row.status, sequence: row.sequence, followerIds, change });
      return row;
    });
  }

  async follow(actor: Actor, tenant: TenantRow, id: number, on: boolean): Promise<void> {
    const uid = userId(actor);
    await this.get(tenant.id, id);
    await this.deps.db.transaction().execute(async (trx) => {
      await this.repo.follow(trx, id, uid, on);
    });
  }
}
