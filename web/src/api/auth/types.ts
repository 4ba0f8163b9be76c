/** Who is signed in, generated from the OpenAPI document (web/src/api/schema.gen.ts). */
import type { ApiGet, Schemas } from '../client';

export type Me = ApiGet<'/api/v1/auth/me'>;
export type User = Schemas['User'];
export type Role = Me['memberships'][number]['roles'][number];
