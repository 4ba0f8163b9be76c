import type { Actor } from '../../../core/actor.js';
import type { CommentRow } from './comments.repository.js';
import { EDIT_WINDOW_MS } from './comments.service.js';

/** A comment as this reader sees it: a hidden one's text and the flag count only for staff. */
export const presentComment = (actor: Actor, staff: boolean) => (r: CommentRow) => ({
  id: r.id,
  parentId: r.parent_id,
  author: r.author_name,
  body: r.hidden_at && !staff ? null : r.body,
  createdAt: r.created_at.toISOString(),
  edited: r.edited_at !== null,
  editableUntil: new Date(r.created_at.getTime() + EDIT_WINDOW_MS).toISOString(),
  hidden: r.hidden_at !== null,
  hiddenReason: r.hidden_reason,
  ...(staff ? { flags: r.flags_count } : {}),
  mine: actor.kind === 'user' && actor.user.id === r.author_id,
});
