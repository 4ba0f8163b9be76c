/**
 * The sensors module: urban sensor data (issue 6). See docs/sensors.md.
 */
import { registerSensorNotices, sensorFollowables } from './sensors.notices.js';
import { defineModule } from '../module.js';
import { sensorsDatasets } from './sensors.datasets.js';
import { alertsPolicy } from './alerts/alerts.policy.js';
import { sensorsCli } from './sensors.cli.js';
import { seedDemoSensors } from './sensors.demo.js';
import { IngestRepository } from './ingest/ingest.repository.js';
import { RollupsRepository } from './rollups/rollups.repository.js';
import { SensorsRepository } from './sensors.repository.js';
import { sensorsRoutes } from './sensors.routes.js';
import { SensorsService } from './sensors.service.js';

export { SensorsService } from './sensors.service.js';

declare module '../module.js' {
  interface ModuleServices {
    sensors: SensorsService;
  }
}

declare module '../../core/events.js' {
  interface EventMap {
    'sensors.sensor.created': { sensorId: number; status: string };
    'sensors.sensor.updated': { sensorId: number; status: string };
    'sensors.settings.updated': { rawRetentionDays: number | null };
    'sensors.alert_rule.created': { ruleId: number };
    'sensors.alert_rule.deactivated': { ruleId: number };
    'sensors.alert.raised': { alertId: number; sensorId: number; property: string; value: number };
    'sensors.alert.cleared': { alertId: number; sensorId: number; property: string; value: number };
  }
}

export const sensorsModule = defineModule({
  name: 'sensors',
  datasets: (service) => sensorsDatasets(service),
  followables: (service) => sensorFollowables(service),
  abilities: { manageAlerts: alertsPolicy.manageRules },
  create(ctx) {
    const repo = new SensorsRepository(ctx.db);
    registerSensorNotices(ctx.core.notifications, repo, ctx.core.tenants);
    const service = new SensorsService({ repo, ingestRepo: new IngestRepository(ctx.db), rollupsRepo: new RollupsRepository(ctx.db), notifications: ctx.core.notifications, log: ctx.log });
    ctx.metrics.register({
      name: 'sensors.count_online',
      unit: 'sensors',
      description: 'Public sensors that reported at least one reading in the period (from the daily roll-ups).',
      compute: (tenantId, p) => service.countOnline(tenantId, p.from, p.to),
    });
    ctx.metrics.register({
      name: 'air.pm25_annual_mean',
      unit: 'µg/m³',
      description: 'Mean PM2.5 over the period across the public sensor network (from the daily roll-ups).',
      compute: (tenantId, p) => service.periodMean(tenantId, 'pm25', p.from, p.to),
    });
    ctx.metrics.register({
      name: 'air.pm10_annual_mean',
      unit: 'µg/m³',
      description: 'Mean PM10 over the period across the public sensor network (from the daily roll-ups).',
      compute: (tenantId, p) => service.periodMean(tenantId, 'pm10', p.from, p.to),
    });
    ctx.metrics.register({
      name: 'air.days_over_eu_daily_limit',
      unit: 'days',
      description: 'Days in the period whose city-wide mean PM10 exceeded the EU daily limit of 50 µg/m³.',
      compute: (tenantId, p) => service.daysOverEuPm10(tenantId, p.from, p.to),
    });
    return service;
  },
  routes: sensorsRoutes,
  overview: (service, tenant) => service.overview(tenant),
  demo: [
    {
      name: 'sensor network (55 in Timișoara, 6 in Baia Mare, 30 days) and its live feed',
      async run(ctx) {
        const tenants = await ctx.built.services.tenants.list();
        for (const t of tenants) await seedDemoSensors(ctx.database.db, t);
      },
      async serve(ctx, service) {
        service.startLiveFeed(await ctx.built.services.tenants.list());
      },
    },
  ],
  cli: sensorsCli,
});
