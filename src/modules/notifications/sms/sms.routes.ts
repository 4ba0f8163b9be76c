import { z } from 'zod';
import type { AppInstance } from '../../../core/http.js';
import { requireTenant, requireUser } from '../../../core/http.js';
import type { TenantsService } from '../../tenants/index.js';
import type { DeliveriesRepository } from '../deliveries/deliveries.repository.js';
import { DeliveriesResponse, GatewayBody, GatewayResponse, PhoneBody, PhoneResponse, PhoneVerifyBody } from './sms.schemas.js';
import type { SmsService } from './sms.service.js';

export async function smsRoutes(app: AppInstance, { sms, tenants, deliveries }: { sms: SmsService; tenants: TenantsService; deliveries: DeliveriesRepository }) {
  app.get('/api/v1/me/phone', {
    config: { access: 'user' },
    schema: { tags: ['notifications'], summary: 'My phone number for SMS notifications, and whether it is verified', response: { 200: PhoneResponse } },
    handler: async (req) => sms.phone(requireUser(req).id),
  });

  app.put('/api/v1/me/phone', {
    config: { access: 'user' },
    schema: { tags: ['notifications'], summary: 'Set my phone number (E.164; 400 naming `phone` otherwise) and send it a code', body: PhoneBody, response: { 202: PhoneResponse } },
    handler: async (req, reply) => {
      const user = requireUser(req);
      const tenant = await tenants.bySlug(req.body.tenant);
      await sms.setPhone(user, tenant.id, req.body.phone);
      return reply.code(202).send(await sms.phone(user.id));
    },
  });

  app.post('/api/v1/me/phone/verify', {
    config: { access: 'user' },
    schema: { tags: ['notifications'], summary: 'Type back the code sent to my number', body: PhoneVerifyBody, response: { 200: PhoneResponse } },
    handler: async (req) => {
      const user = requireUser(req);
      await sms.verify(user.id, req.body.code);
      return sms.phone(user.id);
    },
  });

  app.delete('/api/v1/me/phone', {
    config: { access: 'user' },
    schema: { tags: ['notifications'], summary: 'Remove my phone number', response: { 204: z.null() } },
    handler: async (req, reply) => {
      await sms.removePhone(requireUser(req).id);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/v1/me/deliveries', {
    config: { access: 'user' },
    schema: { tags: ['notifications'], summary: 'My push and SMS delivery log: sent, failed after retries, or device gone', response: { 200: DeliveriesResponse } },
    handler: async (req) => ({
      items: (await deliveries.listForUser(requireUser(req).id)).map((d) => ({ id: String(d.id), channel: d.channel, kind: d.kind, target: d.target, status: d.status, attempts: d.attempts, error: d.error, createdAt: d.created_at.toISOString() })),
    }),
  });

  app.get('/api/v1/tenants/:tenant/sms-gateway', {
    config: { access: { roles: ['admin'] } },
    schema: { tags: ['notifications'], summary: "The city's SMS gateway webhook (the secret is never shown)", params: z.object({ tenant: z.string() }), response: { 200: GatewayResponse } },
    handler: async (req) => sms.gateway(requireTenant(req).id),
  });

  app.put('/api/v1/tenants/:tenant/sms-gateway', {
    config: { access: { roles: ['admin'] } },
    schema: { tags: ['notifications'], summary: "Set the city's SMS gateway: the URL Urbia POSTs {to, body} to, and the HMAC secret", params: z.object({ tenant: z.string() }), body: GatewayBody, response: { 200: GatewayResponse } },
    handler: async (req) => {
      const tenant = requireTenant(req);
      await sms.setGateway(req.actor, tenant.id, req.body.url, req.body.secret);
      return sms.gateway(tenant.id);
    },
  });
}
