/** Alert history (public) and alert rules (public list, staff changes). Thin: schema → one service call → presenter. */
import { z } from 'zod';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { TenantParams } from '../../tenants/index.js';
import { presentAlert, presentRule } from './alerts.presenter.js';
import * as S from './alerts.schemas.js';
import type { SensorsService } from '../sensors.service.js';
import { ALERT_RULE_ROLES } from './alerts.policy.js';

const tags = ['sensors'];

export async function alertRoutes(app: AppInstance, sensors: SensorsService): Promise<void> {
  app.get('/api/v1/tenants/:tenant/sensor-alerts', {
    config: { access: 'public' },
    schema: { tags, summary: 'Alert history (public)', params: TenantParams, response: { 200: S.AlertListResponse } },
    handler: async (req) => ({ items: (await sensors.alerts(requireTenant(req))).map(presentAlert) }),
  });

  app.get('/api/v1/tenants/:tenant/sensor-alert-rules', {
    config: { access: 'public' },
    schema: { tags, summary: 'Active alert rules', params: TenantParams, response: { 200: S.RuleListResponse } },
    handler: async (req) => ({ items: (await sensors.rules(requireTenant(req))).map(presentRule) }),
  });

  app.post('/api/v1/tenants/:tenant/sensor-alert-rules', {
    config: { access: { roles: ALERT_RULE_ROLES } },
    schema: { tags, summary: 'Create an alert rule: property, threshold, duration, area (staff)', params: TenantParams, body: S.RuleCreateBody, response: { 201: S.Rule } },
    handler: async (req, reply) => reply.code(201).send(presentRule(await sensors.createRule(req.actor, requireTenant(req), req.body as S.RuleInput))),
  });

  app.delete('/api/v1/tenants/:tenant/sensor-alert-rules/:id', {
    config: { access: { roles: ALERT_RULE_ROLES } },
    schema: { tags, summary: 'Switch an alert rule off (staff)', params: S.RuleParams, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await sensors.deactivateRule(req.actor, requireTenant(req), req.params.id);
      return reply.code(204).send(null);
    },
  });
}
