export { TenantsRepository, type TenantRow } from './tenants.repository.js';
export { TenantsService } from './tenants.service.js';
export { tenantsRoutes } from './tenants.routes.js';
export { seedTenants, TENANT_SEEDS } from './tenants.seed.js';
export { presentTenant } from './tenants.presenter.js';
export { TenantParams } from './tenants.schemas.js';
