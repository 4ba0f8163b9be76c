import { z } from 'zod';
import type { AppInstance } from '../../../core/http.js';
import { requireTenant } from '../../../core/http.js';
import type { NotificationsService } from '../notifications.service.js';
import { DigestSchedule } from './digests.schemas.js';

export async function digestScheduleRoutes(app: AppInstance, notifications: NotificationsService) {
  app.get('/api/v1/tenants/:tenant/digest-schedule', {
    config: { access: { roles: ['admin'] } },
    schema: { tags: ['notifications'], summary: "When the city's daily and weekly digests go out (admin)", params: z.object({ tenant: z.string() }), response: { 200: DigestSchedule } },
    handler: async (req) => notifications.digestSchedule(requireTenant(req).id),
  });

  app.put('/api/v1/tenants/:tenant/digest-schedule', {
    config: { access: { roles: ['admin'] } },
    schema: { tags: ['notifications'], summary: "Set the city's digest hour, time zone and weekly day (admin; audited)", params: z.object({ tenant: z.string() }), body: DigestSchedule, response: { 200: DigestSchedule } },
    handler: async (req) => notifications.setDigestSchedule(requireTenant(req).id, req.body, req.actor),
  });
}
