import { z } from 'zod';
import { LOCALES } from '../../../core/i18n.js';

export const FeedParams = z.object({
  tenant: z.string().regex(/^[a-z0-9-]+$/).max(63),
  kind: z.string().regex(/^[a-z_.]+$/).max(60),
  file: z.string().regex(/^.{1,200}\.atom$/, 'the feed is {id}.atom'),
});
export const FeedQuery = z.strictObject({ lang: z.enum(LOCALES).optional() });
