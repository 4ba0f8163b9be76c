/**
 * The strategy API under /api/v1/tenants/:tenant. Public reads; staff writes (roles staff/admin), each
 * audited with its event; follows for signed-in people. Every collection is also CSV (`.csv` suffix or
 * `Accept: text/csv`). Codes contain dots and slashes: send them URL-encoded (D3.2/5 → D3.2%2F5).
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { sendCsv, wantsCsv } from '../../core/csv.js';
import { type AppInstance, requireTenant } from '../../core/http.js';
import { LIMITS } from '../../shared/limits.js';
import { presentRevision } from './revisions/revisions.presenter.js';
import { presentDocument, presentKpiDetail, presentMeasurement, presentObjectiveWithPillar, presentPillar, presentProjectDetail, presentTimeline } from './strategy.presenter.js';
import * as S from './strategy.schemas.js';
import type { StrategyService } from './strategy.service.js';

/** The presenters the service answers other modules with (StrategyServiceDeps.present); index.ts hands them in. */
export { strategyPresenters } from './strategy.presenter.js';

const BASE = '/api/v1/tenants/:tenant';
const STAFF = { roles: ['staff', 'admin'] as const };
const NoContent = { 204: z.null() };
const tags = ['strategy'];
/** The CSV variant of a collection is the same route with ".csv". */
const both = (path: string) => [path, `${path}.csv`];
const CsvText = z.string().describe('CSV (text/csv)');
const ro = (m: { ro: string } | undefined | null) => m?.ro;
const en = (m: { en?: string | undefined } | undefined | null) => m?.en;

/** Registers every strategy route, one resource after the other (the order is the OpenAPI document's). */
export async function strategyRoutes(app: AppInstance, strategy: StrategyService) {
  app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string', bodyLimit: LIMITS.bodyBytes * 5 }, (_req, body, done) => done(null, body));
  treeRoutes(app, strategy);
  pillarRoutes(app, strategy);
  projectRoutes(app, strategy);
  kpiRoutes(app, strategy);
  measurementRoutes(app, strategy);
  revisionRoutes(app, strategy);
}

/** The tree, the whole document, its translations and notes, and the blank start. */
function treeRoutes(app: AppInstance, strategy: StrategyService) {
  for (const url of both(`${BASE}/strategy`))
    app.get(url, {
      config: { access: 'public' },
      schema: { tags, summary: 'The strategy: vision, pillars with objectives, counts and progress per pillar (CSV: one row per pillar)', params: S.TenantOnlyParams, response: { 200: S.StrategyTreeResponse.or(CsvText) } },
      handler: async (req, reply) => {
        if (!wantsCsv(req))
          // the cached tree's text, checked against its schema once per version, sent as it is
          return reply.type('application/json; charset=utf-8').send(await strategy.treeJson(requireTenant(req), req.actor));
        const tree = await strategy.tree(requireTenant(req), req.actor);
        return sendCsv(reply, `strategy-${tree.tenant}.csv`, tree.pillars, [
          { header: 'code', value: (p) => p.code },
          { header: 'kind', value: (p) => p.kind },
          { header: 'title_ro', value: (p) => p.title.ro },
          { header: 'title_en', value: (p) => p.title.en },
          { header: 'dimension', value: (p) => p.dimension },
          { header: 'sdgs', value: (p) => p.sdgs.join(' ') },
          { header: 'objectives', value: (p) => p.counts.objectives },
          { header: 'projects', value: (p) => p.counts.projects },
          { header: 'open_actions', value: (p) => p.counts.openActions },
          { header: 'kpis', value: (p) => p.counts.kpis },
          { header: 'kpi_progress_percent', value: (p) => p.progress.kpiProgress },
          { header: 'kpis_with_data', value: (p) => p.progress.kpisWithData },
          { header: 'projects_completed', value: (p) => p.progress.projectsCompleted },
        ]);
      },
    });

  app.get(`${BASE}/strategy/document`, {
    config: { access: 'public' },
    schema: { tags, summary: 'The whole strategy as a strategy document (the format of `urbia strategy export`)', params: S.TenantOnlyParams, response: { 200: z.record(z.string(), z.unknown()) } },
    handler: async (req) => presentDocument(await strategy.documentFor(req.actor, requireTenant(req))) as unknown as Record<string, unknown>,
  });

  app.get(`${BASE}/strategy/translations`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Staff: per language of the city, the count of translated content fields and the list that needs translation', params: S.TenantOnlyParams, response: { 200: S.StrategyTranslationsResponse } },
    handler: async (req) => strategy.translations(req.actor, requireTenant(req)),
  });

  app.get(`${BASE}/strategy/notes`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Staff: the editorial notes written while transcribing the strategy (never shown to the public)', params: S.TenantOnlyParams, response: { 200: S.StrategyNotesResponse } },
    handler: async (req) => strategy.editorialNotes(req.actor, requireTenant(req)),
  });

  app.post(`${BASE}/strategy/blank`, {
    config: { access: { roles: ['staff'] } },
    schema: { tags, summary: 'Start the strategy from the blank template (a draft with one ambition, checked by the document schema); 409 when one exists', params: S.TenantOnlyParams, response: { 201: S.BlankStrategyResponse } },
    handler: async (req, reply) => {
      const r = await strategy.startBlank(req.actor, requireTenant(req));
      return reply.code(201).send({ hash: r.hash });
    },
  });

}

