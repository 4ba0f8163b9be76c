/**
 * Who sets the air-quality alert rules: the city's staff (and admins); the alerts themselves are public. The
 * rule routes declare these roles, and the city-wide `sensors.manageAlerts` ability sends the same answer.
 */
import { type Actor, hasRole } from '../../../core/actor.js';

export const ALERT_RULE_ROLES = ['staff'] as const;

export const alertsPolicy = {
  manageRules: (actor: Actor, tenantId: number) => hasRole(actor, tenantId, ALERT_RULE_ROLES),
};
