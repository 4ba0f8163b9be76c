import { z } from 'zod';

export const NotificationResponse = z.object({
  id: z.uuid(),
  kind: z.string(),
  subject: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.iso.datetime(),
  read: z.boolean(),
});
export const InboxResponse = z.object({ unread: z.number().int(), items: z.array(NotificationResponse) });
export const NotificationParams = z.object({ id: z.uuid() });
