/** Group rows → API shape. A person's name appears only with their consent (or to coordinators and staff). */
import type { Multiloc } from '../../../core/i18n.js';
import type { GroupMemberRow, GroupRow } from './groups.repository.js';

export function presentGroup(g: GroupRow, memberCount: number) {
  return {
    id: g.id,
    slug: g.slug,
    kind: g.kind as 'action_group',
    name: g.name as Multiloc,
    purpose: g.purpose as Multiloc,
    strategyCode: g.strategy_code,
    composition: (g.composition as Multiloc | null) ?? null,
    links: g.links as { title: string; url: string }[],
    visibility: g.visibility,
    openToRequests: g.open_to_requests,
    memberCount,
  };
}

export function presentGroupMember(m: GroupMemberRow, names: { person?: string | undefined; organisation?: string | undefined }, mine: boolean, seePrivate: boolean) {
  return {
    id: m.id,
    kind: m.organisation_id ? ('organisation' as const) : ('person' as const),
    name: m.organisation_id ? (names.organisation ?? '—') : m.anonymised ? '—' : (names.person ?? '—'),
    organisationId: m.organisation_id,
    position: m.position,
    status: m.status,
    message: seePrivate || mine ? m.message : null,
    mine,
  };
}
