/**
 * Who may change the strategy: the city's staff (and admins). Everyone reads it. The staff routes declare these
 * roles (strategy.http.ts), the service checks them again, and the city-wide `strategy.edit` ability sends the
 * same answer to the web (index.ts).
 */
import { type Actor, hasRole } from '../../core/actor.js';

export const STRATEGY_EDIT_ROLES = ['staff', 'admin'] as const;

export const strategyPolicy = {
  edit: (actor: Actor, tenantId: number) => hasRole(actor, tenantId, STRATEGY_EDIT_ROLES),
};
