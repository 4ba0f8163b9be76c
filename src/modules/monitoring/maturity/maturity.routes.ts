/** The maturity matrix under /api/v1/tenants/:tenant/maturity (paths fixed by issue 14). */
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { TenantParams } from '../calendar/calendar.schemas.js';
import { MATURITY_WRITE_ROLES } from './maturity.policy.js';
import { presentMaturity, presentRoundList, presentRoundView } from './maturity.presenter.js';
import * as S from './maturity.schemas.js';
import type { MaturityService } from './maturity.service.js';

const BASE = '/api/v1/tenants/:tenant/maturity';
const tags = ['monitoring'];

export async function maturityRoutes(app: AppInstance, maturity: MaturityService) {
  app.get(BASE, {
    config: { access: 'public' },
    schema: { tags, summary: "The city's maturity model and its latest published round: pillars, levels, criteria, states, level reached per pillar, change since the previous round", params: TenantParams, response: { 200: S.MaturityResponse } },
    handler: async (req) => presentMaturity(await maturity.overview(req.actor, requireTenant(req))),
  });
  app.put(`${BASE}/model`, {
    config: { access: { roles: MATURITY_WRITE_ROLES } },
    schema: { tags, summary: "Choose the model: the strategy's, another city's (adopted), the city's own (the strategy document's maturityMatrix format) or none (staff; audited)", params: TenantParams, body: S.ModelSetBody, response: { 200: S.MaturityResponse } },
    handler: async (req) => presentMaturity(await maturity.setModel(req.actor, requireTenant(req), req.body)),
  });
  app.get(`${BASE}/rounds`, {
    config: { access: 'public' },
    schema: { tags, summary: 'Assessment rounds, newest first, with the level reached per pillar (published ones; staff also see drafts)', params: TenantParams, response: { 200: S.RoundListResponse } },
    handler: async (req) => presentRoundList(await maturity.list(req.actor, requireTenant(req))),
  });
  app.post(`${BASE}/rounds`, {
    config: { access: { roles: MATURITY_WRITE_ROLES } },
    schema: { tags, summary: 'Start a round, empty or from the states of another round (staff; audited)', params: TenantParams, body: S.RoundCreateBody, response: { 201: S.Round } },
    handler: async (req, reply) => reply.code(201).send(presentRoundView(await maturity.create(req.actor, requireTenant(req), req.body))),
  });
  app.get(`${BASE}/rounds/:id`, {
    config: { access: 'public' },
    schema: { tags, summary: 'A round with every criterion: state, evidence, comment, and the change since the previous published round (drafts: staff only)', params: S.RoundParams, response: { 200: S.Round } },
    handler: async (req) => presentRoundView(await maturity.get(req.actor, requireTenant(req), req.params.id)),
  });
  app.patch(`${BASE}/rounds/:id`, {
    config: { access: { roles: MATURITY_WRITE_ROLES } },
    schema: { tags, summary: "Change a draft round: its name and criteria's state, evidence (text and links to KPIs, projects, datasets, sensor series, files) and comment (staff; audited)", params: S.RoundParams, body: S.RoundUpdateBody, response: { 200: S.Round } },
    handler: async (req) => presentRoundView(await maturity.update(req.actor, requireTenant(req), req.params.id, req.body)),
  });
  app.post(`${BASE}/rounds/:id/publish`, {
    config: { access: { roles: MATURITY_WRITE_ROLES } },
    schema: { tags, summary: 'Publish a draft round: it becomes immutable and the public matrix shows it (staff; audited)', params: S.RoundParams, response: { 200: S.Round } },
    handler: async (req) => presentRoundView(await maturity.publish(req.actor, requireTenant(req), req.params.id)),
  });
}
