/**
 * Progress reports under /api/v1/tenants/:tenant/progress-reports (paths fixed by issue 14), the staff
 * dashboard's overdue list and a project's public reporting state under …/monitoring.
 */
import fastifyMultipart from '@fastify/multipart';
import { z } from 'zod';
import { validationFailed } from '../../../core/errors.js';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { ProjectParams, TenantParams } from '../calendar/calendar.schemas.js';
import { ATTACHMENT_LIMITS } from './progress-reports.attachments.js';
import { OVERDUE_READ_ROLES, REPORT_READ_ROLES, REPORT_REVIEW_ROLES, REPORT_WRITE_ROLES } from './progress-reports.policy.js';
import { presentReportList, presentReportView } from './progress-reports.presenter.js';
import * as S from './progress-reports.schemas.js';
import type { ReportDeadlinesService } from './progress-reports.deadlines.service.js';
import type { ProgressReportsService } from './progress-reports.service.js';

const BASE = '/api/v1/tenants/:tenant/progress-reports';
const tags = ['monitoring'];

export async function progressReportsRoutes(app: AppInstance, reports: ProgressReportsService, deadlines: ReportDeadlinesService) {
  await app.register(fastifyMultipart, { limits: { files: 1, fileSize: ATTACHMENT_LIMITS.fileBytes, fields: 0, parts: 1 } });
  reportRoutes(app, reports);
  attachmentRoutes(app, reports);
  deadlineRoutes(app, deadlines);
}

/** A report and its review workflow: draft → submitted → returned or approved. */
function reportRoutes(app: AppInstance, reports: ProgressReportsService) {
  app.get(BASE, {
    config: { access: { roles: REPORT_READ_ROLES } },
    schema: { tags, summary: "Progress reports (staff and steering: all; a project team: its projects')", params: TenantParams, querystring: S.ReportListQuery, response: { 200: S.ReportListResponse } },
    handler: async (req) => presentReportList(await reports.list(req.actor, requireTenant(req), req.query)),
  });
  app.post(BASE, {
    config: { access: { roles: REPORT_WRITE_ROLES } },
    schema: { tags, summary: "Start a report for a period of the project's calendar (its team or staff; audited)", params: TenantParams, body: S.ReportCreateBody, response: { 201: S.ProgressReport } },
    handler: async (req, reply) => reply.code(201).send(presentReportView(await reports.create(req.actor, requireTenant(req), req.body))),
  });
  app.get(`${BASE}/:id`, {
    config: { access: { roles: REPORT_READ_ROLES } },
    schema: { tags, summary: 'A progress report with its history and abilities', params: S.ReportParams, response: { 200: S.ProgressReport } },
    handler: async (req) => presentReportView(await reports.get(req.actor, requireTenant(req), req.params.id)),
  });
  app.patch(`${BASE}/:id`, {
    config: { access: { roles: REPORT_WRITE_ROLES } },
    schema: { tags, summary: 'Change a draft (or returned) report (its team or staff; audited)', params: S.ReportParams, body: S.ReportUpdateBody, response: { 200: S.ProgressReport } },
    handler: async (req) => presentReportView(await reports.update(req.actor, requireTenant(req), req.params.id, req.body)),
  });
  app.post(`${BASE}/:id/submit`, {
    config: { access: { roles: REPORT_WRITE_ROLES } },
    schema: { tags, summary: 'Submit a draft for review (its team or staff; audited)', params: S.ReportParams, response: { 200: S.ProgressReport } },
    handler: async (req) => presentReportView(await reports.submit(req.actor, requireTenant(req), req.params.id)),
  });
  app.post(`${BASE}/:id/return`, {
    config: { access: { roles: REPORT_REVIEW_ROLES } },
    schema: { tags, summary: 'Return a submitted report to its team with a comment; it is a draft again (staff; audited; the team is notified)', params: S.ReportParams, body: S.ReportReturnBody, response: { 200: S.ProgressReport } },
    handler: async (req) => presentReportView(await reports.return(req.actor, requireTenant(req), req.params.id, req.body.comment)),
  });
  app.post(`${BASE}/:id/approve`, {
    config: { access: { roles: REPORT_REVIEW_ROLES } },
    schema: {
      tags,
      summary: "Approve a submitted report: the period is locked, the project's status, progress, timeline and KPI values are updated, followers and authors of linked proposals are notified (staff; audited)",
      params: S.ReportParams,
      body: S.ReportApproveBody.optional(),
      response: { 200: S.ProgressReport },
    },
    handler: async (req) => presentReportView(await reports.approve(req.actor, requireTenant(req), req.params.id, req.body?.comment)),
  });
}

