/**
 * Sensors HTTP: the batch endpoint (JSON or CSV), NGSI-LD, the Sensor.Community push, the map and series
 * reads, city-wide air quality, and staff management of sensors, alert rules and retention. Thin: schema →
 * one service call → presenter.
 */
import { z } from 'zod';
import { type FieldError, validationFailed } from '../../core/errors.js';
import { type AppInstance, requireTenant, requireUser } from '../../core/http.js';
import { LIMITS, RATE_LIMITS } from '../../shared/limits.js';
import type { ModuleContext } from '../module.js';
import { csvToObservations } from './sensors.formats.js';
import { presentAlert, presentRule, presentSensor, presentSensorFeature } from './sensors.presenter.js';
import { aqiBand } from './sensors.properties.js';
import * as S from './sensors.schemas.js';
import type { SensorsService } from './sensors.service.js';
import { ngsiLdRoutes } from './ngsi-ld/ngsi-ld.routes.js';
import { TenantParams } from '../tenants/index.js';

const NoContent = { 204: z.null() };
const tag = ['sensors'];

/** Reads the strategy's PM2.5 target when the strategy module is there (its KPI wired to air.pm25_annual_mean). */
async function pm25Target(ctx: ModuleContext, tenantId: number) {
  const strategy = (ctx.modules as Record<string, unknown>).strategy as { kpis?(tenantId: number): Promise<unknown[]> } | undefined;
  if (!strategy?.kpis) return null;
  try {
    const kpis = (await strategy.kpis(tenantId)) as { automatic?: { metric?: string } | null; baseline?: { value?: number | null; year?: number }; targetValue?: number | null; target?: { year?: number } }[];
    const k = kpis.find((x) => x.automatic?.metric === 'air.pm25_annual_mean');
    if (!k || typeof k.baseline?.value !== 'number' || typeof k.targetValue !== 'number') return null;
    return { baseline: k.baseline.value, baselineYear: k.baseline.year ?? null, target: k.targetValue, targetYear: k.target?.year ?? null };
  } catch {
    return null;
  }
}

