/** Moderation rows → API shape. */
import type { ModerationService } from './moderation.service.js';

type QueueEntry = Awaited<ReturnType<ModerationService['queue']>>[number];

export function presentModerationItem({ kind, row, flags }: QueueEntry) {
  return {
    kind,
    id: row.id,
    on: row.on,
    author: row.author,
    body: row.body,
    createdAt: row.created_at.toISOString(),
    hidden: row.hidden_at !== null,
    hiddenReason: row.hidden_reason,
    openFlags: flags.filter((f) => f.settled_at === null).length,
    flags: flags.map((f) => ({ reason: f.reason, createdAt: f.created_at.toISOString(), decision: f.decision })),
  };
}
