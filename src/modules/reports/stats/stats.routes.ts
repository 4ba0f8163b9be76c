/** The public statistics, per month and category and per area, as JSON or CSV. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { sendCsv, wantsCsv } from '../../../core/csv.js';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { TenantParams } from '../../tenants/index.js';
import { presentAreaStats, presentStats } from './stats.presenter.js';
import { StatsQuery, StatsResponse } from './stats.schemas.js';
import type { ReportsService } from '../reports/reports.service.js';

const base = '/api/v1/tenants/:tenant/reports';

export async function statsRoutes(app: AppInstance, service: ReportsService) {
  const statsHandler = async (req: FastifyRequest<{ Querystring: z.infer<typeof StatsQuery> }>, reply: FastifyReply) => {
    const tenant = requireTenant(req);
    const now = new Date();
    const to = req.query.to ? new Date(`${req.query.to}-01T00:00:00Z`) : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    to.setUTCMonth(to.getUTCMonth() + 1);
    const from = req.query.from ? new Date(`${req.query.from}-01T00:00:00Z`) : new Date(Date.UTC(to.getUTCFullYear() - 1, to.getUTCMonth(), 1));
    const rows = (await service.stats.monthly(tenant, from, to)).map(presentStats);
    const names = new Map(service.stats.areas(tenant).map((a) => [a.code, a.name]));
    const areas = (await service.stats.byArea(tenant, from, to)).map((r) => presentAreaStats(r, names));
    if (wantsCsv(req) && req.query.by === 'area')
      return sendCsv(reply, `reports-stats-by-area-${tenant.slug}.csv`, areas, [
        { header: 'area', value: (r) => r.area ?? '' },
        { header: 'name', value: (r) => r.name ?? '' },
        { header: 'submitted', value: (r) => r.submitted },
        { header: 'still_open', value: (r) => r.stillOpen },
        { header: 'fixed', value: (r) => r.fixed },
        { header: 'fix_median_days', value: (r) => r.fixMedianDays },
        { header: 'fixed_within_target', value: (r) => r.fixedWithinTarget },
        { header: 'share_fixed_within_target', value: (r) => r.shareFixedWithinTarget },
      ]);
    if (wantsCsv(req))
      return sendCsv(reply, `reports-stats-${tenant.slug}.csv`, rows, [
        { header: 'month', value: (r) => r.month },
        { header: 'category', value: (r) => r.category },
        { header: 'submitted', value: (r) => r.submitted },
        { header: 'acknowledged', value: (r) => r.acknowledged },
        { header: 'fixed', value: (r) => r.fixed },
        { header: 'ack_median_days', value: (r) => r.ackMedianDays },
        { header: 'ack_p90_days', value: (r) => r.ackP90Days },
        { header: 'fix_median_days', value: (r) => r.fixMedianDays },
        { header: 'fix_p90_days', value: (r) => r.fixP90Days },
        { header: 'fixed_within_target', value: (r) => r.fixedWithinTarget },
        { header: 'share_fixed_within_target', value: (r) => r.shareFixedWithinTarget },
      ]);
    return { from: from.toISOString().slice(0, 7), to: to.toISOString().slice(0, 7), rows, areas, counterRequests: await service.triage.counterRequests(tenant) };
  };
  app.get(`${base}/stats`, {
    config: { access: 'public' },
    schema: { tags: ['reports'], summary: 'Statistics per month and category: counts, median/p90 days to acknowledge and fix, share fixed within target (also CSV)', params: TenantParams, querystring: StatsQuery, response: { 200: StatsResponse } },
    handler: statsHandler,
  });
  app.get(`${base}/stats.csv`, {
    config: { access: 'public' },
    schema: { tags: ['reports'], summary: 'The statistics as CSV', params: TenantParams, querystring: StatsQuery },
    handler: statsHandler,
  });
}
