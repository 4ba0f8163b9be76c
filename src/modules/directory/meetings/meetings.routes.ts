/** A group's meetings: schedule, register, attendance, minutes with versions, decisions. Thin: schema → service → presenter. */
import fastifyMultipart from '@fastify/multipart';
import { z } from 'zod';
import { checkDocument, readOneUpload } from '../../../core/documents.js';
import { IMAGE_LIMITS } from '../../../core/images.js';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import type { Multiloc } from '../../../core/i18n.js';
import { RATE_LIMITS } from '../../../shared/limits.js';
import { BASE, callerView } from '../directory.common.js';
import { GroupParams } from '../groups/groups.schemas.js';
import { googleLink, outlookLink } from '../calendar/calendar.links.js';
import { presentDecision, presentMeeting, presentMeetingFile, presentMinutes } from './meetings.presenter.js';
import * as S from './meetings.schemas.js';
import type { MeetingDocumentsService } from './meetings.documents.service.js';
import type { MeetingsService } from './meetings.service.js';

const tags = ['directory'];
const NoContent = { 204: z.null() };
const M = `${BASE}/groups/:id/meetings`;

export async function meetingsRoutes(app: AppInstance, svc: MeetingsService, documents: MeetingDocumentsService, publicUrl: () => string) {
  meetingRoutes(app, svc, publicUrl);
  documentRoutes(app, documents);
  registrationRoutes(app, svc);
  minutesRoutes(app, svc);
}

/** The meetings themselves: list, one meeting with everything about it, scheduling and changes. */
function meetingRoutes(app: AppInstance, svc: MeetingsService, publicUrl: () => string) {
  app.get(M, {
    config: { access: 'public' },
    schema: { tags, summary: "A group's meetings (filter by date)", params: GroupParams, querystring: S.MeetingListQuery, response: { 200: S.MeetingListResponse } },
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const { group, rows } = await svc.list(req.actor, requireTenant(req), req.params.id, req.query);
      return { items: rows.map((r) => presentMeeting(r.m, group.slug, r.registered)) };
    },
  });
  app.get(`${M}/:meetingId`, {
    config: { access: 'public' },
    schema: { tags, summary: 'A meeting with agenda, minutes (approved; the draft for coordinators), versions, decisions, "add to calendar" links and what you may do', params: S.MeetingParams, response: { 200: S.MeetingDetail } },
    handler: async (req, reply) => {
      const { tenant, view: d } = await callerView(req, reply, (actor, t) => svc.detail(actor, t, req.params.id, req.params.meetingId));
      const path = `/${tenant.slug}/groups/${d.group.slug}/meetings/${d.m.id}`;
      const title = (d.m.title as Multiloc).ro;
      const entry = { title, start: d.m.starts_at, end: d.m.ends_at, description: new URL(path, publicUrl()).toString(), location: d.m.online_url ?? d.m.address ?? '' };
      return {
        ...presentMeeting(d.m, d.group.slug, d.registered),
        minutes: d.minutes ? presentMinutes(d.minutes.row, d.minutes.names) : null,
        versions: d.versions.map((v) => ({ version: v.version, state: v.state, createdAt: v.created_at.toISOString() })),
        decisions: d.decisions.map(presentDecision),
        files: d.files.map((f) => presentMeetingFile(f, `/api/v1/tenants/${tenant.slug}/groups/${d.group.slug}/meetings/${d.m.id}`)),
        registrations: d.registrations,
        myRegistration: d.myRegistration,
        abilities: d.abilities,
        links: { ics: `/api/v1/tenants/${tenant.slug}/groups/${d.group.slug}/meetings/${d.m.id}/calendar.ics`, google: googleLink(entry), outlook: outlookLink(entry) },
      };
    },
  });
  app.post(M, {
    config: { access: 'user' },
    schema: { tags, summary: 'Schedule a meeting (coordinators, staff; audited; members notified)', params: GroupParams, body: S.MeetingCreateBody, response: { 201: S.MeetingOut } },
    handler: async (req, reply) => {
      const m = await svc.schedule(req.actor, requireTenant(req), req.params.id, req.body);
      const slug = (await svc.list(req.actor, requireTenant(req), req.params.id, {})).group.slug;
      return reply.code(201).send(presentMeeting(m, slug, 0));
    },
  });
  app.patch(`${M}/:meetingId`, {
    config: { access: 'user' },
    schema: { tags, summary: 'Change or cancel a meeting (coordinators, staff; bumps the calendar SEQUENCE; registered people notified)', params: S.MeetingParams, body: S.MeetingUpdateBody, response: { 200: S.MeetingOut } },
    handler: async (req) => {
      const tenant = requireTenant(req);
      const m = await svc.update(req.actor, tenant, req.params.id, req.params.meetingId, req.body);
      const counts = await svc.registered([m.id]);
      return presentMeeting(m, (await svc.list(req.actor, tenant, req.params.id, {})).group.slug, counts.get(m.id) ?? 0);
    },
  });
}

