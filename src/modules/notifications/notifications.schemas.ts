import { LOCALES } from '../../core/i18n.js';
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

const Position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
export const PolygonSchema = z
  .object({
    type: z.literal('Polygon'),
    coordinates: z
      .array(z.array(Position).min(4).max(500))
      .min(1)
      .max(1)
      .refine((rings) => rings.every((r) => r[0]![0] === r.at(-1)![0] && r[0]![1] === r.at(-1)![1]), 'a ring must end where it starts'),
  })
  .strict()
  .meta({ description: 'A drawn area (GeoJSON Polygon, one ring of [lon, lat])' });

const Kind = z.string().regex(/^[a-z][a-z0-9_.]{0,63}$/, 'a kind such as strategy.project, reports.report or area');
export const FollowBody = z
  .object({
    tenant: z.string().regex(/^[a-z0-9-]{1,63}$/),
    kind: Kind,
    /** the thing's id or code; for kind `area`, the neighbourhood, or give `polygon` instead */
    id: z.string().min(1).max(100).optional(),
    polygon: PolygonSchema.optional(),
  })
  .strict()
  .refine((b) => b.id !== undefined || (b.kind === 'area' && b.polygon !== undefined), { message: 'give the id of the thing to follow (or, for an area, a polygon)', path: ['id'] });

export const FollowItem = z.object({
  tenant: z.string(),
  kind: z.string(),
  id: z.string(),
  polygon: PolygonSchema.nullable(),
  implicit: z.boolean().meta({ description: 'followed because of something the person did (their report, proposal, vote)' }),
  createdAt: z.iso.datetime(),
});
export const FollowsResponse = z.object({ items: z.array(FollowItem), kinds: z.array(z.string()) });
export const FollowsQuery = z.object({ tenant: z.string().regex(/^[a-z0-9-]{1,63}$/).optional() }).strict();
export const FollowResult = z.object({ tenant: z.string(), kind: z.string(), id: z.string(), following: z.boolean() });

export const TokenParams = z.object({ token: z.string().min(1).max(100) });
export const UnsubscribeShow = z.object({ tenant: z.string(), kind: z.string(), id: z.string(), active: z.boolean() });

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

export const FeedParams = z.object({
  tenant: z.string().regex(/^[a-z0-9-]+$/).max(63),
  kind: z.string().regex(/^[a-z_.]+$/).max(60),
  file: z.string().regex(/^.{1,200}\.atom$/, 'the feed is {id}.atom'),
});
export const FeedQuery = z.strictObject({ lang: z.enum(LOCALES).optional() });

export const DigestSchedule = z
  .object({
    hour: z.number().int().min(0).max(23).meta({ description: "the local hour digests go out (the city's time zone)" }),
    timeZone: z.string().min(1).max(64).meta({ description: 'an IANA time zone, e.g. Europe/Bucharest' }),
    weeklyDay: z.number().int().min(1).max(7).meta({ description: 'the ISO weekday of weekly digests (1 = Monday … 7 = Sunday)' }),
  })
  .strict();
