/** Routes of KPIs and their measurements: lists (JSON or CSV), pages, staff edits, the CSV import and follows. */
import { z } from 'zod';
import { sendCsv, wantsCsv } from '../../../core/csv.js';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { LIMITS } from '../../../shared/limits.js';
import { presentKpiDetail, presentMeasurement } from '../strategy.presenter.js';
import * as S from '../strategy.schemas.js';
import type { StrategyService } from '../strategy.service.js';
import { BASE, both, CsvText, sendJsonText, en, NoContent, ro, STAFF, tags } from '../strategy.http.js';

/** KPIs and the CSV import of measurements. */
export function kpiRoutes(app: AppInstance, strategy: StrategyService) {
  for (const url of both(`${BASE}/kpis`))
    app.get(url, {
      config: { access: 'public' },
      schema: { tags, summary: 'KPIs with baseline, target, latest value, progress and status', params: S.TenantOnlyParams, querystring: S.KpiListQuery, response: { 200: S.KpiListResponse.or(CsvText) } },
      handler: async (req, reply) => {
        const tenant = requireTenant(req);
        // the cached list's text, checked against its schema when built, sent as it is
        if (!wantsCsv(req)) return reply.type('application/json; charset=utf-8').send(await strategy.kpiListJson(tenant, req.query, req.actor));
        const items = await strategy.kpis(tenant.id, req.query);
        return sendCsv(reply, `kpis-${tenant.slug}.csv`, items, [
            { header: 'code', value: (k) => k.code },
            { header: 'level', value: (k) => k.level },
            { header: 'scope', value: (k) => k.scope.code },
            { header: 'pillar', value: (k) => k.pillar.code },
            { header: 'name_ro', value: (k) => ro(k.name) },
            { header: 'name_en', value: (k) => en(k.name) },
            { header: 'unit', value: (k) => k.unit },
            { header: 'direction', value: (k) => k.direction },
            { header: 'baseline_available', value: (k) => k.baseline.available },
            { header: 'baseline_value', value: (k) => k.baseline.value },
            { header: 'baseline_text', value: (k) => k.baseline.text },
            { header: 'baseline_year', value: (k) => k.baseline.year },
            { header: 'target_kind', value: (k) => k.target.kind },
            { header: 'target_value', value: (k) => k.target.value },
            { header: 'target_text', value: (k) => k.target.text },
            { header: 'target_year', value: (k) => k.target.year },
            { header: 'latest_date', value: (k) => k.latest?.date },
            { header: 'latest_value', value: (k) => k.latest?.value },
            { header: 'progress_percent', value: (k) => k.progress },
            { header: 'status', value: (k) => k.status },
            { header: 'automatic_metric', value: (k) => k.automatic?.metric },
          ]);
      },
    });
  app.post(`${BASE}/kpis`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Create a KPI', params: S.TenantOnlyParams, body: S.KpiCreateBody, response: { 201: S.KpiDetailResponse } },
    handler: async (req, reply) => reply.code(201).send(presentKpiDetail(await strategy.createKpi(req.actor, requireTenant(req), req.body))),
  });
  // POST /kpis/measurements:import — declared as a parameter that only accepts that value, because a
  // literal colon ("::") in a route path cannot be told apart from a parameter by tools that walk routes.
  app.post(`${BASE}/kpis/:action`, {
    config: { access: STAFF },
    schema: {
      tags,
      summary: 'Import measurements from CSV: POST /kpis/measurements:import (Content-Type: text/csv; header kpi,date,value,source,note); all or nothing',
      params: S.TenantOnlyParams.extend({ action: z.literal('measurements:import') }),
      body: z.string().max(LIMITS.bodyBytes * 5),
      response: { 200: S.MeasurementImportResponse },
    },
    handler: async (req) => strategy.importMeasurementsCsv(req.actor, requireTenant(req), req.body),
  });
  app.get(`${BASE}/kpis/:code`, {
    config: { access: 'public' },
    schema: { tags, summary: 'A KPI with its measurements', params: S.CodeParams, response: { 200: S.KpiDetailResponse } },
    // the cached page's text (checked against its schema when built) with the caller's follow and abilities
    handler: async (req, reply) => sendJsonText(reply, await strategy.kpiDetailJson(requireTenant(req), req.params.code, req.actor)),
  });
  app.patch(`${BASE}/kpis/:code`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Change a KPI', params: S.CodeParams, body: S.KpiUpdateBody, response: { 200: S.KpiDetailResponse } },
    handler: async (req) => presentKpiDetail(await strategy.updateKpi(req.actor, requireTenant(req), req.params.code, req.body)),
  });
  app.delete(`${BASE}/kpis/:code`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Delete a KPI and its measurements', params: S.CodeParams, response: NoContent },
    handler: async (req, reply) => {
      await strategy.deleteKpi(req.actor, requireTenant(req), req.params.code);
      return reply.code(204).send(null);
    },
  });
}

/** A KPI's measurements and follows. */
export function measurementRoutes(app: AppInstance, strategy: StrategyService) {
  for (const url of both(`${BASE}/kpis/:code/measurements`))
    app.get(url, {
      config: { access: 'public' },
      schema: { tags, summary: "A KPI's measurements, oldest first", params: S.CodeParams, response: { 200: S.MeasurementListResponse.or(CsvText) } },
      handler: async (req, reply) => {
        const tenant = requireTenant(req);
        const list = await strategy.measurements(tenant.id, req.params.code);
        if (wantsCsv(req))
          return sendCsv(reply, `kpi-${list.kpi}-measurements.csv`, list.items, [
            { header: 'kpi', value: () => list.kpi },
            { header: 'date', value: (m) => m.date },
            { header: 'value', value: (m) => m.value },
            { header: 'source', value: (m) => m.source },
            { header: 'note', value: (m) => m.note },
            { header: 'author', value: (m) => m.author },
            { header: 'automatic', value: (m) => m.automatic },
          ]);
        return list;
      },
    });
  app.post(`${BASE}/kpis/:code/measurements`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Record a measurement', params: S.CodeParams, body: S.MeasurementCreateBody, response: { 201: S.MeasurementResponse } },
    handler: async (req, reply) => reply.code(201).send(presentMeasurement(await strategy.addMeasurement(req.actor, requireTenant(req), req.params.code, req.body))),
  });
  app.post(`${BASE}/kpis/:code/follow`, {
    config: { access: 'user' },
    schema: { tags, summary: 'Follow a KPI', params: S.CodeParams, response: { 200: S.FollowResponse } },
    handler: async (req) => strategy.follow(req.actor, requireTenant(req), 'kpi', req.params.code, true),
  });
  app.delete(`${BASE}/kpis/:code/follow`, {
    config: { access: 'user' },
    schema: { tags, summary: 'Stop following a KPI', params: S.CodeParams, response: { 200: S.FollowResponse } },
    handler: async (req) => strategy.follow(req.actor, requireTenant(req), 'kpi', req.params.code, false),
  });

}
