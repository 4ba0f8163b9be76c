/**
 * Evaluation rounds under /api/v1/tenants/:tenant/evaluations (paths fixed by issue 14). Reads are public
 * for published rounds (the service answers 401/403 for drafts); staff run the round; the steering body and
 * staff record recommendations; staff answer them.
 */
import { z } from 'zod';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { TenantParams } from '../calendar/calendar.schemas.js';
import { EVALUATION_STAFF_ROLES, RECOMMENDATION_WRITE_ROLES } from './evaluations.policy.js';
import { presentEvaluationList, presentEvaluationView, presentRecommendationList, presentRecommendationView } from './evaluations.presenter.js';
import * as S from './evaluations.schemas.js';
import type { EvaluationReportsService } from './evaluations.reports.service.js';
import type { EvaluationsService } from './evaluations.service.js';

const BASE = '/api/v1/tenants/:tenant/evaluations';
const tags = ['monitoring'];

export async function evaluationsRoutes(app: AppInstance, evaluations: EvaluationsService, reports: EvaluationReportsService) {
  app.get(BASE, {
    config: { access: 'public' },
    schema: { tags, summary: 'Evaluation rounds (published ones for everyone; drafts too for staff and steering)', params: TenantParams, querystring: S.EvaluationListQuery, response: { 200: S.EvaluationListResponse } },
    handler: async (req) => presentEvaluationList(await evaluations.list(req.actor, requireTenant(req), req.query)),
  });
  app.post(BASE, {
    config: { access: { roles: EVALUATION_STAFF_ROLES } },
    schema: { tags, summary: 'Open an evaluation round (staff; audited)', params: TenantParams, body: S.EvaluationCreateBody, response: { 201: S.Evaluation } },
    handler: async (req, reply) => reply.code(201).send(presentEvaluationView(await evaluations.create(req.actor, requireTenant(req), req.body))),
  });
  app.get(`${BASE}/:id`, {
    config: { access: 'public' },
    schema: { tags, summary: 'An evaluation round with its findings and report versions (a draft: staff and steering)', params: S.EvaluationParams, response: { 200: S.Evaluation } },
    handler: async (req) => presentEvaluationView(await evaluations.get(req.actor, requireTenant(req), req.params.id)),
  });
  app.patch(`${BASE}/:id`, {
    config: { access: { roles: EVALUATION_STAFF_ROLES } },
    schema: { tags, summary: 'Change a draft round: type, title, period, scope (staff; audited)', params: S.EvaluationParams, body: S.EvaluationUpdateBody, response: { 200: S.Evaluation } },
    handler: async (req) => presentEvaluationView(await evaluations.update(req.actor, requireTenant(req), req.params.id, req.body)),
  });
  app.put(`${BASE}/:id/findings/:scope`, {
    config: { access: { roles: EVALUATION_STAFF_ROLES } },
    schema: { tags, summary: 'Write the findings for an ambition or objective of a draft round (staff; audited)', params: S.FindingParams, body: S.FindingBody, response: { 200: S.Evaluation } },
    handler: async (req) => presentEvaluationView(await evaluations.writeFinding(req.actor, requireTenant(req), req.params.id, req.params.scope, req.body.text)),
  });
  app.post(`${BASE}/:id/generate`, {
    config: { access: { roles: EVALUATION_STAFF_ROLES } },
    schema: { tags, summary: "Generate the reports from the period's data: a new version (staff; audited; a published round: 409)", params: S.EvaluationParams, response: { 200: S.Evaluation } },
    handler: async (req) => presentEvaluationView(await evaluations.generate(req.actor, requireTenant(req), req.params.id)),
  });
  app.post(`${BASE}/:id/publish`, {
    config: { access: { roles: EVALUATION_STAFF_ROLES } },
    schema: { tags, summary: 'Publish the round with its latest report version, which is then public and immutable (staff; audited)', params: S.EvaluationParams, response: { 200: S.Evaluation } },
    handler: async (req) => presentEvaluationView(await evaluations.publish(req.actor, requireTenant(req), req.params.id)),
  });
  app.get(`${BASE}/:id/report.html`, {
    config: { access: 'public' },
    schema: { tags, summary: 'The report as an accessible HTML page (published: public; other versions: staff and steering)', params: S.EvaluationParams, querystring: S.ReportQuery, produces: ['text/html'], response: { 200: z.string().describe('an HTML page') } },
    handler: async (req, reply) => {
      const r = await reports.report(req.actor, requireTenant(req), req.params.id, req.query, 'html');
      return reply.type('text/html; charset=utf-8').header('x-content-type-options', 'nosniff').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:").send(r.body);
    },
  });
  app.get(`${BASE}/:id/report.pdf`, {
    config: { access: 'public' },
    schema: { tags, summary: 'The report as a PDF: A4, cover, contents, page numbers, vector charts, embedded fonts (published: public; other versions: staff and steering)', params: S.EvaluationParams, querystring: S.ReportQuery, produces: ['application/pdf'], response: { 200: z.any().describe('the PDF') } },
    handler: async (req, reply) => {
      const r = await reports.report(req.actor, requireTenant(req), req.params.id, req.query, 'pdf');
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${r.filename}"`).header('x-content-type-options', 'nosniff').send(r.body);
    },
  });
  app.get(`${BASE}/:id/recommendations`, {
    config: { access: 'public' },
    schema: { tags, summary: "The steering body's recommendations and the answers (a draft round: staff and steering)", params: S.EvaluationParams, response: { 200: S.RecommendationListResponse } },
    handler: async (req) => presentRecommendationList(await evaluations.recommendations(req.actor, requireTenant(req), req.params.id)),
  });
  app.post(`${BASE}/:id/recommendations`, {
    config: { access: { roles: RECOMMENDATION_WRITE_ROLES } },
    schema: { tags, summary: 'Record a recommendation (steering body or staff; audited)', params: S.EvaluationParams, body: S.RecommendationCreateBody, response: { 201: S.Recommendation } },
    handler: async (req, reply) => reply.code(201).send(presentRecommendationView(await evaluations.createRecommendation(req.actor, requireTenant(req), req.params.id, req.body))),
  });
  app.patch(`${BASE}/:id/recommendations/:rid`, {
    config: { access: { roles: RECOMMENDATION_WRITE_ROLES } },
    schema: { tags, summary: "Change a recommendation's text, addressee or status (rejected needs a reason) (steering body or staff; audited)", params: S.RecommendationParams, body: S.RecommendationUpdateBody, response: { 200: S.Recommendation } },
    handler: async (req) => presentRecommendationView(await evaluations.updateRecommendation(req.actor, requireTenant(req), req.params.id, req.params.rid, req.body)),
  });
  app.post(`${BASE}/:id/recommendations/:rid/answer`, {
    config: { access: { roles: EVALUATION_STAFF_ROLES } },
    schema: { tags, summary: 'Answer a recommendation, optionally setting its status (staff; audited)', params: S.RecommendationParams, body: S.RecommendationAnswerBody, response: { 200: S.Recommendation } },
    handler: async (req) => presentRecommendationView(await evaluations.answerRecommendation(req.actor, requireTenant(req), req.params.id, req.params.rid, req.body)),
  });
}
