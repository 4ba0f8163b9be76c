/** Routes of pillars and objectives (staff edits). */
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { presentObjectiveWithPillar, presentPillar } from '../strategy.presenter.js';
import * as S from '../strategy.schemas.js';
import type { StrategyService } from '../strategy.service.js';
import { BASE, NoContent, STAFF, tags } from '../strategy.http.js';

/** Pillars and objectives (staff). */
export function pillarRoutes(app: AppInstance, strategy: StrategyService) {
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
