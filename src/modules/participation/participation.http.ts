/** What the route files of participation's resources share: the base path, the staff role and common params. */
import { z } from 'zod';
import { TenantParams } from '../tenants/index.js';

export const STAFF = { roles: ['staff'] } as const;
export const BASE = '/api/v1/tenants/:tenant';
export const tags = ['participation'];
export const NumId = TenantParams.extend({ id: z.coerce.number().int().positive() });
export const Code = z.string().min(1).max(40).regex(/^[A-Za-z0-9._/-]+$/);
export const MultilocOut = z.object({ ro: z.string(), en: z.string().optional(), hu: z.string().optional() });
export type Q = import('kysely').Kysely<import('../../core/db.js').Database> | import('kysely').Transaction<import('../../core/db.js').Database>;
