/** City events and the city's calendar list. Thin: schema → service → presenter. */
import { z } from 'zod';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import type { Multiloc } from '../../../core/i18n.js';
import { RATE_LIMITS } from '../../../shared/limits.js';
import { TenantParams } from '../../tenants/index.js';
import { BASE, callerView } from '../directory.common.js';
import { googleLink, outlookLink } from '../calendar/calendar.links.js';
import { presentCalendarItem } from '../calendar/calendar.presenter.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { presentEvent } from './events.presenter.js';
import * as S from './events.schemas.js';
import type { EventsService } from './events.service.js';

const tags = ['directory'];

export async function eventsRoutes(app: AppInstance, svc: EventsService, calendar: CalendarService, publicUrl: () => string) {
  app.get(`${BASE}/calendar`, {
    config: { access: 'public' },
    schema: { tags, summary: "The city's calendar: events, group meetings and participatory-process phases, filtered by kind, ambition, group, place and dates", params: TenantParams, querystring: S.CalendarQuery, response: { 200: S.CalendarResponse } },
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return { items: (await calendar.items(req.actor, requireTenant(req), req.query)).map(presentCalendarItem) };
    },
  });
  app.get(`${BASE}/events`, {
    config: { access: 'public' },
    schema: { tags, summary: 'City events', params: TenantParams, querystring: S.CalendarQuery.pick({ from: true, to: true, strategyCode: true }).extend({ kind: z.enum(S.EVENT_KINDS).optional() }), response: { 200: S.EventListResponse } },
    handler: async (req) => {
      const q = req.query;
      return { items: (await svc.repo.list(requireTenant(req).id, { from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, kinds: q.kind ? [q.kind] : undefined, strategyCode: q.strategyCode })).map(presentEvent) };
    },
  });
  app.get(`${BASE}/events/:id`, {
    config: { access: 'public' },
    schema: { tags, summary: 'An event with "add to calendar" links and what you may do', params: S.EventParams, response: { 200: S.EventDetail } },
    handler: async (req, reply) => {
      const { tenant, view: d } = await callerView(req, reply, (actor, t) => svc.detail(actor, t, req.params.id));
      const entry = { title: (d.e.title as Multiloc).ro, start: d.e.starts_at, end: d.e.ends_at, description: new URL(`/${tenant.slug}/events/${d.e.id}`, publicUrl()).toString(), location: d.e.online_url ?? d.e.address ?? '' };
      return { ...presentEvent(d.e), following: d.following, abilities: d.abilities, links: { ics: `/api/v1/tenants/${tenant.slug}/events/${d.e.id}/calendar.ics`, google: googleLink(entry), outlook: outlookLink(entry) } };
    },
  });
  app.post(`${BASE}/events`, {
    config: { access: 'user' },
    schema: { tags, summary: "Publish an event (staff, or an organisation's admins for their organisation; audited)", params: TenantParams, body: S.EventCreateBody, response: { 201: S.EventOut } },
    handler: async (req, reply) => reply.code(201).send(presentEvent(await svc.create(req.actor, requireTenant(req), req.body))),
  });
  app.patch(`${BASE}/events/:id`, {
    config: { access: 'user' },
    schema: { tags, summary: 'Change or cancel an event (bumps the calendar SEQUENCE; followers notified of a new time or a cancellation)', params: S.EventParams, body: S.EventUpdateBody, response: { 200: S.EventOut } },
    handler: async (req) => presentEvent(await svc.update(req.actor, requireTenant(req), req.params.id, req.body)),
  });
  app.put(`${BASE}/events/:id/follow`, {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags, summary: 'Follow an event (it goes into your personal calendar feed) or stop following', params: S.EventParams, body: z.strictObject({ following: z.boolean() }), response: { 204: z.null() } },
    handler: async (req, reply) => {
      await svc.follow(req.actor, requireTenant(req), req.params.id, req.body.following);
      return reply.code(204).send(null);
    },
  });
}
