/** Following a sensor or an area. */
import { z } from 'zod';

export const FollowBody = z.strictObject({ sensor: z.number().int().positive().optional(), area: z.string().trim().min(1).max(100).optional() });
export const FollowsResponse = z.object({ items: z.array(z.object({ sensor: z.number().nullable(), area: z.string().nullable() })) });
