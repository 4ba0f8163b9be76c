/** Event rows → API shape. */
import type { Multiloc } from '../../../core/i18n.js';
import type { EventRow } from './events.repository.js';

export function presentEvent(e: EventRow) {
  return {
    id: e.id,
    kind: e.kind as 'workshop',
    title: e.title as Multiloc,
    description: (e.description as Multiloc | null) ?? null,
    startsAt: e.starts_at.toISOString(),
    endsAt: e.ends_at.toISOString(),
    address: e.address,
    lat: e.lat,
    lon: e.lon,
    onlineUrl: e.online_url,
    strategyCode: e.strategy_code,
    groupId: e.group_id,
    organisationId: e.organisation_id,
    status: e.status,
    sequence: e.sequence,
  };
}