export async function sensorsRoutes(app: AppInstance, sensors: SensorsService, ctx: ModuleContext): Promise<void> {
  // Bodies in this module's scope only: CSV batches (NGSI-LD's JSON-LD: in its own scope), within the 1 MB body limit
  // (over it, 413 before anything is parsed). Bodies are read in full before the handler runs, so a slow
  // client holds no database connection or PGlite's single writer while it trickles its upload.
  app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string', bodyLimit: LIMITS.bodyBytes }, (_req, body, done) => done(null, body));

  sensors.startRetentionJob();
  // roll-up deltas a crash may have left are folded at start; what this process wrote, on close
  app.addHook('onReady', async () => void (await sensors.foldRollups().catch(() => undefined)));
  app.addHook('onClose', async () => sensors.close());

  // ---- ingest ----

  app.post('/api/v1/tenants/:tenant/observations', {
    config: { access: { apiKey: 'ingest', roles: ['staff', 'admin'] } },
    schema: {
      tags: tag,
      summary: 'Ingest up to 1,000 observations (JSON or text/csv); all or nothing, idempotent on (datastream, time)',
      params: TenantParams,
      body: S.ObservationBatchBody,
      response: { 200: S.IngestResponse },
    },
    preValidation: async (req) => {
      if (typeof req.body === 'string') {
        const errors: FieldError[] = [];
        const observations = csvToObservations(req.body, errors);
        if (errors.length) throw validationFailed(errors);
        req.body = { observations: observations as S.BatchItemInput[] };
      }
    },
    handler: async (req) => sensors.ingestBatch(requireTenant(req), req.body.observations),
  });

  app.post('/api/v1/tenants/:tenant/sensor-community/push', {
    config: { access: 'public', rateLimit: RATE_LIMITS.publicWrite },
    schema: {
      tags: tag,
      summary: 'Sensor.Community (airRohr) push: X-Sensor / X-Pin headers or the combined esp8266id body. Unknown nodes wait for staff approval.',
      params: TenantParams,
      body: S.ScPushBody,
      response: { 201: S.ScPushResponse },
    },
    handler: async (req, reply) => reply.code(201).send(await sensors.sensorCommunityPush(requireTenant(req), req.headers, req.body)),
  });

  // ---- NGSI-LD (ETSI GS CIM 009): its own scope, content types and error format ----
  await app.register(async (scope) => ngsiLdRoutes(scope as AppInstance, sensors, ctx));

  // ---- reads ----

  app.get('/api/v1/tenants/:tenant/sensors', {
    config: { access: 'public' },
    schema: {
      tags: tag,
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
    schema: { tags: tag, summary: 'One sensor with its datastreams and latest values', params: S.SensorParams, response: { 200: S.SensorResponse } },
    handler: async (req) => {
      const { thing, streams } = await sensors.getSensor(requireTenant(req), req.actor, req.params.id);
      return presentSensor(thing, streams);
    },
  });

  app.get('/api/v1/tenants/:tenant/sensors/:id/series', {
    config: { access: 'public' },
    schema: { tags: tag, summary: 'A time series: raw readings, or hourly/daily means from the roll-ups', params: S.SensorParams, querystring: S.SeriesQuery, response: { 200: S.SeriesResponse } },
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

  app.get('/api/v1/tenants/:tenant/air-quality', {
    config: { access: 'public' },
    schema: { tags: tag, summary: 'City-wide air quality: last 24 h by area (worst first) and the annual PM2.5 mean against the strategy target', params: TenantParams, response: { 200: S.AirQualityResponse } },
    handler: async (req) => {
      const tenant = requireTenant(req);
      const r = await sensors.airQuality(tenant, await pm25Target(ctx, tenant.id));
      return { ...r, band: aqiBand('pm25', r.pm25Mean24h), areas: r.areas.map((a) => ({ ...a, band: aqiBand('pm25', a.mean) })) };
    },
  });

  app.get('/api/v1/tenants/:tenant/sensor-alerts', {
    config: { access: 'public' },
    schema: { tags: tag, summary: 'Alert history (public)', params: TenantParams, response: { 200: S.AlertListResponse } },
    handler: async (req) => ({ items: (await sensors.alerts(requireTenant(req))).map(presentAlert) }),
  });

  // ---- staff ----

  app.post('/api/v1/tenants/:tenant/sensors', {
    config: { access: { roles: ['staff'] } },
    schema: { tags: tag, summary: 'Register a sensor (staff)', params: TenantParams, body: S.SensorCreateBody, response: { 201: S.SensorResponse } },
    handler: async (req, reply) => {
      const tenant = requireTenant(req);
      const t = await sensors.createSensor(req.actor, tenant, req.body as S.SensorCreateInput);
      const { thing, streams } = await sensors.getSensor(tenant, req.actor, Number(t.id));
      return reply.code(201).send(presentSensor(thing, streams));
    },
  });

  app.patch('/api/v1/tenants/:tenant/sensors/:id', {
    config: { access: { roles: ['staff'] } },
    schema: { tags: tag, summary: 'Change a sensor, e.g. approve a citizen\'s sensor (status=active) (staff)', params: S.SensorParams, body: S.SensorPatchBody, response: { 200: S.SensorResponse } },
    handler: async (req) => {
      const tenant = requireTenant(req);
      await sensors.updateSensor(req.actor, tenant, req.params.id, req.body);
      const { thing, streams } = await sensors.getSensor(tenant, req.actor, req.params.id);
      return presentSensor(thing, streams);
    },
  });

  app.get('/api/v1/tenants/:tenant/sensor-alert-rules', {
    config: { access: 'public' },
    schema: { tags: tag, summary: 'Active alert rules', params: TenantParams, response: { 200: S.RuleListResponse } },
    handler: async (req) => ({ items: (await sensors.rules(requireTenant(req))).map(presentRule) }),
  });

  app.post('/api/v1/tenants/:tenant/sensor-alert-rules', {
    config: { access: { roles: ['staff'] } },
    schema: { tags: tag, summary: 'Create an alert rule: property, threshold, duration, area (staff)', params: TenantParams, body: S.RuleCreateBody, response: { 201: S.Rule } },
    handler: async (req, reply) => reply.code(201).send(presentRule(await sensors.createRule(req.actor, requireTenant(req), req.body as S.RuleInput))),
  });

  app.delete('/api/v1/tenants/:tenant/sensor-alert-rules/:id', {
    config: { access: { roles: ['staff'] } },
    schema: { tags: tag, summary: 'Switch an alert rule off (staff)', params: S.RuleParams, response: NoContent },
    handler: async (req, reply) => {
      await sensors.deactivateRule(req.actor, requireTenant(req), req.params.id);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/v1/tenants/:tenant/sensor-settings', {
    config: { access: { roles: ['staff'] } },
    schema: { tags: tag, summary: 'Raw-data retention (staff)', params: TenantParams, response: { 200: S.SettingsResponse } },
    handler: async (req) => sensors.settings(requireTenant(req)),
  });

  app.put('/api/v1/tenants/:tenant/sensor-settings', {
    config: { access: { roles: ['admin'] } },
    schema: { tags: tag, summary: 'Set raw-data retention in days (null: keep forever); roll-ups are always kept (admin)', params: TenantParams, body: S.SettingsBody, response: { 200: S.SettingsResponse } },
    handler: async (req) => sensors.updateSettings(req.actor, requireTenant(req), req.body.rawRetentionDays),
  });

  // ---- following ----

  app.get('/api/v1/tenants/:tenant/sensor-follows', {
    config: { access: 'user' },
    schema: { tags: tag, summary: 'The sensors and areas I follow', params: TenantParams, response: { 200: S.FollowsResponse } },
    handler: async (req) => {
      requireUser(req);
      const tenant = await ctx.core.tenants.bySlug(req.params.tenant);
      return { items: (await sensors.follows(req.actor, tenant)).map((f) => ({ sensor: f.thing_id === null ? null : Number(f.thing_id), area: f.area })) };
    },
  });

  for (const [method, on] of [['post', true], ['delete', false]] as const) {
    app[method]('/api/v1/tenants/:tenant/sensor-follows', {
      config: { access: 'user' },
      schema: { tags: tag, summary: on ? 'Follow a sensor or an area (alerts are sent to followers)' : 'Stop following a sensor or an area', params: TenantParams, body: S.FollowBody, response: { 200: S.FollowsResponse } },
      handler: async (req) => {
        requireUser(req);
        if ((req.body.sensor === undefined) === (req.body.area === undefined)) throw validationFailed([{ field: 'sensor', message: 'give a sensor or an area', code: 'required' }]);
        const tenant = await ctx.core.tenants.bySlug(req.params.tenant);
        const list = await sensors.follow(req.actor, tenant, { sensorId: req.body.sensor, area: req.body.area }, on);
        return { items: list.map((f) => ({ sensor: f.thing_id === null ? null : Number(f.thing_id), area: f.area })) };
      },
    });
  }
}
