/** Request and response schemas of the moderation queue. */
import { z } from 'zod';
import { TenantParams } from '../../tenants/index.js';
import { TEXT_LIMITS } from '../../../shared/limits.js';

export const ModerationListQuery = z.strictObject({ status: z.enum(['open', 'hidden']).default('open') });
export const ModerationCommentParams = TenantParams.extend({ id: z.coerce.number().int().positive() });
export const ModerationItemParams = ModerationCommentParams.extend({ kind: z.enum(['comments', 'proposals']) });
export const FlagBody = z.strictObject({ reason: z.string().trim().min(3).max(TEXT_LIMITS.moderationReason) });
export const ModerationHideBody = z.strictObject({ reason: z.string().trim().min(3).max(TEXT_LIMITS.moderationReason) });

export const ModerationFlag = z.object({ reason: z.string(), createdAt: z.string(), decision: z.enum(['hidden', 'dismissed']).nullable() });
export const ModerationItem = z.object({
  kind: z.enum(['comment', 'proposal']),
  id: z.number(),
  /** what a comment is on: proposal:12, budget_project:3, strategy_project:A1.P1, process:slug; a proposal: itself (proposal:12) */
  on: z.string(),
  author: z.string().nullable(),
  body: z.string(),
  createdAt: z.string(),
  hidden: z.boolean(),
  hiddenReason: z.string().nullable(),
  openFlags: z.number(),
  flags: z.array(ModerationFlag),
});
export const ModerationListResponse = z.object({ items: z.array(ModerationItem), abilities: z.object({ moderate: z.boolean() }) });
