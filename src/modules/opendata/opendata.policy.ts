/**
 * Who publishes open data (uploads, describes and withdraws datasets): the city's staff (and admins); the
 * catalogue is public. The upload routes declare these roles, and the city-wide `opendata.publish` ability
 * sends the same answer to the web.
 */
import { type Actor, hasRole } from '../../core/actor.js';

export const PUBLISH_ROLES = ['staff'] as const;

export const opendataPolicy = {
  publish: (actor: Actor, tenantId: number) => hasRole(actor, tenantId, PUBLISH_ROLES),
};
