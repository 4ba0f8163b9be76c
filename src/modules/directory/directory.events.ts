/**
 * The directory's domain events (written to the outbox in the transaction of the change, with the data a
 * subscriber — the notifications hub, open-data feeds — needs without reading the directory's tables).
 */
import type { Multiloc } from '../../core/i18n.js';

declare module '../../core/events.js' {
  interface EventMap {
    'directory.organisation.registered': { organisationId: number; name: Multiloc; kind: string; byUserId: string | null };
    'directory.organisation.updated': { organisationId: number; name: Multiloc; fields: string[] };
    'directory.organisation.verified': { organisationId: number; name: Multiloc; verified: boolean; adminIds: string[] };
    'directory.organisation.membershipChanged': { organisationId: number; userId: string; role: string | null; status: string | null };
    'directory.claim.proposed': { claimId: number; organisationId: number; organisationName: Multiloc; projectCode: string };
    'directory.claim.decided': { claimId: number; organisationId: number; organisationName: Multiloc; projectCode: string; status: string; adminIds: string[] };
    'directory.group.created': { groupId: number; slug: string; name: Multiloc; kind: string };
    'directory.group.updated': { groupId: number; slug: string; fields: string[] };
    'directory.group.membershipChanged': { groupId: number; memberId: number; userId: string | null; organisationId: number | null; status: string; position: string };
    'directory.meeting.scheduled': { meetingId: number; groupId: number; groupSlug: string; title: Multiloc; startsAt: string; endsAt: string; timeZone: string; onlineUrl: string | null; address: string | null; memberIds: string[] };
    'directory.meeting.updated': { meetingId: number; groupId: number; groupSlug: string; title: Multiloc; startsAt: string; endsAt: string; timeZone: string; status: string; sequence: number; registeredIds: string[]; change: 'cancelled' | 'moved' | null };
    'directory.meeting.registered': { meetingId: number; userId: string };
    'directory.meeting.minutesDrafted': { meetingId: number; version: number };
    'directory.meeting.minutesApproved': { meetingId: number; groupId: number; version: number; memberIds: string[] };
    'directory.meeting.fileAdded': { meetingId: number; groupId: number; fileId: number; mediaType: string };
    'directory.meeting.fileRemoved': { meetingId: number; groupId: number; fileId: number };
    'directory.meeting.decisionRecorded': { meetingId: number; decisionId: number; method: string; links: string[] };
    'directory.event.published': { eventId: number; kind: string; title: Multiloc; startsAt: string; endsAt: string; strategyCode: string | null };
    'directory.event.updated': { eventId: number; title: Multiloc; status: string; sequence: number; followerIds: string[]; /** what its followers are told of (directory.notices.ts), if anything */ change?: 'cancelled' | 'changed' | null };
    'directory.place.added': { placeId: number; kind: string; name: string; source: string };
    'directory.place.imported': { count: number; kinds: Record<string, number> };
    'directory.place.suggested': { placeId: number; kind: string; name: string };
    'directory.place.moderated': { placeId: number; status: string; suggestedBy: string | null };
  }
}
export {};
