import type { AppInstance } from '../../core/http.js';
import { presentTenant } from './tenants.presenter.js';
import { TenantListResponse, TenantParams, TenantResponse } from './tenants.schemas.js';
import type { TenantsService } from './tenants.service.js';

export async function tenantsRoutes(app: AppInstance, { tenants }: { tenants: TenantsService }) {
  app.get('/api/v1/tenants', {
    config: { access: 'public' },
    schema: { tags: ['tenants'], summary: 'The municipalities on this installation', response: { 200: TenantListResponse } },
    handler: async () => ({ items: (await tenants.list()).map(presentTenant) }),
  });

  app.get('/api/v1/tenants/:tenant', {
    config: { access: 'public' },
    schema: { tags: ['tenants'], summary: 'One municipality', params: TenantParams, response: { 200: TenantResponse } },
    handler: async (req) => presentTenant(await tenants.bySlug(req.params.tenant)),
  });
}
