/** Alert rules and the alerts they raise. */
import { z } from 'zod';
import { Id, Property } from '../sensors.schemas.js';

export const RuleParams = z.strictObject({ tenant: z.string(), id: Id });
export const RuleCreateBody = z.strictObject({
  property: Property,
  threshold: z.number().min(0).max(100000),
  clearBelow: z.number().min(0).max(100000).optional(),
  durationMinutes: z.number().int().min(0).max(10080).default(0),
  area: z.string().trim().min(1).max(100).optional(),
});
export const Rule = z.object({ id: z.number(), property: z.string(), threshold: z.number(), clearBelow: z.number(), durationMinutes: z.number(), area: z.string().nullable(), createdAt: z.string() });
export const RuleListResponse = z.object({ items: z.array(Rule) });
export const Alert = z.object({
  id: z.number(),
  ruleId: z.number(),
  sensor: z.object({ id: z.number(), name: z.string(), area: z.string().nullable() }),
  property: z.string(),
  threshold: z.number(),
  raisedAt: z.string(),
  raisedValue: z.number(),
  peakValue: z.number(),
  clearedAt: z.string().nullable(),
});
export const AlertListResponse = z.object({ items: z.array(Alert) });
export type RuleInput = z.infer<typeof RuleCreateBody> & { property: import('../sensors.properties.js').PropertyName };
