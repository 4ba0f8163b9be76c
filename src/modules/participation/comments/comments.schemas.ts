import { z } from 'zod';
import { TEXT_LIMITS } from '../../../shared/limits.js';

export const CommentOut = z.object({ id: z.number(), parentId: z.number().nullable(), author: z.string().nullable(), body: z.string().nullable(), createdAt: z.string(), edited: z.boolean(), editableUntil: z.string(), hidden: z.boolean(), hiddenReason: z.string().nullable(), flags: z.number().optional(), mine: z.boolean() });
export const On = z.string().regex(/^(proposal|budget_project|strategy_project|process):[A-Za-z0-9._/-]{1,60}$/, 'type:id, e.g. proposal:12');
export const CommentCreateBody = z.strictObject({ on: On, body: z.string().trim().min(1).max(TEXT_LIMITS.comment), parentId: z.number().int().positive().optional() });
export const CommentUpdateBody = z.strictObject({ body: z.string().trim().min(1).max(TEXT_LIMITS.comment) });
export const CommentReasonBody = z.strictObject({ reason: z.string().trim().min(3).max(TEXT_LIMITS.moderationReason) });
