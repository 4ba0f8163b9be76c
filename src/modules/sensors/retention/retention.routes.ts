/** Raw-data retention: staff read it, admins set it. Thin: schema → one service call. */
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { TenantParams } from '../../tenants/index.js';
import * as S from './retention.schemas.js';
import type { SensorsService } from '../sensors.service.js';

const tags = ['sensors'];

export async function retentionRoutes(app: AppInstance, sensors: SensorsService): Promise<void> {
  app.get('/api/v1/tenants/:tenant/sensor-settings', {
    config: { access: { roles: ['staff'] } },
    schema: { tags, summary: 'Raw-data retention (staff)', params: TenantParams, response: { 200: S.SettingsResponse } },
    handler: async (req) => sensors.settings(requireTenant(req)),
  });

  app.put('/api/v1/tenants/:tenant/sensor-settings', {
    config: { access: { roles: ['admin'] } },
    schema: { tags, summary: 'Set raw-data retention in days (null: keep forever); roll-ups are always kept (admin)', params: TenantParams, body: S.SettingsBody, response: { 200: S.SettingsResponse } },
    handler: async (req) => sensors.updateSettings(req.actor, requireTenant(req), req.body.rawRetentionDays),
  });
}
