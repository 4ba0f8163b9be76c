/**
 * Who triages reports (the queue, status changes, hiding, the blocklist, counter requests): the city's staff
 * (and admins). The triage routes declare these roles; the same check decides what a report's page shows
 * (`abilities.triage`) and the city-wide `reports.triage` ability the web reads from /auth/me.
 */
import { type Actor, hasRole } from '../../../core/actor.js';

export const TRIAGE_ROLES = ['staff'] as const;

export const triagePolicy = {
  triage: (actor: Actor, tenantId: number) => hasRole(actor, tenantId, TRIAGE_ROLES),
};
