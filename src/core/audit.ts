/**
 * The audit log: who changed what, with the state before and after. Written by the service in the same
 * transaction as the change it records, so there is never a change without its audit row or the reverse.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './db.js';
import type { Actor } from './actor.js';

export interface AuditEntry {
  tenantId: number | null;
  action: string; // <module>.<resource>.<pastTenseVerb>, the same name as the domain event
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

export async function writeAudit(trx: Transaction<Database> | Kysely<Database>, actor: Actor, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto('core_audit_log')
    .values({
      tenant_id: entry.tenantId,
      actor_user_id: actor.kind === 'user' ? actor.user.id : null,
      actor_api_key_id: actor.kind === 'api_key' ? actor.key.id : null,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      correlation_id: actor.correlationId ?? null,
    })
    .execute();
}
