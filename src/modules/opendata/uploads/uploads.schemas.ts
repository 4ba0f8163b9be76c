import { z } from 'zod';
import { MultilocSchema } from '../../../core/i18n.js';
import { Dataset, isoDate } from '../opendata.schemas.js';
import { DATA_THEMES, FREQUENCIES, LICENSES } from '../opendata.vocab.js';

export const UploadListResponse = z.object({ items: z.array(Dataset) });

export const UploadDescribeBody = z.strictObject({
  title: MultilocSchema.optional(),
  description: MultilocSchema.optional(),
  themes: z.array(z.enum(DATA_THEMES)).max(13).optional(),
  keywords: z.array(z.string().trim().min(1).max(60)).max(30).optional(),
  publisher: z.string().trim().min(1).max(200).nullable().optional(),
  license: z.enum(LICENSES).optional(),
  frequency: z.enum(FREQUENCIES).optional(),
  temporalStart: isoDate.nullable().optional(),
  temporalEnd: isoDate.nullable().optional(),
});
