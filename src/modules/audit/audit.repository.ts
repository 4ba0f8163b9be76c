import type { Db } from '../../core/db.js';

export class AuditRepository {
  constructor(private readonly db: Db) {}

  /** Newest first; `before` is the id to continue from (keyset paging, stable while rows are added). */
  list(tenantId: number, opts: { before?: number | undefined; limit: number; entityType?: string | undefined; entityId?: string | undefined }) {
    let q = this.db
      .selectFrom('core_audit_log as a')
      .leftJoin('users as u', 'u.id', 'a.actor_user_id')
      .select(['a.id', 'a.action', 'a.entity_type', 'a.entity_id', 'a.before', 'a.after', 'a.created_at', 'a.correlation_id', 'a.actor_api_key_id', 'u.display_name as actor_name', 'u.email as actor_email'])
      .where('a.tenant_id', '=', tenantId)
      .orderBy('a.id', 'desc')
      .limit(opts.limit);
    if (opts.before !== undefined) q = q.where('a.id', '<', opts.before);
    if (opts.entityType) q = q.where('a.entity_type', '=', opts.entityType);
    if (opts.entityId) q = q.where('a.entity_id', '=', opts.entityId);
    return q.execute();
  }
}
