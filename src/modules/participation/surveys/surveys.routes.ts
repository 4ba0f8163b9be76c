/** Consultations: the staff builder's drafts, publishing and closing, answering once, results and the responses as CSV. */
import { z } from 'zod';
import { hasRole } from '../../../core/actor.js';
import { sendCsv } from '../../../core/csv.js';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { RATE_LIMITS } from '../../../shared/limits.js';
import { TenantParams } from '../../tenants/index.js';
import { BASE, STAFF, tags } from '../participation.common.js';
import { IdParams } from '../participation.schemas.js';
import { ResponseCreateBody, ResponseCreatedResponse, SurveyCreateBody, SurveyListResponse, SurveyResponse, SurveyResultsQuery, SurveyResultsResponse, SurveyUpdateBody } from './surveys.schemas.js';
import { presentSurveySummary } from './surveys.presenter.js';
import type { SurveysService } from './surveys.service.js';

/** The consultations and their definitions (staff edit drafts, publish and close them). */
export async function surveysRoutes(app: AppInstance, svc: SurveysService) {
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
}

/** Answers: answering once, the results, the anonymised responses (staff). */
export async function surveyResponsesRoutes(app: AppInstance, svc: SurveysService) {
  app.post(`${BASE}/surveys/:id/responses`, {
    config: { access: 'public', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags, summary: 'Answer a consultation (once per person: 409 on a second answer)', params: IdParams, body: ResponseCreateBody, response: { 201: ResponseCreatedResponse } },
    handler: async (req, reply) => {
      const r = await svc.respond(req.actor, requireTenant(req), req.params.id, req.body as Parameters<SurveysService["respond"]>[3]);
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
}
