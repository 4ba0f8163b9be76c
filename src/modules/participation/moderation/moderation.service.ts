/**
 * The moderation queue for flagged comments (#13): staff see what people reported with the reasons, and
 * hide the comment (the public sees the reason; the text stays for staff and in the audit log), restore a
 * hidden one, or dismiss the flags. Every decision writes its audit row and event in the same transaction.
 */
import type { Actor } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import type { Transaction } from 'kysely';
import type { Database, Db } from '../../../core/db.js';
import { conflict, forbidden, notFound } from '../../../core/errors.js';
import { emit } from '../../../core/events.js';
import type { TenantRow } from '../../tenants/index.js';
import { moderationPolicy as can } from './moderation.policy.js';
import { type ModerationStatus, ModerationRepository } from './moderation.repository.js';

declare module '../../../core/events.js' {
  interface EventMap {
    'participation.comment.restored': { commentId: number };
    'participation.comment.flagsDismissed': { commentId: number; flags: number };
  }
}

/** at most this many items per page of the queue */
export const MODERATION_PAGE = 100;

type CommentRow = NonNullable<Awaited<ReturnType<ModerationRepository['lockComment']>>>;
const staffId = (actor: Actor) => (actor.kind === 'user' ? actor.user.id : null);

export class ModerationService {
  readonly repo: ModerationRepository;
  constructor(private readonly db: Db) {
    this.repo = new ModerationRepository(db);
  }

  private assertStaff(actor: Actor, tenant: TenantRow) {
    if (!can.moderate(actor, tenant.id)) throw forbidden('Only the city’s staff moderate comments.');
  }

  /** The queue: flagged comments with every flag's reason (never who flagged). */
  async queue(actor: Actor, tenant: TenantRow, status: ModerationStatus) {
    this.assertStaff(actor, tenant);
    const rows = await this.repo.comments(tenant.id, status, MODERATION_PAGE);
    const flags = await this.repo.flags(rows.map((r) => r.id));
    return rows.map((row) => ({ row, flags: flags.filter((f) => f.comment_id === row.id) }));
  }

  openCount(tenantId: number) {
    return this.repo.openCount(tenantId);
  }

  private async decide<T>(tenant: TenantRow, id: number, fn: (trx: Transaction<Database>, c: CommentRow) => Promise<T>) {
    return this.db.transaction().execute(async (trx) => {
      const c = await this.repo.lockComment(trx, tenant.id, id);
      if (!c) throw notFound('comment');
      return fn(trx, c);
    });
  }

  /** Hides a comment with a public reason and settles its open flags as "hidden". */
  async hide(actor: Actor, tenant: TenantRow, id: number, reason: string) {
    this.assertStaff(actor, tenant);
    await this.decide(tenant, id, async (trx, c) => {
      if (c.hidden_at) throw conflict('This comment is already hidden.', 'already_hidden');
      await this.repo.setHidden(trx, id, { reason, by: staffId(actor) });
      const settled = await this.repo.settleFlags(trx, id, 'hidden', staffId(actor));
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.comment.hidden', entityType: 'participation_comment', entityId: String(id), before: { body: c.body }, after: { reason, flagsSettled: settled } });
      await emit(trx, 'participation.comment.hidden', { commentId: id, reason }, tenant.id);
    });
  }

  /** Shows a hidden comment again; its flags stay settled, so it does not return to the queue. */
  async restore(actor: Actor, tenant: TenantRow, id: number) {
    this.assertStaff(actor, tenant);
    await this.decide(tenant, id, async (trx, c) => {
      if (!c.hidden_at) throw conflict('This comment is not hidden.', 'not_hidden');
      await this.repo.setHidden(trx, id, null);
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.comment.restored', entityType: 'participation_comment', entityId: String(id), before: { reason: c.hidden_reason } });
      await emit(trx, 'participation.comment.restored', { commentId: id }, tenant.id);
    });
  }

  /** Keeps the comment and settles its open flags as "dismissed" (409 when none is open). */
  async dismiss(actor: Actor, tenant: TenantRow, id: number) {
    this.assertStaff(actor, tenant);
    await this.decide(tenant, id, async (trx) => {
      const settled = await this.repo.settleFlags(trx, id, 'dismissed', staffId(actor));
      if (!settled) throw conflict('This comment has no open flags.', 'no_open_flags');
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.comment.flagsDismissed', entityType: 'participation_comment', entityId: String(id), after: { flags: settled } });
      await emit(trx, 'participation.comment.flagsDismissed', { commentId: id, flags: settled }, tenant.id);
    });
  }
}
