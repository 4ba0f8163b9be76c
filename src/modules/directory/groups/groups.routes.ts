/** Groups and their members. Thin: schema → service → presenter. */
import { z } from 'zod';
import { type AppInstance, requireTenant } from '../../../core/http.js';
import { RATE_LIMITS } from '../../../shared/limits.js';
import { TenantParams } from '../../tenants/index.js';
import { BASE, STAFF, callerView } from '../directory.common.js';
import { presentGroup, presentGroupMember } from './groups.presenter.js';
import * as S from './groups.schemas.js';
import type { GroupsService } from './groups.service.js';

const tags = ['directory'];

export async function groupsRoutes(app: AppInstance, svc: GroupsService) {
  app.get(`${BASE}/groups`, {
    config: { access: 'public' },
    schema: { tags, summary: 'Groups (members-only groups only to their members and staff)', params: TenantParams, querystring: S.GroupListQuery, response: { 200: S.GroupListResponse } },
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return { items: (await svc.list(req.actor, requireTenant(req), req.query)).map((g) => presentGroup(g.group, g.count)) };
    },
  });
  app.get(`${BASE}/groups/:id`, {
    config: { access: 'public' },
    schema: { tags, summary: 'A group (by number or slug) with its members (people only with consent) and what you may do', params: S.GroupParams, response: { 200: S.GroupDetail } },
    handler: async (req, reply) => {
      const { view: d } = await callerView(req, reply, (actor, tenant) => svc.detail(actor, tenant, req.params.id));
      return { ...presentGroup(d.group, d.count), members: d.members.map((m) => presentGroupMember(m.row, m.names, m.mine, d.seeRequests)), myMembership: d.myMembership, abilities: d.abilities };
    },
  });
  app.post(`${BASE}/groups`, {
    config: { access: STAFF },
    schema: { tags, summary: 'Create a group (staff; audited)', params: TenantParams, body: S.GroupCreateBody, response: { 201: S.GroupOut } },
    handler: async (req, reply) => reply.code(201).send(presentGroup(await svc.create(req.actor, requireTenant(req), req.body), 0)),
  });
  app.patch(`${BASE}/groups/:id`, {
    config: { access: 'user' },
    schema: { tags, summary: 'Edit a group (coordinators or staff; audited)', params: S.GroupParams, body: S.GroupUpdateBody, response: { 200: S.GroupOut } },
    handler: async (req) => presentGroup(await svc.update(req.actor, requireTenant(req), req.params.id, req.body), 0),
  });
  app.post(`${BASE}/groups/:id/members`, {
    config: { access: 'user', rateLimit: RATE_LIMITS.publicWrite },
    schema: { tags, summary: 'Ask to join, as yourself or for an organisation you administer (409 group_closed when the group takes no requests)', params: S.GroupParams, body: S.JoinGroupBody, response: { 201: z.object({ id: z.number(), status: z.literal('requested') }) } },
    handler: async (req, reply) => {
      const m = await svc.requestToJoin(req.actor, requireTenant(req), req.params.id, req.body);
      return reply.code(201).send({ id: m.id, status: 'requested' as const });
    },
  });
  app.patch(`${BASE}/groups/:id/members/:memberId`, {
    config: { access: 'user' },
    schema: { tags, summary: 'Approve or decline a request and set the position (coordinators, staff); change your own consent to be listed', params: S.GroupMemberParams, body: S.GroupMemberUpdateBody, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await svc.updateMember(req.actor, requireTenant(req), req.params.id, req.params.memberId, req.body);
      return reply.code(204).send(null);
    },
  });
}
