/**
 * Who may do what over NGSI-LD. The city comes from the NGSILD-Tenant header, not from a `:tenant` route
 * parameter, so the access plugin cannot check it: the routes are declared public and the service asks here.
 */
import { type Actor, hasRole } from '../../../core/actor.js';
import type { TenantRow } from '../../tenants/index.js';
import { NgsiError } from './ngsi-ld.errors.js';

/** Writing (create, update, batch, delete): an ingest API key of that city, or its staff. */
export function requireWriter(actor: Actor, tenant: TenantRow): void {
  if (actor.kind === 'api_key') {
    if (actor.key.purpose !== 'ingest' || actor.key.tenantId !== tenant.id) throw new NgsiError(403, 'forbidden', 'This API key may not write for this city.');
    return;
  }
  if (actor.kind === 'anonymous') throw new NgsiError(401, 'unauthorized', 'An ingest API key (X-API-Key) or a staff session is required.');
  if (!hasRole(actor, tenant.id, ['staff', 'admin'])) throw new NgsiError(403, 'forbidden', 'You may not write for this city.');
}

/**
 * Sensors waiting for approval are seen only by those who may write for the city (so a gateway can read
 * back what it created); everyone else sees the public (active) sensors.
 */
export function seesPending(actor: Actor, tenant: TenantRow): boolean {
  if (actor.kind === 'api_key') return actor.key.purpose === 'ingest' && actor.key.tenantId === tenant.id;
  return actor.kind === 'user' && hasRole(actor, tenant.id, ['staff', 'admin']);
}