/** Pillars and objectives (staff). */
function pillarRoutes(app: AppInstance, strategy: StrategyService) {
  app.post(`${BASE}/pillars`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Create a pillar (ambition or strategic objective)', params: S.TenantOnlyParams, body: S.PillarCreateBody, response: { 201: S.PillarResponse } },
    handler: async (req, reply) => reply.code(201).send(presentPillar(await strategy.createPillar(req.actor, requireTenant(req), req.body))),
  });
  app.patch(`${BASE}/pillars/:code`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Change a pillar', params: S.CodeParams, body: S.PillarUpdateBody, response: { 200: S.PillarResponse } },
    handler: async (req) => presentPillar(await strategy.updatePillar(req.actor, requireTenant(req), req.params.code, req.body)),
  });
  app.delete(`${BASE}/pillars/:code`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Delete an empty pillar', params: S.CodeParams, response: NoContent },
    handler: async (req, reply) => {
      await strategy.deletePillar(req.actor, requireTenant(req), req.params.code);
      return reply.code(204).send(null);
    },
  });
  app.post(`${BASE}/objectives`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Create an objective or action direction under a pillar', params: S.TenantOnlyParams, body: S.ObjectiveCreateBody, response: { 201: S.ObjectiveResponse } },
    handler: async (req, reply) => reply.code(201).send(presentObjectiveWithPillar(await strategy.createObjective(req.actor, requireTenant(req), req.body))),
  });
  app.patch(`${BASE}/objectives/:code`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Change an objective or action direction', params: S.CodeParams, body: S.ObjectiveUpdateBody, response: { 200: S.ObjectiveResponse } },
    handler: async (req) => presentObjectiveWithPillar(await strategy.updateObjective(req.actor, requireTenant(req), req.params.code, req.body)),
  });
  app.delete(`${BASE}/objectives/:code`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Delete an objective without projects or KPIs', params: S.CodeParams, response: NoContent },
    handler: async (req, reply) => {
      await strategy.deleteObjective(req.actor, requireTenant(req), req.params.code);
      return reply.code(204).send(null);
    },
  });

}

