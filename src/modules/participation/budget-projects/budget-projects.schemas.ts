import { z } from 'zod';
import { TenantParams } from '../../tenants/index.js';
import { MultilocOut } from '../participation.common.js';
import { BudgetProject } from '../participation.schemas.js';
import { Multiloc } from '../survey.logic.js';

const Slug = z.string().regex(/^[a-z0-9-]+$/).max(80);
export const BudgetParams = TenantParams.extend({ id: Slug });
export const ProjectParams = BudgetParams.extend({ project: z.coerce.number().int().positive() });
const Lat = z.number().min(-90).max(90);
const Lon = z.number().min(-180).max(180);

export const ImageOut = z.object({ id: z.string(), url: z.string(), width: z.number(), height: z.number() });
export const ProjectDetail = BudgetProject.extend({
  images: z.array(ImageOut),
  budget: z.object({ id: z.number(), slug: z.string(), title: MultilocOut, currency: z.string(), status: z.string() }),
  abilities: z.object({ manage: z.boolean() }),
});
export const ProjectCreateBody = z.strictObject({ code: z.string().regex(/^[A-Za-z0-9_.-]+$/).min(1).max(40), title: Multiloc, description: Multiloc.optional(), cost: z.number().nonnegative().describe("the proposer's estimate"), lat: Lat.optional(), lon: Lon.optional(), proposalId: z.number().int().positive().optional() });
export const ProjectUpdateBody = z.strictObject({ title: Multiloc.optional(), description: Multiloc.optional(), lat: Lat.nullable().optional(), lon: Lon.nullable().optional() });
export const ProjectStepBody = z.discriminatedUnion('to', [
  z.strictObject({ to: z.literal('eligible') }),
  z.strictObject({ to: z.literal('ineligible'), reason: z.string().trim().min(5).max(1000).describe('public: shown on the project page') }),
  z.strictObject({ to: z.literal('costed'), cost: z.number().positive(), note: z.string().trim().min(3).max(2000) }),
  z.strictObject({ to: z.literal('ready') }),
]);
export const BudgetStatusBody = z.strictObject({ status: z.enum(['preparing', 'voting', 'closed']) });
