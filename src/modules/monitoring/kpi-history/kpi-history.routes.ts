/** The platform metrics for the KPI staff form, and a KPI snapshot on demand, under …/monitoring. */
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { TenantParams } from '../calendar/calendar.schemas.js';
import { SNAPSHOT_ROLES } from './kpi-history.policy.js';
import { presentMetric } from './kpi-history.presenter.js';
import * as S from './kpi-history.schemas.js';
import type { KpiHistoryService } from './kpi-history.service.js';

const tags = ['monitoring'];

export async function kpiHistoryRoutes(app: AppInstance, history: KpiHistoryService) {
  app.get('/api/v1/tenants/:tenant/monitoring/metrics', {
    config: { access: 'public' },
    schema: { tags, summary: 'Platform metrics a KPI can be computed from (name, unit, description, how often a value is stored)', params: TenantParams, response: { 200: S.MetricListResponse } },
    handler: async () => ({ items: history.metrics().map(presentMetric) }),
  });
  app.post('/api/v1/tenants/:tenant/monitoring/kpi-history/snapshot', {
    config: { access: { roles: SNAPSHOT_ROLES } },
    schema: { tags, summary: "Compute the city's automatic KPIs now and store the values due (staff; also runs every 6 hours)", params: TenantParams, body: S.SnapshotBody.optional(), response: { 200: S.SnapshotResponse } },
    handler: async (req) => history.snapshot(requireTenant(req)),
  });
}
