/** Participatory budgets: the list, creation with projects, a budget's projects, results, and pabulib export and import. */
import { z } from 'zod';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { TenantParams } from '../../tenants/index.js';
import { BASE, STAFF, tags } from '../participation.common.js';
import { presentBudget, presentProject } from '../participation.presenter.js';
import { BudgetProjectsResponse, IdParams } from '../participation.schemas.js';
import { BudgetCreateBody, BudgetExportQuery, BudgetImportQuery, BudgetImportResponse, BudgetListResponse, BudgetResultsQuery, BudgetResultsResponse } from './budgets.schemas.js';
import type { BudgetsService } from './budgets.service.js';
import type { PabulibService } from './pabulib.service.js';

export async function budgetsRoutes(app: AppInstance, svc: BudgetsService) {
  app.get(`${BASE}/budgets`, {
    config: { access: 'public' },
    schema: { tags, summary: 'Participatory budgets of this city', params: TenantParams, response: { 200: BudgetListResponse } },
    handler: async (req) => ({ items: (await svc.listBudgets(requireTenant(req))).filter((b) => b.status !== 'draft').map(presentBudget) }),
  });

  app.post(`${BASE}/budgets`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Create a participatory budget with its projects (staff; audited)', params: TenantParams, body: BudgetCreateBody, response: { 201: z.object({ id: z.number() }) } },
    handler: async (req, reply) => reply.code(201).send({ id: await svc.createBudget(req.actor, requireTenant(req), req.body) }),
  });

  app.get(`${BASE}/budgets/:id/projects`, {
    config: { access: 'public' },
    schema: { tags, summary: 'A budget and its projects', params: IdParams, response: { 200: BudgetProjectsResponse } },
    handler: async (req) => {
      const { budget, projects } = await svc.projects(requireTenant(req), req.params.id);
      return { budget: presentBudget(budget), items: projects.map(presentProject) };
    },
  });
}

/** The outcome: votes and winners, and the budget in and out of the pabulib format. */
export async function budgetOutcomesRoutes(app: AppInstance, svc: BudgetsService, pabulib: PabulibService) {
  app.get(`${BASE}/budgets/:id/results`, {
    config: { access: 'public' },
    schema: { tags, summary: 'Votes per project (recomputed from the ballot table) and the winners under greedy or equal-shares', params: IdParams, querystring: BudgetResultsQuery, response: { 200: BudgetResultsResponse } },
    handler: async (req) => {
      const r = await svc.results(requireTenant(req), req.params.id, req.query.rule);
      return { budget: presentBudget(r.budget), rule: r.rule, ballots: r.ballots, spent: r.spent, items: r.projects.map((p) => ({ ...p, project: presentProject(p.project) })) };
    },
  });

  app.get(`${BASE}/budgets/:id/export.pb`, {
    config: { access: 'public' },
    schema: { tags, summary: 'The budget, tallies and ballots in the pabulib .pb format', params: IdParams, querystring: BudgetExportQuery, produces: ['text/plain'] },
    handler: async (req, reply) => {
      const { slug, text } = await pabulib.exportPb(requireTenant(req), req.params.id, req.query.rule);
      return reply.type('text/plain; charset=utf-8').header('content-disposition', `attachment; filename="${slug}.pb"`).serializer((x: unknown) => x as string).send(text);
    },
  });

  app.register(async (scope) => {
    scope.addContentTypeParser(['text/plain', 'application/octet-stream'], { parseAs: 'string', bodyLimit: 20 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    (scope as AppInstance).post(`${BASE}/budgets/import`, {
      config: { access: STAFF },
      bodyLimit: 20 * 1024 * 1024,
      schema: { tags, summary: 'Import a pabulib .pb file (text/plain body) as a closed budget with its ballots (staff; audited)', params: TenantParams, querystring: BudgetImportQuery, body: z.string().min(1), response: { 201: BudgetImportResponse } },
      handler: async (req, reply) => reply.code(201).send(await pabulib.importPb(req.actor, requireTenant(req), req.body, req.query.slug)),
    });
  });
}
