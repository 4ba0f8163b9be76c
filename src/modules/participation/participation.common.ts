/** What participation's resource folders share: the routes' base path, staff role and params; the repositories' transaction type. */
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../core/db.js';
import { TenantParams } from '../tenants/index.js';
import { MANAGE_ROLES } from './participation.policy.js';

export const STAFF = { roles: MANAGE_ROLES } as const;
export const BASE = '/api/v1/tenants/:tenant';
export const tags = ['participation'];
export const NumId = TenantParams.extend({ id: z.coerce.number().int().positive() });
export const Code = z.string().min(1).max(40).regex(/^[A-Za-z0-9._/-]+$/);
export const MultilocOut = z.object({ ro: z.string(), en: z.string().optional(), hu: z.string().optional() });
export type Q = Kysely<Database> | Transaction<Database>;
