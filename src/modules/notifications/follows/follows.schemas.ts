import { z } from 'zod';

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
