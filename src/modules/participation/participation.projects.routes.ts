/**
 * Budget projects (one project's page, staff add/edit, the workflow steps before the vote, the budget's
 * status) and the images of proposals and budget projects (multipart upload, served back as JPEG).
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hasRole } from '../../core/actor.js';
import { forbidden, notFound } from '../../core/errors.js';
import { IMAGE_LIMITS } from '../../core/images.js';
import { type AppInstance, requireTenant, requireUser } from '../../core/http.js';
import { RATE_LIMITS } from '../../shared/limits.js';
import { TenantParams } from '../tenants/index.js';
import { MAX_IMAGES, type ParticipationImages, readImageParts } from './participation.images.js';
import { presentBudget, presentProject } from './participation.presenter.js';
import { BudgetProject, BudgetProjectsResponse } from './participation.schemas.js';
import type { ParticipationService } from './participation.service.js';
import { Multiloc } from './survey.logic.js';

const STAFF = { roles: ['staff'] } as const;
const BASE = '/api/v1/tenants/:tenant';
const tags = ['participation'];
const Slug = z.string().regex(/^[a-z0-9-]+$/).max(80);
const BudgetParams = TenantParams.extend({ id: Slug });
const ProjectParams = BudgetParams.extend({ project: z.coerce.number().int().positive() });
const ImageParams = z.strictObject({ image: z.string().uuid() });
const Lat = z.number().min(-90).max(90);
const Lon = z.number().min(-180).max(180);
const MultilocOut = z.object({ ro: z.string(), en: z.string().optional(), hu: z.string().optional() });

export const ImageOut = z.object({ id: z.string(), url: z.string(), width: z.number(), height: z.number() });
export const ProjectDetail = BudgetProject.extend({
  images: z.array(ImageOut),
  budget: z.object({ id: z.number(), slug: z.string(), title: MultilocOut, currency: z.string(), status: z.string() }),
  abilities: z.object({ manage: z.boolean() }),
});

const isStaff = (req: FastifyRequest) => !!req.tenant && hasRole(req.actor, req.tenant.id, ['staff']);
const Step = z.discriminatedUnion('to', [
  z.strictObject({ to: z.literal('eligible') }),
  z.strictObject({ to: z.literal('ineligible'), reason: z.string().trim().min(5).max(1000).describe('public: shown on the project page') }),
  z.strictObject({ to: z.literal('costed'), cost: z.number().positive(), note: z.string().trim().min(3).max(2000) }),
  z.strictObject({ to: z.literal('ready') }),
]);

export async function projectsRoutes(app: AppInstance, svc: ParticipationService, images: ParticipationImages) {
  const bp = svc.budgetProjects!;
  const c = svc.community;
  const api = (tenant: string, path: string) => `/api/v1/tenants/${tenant}/${path}`;

  app.get(`${BASE}/budgets/:id/projects/:project`, {
    config: { access: 'public' },
    schema: { tags, summary: 'One budget project: cost, place, pictures, where it is in the review (public reason when not eligible, cost note)', params: ProjectParams, response: { 200: ProjectDetail } },
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const tenant = requireTenant(req);
      const staff = isStaff(req);
      const { budget: b, project: p } = await bp.project(tenant.id, req.params.id, req.params.project, staff);
      const imgs = (await images.of('budget_project', [p.id])).get(p.id) ?? [];
      return {
        ...presentProject(p),
        images: imgs.map((im) => ({ ...im, url: api(tenant.slug, `budgets/${b.id}/projects/${p.id}/images/${im.id}`) })),
        budget: { id: b.id, slug: b.slug, title: b.title, currency: b.currency, status: b.status },
        abilities: { manage: staff },
      };
    },
  });

  app.get(`${BASE}/budgets/:id/workflow`, {
    config: { access: STAFF },
    schema: { tags, summary: 'A budget and all its projects for the staff workflow screen (drafts included)', params: BudgetParams, response: { 200: BudgetProjectsResponse } },
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const tenant = requireTenant(req);
      const b = await bp.budgetForStaff(tenant.id, req.params.id);
      return { budget: presentBudget(b), items: (await bp.projectsOf(b.id)).map(presentProject) };
    },
  });

  app.post(`${BASE}/budgets/:id/projects`, {
    config: { access: STAFF },
    schema: {
      tags,
      summary: 'Add a project to a budget (staff; audited): it starts "proposed" and goes through review and costing before the vote; 400 naming lat when the place is outside the city',
      params: BudgetParams,
      body: z.strictObject({ code: z.string().regex(/^[A-Za-z0-9_.-]+$/).min(1).max(40), title: Multiloc, description: Multiloc.optional(), cost: z.number().nonnegative().describe("the proposer's estimate"), lat: Lat.optional(), lon: Lon.optional(), proposalId: z.number().int().positive().optional() }),
      response: { 201: z.object({ id: z.number() }) },
    },
    handler: async (req, reply) => reply.code(201).send({ id: await bp.addProject(req.actor, requireTenant(req), req.params.id, req.body) }),
  });

  app.patch(`${BASE}/budgets/:id/projects/:project`, {
    config: { access: STAFF },
    schema: { tags, summary: "Edit a project's text and place (staff; audited; lat/lon null removes the place)", params: ProjectParams, body: z.strictObject({ title: Multiloc.optional(), description: Multiloc.optional(), lat: Lat.nullable().optional(), lon: Lon.nullable().optional() }), response: { 204: z.null() } },
    handler: async (req, reply) => {
      await bp.editProject(req.actor, requireTenant(req), req.params.id, req.params.project, req.body);
      return reply.code(204).send(null);
    },
  });

  app.post(`${BASE}/budgets/:id/projects/:project/steps`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Move a project through the workflow (staff; audited): eligible | ineligible (public reason) | costed (cost used in the vote + note) | ready (on the ballot); 409 for a step out of order', params: ProjectParams, body: Step, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await bp.step(req.actor, requireTenant(req), req.params.id, req.params.project, req.body);
      return reply.code(204).send(null);
    },
  });

  app.put(`${BASE}/budgets/:id/status`, {
    config: { access: STAFF },
    schema: { tags, summary: "Change a budget's status (staff; audited): preparing (public, no ballot) → voting (needs a ready project) → closed", params: BudgetParams, body: z.strictObject({ status: z.enum(['preparing', 'voting', 'closed']) }), response: { 204: z.null() } },
    handler: async (req, reply) => {
      await bp.setStatus(req.actor, requireTenant(req), req.params.id, req.body.status);
      return reply.code(204).send(null);
    },
  });

  // ---------- Images ----------
  app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { files: MAX_IMAGES, fileSize: IMAGE_LIMITS.fileBytes } });
    const s = scope as AppInstance;
    const uploaded = { 201: z.object({ ids: z.array(z.string()) }) };
    const consumes = ['multipart/form-data'];

    s.post(`${BASE}/proposals/:id/images`, {
      config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
      schema: { tags, summary: `Add pictures to my proposal (multipart/form-data, field "images", at most ${MAX_IMAGES} in all; JPEG, PNG, WebP or HEIC, checked by content, re-encoded without metadata)`, consumes, params: TenantParams.extend({ id: z.coerce.number().int().positive() }), response: uploaded },
      handler: async (req, reply) => {
        const tenant = requireTenant(req);
        const p = await c.proposal(tenant.id, req.params.id);
        if (p.author_id !== requireUser(req).id) throw forbidden('Only the author can add pictures to a proposal.');
        const files = await readImageParts(req);
        return reply.code(201).send({ ids: await images.add(req.actor, tenant.id, 'proposal', p.id, files) });
      },
    });

    s.post(`${BASE}/budgets/:id/projects/:project/images`, {
      config: { access: STAFF },
      schema: { tags, summary: `Add pictures to a budget project (staff; audited; multipart/form-data, field "images", at most ${MAX_IMAGES} in all)`, consumes, params: ProjectParams, response: uploaded },
      handler: async (req, reply) => {
        const tenant = requireTenant(req);
        const { project: p } = await bp.project(tenant.id, req.params.id, req.params.project, true);
        const files = await readImageParts(req);
        return reply.code(201).send({ ids: await images.add(req.actor, tenant.id, 'budget_project', p.id, files, true) });
      },
    });
  });

  app.delete(`${BASE}/proposals/:id/images/:image`, {
    config: { access: 'user' },
    schema: { tags, summary: 'Remove a picture from my proposal', params: TenantParams.extend({ id: z.coerce.number().int().positive() }).merge(ImageParams), response: { 204: z.null() } },
    handler: async (req, reply) => {
      const tenant = requireTenant(req);
      const p = await c.proposal(tenant.id, req.params.id);
      if (p.author_id !== requireUser(req).id) throw forbidden('Only the author can remove pictures of a proposal.');
      await images.remove(req.actor, tenant.id, 'proposal', p.id, req.params.image);
      return reply.code(204).send(null);
    },
  });

  app.delete(`${BASE}/budgets/:id/projects/:project/images/:image`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Remove a picture from a budget project (staff; audited)', params: ProjectParams.merge(ImageParams), response: { 204: z.null() } },
    handler: async (req, reply) => {
      const tenant = requireTenant(req);
      const { project: p } = await bp.project(tenant.id, req.params.id, req.params.project, true);
      await images.remove(req.actor, tenant.id, 'budget_project', p.id, req.params.image, true);
      return reply.code(204).send(null);
    },
  });

  // Public only for published content: a withdrawn or hidden proposal's pictures, or a draft budget's, answer 404.
  app.get(`${BASE}/proposals/:id/images/:image`, {
    config: { access: 'public' },
    schema: { tags, summary: "A proposal's picture (JPEG without metadata)", params: TenantParams.extend({ id: z.coerce.number().int().positive() }).merge(ImageParams) },
    handler: async (req, reply) => {
      const p = await c.shownProposal(requireTenant(req).id, req.params.id, req.actor);
      if (p.state === 'withdrawn') throw notFound('image');
      const file = await images.file('proposal', p.id, req.params.image);
      return reply.type('image/jpeg').header('cache-control', 'public, max-age=3600').header('x-content-type-options', 'nosniff').send(file.stream);
    },
  });

  app.get(`${BASE}/budgets/:id/projects/:project/images/:image`, {
    config: { access: 'public' },
    schema: { tags, summary: "A budget project's picture (JPEG without metadata)", params: ProjectParams.merge(ImageParams) },
    handler: async (req, reply) => {
      const { project: p } = await bp.project(requireTenant(req).id, req.params.id, req.params.project, false);
      const file = await images.file('budget_project', p.id, req.params.image);
      return reply.type('image/jpeg').header('cache-control', 'public, max-age=3600').header('x-content-type-options', 'nosniff').send(file.stream);
    },
  });
}
