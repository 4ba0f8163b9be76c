import { z } from 'zod';

const B64Url = z.string().min(1).max(200).regex(/^[A-Za-z0-9_-]+=*$/, 'URL-safe base64');

/** A browser's PushSubscription, as `subscription.toJSON()` gives it. */
export const PushSubscriptionBody = z
  .object({
    endpoint: z.string().min(1).max(2000),
    expirationTime: z.number().nullable().optional(),
    keys: z.object({ p256dh: B64Url, auth: B64Url }).strict(),
  })
  .strict();
export const PushUnsubscribeBody = z.object({ endpoint: z.string().min(1).max(2000) }).strict();
export const PushSubscribed = z.object({ id: z.string(), endpoint: z.string() });
export const VapidKeyResponse = z.object({ publicKey: z.string().meta({ description: 'the application server key (URL-safe base64, uncompressed P-256 point) for PushManager.subscribe' }) });
export const DevicesResponse = z.object({ items: z.array(z.object({ id: z.string(), host: z.string(), userAgent: z.string().nullable(), createdAt: z.iso.datetime(), lastSentAt: z.iso.datetime().nullable() })) });
