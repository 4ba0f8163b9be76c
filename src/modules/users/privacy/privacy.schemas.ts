import { z } from 'zod';
import { LOCALES, MultilocSchema } from '../../../core/i18n.js';
import { NOTICE_KINDS, OPTIONAL_CONSENTS } from './privacy.notices.js';

const NoticeKind = z.enum(NOTICE_KINDS);
const OptionalKind = z.enum(OPTIONAL_CONSENTS);
const Version = z.string().trim().min(1).max(40);

export const ConsentsQuery = z.strictObject({ tenant: z.string().regex(/^[a-z0-9-]+$/).max(63).optional().describe("the city whose notices apply (its own version if it published one); default: the platform's") });

export const NoticesQuery = ConsentsQuery.extend({ lang: z.enum(LOCALES).default('ro') });
export const NoticesResponse = z.object({ items: z.array(z.object({ kind: NoticeKind, version: z.string(), publishedAt: z.iso.datetime(), text: z.string() })) });

export const ConsentsResponse = z
  .object({
    notices: z.array(z.object({ kind: NoticeKind, version: z.string(), publishedAt: z.iso.datetime(), text: z.string().describe("in the person's language, with the city's DPO contact"), accepted: z.boolean() })),
    pending: z.array(NoticeKind).describe('notices whose current version is not accepted yet; the web asks for them first'),
    optional: z.array(z.object({ kind: OptionalKind, granted: z.boolean(), grantedAt: z.iso.datetime().nullable() })),
    history: z.array(z.object({ kind: z.enum([...NOTICE_KINDS, ...OPTIONAL_CONSENTS]), version: z.string().nullable(), source: z.string(), grantedAt: z.iso.datetime(), withdrawnAt: z.iso.datetime().nullable() })),
  })
  .meta({ id: 'Consents' });

export const ConsentsBody = z
  .strictObject({
    accept: z
      .array(z.strictObject({ kind: NoticeKind, version: Version }))
      .max(NOTICE_KINDS.length)
      .optional()
      .describe('notice versions accepted (must be the current ones)'),
    optional: z
      .strictObject({ public_name: z.boolean().optional(), email_digests: z.boolean().optional(), sms: z.boolean().optional() })
      .optional()
      .describe('optional consents: true grants, false withdraws'),
  })
  .refine((b) => (b.accept?.length ?? 0) > 0 || Object.keys(b.optional ?? {}).length > 0, { message: 'nothing to change', path: ['accept'] });

export const ExportResponse = z
  .object({
    id: z.uuid(),
    status: z.enum(['queued', 'running', 'ready', 'failed', 'expired']),
    createdAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
    expiresAt: z.iso.datetime().nullable(),
    bytes: z.number().int().nullable(),
    downloadUrl: z.string().nullable().describe('while ready: a link that works for 24 hours, only in your own session'),
  })
  .meta({ id: 'DataExport' });
export const ExportStatusResponse = z.object({ export: ExportResponse.nullable() });
export const ExportDownloadParams = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'not a download token') });

export const DpoBody = z.strictObject({ dpoEmail: z.email('must be an email address').max(254) });
export const DpoResponse = z.object({ dpoEmail: z.string().nullable() });

export const NoticePublishBody = z.strictObject({ kind: NoticeKind, version: Version, body: MultilocSchema });
