import { forbidden } from '../../core/errors.js';
import { type AppInstance, sendJsonText, withAbilities } from '../../core/http.js';
import { isPlatformAdmin } from './tenants.policy.js';
import { presentTenant } from './tenants.presenter.js';
import {
  TenantArchiveBody,
  TenantCreateBody,
  TenantListQuery,
  TenantListResponse,
  TenantMembersResponse,
  TenantParams,
  TenantResponse,
  TenantUpdateBody,
} from './tenants.schemas.js';
import type { TenantsService } from './tenants.service.js';

export async function tenantsRoutes(app: AppInstance, { tenants }: { tenants: TenantsService }) {
  app.get('/api/v1/tenants', {
    config: { access: 'public' },
    schema: { tags: ['tenants'], summary: 'The cities and metropolitan areas on this installation', querystring: TenantListQuery, response: { 200: TenantListResponse } },
    handler: async (req, reply) => {
      if (req.query.archived && !isPlatformAdmin(req.actor)) throw forbidden('Only a platform admin may list archived cities.');
      // every page asks for it: the listing's text is kept (checked against its schema when made) and sent as it is
      const body = await tenants.listingJson(req.query.archived ?? 'active', (shown, all) => JSON.stringify(TenantListResponse.parse({ items: shown.map((t) => presentTenant(t, all)) })));
      return sendJsonText(reply, withAbilities(body, { createCity: isPlatformAdmin(req.actor) }));
    },
  });

  app.post('/api/v1/tenants', {
    config: { access: 'user' },
    schema: { tags: ['tenants'], summary: 'Create a city or a metropolitan area (platform admins)', body: TenantCreateBody, response: { 201: TenantResponse } },
    handler: async (req, reply) => {
      const row = await tenants.create(req.actor, req.body);
      return reply.code(201).send(presentTenant(row, await tenants.listAll(), req.actor));
    },
  });

  app.get('/api/v1/tenants/:tenant', {
    config: { access: 'public' },
    schema: { tags: ['tenants'], summary: 'One city or metropolitan area', params: TenantParams, response: { 200: TenantResponse } },
    handler: async (req) => presentTenant(await tenants.bySlug(req.params.tenant), await tenants.listAll(), req.actor),
  });

  app.patch('/api/v1/tenants/:tenant', {
    config: { access: { roles: ['admin'] } },
    schema: { tags: ['tenants'], summary: 'Change a city: names, languages, boundary (its admins); area and kind (platform admins)', params: TenantParams, body: TenantUpdateBody, response: { 200: TenantResponse } },
    handler: async (req) => presentTenant(await tenants.update(req.actor, await tenants.bySlug(req.params.tenant), req.body), await tenants.listAll(), req.actor),
  });

  app.put('/api/v1/tenants/:tenant/archived', {
    config: { access: 'user' },
    schema: { tags: ['tenants'], summary: 'Archive a city (hidden from lists, data kept) or bring it back (platform admins)', params: TenantParams, body: TenantArchiveBody, response: { 200: TenantResponse } },
    handler: async (req) => presentTenant(await tenants.setArchived(req.actor, await tenants.bySlug(req.params.tenant), req.body.archived), await tenants.listAll(), req.actor),
  });

  app.get('/api/v1/tenants/:tenant/cities', {
    config: { access: 'public' },
    schema: { tags: ['tenants'], summary: 'The members of a metropolitan area', params: TenantParams, response: { 200: TenantMembersResponse } },
    handler: async (req) => {
      const area = await tenants.bySlug(req.params.tenant);
      const all = await tenants.listAll();
      return { area: presentTenant(area, all), items: (await tenants.members(area)).map((t) => presentTenant(t, all)) };
    },
  });
}
