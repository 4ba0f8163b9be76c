/** Groups (action groups, working groups, steering groups, advisory committees, civic councils) and their members. */
import { z } from 'zod';
import { HttpUrl, IdParam, Multiloc, MultilocOut } from '../directory.common.js';
import { TenantParams } from '../../tenants/index.js';

export const GROUP_KINDS = ['action_group', 'working_group', 'steering_group', 'advisory_committee', 'civic_council'] as const;
export const POSITIONS = ['coordinator', 'member', 'observer'] as const;
const Code = z.string().regex(/^[A-Za-z0-9._/-]{1,40}$/);
const Link = z.strictObject({ title: z.string().trim().min(1).max(120), url: HttpUrl });

/** `{id}` is the group's number or its slug. */
export const GroupParams = TenantParams.extend({ id: z.string().regex(/^[a-z0-9-]{1,80}$/) });
export const GroupCreateBody = z.strictObject({
  slug: z.string().regex(/^[a-z0-9-]+$/).min(2).max(80).refine((s) => !/^\d+$/.test(s), 'A slug is not only digits.'),
  kind: z.enum(GROUP_KINDS),
  name: Multiloc,
  purpose: Multiloc,
  strategyCode: Code.optional(),
  composition: Multiloc.optional(),
  links: z.array(Link).max(20).default([]),
  visibility: z.enum(['public', 'members']).default('public'),
  openToRequests: z.boolean().default(true),
});
export type GroupCreateInput = z.infer<typeof GroupCreateBody>;
export const GroupUpdateBody = z.strictObject({
  name: Multiloc.optional(),
  purpose: Multiloc.optional(),
  strategyCode: Code.nullable().optional(),
  composition: Multiloc.nullable().optional(),
  links: z.array(Link).max(20).optional(),
  visibility: z.enum(['public', 'members']).optional(),
  openToRequests: z.boolean().optional(),
});
export type GroupUpdateInput = z.infer<typeof GroupUpdateBody>;
export const GroupListQuery = z.strictObject({ kind: z.enum(GROUP_KINDS).optional(), strategyCode: Code.optional() });

export const JoinGroupBody = z.strictObject({
  organisationId: z.number().int().positive().optional().describe('join on behalf of an organisation you are an admin of'),
  message: z.string().trim().max(1000).optional(),
  public: z.boolean().default(false).describe('consent to be listed publicly as a member'),
});
export const GroupMemberParams = GroupParams.extend({ memberId: IdParam });
export const GroupMemberUpdateBody = z.strictObject({ status: z.enum(['active', 'declined']).optional(), position: z.enum(POSITIONS).optional(), public: z.boolean().optional() });

export const GroupOut = z
  .object({ id: z.number(), slug: z.string(), kind: z.enum(GROUP_KINDS), name: MultilocOut, purpose: MultilocOut, strategyCode: z.string().nullable(), composition: MultilocOut.nullable(), links: z.array(z.object({ title: z.string(), url: z.string() })), visibility: z.enum(['public', 'members']), openToRequests: z.boolean(), memberCount: z.number() })
  .meta({ id: 'Group' });
export const GroupMemberOut = z.object({
  id: z.number(),
  kind: z.enum(['person', 'organisation']),
  name: z.string(),
  organisationId: z.number().nullable(),
  position: z.enum(POSITIONS),
  status: z.enum(['requested', 'active', 'declined']),
  message: z.string().nullable(),
  mine: z.boolean(),
});
export const GroupAbilities = z.object({ edit: z.boolean(), manageMembers: z.boolean(), join: z.boolean(), scheduleMeeting: z.boolean(), seeMembers: z.boolean() });
export const GroupDetail = GroupOut.extend({ members: z.array(GroupMemberOut), myMembership: z.object({ id: z.number(), status: z.string(), position: z.string() }).nullable(), abilities: GroupAbilities });
export const GroupListResponse = z.object({ items: z.array(GroupOut) });
