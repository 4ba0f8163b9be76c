import type { InboxRow } from './notifications.repository.js';

export function presentNotification(n: InboxRow) {
  return { id: n.id, kind: n.kind, subject: n.subject, body: n.body, link: n.link, createdAt: n.created_at.toISOString(), read: n.read_at !== null };
}

export function presentFollow(f: { tenant: string; kind: string; target: string; polygon: unknown; implicit: boolean; created_at: Date }) {
  return { tenant: f.tenant, kind: f.kind, id: f.target, polygon: (f.polygon ?? null) as never, implicit: f.implicit, createdAt: f.created_at.toISOString() };
}
