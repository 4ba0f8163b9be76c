import type { ConsentState } from './privacy.service.js';
import type { ExportRow } from './privacy.repository.js';

export function presentConsents(s: ConsentState) {
  return {
    notices: s.notices.map((n) => ({ kind: n.kind, version: n.version, publishedAt: n.published_at.toISOString(), text: n.text, accepted: n.accepted })),
    pending: s.pending,
    optional: s.optional.map((o) => ({ kind: o.kind, granted: o.granted, grantedAt: o.grantedAt?.toISOString() ?? null })),
    history: s.history.map((h) => ({ kind: h.kind, version: h.version, source: h.source, grantedAt: h.grantedAt.toISOString(), withdrawnAt: h.withdrawnAt?.toISOString() ?? null })),
  };
}

/** The download link is relative (the web app and the API share an origin) and shown only while it works. */
export function presentExport(e: ExportRow) {
  const live = e.status === 'ready' && e.token && e.expires_at && e.expires_at.getTime() > Date.now();
  return {
    id: e.id,
    status: e.status,
    createdAt: e.created_at.toISOString(),
    finishedAt: e.finished_at?.toISOString() ?? null,
    expiresAt: e.expires_at?.toISOString() ?? null,
    bytes: e.bytes,
    downloadUrl: live ? `/api/v1/me/export/download/${e.token}` : null,
  };
}

export function presentNotices(items: { kind: 'terms' | 'privacy'; version: string; published_at: Date; text: string }[]) {
  return { items: items.map((n) => ({ kind: n.kind, version: n.version, publishedAt: n.published_at.toISOString(), text: n.text })) };
}
