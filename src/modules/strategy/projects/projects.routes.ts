/** Routes of projects and open actions: list (JSON or CSV), page, staff edits, timeline and follows. */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { sendCsv, wantsCsv } from '../../../core/csv.js';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { presentProjectDetail, presentTimeline } from '../strategy.presenter.js';
import * as S from '../strategy.schemas.js';
import type { StrategyService } from '../strategy.service.js';
import { BASE, both, CsvText, sendJsonText, NoContent, STAFF, tags } from '../strategy.http.js';

/** Projects and open actions, their timeline and follows. */
export function projectRoutes(app: AppInstance, strategy: StrategyService) {
  for (const url of both(`${BASE}/projects`))
    app.get(url, {
      config: { access: 'public' },
      schema: { tags, summary: 'Projects and open actions, filtered and paginated (CSV: every matching row)', params: S.TenantOnlyParams, querystring: S.ProjectListQuery, response: { 200: S.ProjectListResponse.or(CsvText) } },
      handler: async (req, reply) => {
        const tenant = requireTenant(req);
        if (wantsCsv(req)) return sendProjectsCsv(reply, tenant.slug, await strategy.allProjects(tenant.id, req.query));
        // the cached page's text, checked against its schema when built, sent as it is
        return reply.type('application/json; charset=utf-8').send(await strategy.listProjectsJson(tenant, req.query, req.actor));
      },
    });
  app.post(`${BASE}/projects`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Create a project or open action', params: S.TenantOnlyParams, body: S.ProjectCreateBody, response: { 201: S.ProjectDetailResponse } },
    handler: async (req, reply) => {
      const tenant = requireTenant(req);
      const created = await strategy.createProject(req.actor, tenant, req.body);
      return reply.code(201).send(presentProjectDetail(await strategy.projectDetail(tenant, created.code, req.actor)));
    },
  });
  app.get(`${BASE}/projects/:code`, {
    config: { access: 'public' },
    schema: { tags, summary: 'A project with its timeline and KPIs', params: S.CodeParams, response: { 200: S.ProjectDetailResponse } },
    // the cached page's text (checked against its schema when built) with the caller's follow and abilities
    handler: async (req, reply) => sendJsonText(reply, await strategy.projectDetailJson(requireTenant(req), req.params.code, req.actor)),
  });
  app.patch(`${BASE}/projects/:code`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Change a project (a status change here also notifies followers)', params: S.CodeParams, body: S.ProjectUpdateBody, response: { 200: S.ProjectDetailResponse } },
    handler: async (req) => presentProjectDetail(await strategy.updateProject(req.actor, requireTenant(req), req.params.code, req.body)),
  });
  app.delete(`${BASE}/projects/:code`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Delete a project without KPIs', params: S.CodeParams, response: NoContent },
    handler: async (req, reply) => {
      await strategy.deleteProject(req.actor, requireTenant(req), req.params.code);
      return reply.code(204).send(null);
    },
  });
  app.patch(`${BASE}/projects/:code/status`, {
    config: { access: STAFF },
    schema: { tags, summary: "Change a project's status with a public timeline note; its followers are notified", params: S.CodeParams, body: S.ProjectStatusBody, response: { 200: S.ProjectDetailResponse } },
    handler: async (req) => presentProjectDetail(await strategy.setProjectStatus(req.actor, requireTenant(req), req.params.code, req.body)),
  });
  app.post(`${BASE}/projects/:code/timeline`, {
    config: { access: STAFF },
    schema: { tags, summary: "Add a dated update to a project's public timeline", params: S.CodeParams, body: S.TimelineCreateBody, response: { 201: S.TimelineEntryResponse } },
    handler: async (req, reply) => reply.code(201).send(presentTimeline(await strategy.addTimelineEntry(req.actor, requireTenant(req), req.params.code, req.body))),
  });
  app.post(`${BASE}/projects/:code/follow`, {
    config: { access: 'user' },
    schema: { tags, summary: 'Follow a project (notified when its status changes)', params: S.CodeParams, response: { 200: S.FollowResponse } },
    handler: async (req) => strategy.follow(req.actor, requireTenant(req), 'project', req.params.code, true),
  });
  app.delete(`${BASE}/projects/:code/follow`, {
    config: { access: 'user' },
    schema: { tags, summary: 'Stop following a project', params: S.CodeParams, response: { 200: S.FollowResponse } },
    handler: async (req) => strategy.follow(req.actor, requireTenant(req), 'project', req.params.code, false),
  });

}

function sendProjectsCsv(reply: FastifyReply, slug: string, rows: z.infer<typeof S.ProjectSummary>[]) {
  return sendCsv(reply, `projects-${slug}.csv`, rows, [
    { header: 'code', value: (p) => p.code },
    { header: 'kind', value: (p) => p.kind },
    { header: 'title_ro', value: (p) => p.title.ro },
    { header: 'title_en', value: (p) => p.title.en },
    { header: 'pillar', value: (p) => p.pillar.code },
    { header: 'parent', value: (p) => p.parent.code },
    { header: 'dimension', value: (p) => p.pillar.dimension },
    { header: 'status', value: (p) => p.status },
    { header: 'maturity', value: (p) => p.maturity },
    { header: 'priority', value: (p) => p.priority },
    { header: 'category', value: (p) => p.category },
    { header: 'budget_eur', value: (p) => p.budget.amount },
    { header: 'budget_basis', value: (p) => p.budget.basis },
    { header: 'budget_text', value: (p) => p.budget.text },
    { header: 'horizon', value: (p) => p.horizon },
    { header: 'funding_sources', value: (p) => p.fundingSources.map((f) => f.code).join(' ') },
    { header: 'responsible', value: (p) => p.responsible },
    { header: 'partners', value: (p) => p.partners },
    { header: 'progress_percent', value: (p) => p.progress },
    { header: 'kpis', value: (p) => p.kpiCount },
  ]);
}