/** Projects and open actions, their timeline and follows. */
function projectRoutes(app: AppInstance, strategy: StrategyService) {
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
    handler: async (req) => presentProjectDetail(await strategy.projectDetail(requireTenant(req), req.params.code, req.actor)),
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

/** KPIs and the CSV import of measurements. */
function kpiRoutes(app: AppInstance, strategy: StrategyService) {
  for (const url of both(`${BASE}/kpis`))
    app.get(url, {
      config: { access: 'public' },
      schema: { tags, summary: 'KPIs with baseline, target, latest value, progress and status', params: S.TenantOnlyParams, querystring: S.KpiListQuery, response: { 200: S.KpiListResponse.or(CsvText) } },
      handler: async (req, reply) => {
        const tenant = requireTenant(req);
        // the cached list's text, checked against its schema when built, sent as it is
        if (!wantsCsv(req)) return reply.type('application/json; charset=utf-8').send(await strategy.kpiListJson(tenant, req.query, req.actor));
        const items = await strategy.kpis(tenant.id, req.query);
        return sendCsv(reply, `kpis-${tenant.slug}.csv`, items, [
            { header: 'code', value: (k) => k.code },
            { header: 'level', value: (k) => k.level },
            { header: 'scope', value: (k) => k.scope.code },
            { header: 'pillar', value: (k) => k.pillar.code },
            { header: 'name_ro', value: (k) => ro(k.name) },
            { header: 'name_en', value: (k) => en(k.name) },
            { header: 'unit', value: (k) => k.unit },
            { header: 'direction', value: (k) => k.direction },
            { header: 'baseline_available', value: (k) => k.baseline.available },
            { header: 'baseline_value', value: (k) => k.baseline.value },
            { header: 'baseline_text', value: (k) => k.baseline.text },
            { header: 'baseline_year', value: (k) => k.baseline.year },
            { header: 'target_kind', value: (k) => k.target.kind },
            { header: 'target_value', value: (k) => k.target.value },
            { header: 'target_text', value: (k) => k.target.text },
            { header: 'target_year', value: (k) => k.target.year },
            { header: 'latest_date', value: (k) => k.latest?.date },
            { header: 'latest_value', value: (k) => k.latest?.value },
            { header: 'progress_percent', value: (k) => k.progress },
            { header: 'status', value: (k) => k.status },
            { header: 'automatic_metric', value: (k) => k.automatic?.metric },
          ]);
      },
    });
  app.post(`${BASE}/kpis`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Create a KPI', params: S.TenantOnlyParams, body: S.KpiCreateBody, response: { 201: S.KpiDetailResponse } },
    handler: async (req, reply) => reply.code(201).send(presentKpiDetail(await strategy.createKpi(req.actor, requireTenant(req), req.body))),
  });
  // POST /kpis/measurements:import — declared as a parameter that only accepts that value, because a
  // literal colon ("::") in a route path cannot be told apart from a parameter by tools that walk routes.
  app.post(`${BASE}/kpis/:action`, {
    config: { access: STAFF },
    schema: {
      tags,
      summary: 'Import measurements from CSV: POST /kpis/measurements:import (Content-Type: text/csv; header kpi,date,value,source,note); all or nothing',
      params: S.TenantOnlyParams.extend({ action: z.literal('measurements:import') }),
      body: z.string().max(LIMITS.bodyBytes * 5),
      response: { 200: S.MeasurementImportResponse },
    },
    handler: async (req) => strategy.importMeasurementsCsv(req.actor, requireTenant(req), req.body),
  });
  app.get(`${BASE}/kpis/:code`, {
    config: { access: 'public' },
    schema: { tags, summary: 'A KPI with its measurements', params: S.CodeParams, response: { 200: S.KpiDetailResponse } },
    handler: async (req) => presentKpiDetail(await strategy.kpiDetail(requireTenant(req), req.params.code, req.actor)),
  });
  app.patch(`${BASE}/kpis/:code`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Change a KPI', params: S.CodeParams, body: S.KpiUpdateBody, response: { 200: S.KpiDetailResponse } },
    handler: async (req) => presentKpiDetail(await strategy.updateKpi(req.actor, requireTenant(req), req.params.code, req.body)),
  });
  app.delete(`${BASE}/kpis/:code`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Delete a KPI and its measurements', params: S.CodeParams, response: NoContent },
    handler: async (req, reply) => {
      await strategy.deleteKpi(req.actor, requireTenant(req), req.params.code);
      return reply.code(204).send(null);
    },
  });
}