/** A meeting's documents (uploads checked by content). */
function documentRoutes(app: AppInstance, svc: MeetingDocumentsService) {
  app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { files: 1, fileSize: IMAGE_LIMITS.fileBytes } });
    (scope as AppInstance).post(`${M}/:meetingId/files`, {
      config: { access: 'user' },
      schema: { tags, summary: 'Upload a document to a meeting (multipart/form-data, field "file"; PDF, ODT/ODS/ODP or an image, checked by content; coordinators, staff; audited)', consumes: ['multipart/form-data'], params: S.MeetingParams, querystring: S.MeetingFileQuery, response: { 201: S.MeetingFileOut } },
      handler: async (req, reply) => {
        const tenant = requireTenant(req);
        const upload = await readOneUpload(req, 'file', IMAGE_LIMITS.fileBytes);
        const doc = await checkDocument(upload.buffer, upload.name, 'file');
        const f = await svc.addFile(req.actor, tenant, req.params.id, req.params.meetingId, doc, req.query);
        return reply.code(201).send(presentMeetingFile(f, `/api/v1/tenants/${tenant.slug}/groups/${req.params.id}/meetings/${req.params.meetingId}`));
      },
    });
  });
  app.get(`${M}/:meetingId/files/:fileId`, {
    config: { access: 'public' },
    schema: { tags, summary: "Download a meeting's document (as visible as the meeting)", params: S.MeetingFileParams, response: { 200: z.any().describe('the file as stored after the content check') } },
    handler: async (req, reply) => {
      const { row, file } = await svc.file(req.actor, requireTenant(req), req.params.id, req.params.meetingId, req.params.fileId);
      return reply
        .type(row.media_type)
        .header('content-disposition', `attachment; filename="${row.name.replace(/[^A-Za-z0-9 ._()-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(row.name)}`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=300')
        .send(file.stream);
    },
  });
  app.delete(`${M}/:meetingId/files/:fileId`, {
    config: { access: 'user' },
    schema: { tags, summary: "Remove a meeting's document (coordinators, staff; until the minutes are approved; audited)", params: S.MeetingFileParams, response: NoContent },
    handler: async (req, reply) => {
      await svc.removeFile(req.actor, requireTenant(req), req.params.id, req.params.meetingId, req.params.fileId);
      return reply.code(204).send(null);
    },
  });
}

/** Registrations and attendance. */
function registrationRoutes(app: AppInstance, svc: MeetingsService) {
  app.post(`${M}/:meetingId/registrations`, {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags, summary: 'Register for a meeting (409 when full or already registered)', params: S.MeetingParams, response: NoContent },
    handler: async (req, reply) => {
      await svc.register(req.actor, requireTenant(req), req.params.id, req.params.meetingId);
      return reply.code(204).send(null);
    },
  });
  app.delete(`${M}/:meetingId/registrations/me`, {
    config: { access: 'user' },
    schema: { tags, summary: 'Cancel my registration', params: S.MeetingParams, response: NoContent },
    handler: async (req, reply) => {
      await svc.unregister(req.actor, requireTenant(req), req.params.id, req.params.meetingId);
      return reply.code(204).send(null);
    },
  });
  app.put(`${M}/:meetingId/attendance`, {
    config: { access: 'user' },
    schema: { tags, summary: 'Record who attended (coordinators, staff; registration ids)', params: S.MeetingParams, body: S.AttendanceBody, response: NoContent },
    handler: async (req, reply) => {
      await svc.recordAttendance(req.actor, requireTenant(req), req.params.id, req.params.meetingId, req.body.present);
      return reply.code(204).send(null);
    },
  });
}

/** Minutes with their versions, and decisions. */
function minutesRoutes(app: AppInstance, svc: MeetingsService) {
  app.post(`${M}/:meetingId/minutes`, {
    config: { access: 'user' },
    schema: { tags, summary: 'Save the minutes as a new draft version (coordinators, staff; 409 once approved)', params: S.MeetingParams, body: S.MinutesBody, response: { 201: z.object({ version: z.number() }) } },
    handler: async (req, reply) => reply.code(201).send({ version: await svc.writeMinutes(req.actor, requireTenant(req), req.params.id, req.params.meetingId, req.body.body) }),
  });
  app.post(`${M}/:meetingId/minutes/approve`, {
    config: { access: 'user' },
    schema: { tags, summary: 'Approve the latest draft (the coordinator); then the minutes are immutable', params: S.MeetingParams, response: { 200: z.object({ version: z.number() }) } },
    handler: async (req) => ({ version: await svc.approveMinutes(req.actor, requireTenant(req), req.params.id, req.params.meetingId) }),
  });
  app.post(`${M}/:meetingId/decisions`, {
    config: { access: 'user' },
    schema: { tags, summary: 'Record a decision (consensus, or a vote with for/against/abstain) with links to projects or recommendations', params: S.MeetingParams, body: S.DecisionBody, response: { 201: S.DecisionOut } },
    handler: async (req, reply) => reply.code(201).send(presentDecision(await svc.addDecision(req.actor, requireTenant(req), req.params.id, req.params.meetingId, req.body))),
  });
}
