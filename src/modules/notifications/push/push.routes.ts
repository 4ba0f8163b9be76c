import { z } from 'zod';
import type { AppInstance } from '../../../core/http.js';
import { requireUser } from '../../../core/http.js';
import { presentDevice } from './push.presenter.js';
import { DevicesResponse, PushSubscribed, PushSubscriptionBody, PushUnsubscribeBody, VapidKeyResponse } from './push.schemas.js';
import type { PushService } from './push.service.js';

export async function pushRoutes(app: AppInstance, { push }: { push: PushService }) {
  app.get('/api/v1/push/vapid-public-key', {
    config: { access: 'public' },
    schema: { tags: ['notifications'], summary: "The server's VAPID public key, for PushManager.subscribe({ applicationServerKey })", response: { 200: VapidKeyResponse } },
    handler: async () => ({ publicKey: await push.publicKey() }),
  });

  app.get('/api/v1/me/push-subscriptions', {
    config: { access: 'user' },
    schema: { tags: ['notifications'], summary: 'My devices that receive push notifications', response: { 200: DevicesResponse } },
    handler: async (req) => ({ items: (await push.devices(requireUser(req).id)).map(presentDevice) }),
  });

  app.post('/api/v1/me/push-subscriptions', {
    config: { access: 'user' },
    schema: { tags: ['notifications'], summary: "Register this device's push subscription (400 naming the field if it cannot be used)", body: PushSubscriptionBody, response: { 201: PushSubscribed } },
    handler: async (req, reply) => {
      const id = await push.subscribe(requireUser(req).id, req.body, req.headers['user-agent'] ?? null);
      return reply.code(201).send({ id, endpoint: req.body.endpoint });
    },
  });

  app.delete('/api/v1/me/push-subscriptions', {
    config: { access: 'user' },
    schema: { tags: ['notifications'], summary: "Stop push to this device (404 if it is not one of mine)", body: PushUnsubscribeBody, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await push.unsubscribe(requireUser(req).id, req.body.endpoint);
      return reply.code(204).send(null);
    },
  });
}
