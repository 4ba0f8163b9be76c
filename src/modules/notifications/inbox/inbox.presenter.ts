import type { InboxRow } from '../notifications.repository.js';

export function presentNotification(n: InboxRow) {
  return { id: n.id, kind: n.kind, subject: n.subject, body: n.body, link: n.link, createdAt: n.created_at.toISOString(), read: n.read_at !== null };
}
