/**
 * The reports module: problem reporting on a map (FixMyStreet-style) with an Open311 GeoReport v2 API.
 */
import { VERSION } from '../../core/version.js';
import { defineModule } from '../module.js';
import { reportsDatasets } from './reports.datasets.js';
import { triagePolicy } from './triage/triage.policy.js';
import { reportsPersonalData } from './reports.personal-data.repository.js';
import { reportsCli } from './reports.cli.js';
import { ExternalGeocoder } from './gazetteer/gazetteer.geocoder.js';
import { GazetteerRepository } from './gazetteer/gazetteer.repository.js';
import { backfillAreas, generateReports, seedCategories, seedGazetteer } from './reports.demo.js';
import { open311Routes } from './open311/open311.routes.js';
import { ReportsRepository } from './reports/reports.repository.js';
import { reportIntakeRoutes, reportsRoutes } from './reports/reports.routes.js';
import { supportsRoutes } from './supports/supports.routes.js';
import { gazetteerRoutes } from './gazetteer/gazetteer.routes.js';
import { triageRoutes } from './triage/triage.routes.js';
import { statsRoutes } from './stats/stats.routes.js';
import { ReportsService } from './reports/reports.service.js';
import { registerReportNotices, reportFollowables } from './reports.notices.js';
import './reports.tables.js';

export { ReportsService } from './reports/reports.service.js';
export { generateReports, seedCategories, seedGazetteer } from './reports.demo.js';
export { areaFor, areasOf } from './reports.areas.js';

declare module '../module.js' {
  interface ModuleServices {
    reports: ReportsService;
  }
}

const HOUR = 3600_000;
const timers = new WeakMap<ReportsService, NodeJS.Timeout[]>();

export const reportsModule = defineModule({
  name: 'reports',
  datasets: (service) => reportsDatasets(service),
  followables: (service) => reportFollowables(service),
  abilities: { triage: triagePolicy.triage },
  create(ctx) {
    const repo = new ReportsRepository(ctx.db);
    const geocoder = ctx.config.geocoderUrl
      ? new ExternalGeocoder(ctx.config.geocoderUrl, { userAgent: () => `Urbia/${VERSION} (${ctx.publicUrl()})`, onError: (e) => ctx.log.warn({ err: e }, 'external geocoder failed') })
      : undefined;
    registerReportNotices(ctx.core.notifications, repo, ctx.core.tenants);
    const service = new ReportsService({ db: ctx.db, repo, notifications: ctx.core.notifications, users: ctx.core.users, storage: ctx.storage, publicUrl: ctx.publicUrl, gazetteer: new GazetteerRepository(ctx.db), geocoder });

    const period = async (tenantId: number, p: { from: string; to: string }) => repo.aggregate(tenantId, p.from, p.to);
    ctx.metrics.register({
      name: 'reports.submitted',
      unit: 'count',
      description: 'Problem reports published in the period',
      compute: async (t, p) => Number((await period(t, p)).submitted),
    });
    ctx.metrics.register({
      name: 'reports.median_days_to_fix',
      unit: 'days',
      description: 'Median days from report to fix, for reports made in the period and fixed',
      compute: async (t, p) => {
        const v = (await period(t, p)).fix_median;
        return v === null ? null : Math.round(Number(v) * 100) / 100;
      },
    });
    ctx.metrics.register({
      name: 'reports.share_fixed_within_target',
      unit: 'ratio',
      description: "Share of the period's reports fixed within their category's target time",
      compute: async (t, p) => {
        const a = await period(t, p);
        return Number(a.submitted) === 0 ? null : Number(a.fixed_in_target) / Number(a.submitted);
      },
    });
    ctx.metrics.register({
      name: 'reports.online_share_of_requests',
      unit: 'ratio',
      description: 'Reports made online ÷ (online + in-person counter requests logged by staff); no data until counter requests are logged',
      compute: async (t, p) => {
        const counter = await repo.counterRequests(t, p.from, p.to);
        if (counter === null) return null;
        const online = Number((await period(t, p)).submitted);
        return online + counter === 0 ? null : online / (online + counter);
      },
    });

    // Unconfirmed anonymous reports expire after 7 days: checked hourly (and once shortly after start).
    const sweep = () =>
      service.expireUnconfirmed().then(
        (n) => n && ctx.log.info({ expired: n }, 'expired unconfirmed reports'),
        (e: unknown) => ctx.log.warn({ err: e }, 'report expiry failed'),
      );
    timers.set(service, [setTimeout(() => void sweep(), 60_000).unref(), setInterval(() => void sweep(), HOUR).unref()]);
    return service;
  },
  async routes(app, service, ctx) {
    app.addHook('onClose', async () => (timers.get(service) ?? []).forEach((t) => clearTimeout(t)));
    await reportsRoutes(app, service);
    await reportIntakeRoutes(app, service);
    await supportsRoutes(app, service.supports);
    await gazetteerRoutes(app, service.gazetteer);
    await triageRoutes(app, service);
    await statsRoutes(app, service);
    await app.register(async (scope) => open311Routes(scope as typeof app, { service, tenants: ctx.core.tenants, users: ctx.core.users, publicUrl: ctx.publicUrl }));
  },
  cli: reportsCli,
  console: (service, tenant) => service.stats.consoleCounters(tenant),
  overview: (service, tenant) => service.stats.overview(tenant),
  personalData: { export: (ctx, userId, trx) => reportsPersonalData(trx, userId, ctx.module.storage) },
  demo: [
    {
      name: 'categories and demo reports',
      async run({ built }, service) {
        const all = await built.services.tenants.list();
        for (const tenant of all) {
          await seedCategories(service.db, service.repo, tenant);
          await generateReports(service.db, tenant, 40, { prefix: 'demo', spanDays: 180, source: 'demo' });
          await backfillAreas(service.db, tenant);
          await seedGazetteer(service, tenant, all.find((a) => a.id === tenant.parent_id)?.slug);
        }
        service.forgetCategories();
      },
    },
  ],
});
