import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sendCsv } from '../../../core/csv.js';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { RATE_LIMITS } from '../../../shared/limits.js';
import { TenantParams } from '../../tenants/index.js';
import { BASE, STAFF, tags } from '../participation.common.js';
import { presentInterest } from './interests.presenter.js';
import { Interest, InterestCreateBody, InterestsQuery } from './interests.schemas.js';
import type { InterestsService } from './interests.service.js';

export async function interestsRoutes(app: AppInstance, interests: InterestsService) {
  app.post(`${BASE}/interests`, {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags, summary: "Express interest in joining a strategy project's working group", params: TenantParams, body: InterestCreateBody, response: { 201: z.object({ id: z.number() }) } },
    handler: async (req, reply) => reply.code(201).send({ id: await interests.expressInterest(req.actor, requireTenant(req), req.body) }),
  });
  const interestRows = async (req: FastifyRequest, project: string | undefined) => (await interests.interests(requireTenant(req).id, project)).map(presentInterest);
  app.get(`${BASE}/interests`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Expressions of interest, per project (staff)', params: TenantParams, querystring: InterestsQuery, response: { 200: z.object({ items: z.array(Interest) }) } },
    handler: async (req) => ({ items: await interestRows(req, req.query.project) }),
  });
  app.get(`${BASE}/interests.csv`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Expressions of interest as CSV (staff)', params: TenantParams, querystring: InterestsQuery, produces: ['text/csv'] },
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
