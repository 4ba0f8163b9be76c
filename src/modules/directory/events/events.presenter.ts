/** Event rows → API shape. */
import { presentWhen, presentWhere } from '../directory.common.js';
import type { EventRow } from './events.repository.js';

export function presentEvent(e: EventRow) {
  return {
    id: e.id,
    kind: e.kind as 'workshop',
    ...presentWhen(e),
    ...presentWhere(e),
    strategyCode: e.strategy_code,
    groupId: e.group_id,
    organisationId: e.organisation_id,
    status: e.status,
    sequence: e.sequence,
  };
}
