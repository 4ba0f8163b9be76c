/** What every participation route file shares: the tenant's API base, the staff access and the OpenAPI tag. */
export const BASE = '/api/v1/tenants/:tenant';
export const STAFF = { roles: ['staff'] } as const;
export const tags = ['participation'];
