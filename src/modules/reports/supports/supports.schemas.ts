/** Supporting and following a report (double opt-in by e-mail), and unsubscribing. */
import { z } from 'zod';

export const SupportBody = z.strictObject({ email: z.email().max(254).optional() });
export const SupportResponse = z.object({
  supporters: z.number().int().describe('confirmed supporters only'),
  pending: z.boolean().describe('true: a confirmation link was e-mailed; the support counts once it is opened (double opt-in)'),
});
export const SupportConfirmResponse = z.object({ reportId: z.string(), supporters: z.number().int() });
export const FollowResponse = z.object({ following: z.boolean() });
export const UnsubscribeQuery = z.strictObject({ token: z.string().max(64) });
export const UnsubscribeResponse = z.object({ reportId: z.string() });
