import { z } from 'zod';
import { hasRole } from '../../core/actor.js';
import { sendCsv } from '../../core/csv.js';
import { type AppInstance, requireTenant } from '../../core/http.js';
import { RATE_LIMITS } from '../../shared/limits.js';
import { TenantParams } from '../tenants/index.js';
import { presentBudget, presentProject, presentSurveySummary } from './participation.presenter.js';
import {
  BallotBody,
  BallotResponse,
  BudgetCreateBody,
  BudgetExportQuery,
  BudgetImportQuery,
  BudgetImportResponse,
  BudgetListResponse,
  BudgetProjectsResponse,
  BudgetResultsQuery,
  BudgetResultsResponse,
  CodeCreateBody,
  IdParams,
  ResponseCreateBody,
  ResponseCreatedResponse,
  SurveyCreateBody,
  SurveyListResponse,
  SurveyResponse,
  SurveyResultsQuery,
  SurveyResultsResponse,
  SurveyUpdateBody,
} from './participation.schemas.js';
import type { ParticipationService } from './participation.service.js';

const STAFF = { roles: ['staff'] } as const;
const BASE = '/api/v1/tenants/:tenant';
const tags = ['participation'];

export async function participationRoutes(app: AppInstance, svc: ParticipationService) {
  // ---------- Surveys ----------
  app.get(`${BASE}/surveys`, {
    config: { access: 'public' },
    schema: { tags, summary: 'Consultations (surveys) of this city', params: TenantParams, response: { 200: SurveyListResponse } },
    handler: async (req) => {
      const tenant = requireTenant(req);
      // Drafts are listed for staff only (so they can find and edit them).
      const staff = hasRole(req.actor, tenant.id, ['staff']);
      return { items: (await svc.listSurveys(tenant)).filter((s) => staff || s.status !== 'draft').map(presentSurveySummary) };
    },
  });

  app.post(`${BASE}/surveys`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Create a consultation (staff; audited)', params: TenantParams, body: SurveyCreateBody, response: { 201: z.object({ id: z.number() }) } },
    handler: async (req, reply) => reply.code(201).send({ id: await svc.createSurvey(req.actor, requireTenant(req), req.body) }),
  });

  app.put(`${BASE}/surveys/:id`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Edit a draft consultation (staff; audited). 409 once it is open or has answers; `status: open` publishes it', params: IdParams, body: SurveyUpdateBody, response: { 200: z.object({ id: z.number() }) } },
    handler: async (req) => ({ id: await svc.updateSurvey(req.actor, requireTenant(req), req.params.id, req.body) }),
  });

  app.put(`${BASE}/surveys/:id/status`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Close an open consultation or open a closed one again (staff; audited). Answers and results are kept', params: IdParams, body: z.strictObject({ status: z.enum(['open', 'closed']) }), response: { 200: z.object({ status: z.enum(['open', 'closed']) }) } },
    handler: async (req) => svc.setSurveyStatus(req.actor, requireTenant(req), req.params.id, req.body.status),
  });

  app.get(`${BASE}/surveys/:id`, {
    config: { access: 'public' },
    schema: { tags, summary: 'A consultation with its questions; `myResponse` says whether you have answered', params: IdParams, querystring: z.strictObject({ browserToken: z.string().max(100).optional() }), response: { 200: SurveyResponse } },
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const tenant = requireTenant(req);
      const manage = hasRole(req.actor, tenant.id, ['staff']);
      const s = await svc.survey(tenant, req.params.id, { drafts: manage });
      const mine = await svc.myResponse(req.actor, s.id, req.query.browserToken);
      const signedIn = req.actor.kind === 'user';
      return {
        ...presentSurveySummary(s),
        sections: s.sections,
        questions: s.questions,
        attributes: s.attributes,
        audienceAttribute: s.audience_attribute,
        audienceRoles: s.audience_roles,
        myResponse: mine ? { id: mine.id, submittedAt: mine.created_at.toISOString() } : null,
        abilities: {
          answer: s.status === 'open' && !mine && (signedIn ? s.audience !== 'role' || hasRole(req.actor, tenant.id, s.audience_roles as never) : s.audience === 'anyone' && s.anonymous),
          manage,
          edit: manage && s.status === 'draft' && Number(s.responses ?? 0) === 0,
        },
      };
    },
  });

  app.post(`${BASE}/surveys/:id/responses`, {
    config: { access: 'public', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags, summary: 'Answer a consultation (once per person: 409 on a second answer)', params: IdParams, body: ResponseCreateBody, response: { 201: ResponseCreatedResponse } },
    handler: async (req, reply) => {
      const r = await svc.respond(req.actor, requireTenant(req), req.params.id, req.body as Parameters<ParticipationService["respond"]>[3]);
      return reply.code(201).send({ id: r.id, submittedAt: r.created_at.toISOString() });
    },
  });

  app.get(`${BASE}/surveys/:id/results`, {
    config: { access: 'public' },
    schema: { tags, summary: 'Results: n, counts and % per question, means for scales, cluster shares of coded open answers; `attr=key:value` filters by respondent attribute', params: IdParams, querystring: SurveyResultsQuery, response: { 200: SurveyResultsResponse } },
    handler: async (req) => {
      const [key, ...rest] = (req.query.attr ?? '').split(':');
      const r = await svc.surveyResults(requireTenant(req), req.params.id, req.query.attr ? { key: key!, value: rest.join(':') } : undefined);
      return { ...r, survey: { ...presentSurveySummary(r.survey), questions: r.survey.questions, sections: r.survey.sections, attributes: r.survey.attributes } };
    },
  });

  app.get(`${BASE}/surveys/:id/responses.csv`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Anonymised responses as CSV (staff)', params: IdParams, produces: ['text/csv'] },
    handler: async (req, reply) => {
      const { survey, columns, rows } = await svc.exportRows(requireTenant(req), req.params.id);
      return sendCsv(reply, `${survey.slug}-responses.csv`, rows as never[], columns);
    },
  });

  app.post(`${BASE}/surveys/:id/codes`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Create a code (cluster) for an open question (staff; audited)', params: IdParams, body: CodeCreateBody, response: { 201: z.object({ id: z.number() }) } },
    handler: async (req, reply) => reply.code(201).send({ id: await svc.createCode(req.actor, requireTenant(req), req.params.id, req.body.question, req.body.label) }),
  });

  const CodeParams = IdParams.extend({ code: z.coerce.number().int().positive() });
  app.patch(`${BASE}/surveys/:id/codes/:code`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Rename a code (staff; audited)', params: CodeParams, body: z.strictObject({ label: z.string().min(1).max(200) }), response: { 204: z.null() } },
    handler: async (req, reply) => {
      await svc.renameCode(req.actor, requireTenant(req), req.params.id, req.params.code, req.body.label);
      return reply.code(204).send(null);
    },
  });
  app.post(`${BASE}/surveys/:id/codes/:code/merge`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Merge this code into another (staff; audited)', params: CodeParams, body: z.strictObject({ into: z.number().int().positive() }), response: { 204: z.null() } },
    handler: async (req, reply) => {
      await svc.mergeCodes(req.actor, requireTenant(req), req.params.id, req.params.code, req.body.into);
      return reply.code(204).send(null);
    },
  });
  app.put(`${BASE}/surveys/:id/codes/:code/answers/:response`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Tag an open answer with this code (staff)', params: CodeParams.extend({ response: z.coerce.number().int().positive() }), response: { 204: z.null() } },
    handler: async (req, reply) => {
      await svc.codeAnswer(req.actor, requireTenant(req), req.params.id, req.params.code, req.params.response, true);
      return reply.code(204).send(null);
    },
  });
  app.delete(`${BASE}/surveys/:id/codes/:code/answers/:response`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Remove this code from an open answer (staff)', params: CodeParams.extend({ response: z.coerce.number().int().positive() }), response: { 204: z.null() } },
    handler: async (req, reply) => {
      await svc.codeAnswer(req.actor, requireTenant(req), req.params.id, req.params.code, req.params.response, false);
      return reply.code(204).send(null);
    },
  });
  app.get(`${BASE}/surveys/:id/open-answers`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Open answers of a question with their codes (staff coding screen)', params: IdParams, querystring: z.strictObject({ question: z.string().max(40) }), response: { 200: z.object({ items: z.array(z.object({ responseId: z.number(), text: z.string(), codes: z.array(z.number()) })) }) } },
    handler: async (req) => ({ items: await svc.openAnswers(requireTenant(req), req.params.id, req.query.question) }),
  });

  // ---------- Budgets ----------
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

  app.get(`${BASE}/budgets/:id/ballot`, {
    config: { access: 'user' },
    schema: { tags, summary: 'My ballot: chosen projects, running total against the budget, whether it can be cast', params: IdParams, response: { 200: BallotResponse } },
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return svc.ballotView(req.actor, requireTenant(req), req.params.id);
    },
  });

  app.put(`${BASE}/budgets/:id/ballot`, {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags, summary: 'Save my ballot (editable until checked out; 400 over budget or outside min/max; 409 once final)', params: IdParams, body: BallotBody, response: { 200: BallotResponse } },
    handler: async (req) => {
      return svc.putBallot(req.actor, requireTenant(req), req.params.id, req.body);
    },
  });

  app.post(`${BASE}/budgets/:id/ballot/checkout`, {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags, summary: 'Cast my vote: the ballot becomes final (409 if already cast)', params: IdParams, response: { 200: BallotResponse } },
    handler: async (req) => {
      return svc.checkout(req.actor, requireTenant(req), req.params.id);
    },
  });

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
      const { slug, text } = await svc.exportPb(requireTenant(req), req.params.id, req.query.rule);
      return reply.type('text/plain; charset=utf-8').header('content-disposition', `attachment; filename="${slug}.pb"`).serializer((x: unknown) => x as string).send(text);
    },
  });

  app.register(async (scope) => {
    scope.addContentTypeParser(['text/plain', 'application/octet-stream'], { parseAs: 'string', bodyLimit: 20 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    (scope as AppInstance).post(`${BASE}/budgets/import`, {
      config: { access: STAFF },
      bodyLimit: 20 * 1024 * 1024,
      schema: { tags, summary: 'Import a pabulib .pb file (text/plain body) as a closed budget with its ballots (staff; audited)', params: TenantParams, querystring: BudgetImportQuery, body: z.string().min(1), response: { 201: BudgetImportResponse } },
      handler: async (req, reply) => reply.code(201).send(await svc.importPb(req.actor, requireTenant(req), req.body, req.query.slug)),
    });
  });
}
