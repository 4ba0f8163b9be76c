import type { Db } from '../../core/db.js';
import { AuditRepository } from './audit.repository.js';

/** Reading a city's audit log (rows are written by core/audit.ts, in each change's own transaction). */
export class AuditService {
  constructor(private readonly repo: AuditRepository) {}

  /** Newest first; `before` is the id to continue from (keyset paging, stable while rows are added). */
  list(tenantId: number, opts: { before?: number | undefined; limit: number; entityType?: string | undefined; entityId?: string | undefined }) {
    return this.repo.list(tenantId, opts);
  }
}

/** The audit service over its repository on `db`. */
export function createAuditService(db: Db): AuditService {
  return new AuditService(new AuditRepository(db));
}
