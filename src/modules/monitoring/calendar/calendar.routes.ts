/** The reporting calendar and project teams under /api/v1/tenants/:tenant/monitoring (staff write; teams read). */
import { z } from 'zod';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { CALENDAR_EDIT_ROLES, CALENDAR_READ_ROLES } from './calendar.policy.js';
import { presentCalendarEntry, presentCalendarEntryList } from './calendar.presenter.js';
import { today } from './calendar.service.js';
import * as S from './calendar.schemas.js';
import type { CalendarService } from './calendar.service.js';

const BASE = '/api/v1/tenants/:tenant/monitoring';
const tags = ['monitoring'];

export async function calendarRoutes(app: AppInstance, calendar: CalendarService) {
  app.get(`${BASE}/calendar`, {
    config: { access: { roles: CALENDAR_READ_ROLES } },
    schema: { tags, summary: 'The reporting calendar: which project or objective reports how often, and when its next report is due', params: S.TenantParams, response: { 200: S.CalendarListResponse } },
    handler: async (req) => presentCalendarEntryList(await calendar.list(req.actor, requireTenant(req))),
  });
  app.put(`${BASE}/calendar/:scope`, {
    config: { access: { roles: CALENDAR_EDIT_ROLES } },
    schema: { tags, summary: 'Set the reporting rule of a project or objective (staff; audited)', params: S.ScopeParams, body: S.CalendarSetBody, response: { 200: S.CalendarEntry } },
    handler: async (req) => presentCalendarEntry(await calendar.set(req.actor, requireTenant(req), req.params.scope, req.body), today()),
  });
  app.delete(`${BASE}/calendar/:scope`, {
    config: { access: { roles: CALENDAR_EDIT_ROLES } },
    schema: { tags, summary: 'Remove a reporting rule (staff; audited)', params: S.ScopeParams, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await calendar.remove(req.actor, requireTenant(req), req.params.scope);
      return reply.code(204).send(null);
    },
  });
  app.get(`${BASE}/teams`, {
    config: { access: { roles: CALENDAR_READ_ROLES } },
    schema: { tags, summary: 'Project teams: which accounts report on which project', params: S.TenantParams, response: { 200: S.TeamListResponse } },
    handler: async (req) => calendar.teams(requireTenant(req)),
  });
  app.put(`${BASE}/teams/:code`, {
    config: { access: { roles: CALENDAR_EDIT_ROLES } },
    schema: { tags, summary: "Set a project's team (accounts with the project_team role; staff; audited)", params: S.ProjectParams, body: S.TeamSetBody, response: { 200: S.TeamResponse } },
    handler: async (req) => calendar.setTeam(req.actor, requireTenant(req), req.params.code, req.body.userIds),
  });
}
