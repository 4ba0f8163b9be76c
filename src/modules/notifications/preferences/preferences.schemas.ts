import { z } from 'zod';

export const EMAIL_FREQUENCIES = ['immediate', 'daily', 'weekly', 'off'] as const;
export const Preference = z
  .object({
    kind: z.string().min(1).max(100),
    inbox: z.boolean(),
    email: z.boolean(),
    push: z.boolean(),
    sms: z.boolean(),
    emailFrequency: z.enum(EMAIL_FREQUENCIES),
  })
  .strict();
export const PreferencesResponse = z.object({ items: z.array(Preference) });
export const PreferencesBody = z.object({ items: z.array(Preference.partial({ inbox: true, email: true, push: true, sms: true, emailFrequency: true })).min(1).max(200) }).strict();
