import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { sendCsv } from '../../core/csv.js';
import { type AppInstance, requireTenant } from '../../core/http.js';
import { RATE_LIMITS } from '../../shared/limits.js';
import { TenantParams } from '../tenants/index.js';
import { COMPONENTS, currentPhase, EDIT_WINDOW_MS, PROPOSAL_STATES, type CommentTarget } from './participation.community.js';
import type { ParticipationService } from './participation.service.js';
import type { ParticipationImages } from './participation.images.js';
import { Multiloc } from './survey.logic.js';

const STAFF = { roles: ['staff'] } as const;
const BASE = '/api/v1/tenants/:tenant';
const tags = ['participation'];
const NumId = TenantParams.extend({ id: z.coerce.number().int().positive() });
const Slug = z.string().regex(/^[a-z0-9-]+$/).min(2).max(80);
const Code = z.string().min(1).max(40).regex(/^[A-Za-z0-9._/-]+$/);
const MultilocOut = z.object({ ro: z.string(), en: z.string().optional(), hu: z.string().optional() });

const Phase = z.strictObject({ key: z.string().regex(/^[a-z0-9-]+$/).max(40), title: Multiloc, start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), end: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), components: z.array(z.enum(COMPONENTS)) });
const Link = z.strictObject({ type: z.enum(['pillar', 'objective', 'project']), code: Code });
const ProcessOut = z.object({ id: z.number(), slug: z.string(), title: MultilocOut, description: MultilocOut, scope: z.string(), phases: z.array(Phase), links: z.array(Link), currentPhase: z.string().nullable() });
const ProposalOut = z.object({
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
const CommentOut = z.object({ id: z.number(), parentId: z.number().nullable(), author: z.string().nullable(), body: z.string().nullable(), createdAt: z.string(), edited: z.boolean(), editableUntil: z.string(), hidden: z.boolean(), hiddenReason: z.string().nullable(), flags: z.number().optional(), mine: z.boolean() });
const Interest = z.object({ id: z.number(), projectCode: z.string(), name: z.string(), organisation: z.string().nullable(), email: z.string().nullable(), role: z.string(), message: z.string(), createdAt: z.string() });

type ProcessRow = Awaited<ReturnType<ParticipationService['community']['process']>>;
const presentProcess = (p: ProcessRow) => ({ id: p.id, slug: p.slug, title: p.title, description: p.description, scope: p.scope, phases: p.phases, links: p.links, currentPhase: currentPhase(p.phases)?.key ?? null });
type ProposalRow = Awaited<ReturnType<ParticipationService['community']['proposal']>>;
const presentProposal = (p: ProposalRow) => ({ id: p.id, title: p.title, body: p.body, category: p.category, lat: p.lat, lon: p.lon, state: p.state, answer: p.answer, answeredAt: p.answered_at?.toISOString() ?? null, strategyCode: p.strategy_code, supports: p.supports_count, processId: p.process_id, createdAt: p.created_at.toISOString() });

const On = z.string().regex(/^(proposal|budget_project|strategy_project|process):[A-Za-z0-9._/-]{1,60}$/, 'type:id, e.g. proposal:12');
const parseOn = (on: string) => {
  const i = on.indexOf(':');
  return { type: on.slice(0, i) as CommentTarget, targetId: on.slice(i + 1) };
};

export async function communityRoutes(app: AppInstance, svc: ParticipationService, images?: ParticipationImages) {
  const c = svc.community;

  // ---------- Processes ----------
  app.get(`${BASE}/processes`, {
    config: { access: 'public' },
    schema: { tags, summary: 'Participatory processes (spaces) with phases, scope and strategy links', params: TenantParams, querystring: z.strictObject({ project: Code.optional() }), response: { 200: z.object({ items: z.array(ProcessOut) }) } },
    handler: async (req) => {
      const tenant = requireTenant(req);
      const rows = req.query.project ? (await c.processesForProject(tenant.id, req.query.project)).map((r) => ({ ...r, description: { ro: '' }, links: [] })) : await c.processes(tenant.id);
      return { items: rows.map((r) => presentProcess(r as ProcessRow)) };
    },
  });
  app.get(`${BASE}/processes/:id`, {
    config: { access: 'public' },
    schema: { tags, summary: 'A participatory process, with what you may do', params: TenantParams.extend({ id: Slug }), response: { 200: ProcessOut.extend({ abilities: z.object({ edit: z.boolean() }) }) } },
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const tenant = requireTenant(req);
      return { ...presentProcess(await c.process(tenant.id, req.params.id)), abilities: { edit: c.isStaff(req.actor, tenant.id) } };
    },
  });
  const ProcessFields = z.strictObject({ title: Multiloc, description: Multiloc, scope: z.string().max(100).default('city'), phases: z.array(Phase).max(20).default([]), links: z.array(Link).max(50).default([]) });
  app.post(`${BASE}/processes`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Create a process (staff; audited)', params: TenantParams, body: ProcessFields.extend({ slug: Slug }), response: { 201: z.object({ id: z.number() }) } },
    handler: async (req, reply) => reply.code(201).send({ id: await c.createProcess(req.actor, requireTenant(req), req.body) }),
  });
  app.put(`${BASE}/processes/:id`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Edit a process: texts, scope, phases in order and links (staff; audited with before and after)', params: TenantParams.extend({ id: Slug }), body: ProcessFields, response: { 200: ProcessOut } },
    handler: async (req) => {
      const tenant = requireTenant(req);
      const slug = await c.updateProcess(req.actor, tenant, req.params.id, req.body);
      return presentProcess(await c.process(tenant.id, slug));
    },
  });

  // ---------- Proposals ----------
  app.get(`${BASE}/proposals`, {
    config: { access: 'public' },
    schema: { tags, summary: 'Proposals (ideas)', params: TenantParams, querystring: z.strictObject({ state: z.enum(PROPOSAL_STATES).optional(), sort: z.enum(['supports', 'recent']).default('recent'), process: z.coerce.number().int().positive().optional() }), response: { 200: z.object({ items: z.array(ProposalOut) }) } },
    handler: async (req) => ({ items: (await c.proposals(requireTenant(req).id, { sort: req.query.sort, ...(req.query.state ? { state: req.query.state } : {}), ...(req.query.process ? { processId: req.query.process } : {}) })).map(presentProposal) }),
  });
  app.get(`${BASE}/proposals/similar`, {
    config: { access: 'public' },
    schema: { tags, summary: 'Proposals with a similar title (hints while typing)', params: TenantParams, querystring: z.strictObject({ q: z.string().max(200) }), response: { 200: z.object({ items: z.array(z.object({ id: z.number(), title: z.string(), state: z.string(), supports: z.number() })) }) } },
    handler: async (req) => ({ items: (await c.similar(requireTenant(req).id, req.query.q)).map((r) => ({ id: r.id, title: r.title, state: r.state, supports: r.supports_count })) }),
  });
  app.get(`${BASE}/proposals/:id`, {
    config: { access: 'public' },
    schema: { tags, summary: 'A proposal with what you may do', params: NumId, response: { 200: ProposalOut.extend({ supported: z.boolean(), images: z.array(z.object({ id: z.string(), url: z.string(), width: z.number(), height: z.number() })), abilities: z.object({ support: z.boolean(), answer: z.boolean(), convert: z.boolean(), withdraw: z.boolean(), edit: z.boolean(), flag: z.boolean() }) }) } },
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const tenant = requireTenant(req);
      const p = await c.shownProposal(tenant.id, req.params.id, req.actor);
      const supported = await c.supportedBy(p.id, req.actor);
      const me = req.actor.kind === 'user' ? req.actor.user.id : undefined;
      const staff = c.isStaff(req.actor, tenant.id);
      const imgs = ((await images?.of('proposal', [p.id]))?.get(p.id) ?? []).map((im) => ({ ...im, url: `/api/v1/tenants/${tenant.slug}/proposals/${p.id}/images/${im.id}` }));
      return { ...presentProposal(p), supported, images: imgs, abilities: { support: !!me && !supported && me !== p.author_id && (p.state === 'published' || p.state === 'evaluating'), answer: staff && p.state !== 'withdrawn', convert: staff && p.state === 'accepted' && !p.strategy_code, withdraw: !!me && me === p.author_id && (p.state === 'published' || p.state === 'evaluating'), edit: !!me && me === p.author_id && p.state === 'published', flag: !!me && me !== p.author_id && !p.hidden_at && p.state !== 'withdrawn' } };
    },
  });
  app.post(`${BASE}/proposals`, {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags, summary: 'Submit a proposal', params: TenantParams, body: z.strictObject({ title: z.string().trim().min(5).max(150), body: z.string().trim().min(10).max(5000), category: Code.optional(), lat: z.number().min(-90).max(90).optional(), lon: z.number().min(-180).max(180).optional(), processId: z.number().int().positive().optional() }), response: { 201: z.object({ id: z.number() }) } },
    handler: async (req, reply) => reply.code(201).send({ id: await c.submitProposal(req.actor, requireTenant(req), req.body) }),
  });
  app.patch(`${BASE}/proposals/:id`, {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags, summary: 'Edit my proposal while it is only published (text, category, place; lat/lon null removes the place; 400 outside the city)', params: NumId, body: z.strictObject({ title: z.string().trim().min(5).max(150).optional(), body: z.string().trim().min(10).max(5000).optional(), category: Code.nullable().optional(), lat: z.number().min(-90).max(90).nullable().optional(), lon: z.number().min(-180).max(180).nullable().optional() }), response: { 204: z.null() } },
    handler: async (req, reply) => {
      await c.editProposal(req.actor, requireTenant(req), req.params.id, req.body);
      return reply.code(204).send(null);
    },
  });
  app.post(`${BASE}/proposals/:id/supports`, {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags, summary: 'Support a proposal (once per person: 409 on a second)', params: NumId, response: { 201: z.object({ supports: z.number() }) } },
    handler: async (req, reply) => reply.code(201).send({ supports: await c.support(req.actor, requireTenant(req), req.params.id) }),
  });
  app.post(`${BASE}/proposals/:id/withdraw`, {
    config: { access: 'user' },
    schema: { tags, summary: 'Withdraw my proposal', params: NumId, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await c.withdraw(req.actor, requireTenant(req), req.params.id);
      return reply.code(204).send(null);
    },
  });
  app.put(`${BASE}/proposals/:id/answer`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Official answer and state (staff; audited)', params: NumId, body: z.strictObject({ state: z.enum(['evaluating', 'accepted', 'rejected']), answer: Multiloc }), response: { 204: z.null() } },
    handler: async (req, reply) => {
      await c.answer(req.actor, requireTenant(req), req.params.id, req.body);
      return reply.code(204).send(null);
    },
  });
  app.post(`${BASE}/proposals/:id/convert`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Turn an accepted proposal into a strategy project or open action (staff; audited)', params: NumId, body: z.strictObject({ kind: z.enum(['project', 'open_action']), code: Code, parent: Code, category: z.enum(['infrastructure', 'platform', 'capacity_building', 'incentives_events', 'research']).optional().describe('open actions need one') }), response: { 201: z.object({ strategyCode: z.string() }) } },
    handler: async (req, reply) => reply.code(201).send({ strategyCode: await c.convert(req.actor, requireTenant(req), req.params.id, req.body) }),
  });
  app.post(`${BASE}/budgets/:id/promote`, {
    config: { access: STAFF },
    schema: { tags, summary: "Promote a budget's winners to strategy projects with their budget (staff; audited)", params: TenantParams.extend({ id: Slug }), body: z.strictObject({ rule: z.enum(['greedy', 'equal-shares']).default('greedy'), parent: Code, prefix: Code }), response: { 201: z.object({ created: z.array(z.string()) }) } },
    handler: async (req, reply) => reply.code(201).send({ created: await svc.promoteWinners(req.actor, requireTenant(req), req.params.id, req.body) }),
  });

  // ---------- Comments ----------
  const presentComment = (req: FastifyRequest, staff: boolean) => (r: Awaited<ReturnType<typeof c.comments>>[number]) => ({
    id: r.id,
    parentId: r.parent_id,
    author: r.author_name,
    body: r.hidden_at && !staff ? null : r.body,
    createdAt: r.created_at.toISOString(),
    edited: r.edited_at !== null,
    editableUntil: new Date(r.created_at.getTime() + EDIT_WINDOW_MS).toISOString(),
    hidden: r.hidden_at !== null,
    hiddenReason: r.hidden_reason,
    ...(staff ? { flags: r.flags_count } : {}),
    mine: req.actor.kind === 'user' && req.actor.user.id === r.author_id,
  });
  app.get(`${BASE}/comments`, {
    config: { access: 'public' },
    schema: { tags, summary: 'Comments on a proposal, budget project, strategy project or process (threaded one level)', params: TenantParams, querystring: z.strictObject({ on: On }), response: { 200: z.object({ items: z.array(CommentOut) }) } },
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const tenant = requireTenant(req);
      const { type, targetId } = parseOn(req.query.on);
      return { items: (await c.comments(tenant.id, type, targetId)).map(presentComment(req, c.isStaff(req.actor, tenant.id))) };
    },
  });
  app.post(`${BASE}/comments`, {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags, summary: 'Post a comment or a reply', params: TenantParams, body: z.strictObject({ on: On, body: z.string().trim().min(1).max(3000), parentId: z.number().int().positive().optional() }), response: { 201: z.object({ id: z.number() }) } },
    handler: async (req, reply) => reply.code(201).send({ id: await c.comment(req.actor, requireTenant(req), { ...parseOn(req.body.on), body: req.body.body, ...(req.body.parentId ? { parentId: req.body.parentId } : {}) }) }),
  });
  app.patch(`${BASE}/comments/:id`, {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags, summary: 'Edit my comment (within 15 minutes)', params: NumId, body: z.strictObject({ body: z.string().trim().min(1).max(3000) }), response: { 204: z.null() } },
    handler: async (req, reply) => {
      await c.editComment(req.actor, requireTenant(req), req.params.id, req.body.body);
      return reply.code(204).send(null);
    },
  });
  app.post(`${BASE}/comments/:id/flags`, {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags, summary: 'Report a comment', params: NumId, body: z.strictObject({ reason: z.string().trim().min(3).max(500) }), response: { 204: z.null() } },
    handler: async (req, reply) => {
      await c.flagComment(req.actor, requireTenant(req), req.params.id, req.body.reason);
      return reply.code(204).send(null);
    },
  });
  app.post(`${BASE}/comments/:id/hide`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Hide a comment with a reason; the original is kept (staff; audited)', params: NumId, body: z.strictObject({ reason: z.string().trim().min(3).max(500) }), response: { 204: z.null() } },
    handler: async (req, reply) => {
      if (!svc.moderation) throw new Error('participation: moderation service missing');
      await svc.moderation.hide(req.actor, requireTenant(req), req.params.id, req.body.reason);
      return reply.code(204).send(null);
    },
  });

  // ---------- Expressions of interest ----------
  app.post(`${BASE}/interests`, {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags, summary: "Express interest in joining a strategy project's working group", params: TenantParams, body: z.strictObject({ projectCode: Code, role: z.string().trim().min(2).max(200), message: z.string().max(2000).default(''), organisation: z.string().max(200).optional(), contactConsent: z.boolean() }), response: { 201: z.object({ id: z.number() }) } },
    handler: async (req, reply) => reply.code(201).send({ id: await c.expressInterest(req.actor, requireTenant(req), req.body) }),
  });
  const interestsQuery = z.strictObject({ project: Code.optional() });
  const interestRows = async (req: FastifyRequest, project: string | undefined) =>
    (await c.interests(requireTenant(req).id, project)).map((r) => ({ id: r.id, projectCode: r.project_code, name: r.name, organisation: r.organisation, email: r.email, role: r.role_offered, message: r.message, createdAt: r.created_at.toISOString() }));
  app.get(`${BASE}/interests`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Expressions of interest, per project (staff)', params: TenantParams, querystring: interestsQuery, response: { 200: z.object({ items: z.array(Interest) }) } },
    handler: async (req) => ({ items: await interestRows(req, req.query.project) }),
  });
  app.get(`${BASE}/interests.csv`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Expressions of interest as CSV (staff)', params: TenantParams, querystring: interestsQuery, produces: ['text/csv'] },
    handler: async (req, reply) => {
      const rows = await interestRows(req, req.query.project);
      return sendCsv(reply, 'interests.csv', rows, [
        { header: 'project', value: (r) => r.projectCode },
        { header: 'name', value: (r) => r.name },
        { header: 'organisation', value: (r) => r.organisation },
        { header: 'email', value: (r) => r.email },
        { header: 'role', value: (r) => r.role },
        { header: 'message', value: (r) => r.message },
        { header: 'date', value: (r) => r.createdAt.slice(0, 10) },
      ]);
    },
  });
}
