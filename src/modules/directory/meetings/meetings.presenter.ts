/** Meeting rows → API shape. */
import type { Selectable } from 'kysely';
import type { Database } from '../../../core/db.js';
import type { Multiloc } from '../../../core/i18n.js';
import { presentWhen, presentWhere } from '../directory.common.js';
import type { MeetingRow } from './meetings.repository.js';

export function presentMeeting(m: MeetingRow, groupSlug: string, registered: number) {
  return {
    id: m.id,
    groupId: m.group_id,
    groupSlug,
    ...presentWhen(m),
    timeZone: m.time_zone,
    ...presentWhere(m),
    agenda: m.agenda as Multiloc[],
    documents: m.documents as { title: string; url: string }[],
    capacity: m.capacity,
    registered,
    status: m.status,
    sequence: m.sequence,
    minutesState: m.minutes_state,
  };
}

export function presentMinutes(r: Selectable<Database['directory_minutes']>, names: string[]) {
  return { version: r.version, body: r.body as Multiloc, state: r.state, attendance: names, createdAt: r.created_at.toISOString() };
}

export function presentDecision(d: Selectable<Database['directory_decisions']>) {
  return { id: d.id, text: d.text as Multiloc, method: d.method, votesFor: d.votes_for, votesAgainst: d.votes_against, votesAbstain: d.votes_abstain, links: d.links, createdAt: d.created_at.toISOString() };
}

export function presentMeetingFile(f: Selectable<Database['directory_meeting_files']>, base: string) {
  return { id: f.id, title: f.title, name: f.name, mediaType: f.media_type, bytes: f.bytes, agendaItem: f.agenda_item, createdAt: f.created_at.toISOString(), url: `${base}/files/${f.id}` };
}
