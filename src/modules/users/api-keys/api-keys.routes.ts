import { z } from 'zod';
import type { AppInstance } from '../../../core/http.js';
import { requireTenant } from '../../../core/http.js';
import { TenantParams } from '../../tenants/index.js';
import { presentApiKey } from '../users.presenter.js';
import { ApiKeyCreateBody, ApiKeyCreateResponse, ApiKeyListResponse, ApiKeyParams } from '../users.schemas.js';
import type { UsersService } from '../users.service.js';

/** Staff area: a city's API keys (admins only). */
export async function apiKeysRoutes(app: AppInstance, users: UsersService) {
  app.get('/api/v1/tenants/:tenant/api-keys', {
    config: { access: { roles: ['admin'] } },
    schema: { tags: ['admin'], summary: "This city's API keys (without their secrets)", params: TenantParams, response: { 200: ApiKeyListResponse } },
    handler: async (req) => ({ items: (await users.apiKeys(requireTenant(req))).map(presentApiKey) }),
  });

  app.post('/api/v1/tenants/:tenant/api-keys', {
    config: { access: { roles: ['admin'] } },
    schema: { tags: ['admin'], summary: 'Create an API key for a machine (the secret is shown once; audited)', params: TenantParams, body: ApiKeyCreateBody, response: { 201: ApiKeyCreateResponse } },
    handler: async (req, reply) => {
      const { key, secret } = await users.createApiKey(req.actor, requireTenant(req), req.body);
      return reply.code(201).send({ ...presentApiKey(key), secret });
    },
  });

  app.delete('/api/v1/tenants/:tenant/api-keys/:id', {
    config: { access: { roles: ['admin'] } },
    schema: { tags: ['admin'], summary: 'Revoke an API key (audited)', params: ApiKeyParams, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await users.revokeApiKey(req.actor, requireTenant(req), req.params.id);
      return reply.code(204).send(null);
    },
  });
}
