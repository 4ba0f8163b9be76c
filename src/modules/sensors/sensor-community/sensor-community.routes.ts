/** The Sensor.Community (airRohr) firmware's push. Thin: schema → one service call. */
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { RATE_LIMITS } from '../../../shared/limits.js';
import { TenantParams } from '../../tenants/index.js';
import * as S from './sensor-community.schemas.js';
import type { SensorsService } from '../sensors.service.js';

const tags = ['sensors'];

export async function sensorCommunityRoutes(app: AppInstance, sensors: SensorsService): Promise<void> {
  app.post('/api/v1/tenants/:tenant/sensor-community/push', {
    config: { access: 'public', rateLimit: RATE_LIMITS.publicWrite },
    schema: {
      tags,
      summary: 'Sensor.Community (airRohr) push: X-Sensor / X-Pin headers or the combined esp8266id body. Unknown nodes wait for staff approval.',
      params: TenantParams,
      body: S.ScPushBody,
      response: { 201: S.ScPushResponse },
    },
    handler: async (req, reply) => reply.code(201).send(await sensors.sensorCommunityPush(requireTenant(req), req.headers, req.body)),
  });
}
