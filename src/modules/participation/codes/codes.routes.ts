/** Coding open answers (staff): codes (clusters) per open question, renamed, merged, tagged on answers. */
import { z } from 'zod';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { BASE, STAFF, tags } from '../participation.common.js';
import { IdParams } from '../participation.schemas.js';
import { CodeCreateBody } from './codes.schemas.js';
import type { CodesService } from './codes.service.js';

export async function codesRoutes(app: AppInstance, svc: CodesService) {
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
}
