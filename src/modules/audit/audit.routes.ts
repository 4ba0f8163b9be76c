import { z } from 'zod';
import type { AppInstance } from '../../core/http.js';
import { requireTenant } from '../../core/http.js';
import type { AuditService } from './audit.service.js';

const AuditQuery = z.strictObject({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  entityType: z.string().max(50).optional(),
  entityId: z.string().max(200).optional(),
});
const AuditEntry = z.object({
  id: z.number().int(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  actor: z.string().describe('who did it: a person, an API key or the system'),
  before: z.unknown(),
  after: z.unknown(),
  correlationId: z.string().nullable(),
  at: z.iso.datetime(),
});

export async function auditRoutes(app: AppInstance, { audit }: { audit: AuditService }) {
  app.get('/api/v1/tenants/:tenant/audit', {
    config: { access: { roles: ['staff', 'steering', 'admin'] } },
    schema: {
      tags: ['admin'],
      summary: 'The audit log of staff actions in this city, newest first',
      params: z.object({ tenant: z.string() }),
      querystring: AuditQuery,
      response: { 200: z.object({ items: z.array(AuditEntry), next: z.number().int().nullable() }) },
    },
    handler: async (req) => {
      const rows = await audit.list(requireTenant(req).id, req.query);
      return {
        items: rows.map((r) => ({
          id: r.id,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          actor: r.actor_name ? `${r.actor_name} <${r.actor_email}>` : r.actor_api_key_id ? `API key ${r.actor_api_key_id}` : 'system',
          before: r.before,
          after: r.after,
          correlationId: r.correlation_id,
          at: r.created_at.toISOString(),
        })),
        next: rows.length === req.query.limit ? (rows.at(-1)?.id ?? null) : null,
      };
    },
  });
}
