/** A voter's ballot. */
import { z } from 'zod';

export const BallotBody = z.strictObject({ projectIds: z.array(z.number().int().positive()).max(500), age: z.number().int().min(0).max(120).optional() });
export const BallotResponse = z.object({ projectIds: z.array(z.number()), total: z.number(), budget: z.number(), checkedOutAt: z.string().nullable(), canCheckout: z.boolean(), problems: z.array(z.object({ field: z.string(), message: z.string(), code: z.string().optional() })) });
