/** Staff triage: the queue, actions on one report or many, hiding, the email blocklist and counter requests. */
import { z } from 'zod';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { TenantParams } from '../../tenants/index.js';
import { presentStaffSummary } from '../reports/reports.presenter.js';
import { categoryIds } from '../reports/reports.routes.js';
import { TenantReportParams } from '../reports/reports.schemas.js';
import { BlockBody, BlocklistResponse, BulkActionBody, BulkResponse, CounterBody, HideBody, QueueQuery, QueueResponse, StaffActionBody } from './triage.schemas.js';
import type { ReportsService } from '../reports/reports.service.js';
import { TRIAGE_ROLES } from './triage.policy.js';

const STAFF = { roles: TRIAGE_ROLES } as const;
const NoContent = { 204: z.null() };
const base = '/api/v1/tenants/:tenant/reports';

export async function triageRoutes(app: AppInstance, service: ReportsService) {
  app.get(`${base}/queue`, {
    config: { access: STAFF },
    schema: { tags: ['reports'], summary: 'Triage queue: all reports (also unconfirmed and hidden), sorted by SLA breach or age', params: TenantParams, querystring: QueueQuery, response: { 200: QueueResponse } },
    handler: async (req) => {
      const q = req.query;
      const f = { tenantId: requireTenant(req).id, staff: true, status: q.status, categoryIds: await categoryIds(service, req, q.category), departmentCode: q.department, area: q.area, sort: q.sort, limit: q.pageSize, offset: (q.page - 1) * q.pageSize };
      const [items, total] = await Promise.all([service.list(f), service.count(f)]);
      return { items: items.map(presentStaffSummary), total, page: q.page, pageSize: q.pageSize };
    },
  });

  app.post(`${base}/:id/actions`, {
    config: { access: STAFF },
    schema: { tags: ['reports'], summary: 'Triage one report: status, public update, internal note, assignment, merge as duplicate (audited)', params: TenantReportParams, body: StaffActionBody, response: NoContent },
    handler: async (req, reply) => {
      await service.triage.act(req.actor, requireTenant(req), req.params.id, req.body);
      return reply.code(204).send(null);
    },
  });

  app.post(`${base}/bulk`, {
    config: { access: STAFF },
    schema: { tags: ['reports'], summary: 'The same action on many reports, all or none (audited per report)', params: TenantParams, body: BulkActionBody, response: { 200: BulkResponse } },
    handler: async (req) => {
      const { ids, ...action } = req.body;
      return { updated: await service.triage.bulk(req.actor, requireTenant(req), ids, action) };
    },
  });

  app.post(`${base}/:id/hide`, {
    config: { access: STAFF },
    schema: { tags: ['reports'], summary: 'Hide (or show again) an abusive report; the original is kept (audited)', params: TenantReportParams, body: HideBody, response: NoContent },
    handler: async (req, reply) => {
      await service.triage.hide(req.actor, requireTenant(req), req.params.id, req.body.reason, req.body.hidden);
      return reply.code(204).send(null);
    },
  });

  app.get(`${base}/blocklist`, {
    config: { access: STAFF },
    schema: { tags: ['reports'], summary: 'Blocked email addresses', params: TenantParams, response: { 200: BlocklistResponse } },
    handler: async (req) => ({ items: (await service.triage.blocklist(requireTenant(req))).map((b) => ({ email: b.email_normalized, reason: b.reason, createdAt: new Date(b.created_at).toISOString() })) }),
  });

  app.post(`${base}/blocklist`, {
    config: { access: STAFF },
    schema: { tags: ['reports'], summary: 'Block an abusive email address (audited)', params: TenantParams, body: BlockBody, response: NoContent },
    handler: async (req, reply) => {
      await service.triage.block(req.actor, requireTenant(req), req.body.email, req.body.reason);
      return reply.code(204).send(null);
    },
  });

  app.put(`${base}/counter-requests`, {
    config: { access: STAFF },
    schema: { tags: ['reports'], summary: 'Record how many requests were made in person at the counter in a month (for the online-share KPI; audited)', params: TenantParams, body: CounterBody, response: NoContent },
    handler: async (req, reply) => {
      await service.triage.setCounterRequests(req.actor, requireTenant(req), req.body.month, req.body.count);
      return reply.code(204).send(null);
    },
  });
}
