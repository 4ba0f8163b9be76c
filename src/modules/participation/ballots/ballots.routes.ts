/** A person's ballot in a participatory budget: seen, saved while the vote is open, cast. */
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { RATE_LIMITS } from '../../../shared/limits.js';
import { BASE, tags } from '../participation.common.js';
import { IdParams } from '../participation.schemas.js';
import { BallotBody, BallotResponse } from './ballots.schemas.js';
import type { BallotsService } from './ballots.service.js';

export async function ballotsRoutes(app: AppInstance, svc: BallotsService) {
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
}
