import type { AppInstance } from '../../../core/http.js';
import { requireTenant } from '../../../core/http.js';
import { TenantParams } from '../../tenants/index.js';
import { MEMBER_ADMIN_ROLES } from '../users.policy.js';
import { presentMember } from '../users.presenter.js';
import { MemberListResponse, MemberParams, MemberRolesBody, MemberRolesResponse, PeopleSearchQuery, PeopleSearchResponse } from '../users.schemas.js';
import type { UsersService } from '../users.service.js';

/** Staff area: who has which role in a city (admins only). */
export async function rolesRoutes(app: AppInstance, users: UsersService) {
  app.get('/api/v1/tenants/:tenant/members', {
    config: { access: { roles: MEMBER_ADMIN_ROLES } },
    schema: { tags: ['admin'], summary: 'People with a role in this city', params: TenantParams, response: { 200: MemberListResponse } },
    handler: async (req) => ({
      items: (await users.members(requireTenant(req))).map(presentMember),
    }),
  });

  app.get('/api/v1/tenants/:tenant/people', {
    config: { access: { roles: MEMBER_ADMIN_ROLES } },
    schema: { tags: ['admin'], summary: 'Find a person to give a role: an exact e-mail address or part of a name (at most 10; addresses of non-members masked)', params: TenantParams, querystring: PeopleSearchQuery, response: { 200: PeopleSearchResponse } },
    handler: async (req) => ({
      items: (await users.searchPeople(requireTenant(req), req.query.q)).map(presentMember),
    }),
  });

  app.put('/api/v1/tenants/:tenant/members/:userId/roles', {
    config: { access: { roles: MEMBER_ADMIN_ROLES } },
    schema: { tags: ['admin'], summary: "Set a person's roles in this city (audited)", params: MemberParams, body: MemberRolesBody, response: { 200: MemberRolesResponse } },
    handler: async (req) => ({ roles: await users.setMemberRoles(req.actor, requireTenant(req), req.params.userId, req.body.roles) }),
  });
}
