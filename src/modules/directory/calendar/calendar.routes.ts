/** iCalendar feeds (text/calendar) and the personal feed's secret address. */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { VersionedCache } from '../../../core/cache.js';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { LOCALES, type Locale } from '../../../core/i18n.js';
import { TenantParams } from '../../tenants/index.js';
import { BASE } from '../directory.common.js';
import { GroupParams } from '../groups/groups.schemas.js';
import { type CalendarFeed, toICalendar } from './calendar.presenter.js';
import * as S from './calendar.schemas.js';
import type { CalendarService } from './calendar.service.js';

const tags = ['directory'];
const Lang = z.strictObject({ lang: z.enum(LOCALES).default('ro') });
const ics = (reply: FastifyReply, name: string, feed: CalendarFeed | string, cache = 'public, max-age=300') =>
  reply.type('text/calendar; charset=utf-8').header('content-disposition', `inline; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}.ics"`).header('cache-control', cache).serializer((x: unknown) => x as string).send(typeof feed === 'string' ? feed : toICalendar(feed.entries, feed.meta));

export async function calendarRoutes(app: AppInstance, svc: CalendarService) {
  /** city feeds' text by city and language, each for the calendar version it was written from */
  const cityFeeds = new VersionedCache<string, string>(64 * 3);
  app.get(`${BASE}/calendar.ics`, {
    config: { access: 'public' },
    schema: { tags, summary: "The city's iCalendar feed (RFC 5545/7986): events, public groups' meetings, process phases", params: TenantParams, querystring: Lang },
    handler: async (req, reply) => {
      const tenant = requireTenant(req);
      const feed = await svc.tenantFeed(tenant, req.query.lang as Locale);
      return ics(reply, `${tenant.slug}-calendar`, await cityFeeds.get(`${tenant.id}:${req.query.lang}`, feed.version, () => toICalendar(feed.entries, feed.meta)));
    },
  });
  app.get(`${BASE}/groups/:id/calendar.ics`, {
    config: { access: 'public' },
    schema: { tags, summary: "A group's iCalendar feed (its meetings and events)", params: GroupParams, querystring: Lang },
    handler: async (req, reply) => ics(reply, `group-${req.params.id}`, await svc.groupFeed(req.actor, requireTenant(req), req.params.id, req.query.lang as Locale), 'private, max-age=300'),
  });
  app.get(`${BASE}/organisations/:id/calendar.ics`, {
    config: { access: 'public' },
    schema: { tags, summary: "An organisation's iCalendar feed (its events and its public groups' meetings)", params: S.OrgFeedParams, querystring: Lang },
    handler: async (req, reply) => ics(reply, `organisation-${req.params.id}`, await svc.organisationFeed(requireTenant(req), req.params.id, req.query.lang as Locale)),
  });
  app.get(`${BASE}/events/:id/calendar.ics`, {
    config: { access: 'public' },
    schema: { tags, summary: 'One event as an .ics file ("add to calendar")', params: S.EventFeedParams, querystring: Lang },
    handler: async (req, reply) => ics(reply, `event-${req.params.id}`, await svc.eventFeed(requireTenant(req), req.params.id, req.query.lang as Locale)),
  });
  app.get(`${BASE}/groups/:id/meetings/:meetingId/calendar.ics`, {
    config: { access: 'public' },
    schema: { tags, summary: 'One meeting as an .ics file ("add to calendar")', params: S.MeetingFeedParams, querystring: Lang },
    handler: async (req, reply) => ics(reply, `meeting-${req.params.meetingId}`, await svc.meetingFeed(req.actor, requireTenant(req), req.params.id, req.params.meetingId, req.query.lang as Locale), 'private, max-age=300'),
  });
  app.get('/api/v1/me/calendar/:file', {
    config: { access: 'public' },
    schema: { tags, summary: 'Your personal iCalendar feed at its secret address `{token}.ics` (what you follow, registered for, and your groups\' meetings)', params: z.object({ file: z.string().regex(/^[A-Za-z0-9_-]{20,100}\.ics$/) }), querystring: Lang },
    handler: async (req, reply) => ics(reply, 'urbia-personal', await svc.personalFeed(req.params.file.slice(0, -4), req.query.lang as Locale), 'private, no-store'),
  });
  app.get('/api/v1/me/calendar-token', {
    config: { access: 'user' },
    schema: { tags, summary: 'Whether you have a personal feed address', response: { 200: S.TokenStatus } },
    handler: async (req) => ({ exists: await svc.hasToken(req.actor) }),
  });
  app.post('/api/v1/me/calendar-token', {
    config: { access: 'user' },
    schema: { tags, summary: 'Create or rotate your personal feed address (the old one stops working); shown once', response: { 201: S.TokenResponse } },
    handler: async (req, reply) => reply.code(201).header('cache-control', 'no-store').send({ url: await svc.rotateToken(req.actor) }),
  });
  app.delete('/api/v1/me/calendar-token', {
    config: { access: 'user' },
    schema: { tags, summary: 'Turn your personal feed off', response: { 204: z.null() } },
    handler: async (req, reply) => {
      await svc.revokeToken(req.actor);
      return reply.code(204).send(null);
    },
  });
}
