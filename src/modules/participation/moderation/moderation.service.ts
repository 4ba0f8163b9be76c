/**
 * The moderation queue for flagged comments and proposals (#13): staff see what people reported with the
 * reasons, and hide the item (the public sees the reason on a comment; a hidden proposal leaves the public
 * lists; the text stays for staff and in the audit log), restore a hidden one, or dismiss the flags. Every
 * decision writes its audit row and event in the same transaction.
 */
import type { Actor } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import type { Transaction } from 'kysely';
import type { Database, Db } from '../../../core/db.js';
import { conflict, forbidden, isUniqueViolation, notFound, unauthorized } from '../../../core/errors.js';
import { emit } from '../../../core/events.js';
import type { TenantRow } from '../../tenants/index.js';
import { moderationPolicy as can } from './moderation.policy.js';
import { type FlaggableKind, type FlaggedRow, type ModerationStatus, ModerationRepository } from './moderation.repository.js';

declare module '../../../core/events.js' {
  interface EventMap {
    'participation.comment.restored': { commentId: number };
    'participation.comment.flagsDismissed': { commentId: number; flags: number };
    'participation.proposal.hidden': { proposalId: number; reason: string };
    'participation.proposal.restored': { proposalId: number };
    'participation.proposal.flagsDismissed': { proposalId: number; flags: number };
  }
}

/** at most this many items per page of the queue */
export const MODERATION_PAGE = 100;

type Item = NonNullable<Awaited<ReturnType<ModerationRepository['lock']>>>;
const staffId = (actor: Actor) => (actor.kind === 'user' ? actor.user.id : null);

export class ModerationService {
  readonly repo: ModerationRepository;
  constructor(private readonly db: Db) {
    this.repo = new ModerationRepository(db);
  }

  private assertStaff(actor: Actor, tenant: TenantRow) {
    if (!can.moderate(actor, tenant.id)) throw forbidden('Only the city’s staff moderate comments.');
  }

  /** The queue: flagged comments and proposals with every flag's reason (never who flagged), newest flag first. */
  async queue(actor: Actor, tenant: TenantRow, status: ModerationStatus) {
    this.assertStaff(actor, tenant);
    const out: { kind: FlaggableKind; row: FlaggedRow; flags: Awaited<ReturnType<ModerationRepository['flags']>> }[] = [];
    for (const kind of ['comment', 'proposal'] as const) {
      const rows = await this.repo.flagged(kind, tenant.id, status, MODERATION_PAGE);
      const flags = await this.repo.flags(kind, rows.map((r) => r.id));
      for (const row of rows) out.push({ kind, row, flags: flags.filter((f) => f.item_id === row.id) });
    }
    const at = (e: (typeof out)[number]) => (status === 'open' ? Math.max(0, ...e.flags.map((f) => f.created_at.getTime())) : (e.row.hidden_at?.getTime() ?? 0));
    return out.sort((a, b) => at(b) - at(a)).slice(0, MODERATION_PAGE);
  }

  openCount(tenantId: number) {
    return this.repo.openCount(tenantId);
  }

  /** A signed-in person reports a proposal; 404 when it is not shown, 409 for a second report by the same person. */
  async flagProposal(actor: Actor, tenant: TenantRow, id: number, reason: string) {
    if (actor.kind !== 'user') throw unauthorized();
    try {
      if (!(await this.repo.flagProposal(tenant.id, id, actor.user.id, reason))) throw notFound('proposal');
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('You already reported this proposal.', 'already_flagged');
      throw e;
    }
  }

  private async decide<T>(kind: FlaggableKind, tenant: TenantRow, id: number, fn: (trx: Transaction<Database>, item: Item) => Promise<T>) {
    return this.db.transaction().execute(async (trx) => {
      const item = await this.repo.lock(trx, kind, tenant.id, id);
      if (!item) throw notFound(kind);
      return fn(trx, item);
    });
  }

  /** Hides an item with a public reason and settles its open flags as "hidden". */
  async hide(actor: Actor, tenant: TenantRow, id: number, reason: string, kind: FlaggableKind = 'comment') {
    this.assertStaff(actor, tenant);
    await this.decide(kind, tenant, id, async (trx, item) => {
      if (item.hidden_at) throw conflict(`This ${kind} is already hidden.`, 'already_hidden');
      await this.repo.setHidden(trx, kind, id, { reason, by: staffId(actor) });
      const settled = await this.repo.settleFlags(trx, kind, id, 'hidden', staffId(actor));
      await writeAudit(trx, actor, { tenantId: tenant.id, action: `participation.${kind}.hidden`, entityType: `participation_${kind}`, entityId: String(id), before: { body: item.text }, after: { reason, flagsSettled: settled } });
      if (kind === 'comment') await emit(trx, 'participation.comment.hidden', { commentId: id, reason }, tenant.id);
      else await emit(trx, 'participation.proposal.hidden', { proposalId: id, reason }, tenant.id);
    });
  }

  /** Shows a hidden item again; its flags stay settled, so it does not return to the queue. */
  async restore(actor: Actor, tenant: TenantRow, id: number, kind: FlaggableKind = 'comment') {
    this.assertStaff(actor, tenant);
    await this.decide(kind, tenant, id, async (trx, item) => {
      if (!item.hidden_at) throw conflict(`This ${kind} is not hidden.`, 'not_hidden');
      await this.repo.setHidden(trx, kind, id, null);
      await writeAudit(trx, actor, { tenantId: tenant.id, action: `participation.${kind}.restored`, entityType: `participation_${kind}`, entityId: String(id), before: { reason: item.hidden_reason } });
      if (kind === 'comment') await emit(trx, 'participation.comment.restored', { commentId: id }, tenant.id);
      else await emit(trx, 'participation.proposal.restored', { proposalId: id }, tenant.id);
    });
  }

  /** Keeps the item and settles its open flags as "dismissed" (409 when none is open). */
  async dismiss(actor: Actor, tenant: TenantRow, id: number, kind: FlaggableKind = 'comment') {
    this.assertStaff(actor, tenant);
    await this.decide(kind, tenant, id, async (trx) => {
      const settled = await this.repo.settleFlags(trx, kind, id, 'dismissed', staffId(actor));
      if (!settled) throw conflict(`This ${kind} has no open flags.`, 'no_open_flags');
      await writeAudit(trx, actor, { tenantId: tenant.id, action: `participation.${kind}.flagsDismissed`, entityType: `participation_${kind}`, entityId: String(id), after: { flags: settled } });
      if (kind === 'comment') await emit(trx, 'participation.comment.flagsDismissed', { commentId: id, flags: settled }, tenant.id);
      else await emit(trx, 'participation.proposal.flagsDismissed', { proposalId: id, flags: settled }, tenant.id);
    });
  }
}
