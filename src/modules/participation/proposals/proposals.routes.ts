import { z } from 'zod';
import { hasRole } from '../../../core/actor.js';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { RATE_LIMITS } from '../../../shared/limits.js';
import { TenantParams } from '../../tenants/index.js';
import type { ParticipationImages } from '../images/images.service.js';
import { BASE, Code, NumId, STAFF, tags } from '../participation.common.js';
import type { ParticipationService } from '../participation.service.js';
import { Slug } from '../processes/processes.schemas.js';
import { proposalAbilities } from './proposals.policy.js';
import { presentProposal, presentSimilar } from './proposals.presenter.js';
import { ProposalAnswerBody, ProposalConvertBody, ProposalCreateBody, ProposalDetail, ProposalListQuery, ProposalOut, ProposalUpdateBody, SimilarResponse } from './proposals.schemas.js';
import type { ProposalsService } from './proposals.service.js';

/** The public side of proposals: list, duplicate hints, one proposal, and what its author and supporters do. */
export async function proposalsRoutes(app: AppInstance, proposals: ProposalsService, images?: ParticipationImages) {
  app.get(`${BASE}/proposals`, {
    config: { access: 'public' },
    schema: { tags, summary: 'Proposals (ideas)', params: TenantParams, querystring: ProposalListQuery, response: { 200: z.object({ items: z.array(ProposalOut) }) } },
    handler: async (req) => ({ items: (await proposals.proposals(requireTenant(req).id, { sort: req.query.sort, ...(req.query.state ? { state: req.query.state } : {}), ...(req.query.process ? { processId: req.query.process } : {}) })).map(presentProposal) }),
  });
  app.get(`${BASE}/proposals/similar`, {
    config: { access: 'public' },
    schema: { tags, summary: 'Proposals with a similar title (hints while typing)', params: TenantParams, querystring: z.strictObject({ q: z.string().max(200) }), response: { 200: SimilarResponse } },
    handler: async (req) => ({ items: (await proposals.similar(requireTenant(req).id, req.query.q)).map(presentSimilar) }),
  });
  app.get(`${BASE}/proposals/:id`, {
    config: { access: 'public' },
    schema: { tags, summary: 'A proposal with what you may do', params: NumId, response: { 200: ProposalDetail } },
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const tenant = requireTenant(req);
      const p = await proposals.shownProposal(tenant.id, req.params.id, req.actor);
      const supported = await proposals.supportedBy(p.id, req.actor);
      const me = req.actor.kind === 'user' ? req.actor.user.id : undefined;
      const staff = hasRole(req.actor, tenant.id, ['staff']);
      const imgs = ((await images?.of('proposal', [p.id]))?.get(p.id) ?? []).map((im) => ({ ...im, url: `/api/v1/tenants/${tenant.slug}/proposals/${p.id}/images/${im.id}` }));
      return { ...presentProposal(p), supported, images: imgs, abilities: proposalAbilities(p, me, staff, supported) };
    },
  });
  app.post(`${BASE}/proposals`, {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags, summary: 'Submit a proposal', params: TenantParams, body: ProposalCreateBody, response: { 201: z.object({ id: z.number() }) } },
    handler: async (req, reply) => reply.code(201).send({ id: await proposals.submitProposal(req.actor, requireTenant(req), req.body) }),
  });
  app.patch(`${BASE}/proposals/:id`, {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags, summary: 'Edit my proposal while it is only published (text, category, place; lat/lon null removes the place; 400 outside the city)', params: NumId, body: ProposalUpdateBody, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await proposals.editProposal(req.actor, requireTenant(req), req.params.id, req.body);
      return reply.code(204).send(null);
    },
  });
  app.post(`${BASE}/proposals/:id/supports`, {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags, summary: 'Support a proposal (once per person: 409 on a second)', params: NumId, response: { 201: z.object({ supports: z.number() }) } },
    handler: async (req, reply) => reply.code(201).send({ supports: await proposals.support(req.actor, requireTenant(req), req.params.id) }),
  });
  app.post(`${BASE}/proposals/:id/withdraw`, {
    config: { access: 'user' },
    schema: { tags, summary: 'Withdraw my proposal', params: NumId, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await proposals.withdraw(req.actor, requireTenant(req), req.params.id);
      return reply.code(204).send(null);
    },
  });
}

/** What staff do with proposals: the official answer, the conversion into the strategy, a budget's winners promoted. */
export async function proposalAnswerRoutes(app: AppInstance, proposals: ProposalsService, svc: ParticipationService) {
  app.put(`${BASE}/proposals/:id/answer`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Official answer and state (staff; audited)', params: NumId, body: ProposalAnswerBody, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await proposals.answer(req.actor, requireTenant(req), req.params.id, req.body);
      return reply.code(204).send(null);
    },
  });
  app.post(`${BASE}/proposals/:id/convert`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Turn an accepted proposal into a strategy project or open action (staff; audited)', params: NumId, body: ProposalConvertBody, response: { 201: z.object({ strategyCode: z.string() }) } },
    handler: async (req, reply) => reply.code(201).send({ strategyCode: await proposals.convert(req.actor, requireTenant(req), req.params.id, req.body) }),
  });
  app.post(`${BASE}/budgets/:id/promote`, {
    config: { access: STAFF },
    schema: { tags, summary: "Promote a budget's winners to strategy projects with their budget (staff; audited)", params: TenantParams.extend({ id: Slug }), body: z.strictObject({ rule: z.enum(['greedy', 'equal-shares']).default('greedy'), parent: Code, prefix: Code }), response: { 201: z.object({ created: z.array(z.string()) }) } },
    handler: async (req, reply) => reply.code(201).send({ created: await svc.promoteWinners(req.actor, requireTenant(req), req.params.id, req.body) }),
  });
}
