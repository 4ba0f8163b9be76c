import { z } from 'zod';
import { Code, MultilocOut } from '../participation.common.js';
import { Multiloc } from '../survey.logic.js';
import { PROPOSAL_STATES } from './proposals.service.js';
import { TEXT_LIMITS } from '../../../shared/limits.js';

export const ProposalOut = z.object({
  id: z.number(),
  title: z.string(),
  body: z.string(),
  category: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  state: z.enum(PROPOSAL_STATES),
  answer: MultilocOut.nullable(),
  answeredAt: z.string().nullable(),
  strategyCode: z.string().nullable(),
  supports: z.number(),
  processId: z.number().nullable(),
  createdAt: z.string(),
});
export const ProposalListQuery = z.strictObject({ state: z.enum(PROPOSAL_STATES).optional(), sort: z.enum(['supports', 'recent']).default('recent'), process: z.coerce.number().int().positive().optional() });
export const SimilarResponse = z.object({ items: z.array(z.object({ id: z.number(), title: z.string(), state: z.string(), supports: z.number() })) });
export const ProposalDetail = ProposalOut.extend({ supported: z.boolean(), images: z.array(z.object({ id: z.string(), url: z.string(), width: z.number(), height: z.number() })), abilities: z.object({ support: z.boolean(), answer: z.boolean(), convert: z.boolean(), withdraw: z.boolean(), edit: z.boolean(), flag: z.boolean() }) });
export const ProposalCreateBody = z.strictObject({ title: z.string().trim().min(5).max(TEXT_LIMITS.proposalTitle), body: z.string().trim().min(10).max(TEXT_LIMITS.proposalBody), category: Code.optional(), lat: z.number().min(-90).max(90).optional(), lon: z.number().min(-180).max(180).optional(), processId: z.number().int().positive().optional() });
export const ProposalUpdateBody = z.strictObject({ title: z.string().trim().min(5).max(TEXT_LIMITS.proposalTitle).optional(), body: z.string().trim().min(10).max(TEXT_LIMITS.proposalBody).optional(), category: Code.nullable().optional(), lat: z.number().min(-90).max(90).nullable().optional(), lon: z.number().min(-180).max(180).nullable().optional() });
export const ProposalAnswerBody = z.strictObject({ state: z.enum(['evaluating', 'accepted', 'rejected']), answer: Multiloc });
export const ProposalConvertBody = z.strictObject({ kind: z.enum(['project', 'open_action']), code: Code, parent: Code, category: z.enum(['infrastructure', 'platform', 'capacity_building', 'incentives_events', 'research']).optional().describe('open actions need one') });