/** A KPI's measurements and follows. */
function measurementRoutes(app: AppInstance, strategy: StrategyService) {
  for (const url of both(`${BASE}/kpis/:code/measurements`))
    app.get(url, {
      config: { access: 'public' },
      schema: { tags, summary: "A KPI's measurements, oldest first", params: S.CodeParams, response: { 200: S.MeasurementListResponse.or(CsvText) } },
      handler: async (req, reply) => {
        const tenant = requireTenant(req);
        const list = await strategy.measurements(tenant.id, req.params.code);
        if (wantsCsv(req))
          return sendCsv(reply, `kpi-${list.kpi}-measurements.csv`, list.items, [
            { header: 'kpi', value: () => list.kpi },
            { header: 'date', value: (m) => m.date },
            { header: 'value', value: (m) => m.value },
            { header: 'source', value: (m) => m.source },
            { header: 'note', value: (m) => m.note },
            { header: 'author', value: (m) => m.author },
            { header: 'automatic', value: (m) => m.automatic },
          ]);
        return list;
      },
    });
  app.post(`${BASE}/kpis/:code/measurements`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Record a measurement', params: S.CodeParams, body: S.MeasurementCreateBody, response: { 201: S.MeasurementResponse } },
    handler: async (req, reply) => reply.code(201).send(presentMeasurement(await strategy.addMeasurement(req.actor, requireTenant(req), req.params.code, req.body))),
  });
  app.post(`${BASE}/kpis/:code/follow`, {
    config: { access: 'user' },
    schema: { tags, summary: 'Follow a KPI', params: S.CodeParams, response: { 200: S.FollowResponse } },
    handler: async (req) => strategy.follow(req.actor, requireTenant(req), 'kpi', req.params.code, true),
  });
  app.delete(`${BASE}/kpis/:code/follow`, {
    config: { access: 'user' },
    schema: { tags, summary: 'Stop following a KPI', params: S.CodeParams, response: { 200: S.FollowResponse } },
    handler: async (req) => strategy.follow(req.actor, requireTenant(req), 'kpi', req.params.code, false),
  });

}

/** Published revisions and their diff. */
function revisionRoutes(app: AppInstance, strategy: StrategyService) {
  app.post(`${BASE}/revisions`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Publish a named revision (a snapshot of the whole strategy)', params: S.TenantOnlyParams, body: S.RevisionCreateBody, response: { 201: S.RevisionSummary } },
    handler: async (req, reply) => reply.code(201).send(presentRevision(await strategy.publishRevision(req.actor, requireTenant(req), req.body))),
  });
  for (const url of both(`${BASE}/revisions`))
    app.get(url, {
      config: { access: 'public' },
      schema: { tags, summary: 'Published revisions, newest first', params: S.TenantOnlyParams, response: { 200: S.RevisionListResponse.or(CsvText) } },
      handler: async (req, reply) => {
        const tenant = requireTenant(req);
        const items = (await strategy.revisions(tenant.id)).map(presentRevision);
        if (wantsCsv(req))
          return sendCsv(reply, `revisions-${tenant.slug}.csv`, items, [
            { header: 'id', value: (r) => r.id },
            { header: 'name', value: (r) => r.name },
            { header: 'note', value: (r) => r.note },
            { header: 'created_at', value: (r) => r.createdAt },
            { header: 'author', value: (r) => r.author },
            { header: 'projects', value: (r) => r.counts.projects },
            { header: 'kpis', value: (r) => r.counts.kpis },
          ]);
        return { items, abilities: { edit: strategy.canEdit(req.actor, tenant.id) } };
      },
    });
  app.get(`${BASE}/revisions/:a/diff/:b`, {
    config: { access: 'public' },
    schema: { tags, summary: 'What changed between two revisions (ids, or "current" for the live strategy)', params: S.RevisionDiffParams, response: { 200: S.RevisionDiffResponse } },
    handler: async (req) => strategy.diff(requireTenant(req), req.params.a, req.params.b),
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

