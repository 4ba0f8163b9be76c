/** Budget projects: one project's page, staff add/edit, the workflow steps before the vote, the budget's status. */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hasRole } from '../../../core/actor.js';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import type { ParticipationImages } from '../images/images.service.js';
import { BASE, STAFF, tags } from '../participation.common.js';
import { presentBudget, presentProject } from '../participation.presenter.js';
import { BudgetProjectsResponse } from '../participation.schemas.js';
import { BudgetParams, BudgetStatusBody, ProjectCreateBody, ProjectDetail, ProjectParams, ProjectStepBody, ProjectUpdateBody } from './budget-projects.schemas.js';
import type { BudgetProjectsService } from './budget-projects.service.js';

const isStaff = (req: FastifyRequest) => !!req.tenant && hasRole(req.actor, req.tenant.id, ['staff']);

export async function budgetProjectsRoutes(app: AppInstance, bp: BudgetProjectsService, images: ParticipationImages) {
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
        images: imgs.map((im) => ({ ...im, url: `/api/v1/tenants/${tenant.slug}/budgets/${b.id}/projects/${p.id}/images/${im.id}` })),
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
      body: ProjectCreateBody,
      response: { 201: z.object({ id: z.number() }) },
    },
    handler: async (req, reply) => reply.code(201).send({ id: await bp.addProject(req.actor, requireTenant(req), req.params.id, req.body) }),
  });

  app.patch(`${BASE}/budgets/:id/projects/:project`, {
    config: { access: STAFF },
    schema: { tags, summary: "Edit a project's text and place (staff; audited; lat/lon null removes the place)", params: ProjectParams, body: ProjectUpdateBody, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await bp.editProject(req.actor, requireTenant(req), req.params.id, req.params.project, req.body);
      return reply.code(204).send(null);
    },
  });

  app.post(`${BASE}/budgets/:id/projects/:project/steps`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Move a project through the workflow (staff; audited): eligible | ineligible (public reason) | costed (cost used in the vote + note) | ready (on the ballot); 409 for a step out of order', params: ProjectParams, body: ProjectStepBody, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await bp.step(req.actor, requireTenant(req), req.params.id, req.params.project, req.body);
      return reply.code(204).send(null);
    },
  });

  app.put(`${BASE}/budgets/:id/status`, {
    config: { access: STAFF },
    schema: { tags, summary: "Change a budget's status (staff; audited): preparing (public, no ballot) → voting (needs a ready project) → closed", params: BudgetParams, body: BudgetStatusBody, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await bp.setStatus(req.actor, requireTenant(req), req.params.id, req.body.status);
      return reply.code(204).send(null);
    },
  });
}
