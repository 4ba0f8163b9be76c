/** Following sensors and areas (alerts are sent to followers). Thin: schema → one service call. */
import { validationFailed } from '../../../core/errors.js';
import { type AppInstance, requireUser } from '../../../core/http.js';
import type { ModuleContext } from '../../module.js';
import { TenantParams } from '../../tenants/index.js';
import * as S from './follows.schemas.js';
import type { SensorsService } from '../sensors.service.js';

const tags = ['sensors'];

const present = (list: { thing_id: number | null; area: string | null }[]) => ({ items: list.map((f) => ({ sensor: f.thing_id === null ? null : Number(f.thing_id), area: f.area })) });

export async function followRoutes(app: AppInstance, sensors: SensorsService, ctx: ModuleContext): Promise<void> {
  app.get('/api/v1/tenants/:tenant/sensor-follows', {
    config: { access: 'user' },
    schema: { tags, summary: 'The sensors and areas I follow', params: TenantParams, response: { 200: S.FollowsResponse } },
    handler: async (req) => {
      requireUser(req);
      const tenant = await ctx.core.tenants.bySlug(req.params.tenant);
      return present(await sensors.follows(req.actor, tenant));
    },
  });

  for (const [method, on] of [['post', true], ['delete', false]] as const) {
    app[method]('/api/v1/tenants/:tenant/sensor-follows', {
      config: { access: 'user' },
      schema: { tags, summary: on ? 'Follow a sensor or an area (alerts are sent to followers)' : 'Stop following a sensor or an area', params: TenantParams, body: S.FollowBody, response: { 200: S.FollowsResponse } },
      handler: async (req) => {
        requireUser(req);
        if ((req.body.sensor === undefined) === (req.body.area === undefined)) throw validationFailed([{ field: 'sensor', message: 'give a sensor or an area', code: 'required' }]);
        const tenant = await ctx.core.tenants.bySlug(req.params.tenant);
        return present(await sensors.follow(req.actor, tenant, { sensorId: req.body.sensor, area: req.body.area }, on));
      },
    });
  }
}
