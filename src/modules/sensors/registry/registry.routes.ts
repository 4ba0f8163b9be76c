/** The sensors: the public map (JSON or GeoJSON), one sensor and its series, staff registering and changing sensors. Thin: schema → one service call → presenter. */
import { z } from 'zod';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { TenantParams } from '../../tenants/index.js';
import { presentSensor, presentSensorFeature } from './registry.presenter.js';
import * as S from './registry.schemas.js';
import type { SensorsService } from '../sensors.service.js';

const tags = ['sensors'];

export async function registryRoutes(app: AppInstance, sensors: SensorsService): Promise<void> {
  app.get('/api/v1/tenants/:tenant/sensors', {
    config: { access: 'public' },
    schema: {
      tags,
      summary: 'The city\'s sensors with their latest values (JSON, or GeoJSON with format=geojson or Accept: application/geo+json)',
      params: TenantParams,
      querystring: S.SensorListQuery,
      response: { 200: z.union([S.SensorListResponse, S.SensorGeoJsonResponse]) },
    },
    handler: async (req, reply) => {
      const list = (await sensors.listSensors(requireTenant(req), req.actor, req.query.status)).map((x) => presentSensor(x.thing, x.streams));
      reply.header('cache-control', 'public, max-age=30');
      if (req.query.format === 'geojson' || /application\/geo\+json/.test(req.headers.accept ?? '')) {
        return reply.type('application/geo+json').send({ type: 'FeatureCollection' as const, features: list.map(presentSensorFeature) });
      }
      return { items: list };
    },
  });

  app.get('/api/v1/tenants/:tenant/sensors/:id', {
    config: { access: 'public' },
    schema: { tags, summary: 'One sensor with its datastreams and latest values', params: S.SensorParams, response: { 200: S.SensorResponse } },
    handler: async (req) => {
      const { thing, streams } = await sensors.getSensor(requireTenant(req), req.actor, req.params.id);
      return presentSensor(thing, streams);
    },
  });

  app.get('/api/v1/tenants/:tenant/sensors/:id/series', {
    config: { access: 'public' },
    schema: { tags, summary: 'A time series: raw readings, or hourly/daily means from the roll-ups', params: S.SensorParams, querystring: S.SeriesQuery, response: { 200: S.SeriesResponse } },
    handler: async (req) => {
      const r = await sensors.series(requireTenant(req), req.actor, req.params.id, req.query);
      return {
        sensor: req.params.id,
        property: r.datastream.property,
        unit: r.datastream.unit,
        interval: req.query.interval,
        from: r.from.toISOString(),
        to: r.to.toISOString(),
        points: r.points.map((p) => ({ ...p, time: p.time.toISOString() })),
      };
    },
  });

  app.post('/api/v1/tenants/:tenant/sensors', {
    config: { access: { roles: ['staff'] } },
    schema: { tags, summary: 'Register a sensor (staff)', params: TenantParams, body: S.SensorCreateBody, response: { 201: S.SensorResponse } },
    handler: async (req, reply) => {
      const tenant = requireTenant(req);
      const t = await sensors.createSensor(req.actor, tenant, req.body as S.SensorCreateInput);
      const { thing, streams } = await sensors.getSensor(tenant, req.actor, Number(t.id));
      return reply.code(201).send(presentSensor(thing, streams));
    },
  });

  app.patch('/api/v1/tenants/:tenant/sensors/:id', {
    config: { access: { roles: ['staff'] } },
    schema: { tags, summary: 'Change a sensor, e.g. approve a citizen\'s sensor (status=active) (staff)', params: S.SensorParams, body: S.SensorPatchBody, response: { 200: S.SensorResponse } },
    handler: async (req) => {
      const tenant = requireTenant(req);
      await sensors.updateSensor(req.actor, tenant, req.params.id, req.body);
      const { thing, streams } = await sensors.getSensor(tenant, req.actor, req.params.id);
      return presentSensor(thing, streams);
    },
  });
}
