/**
 * Who runs participation in a city: its staff (and admins) create and manage consultations, budgets and
 * processes, code open answers and promote budget winners. Every staff route declares these roles
 * (participation.common.ts); the city-wide `participation.manage` ability sends the same answer to the web.
 * Moderation has its own rule (moderation/moderation.policy.ts).
 */
import { type Actor, hasRole } from '../../core/actor.js';

export const MANAGE_ROLES = ['staff'] as const;

export const participationPolicy = {
  manage: (actor: Actor, tenantId: number) => hasRole(actor, tenantId, MANAGE_ROLES),
};