/** Files attached to a draft report, checked by content. */
function attachmentRoutes(app: AppInstance, reports: ProgressReportsService) {
  app.post(`${BASE}/:id/attachments`, {
    config: { access: { roles: REPORT_WRITE_ROLES } },
    schema: { tags, summary: 'Attach a PDF or an image to a draft (multipart/form-data, field "file"; checked by content; audited)', params: S.ReportParams, consumes: ['multipart/form-data'], response: { 201: S.ProgressReport } },
    handler: async (req, reply) => {
      if (!req.isMultipart()) throw validationFailed([{ field: 'file', message: 'Send the file as multipart/form-data in a field named "file".' }]);
      let file;
      try {
        file = await req.file();
      } catch (e) {
        if ((e as { code?: string }).code === 'FST_PARTS_LIMIT' || (e as { code?: string }).code === 'FST_FILES_LIMIT') throw validationFailed([{ field: 'file', message: 'one file per request' }]);
        throw e;
      }
      if (!file || file.fieldname !== 'file') throw validationFailed([{ field: 'file', message: 'required (a part named "file")' }]);
      let buffer: Buffer;
      try {
        buffer = await file.toBuffer();
      } catch (e) {
        if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw validationFailed([{ field: 'file', message: `at most ${ATTACHMENT_LIMITS.fileBytes / 1024 / 1024} MB`, code: 'too_large' }]);
        throw e;
      }
      return reply.code(201).send(presentReportView(await reports.addAttachment(req.actor, requireTenant(req), req.params.id, { buffer, name: file.filename })));
    },
  });
  app.get(`${BASE}/:id/attachments/:attachment`, {
    config: { access: { roles: REPORT_READ_ROLES } },
    schema: { tags, summary: 'Download an attachment (as stored after the content check)', params: S.AttachmentParams, response: { 200: z.any().describe('the file (application/pdf or image/jpeg)') } },
    handler: async (req, reply) => {
      const { meta, body } = await reports.attachment(req.actor, requireTenant(req), req.params.id, req.params.attachment);
      return reply
        .type(meta.mediaType)
        .header('content-disposition', `attachment; filename="${meta.name.replace(/[^A-Za-z0-9 ._()-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(meta.name)}`)
        .header('x-content-type-options', 'nosniff')
        .send(body);
    },
  });

}

/** What is owed when: the staff dashboard's overdue list and a project's public reporting state. */
function deadlineRoutes(app: AppInstance, deadlines: ReportDeadlinesService) {
  app.get('/api/v1/tenants/:tenant/monitoring/overdue', {
    config: { access: { roles: OVERDUE_READ_ROLES } },
    schema: { tags, summary: 'Reports still owed after their due date (the staff dashboard count)', params: TenantParams, response: { 200: S.OverdueResponse } },
    handler: async (req) => deadlines.overdue(requireTenant(req)),
  });
  app.get('/api/v1/tenants/:tenant/monitoring/projects/:code/reporting', {
    config: { access: 'public' },
    schema: { tags, summary: "A project's reporting state for its public page: overdue since, next due, last approved report", params: ProjectParams, response: { 200: S.ProjectReportingResponse } },
    handler: async (req) => deadlines.projectReporting(requireTenant(req), req.params.code),
  });
}
