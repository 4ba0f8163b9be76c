import { defineCoreModule } from '../module.js';
import { createTenantsService } from './tenants.service.js';
import { tenantsRoutes } from './tenants.routes.js';
export type { TenantRow } from './tenants.repository.js';
export { TenantsService, createTenantsService, type CityInput } from './tenants.service.js';
export { tenantsRoutes } from './tenants.routes.js';
export { seedTenants, seedMetropolitanAreas, TENANT_SEEDS } from './tenants.seed.js';
export { presentTenant } from './tenants.presenter.js';
export { isPlatformAdmin } from './tenants.policy.js';
export { TenantParams } from './tenants.schemas.js';

export const tenantsModule = defineCoreModule({
  name: 'tenants',
  create: (ctx) => createTenantsService(ctx.db),
  routes: (app, core) => tenantsRoutes(app, { tenants: core.tenants }),
});
