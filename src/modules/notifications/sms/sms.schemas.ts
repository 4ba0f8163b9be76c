import { z } from 'zod';

const Slug = z.string().regex(/^[a-z0-9-]{1,63}$/);
export const PhoneBody = z.object({ tenant: Slug.meta({ description: "the city whose SMS gateway sends the code" }), phone: z.string().min(1).max(40) }).strict();
export const PhoneVerifyBody = z.object({ code: z.string().regex(/^\d{6}$/, 'six digits') }).strict();
export const PhoneResponse = z.object({ phone: z.string().nullable(), verified: z.boolean() });
export const GatewayBody = z.object({ url: z.string().min(1).max(2000), secret: z.string().min(16).max(200) }).strict();
export const GatewayResponse = z.object({ url: z.string().nullable(), configured: z.boolean() });
export const DeliveriesResponse = z.object({
  items: z.array(z.object({ id: z.string(), channel: z.enum(['push', 'sms']), kind: z.string(), target: z.string(), status: z.enum(['sent', 'failed', 'gone']), attempts: z.number().int(), error: z.string().nullable(), createdAt: z.iso.datetime() })),
});
