/**
 * What every directory resource shares: the transaction type, the audit row and domain event written together
 * with a change, the staff check, and the rule that a map point lies inside the city's boundary.
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { type Actor, hasRole } from '../../core/actor.js';
import { writeAudit } from '../../core/audit.js';
import type { Database, Db } from '../../core/db.js';
import { type EventMap, emit } from '../../core/events.js';
import { forbidden, unauthorized, validationFailed } from '../../core/errors.js';
import { pointInBoundary } from '../../core/geo.js';
import { requireTenant } from '../../core/http.js';
import { type Multiloc as Text, MultilocSchema } from '../../core/i18n.js';
import type { Storage } from '../../core/storage.js';
import type { ModuleServices } from '../module.js';
import type { NotificationsService } from '../notifications/index.js';
import type { TenantRow } from '../tenants/index.js';
import type { UsersService } from '../users/index.js';
import type { GroupsService } from './groups/groups.service.js';
import type { OrganisationsService } from './organisations/organisations.service.js';

export type Q = Transaction<Database> | Kysely<Database>;
export const STAFF_ROLES = ['staff'] as const;
export const STAFF = { roles: STAFF_ROLES } as const;
export const BASE = '/api/v1/tenants/:tenant';
export const Multiloc = MultilocSchema;
export const MultilocOut = z.object({ ro: z.string(), en: z.string().optional(), hu: z.string().optional() });
export const IdParam = z.coerce.number().int().positive();
export const HttpUrl = z.url({ protocol: /^https?$/ }).max(500);

/** What a directory resource's service may be given besides the database: core services, sibling resources, storage. */
export interface DirectoryServices {
  users: UsersService;
  notifications: NotificationsService;
  organisations: OrganisationsService;
  groups: GroupsService;
  storage: Storage;
  modules: Partial<ModuleServices>;
}

/**
 * The dependencies of one resource's service: the database and the services it names, so each service still
 * declares exactly what it uses (`DirectoryDeps<'notifications' | 'groups'>`) without restating their types.
 */
export type DirectoryDeps<K extends keyof DirectoryServices> = { db: Db } & Pick<DirectoryServices, K>;

export const isStaff = (actor: Actor, tenantId: number) => hasRole(actor, tenantId, STAFF_ROLES);

export function userId(actor: Actor): string {
  if (actor.kind !== 'user') throw unauthorized();
  return actor.user.id;
}
export const maybeUserId = (actor: Actor) => (actor.kind === 'user' ? actor.user.id : undefined);

export function requireStaff(actor: Actor, tenantId: number): void {
  if (!isStaff(actor, tenantId)) throw forbidden('Only the city staff can do this.');
}

/**
 * The audit row and the domain event of a change, in the transaction that makes it (the event's payload
 * carries what a subscriber needs without reading our tables).
 */
export async function record<T extends keyof EventMap>(
  trx: Q,
  actor: Actor,
  tenant: TenantRow,
  type: T,
  entity: { type: string; id: number | string; before?: unknown; after?: unknown },
  payload: EventMap[T],
): Promise<void> {
  await writeAudit(trx, actor, { tenantId: tenant.id, action: type, entityType: entity.type, entityId: String(entity.id), before: entity.before, after: entity.after });
  await emit(trx, type, payload, tenant.id);
}

/**
 * A detail page as its caller may see it (abilities, membership, private fields), read with the caller and the
 * route's tenant, and marked no-store so no shared cache hands one person's page to another.
 */
export async function callerView<T>(req: FastifyRequest, reply: { header(name: string, value: string): unknown }, read: (actor: Actor, tenant: TenantRow) => Promise<T>): Promise<{ tenant: TenantRow; view: T }> {
  reply.header('cache-control', 'no-store');
  const tenant = requireTenant(req);
  return { tenant, view: await read(req.actor, tenant) };
}

/** 400 naming `field` unless both or neither of lat/lon are given and the point is inside the city. */
export function checkPoint(tenant: TenantRow, lat: number | null | undefined, lon: number | null | undefined, field = 'lat'): void {
  if ((lat == null) !== (lon == null)) throw validationFailed([{ field: lat == null ? 'lat' : 'lon', message: 'Give both latitude and longitude, or neither.' }]);
  if (lat != null && lon != null && !pointInBoundary(lon, lat, tenant.boundary as never))
    throw validationFailed([{ field, message: "The point is outside the city's boundary.", code: 'outside_boundary' }]);
}

/** When something happens (an event, a group's meeting), as the API shows it: what, and from when to when. */
export function presentWhen(r: { title: unknown; description: unknown; starts_at: Date; ends_at: Date }) {
  return { title: r.title as Text, description: (r.description as Text | null) ?? null, startsAt: r.starts_at.toISOString(), endsAt: r.ends_at.toISOString() };
}

/** Where it happens, as the API shows it: an address and a map point, or a link when it is online. */
export function presentWhere<R extends { address: unknown; lat: unknown; lon: unknown; online_url: unknown }>(r: R): { address: R['address']; lat: R['lat']; lon: R['lon']; onlineUrl: R['online_url'] } {
  return { address: r.address, lat: r.lat, lon: r.lon, onlineUrl: r.online_url };
}
