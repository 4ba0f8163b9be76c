/**
 * Staff triage: one action or many at once (status, public update, internal note, assignment, merge), an
 * Open311 back office's updates, hiding abusive reports, the email blocklist and the counter requests;
 * each change audited with its event.
 */
import type { Transaction } from 'kysely';
import type { Actor } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import type { Database } from '../../../core/db.js';
import { badRequest, notFound, validationFailed } from '../../../core/errors.js';
import { emit } from '../../../core/events.js';
import type { NotificationsService } from '../../notifications/index.js';
import type { TenantRow } from '../../tenants/index.js';
import { normalizeEmail, type ReportCaches } from '../reports.common.js';
import type { ReportsRepository } from '../reports/reports.repository.js';
import type { ReportStatus } from '../reports.tables.js';

export interface StaffAction {
  status?: ReportStatus | undefined;
  publicUpdate?: string | undefined;
  internalNote?: string | undefined;
  assignTo?: string | null | undefined;
  duplicateOf?: string | undefined;
  /** an Open311 back office's update: its own id (idempotency) and the time it says the update happened */
  external?: { updateId: string; occurredAt?: Date | undefined } | undefined;
}

export class TriageService {
  constructor(private readonly d: { repo: ReportsRepository; notifications: NotificationsService; caches: ReportCaches }) {}

  /** One staff action on one report (status, public update, internal note, assignment, merge), audited. */
  async act(actor: Actor, tenant: TenantRow, id: string, a: StaffAction): Promise<void> {
    if (!/^\d{1,18}$/.test(id)) throw notFound('report');
    await this.d.repo.transaction(async (trx) => this.actIn(trx, actor, tenant, id, a));
    this.d.caches.clear();
  }

  /** The same action on many reports in one transaction: all or none. */
  async bulk(actor: Actor, tenant: TenantRow, ids: string[], a: StaffAction): Promise<number> {
    if (a.duplicateOf) throw badRequest('Merge reports one at a time.', [{ field: 'duplicateOf', message: 'Not allowed in bulk actions.' }]);
    await this.d.repo.transaction(async (trx) => {
      for (const id of ids) await this.actIn(trx, actor, tenant, id, a);
    });
    this.d.caches.clear();
    return ids.length;
  }

  private async actIn(trx: Transaction<Database>, actor: Actor, tenant: TenantRow, id: string, a: StaffAction): Promise<void> {
    const before = await this.d.repo.byId(id, trx);
    if (!before || before.tenant_id !== tenant.id) throw notFound(`report ${id}`);
    const authorId = actor.kind === 'user' ? actor.user.id : null;
    let status = a.status;
    if (a.duplicateOf !== undefined) {
      if (a.duplicateOf === id) throw validationFailed([{ field: 'duplicateOf', message: 'A report cannot duplicate itself.' }]);
      const original = /^\d{1,18}$/.test(a.duplicateOf) ? await this.d.repo.byId(a.duplicateOf, trx) : undefined;
      if (!original || original.tenant_id !== tenant.id) throw validationFailed([{ field: 'duplicateOf', message: 'No such report in this city.' }]);
      status = 'duplicate';
      await this.d.repo.patch(trx, id, { duplicate_of: original.id });
      // The duplicate's followers now follow the original, and count as its supporters.
      const added = await this.d.notifications.copyFollowers(trx, { tenantId: tenant.id, kind: 'reports.report', id }, String(original.id));
      for (let i = 0; i < added; i++) await this.d.repo.addSupporter(trx, String(original.id));
    } else if (status === 'duplicate') throw validationFailed([{ field: 'duplicateOf', message: 'Say which report this one duplicates.' }]);
    if (a.assignTo !== undefined) await this.d.repo.patch(trx, id, { assigned_user_id: a.assignTo });
    const statusChanged = status !== undefined && status !== before.status;
    if (statusChanged) await this.d.repo.setStatus(trx, id, status!);
    // One public row per update: its status change (if any), its text and, from a back office, its id and time.
    if (a.publicUpdate?.trim() || statusChanged || a.external)
      await this.d.repo.insertUpdate(trx, {
        tenant_id: tenant.id, report_id: id, kind: 'public', status: statusChanged ? status! : null, text: a.publicUpdate?.trim() ?? '', author_user_id: authorId,
        external_update_id: a.external?.updateId ?? null, occurred_at: a.external?.occurredAt ?? null,
      });
    if (a.internalNote?.trim()) await this.d.repo.insertUpdate(trx, { tenant_id: tenant.id, report_id: id, kind: 'internal', status: null, text: a.internalNote.trim(), author_user_id: authorId });
    if (!statusChanged) await this.d.repo.touch(trx, id);
    await writeAudit(trx, actor, {
      tenantId: tenant.id,
      action: 'reports.report.updated',
      entityType: 'report',
      entityId: id,
      before: { status: before.status, assignedTo: before.assigned_user_id, duplicateOf: before.duplicate_of },
      after: { status: status ?? before.status, ...(a.assignTo !== undefined ? { assignedTo: a.assignTo } : {}), ...(a.duplicateOf ? { duplicateOf: a.duplicateOf } : {}), publicUpdate: a.publicUpdate ?? null, internalNote: a.internalNote ? true : undefined },
    });
    // Followers hear of a status change or a public update (reports.notices.ts).
    await emit(trx, 'reports.report.updated', { reportId: id, status: status ?? before.status, before: before.status, publicUpdate: a.publicUpdate?.trim() || null }, tenant.id);
  }

  /** Hides an abusive report (kept for the record; staff still see it), audited. */
  async hide(actor: Actor, tenant: TenantRow, id: string, reason: string, hidden: boolean): Promise<void> {
    await this.d.repo.transaction(async (trx) => {
      const r = /^\d{1,18}$/.test(id) ? await this.d.repo.byId(id, trx) : undefined;
      if (!r || r.tenant_id !== tenant.id) throw notFound('report');
      await this.d.repo.patch(trx, id, hidden ? { hidden_at: new Date(), hidden_reason: reason } : { hidden_at: null, hidden_reason: null });
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'reports.report.hidden', entityType: 'report', entityId: id, before: { hidden: !!r.hidden_at }, after: { hidden, reason } });
      await emit(trx, 'reports.report.hidden', { reportId: id }, tenant.id);
    });
    this.d.caches.clear();
  }

  async block(actor: Actor, tenant: TenantRow, email: string, reason: string | undefined): Promise<void> {
    const norm = normalizeEmail(email);
    await this.d.repo.transaction(async (trx) => {
      await this.d.repo.block(trx, { tenant_id: tenant.id, email_normalized: norm, reason: reason ?? null, created_by: actor.kind === 'user' ? actor.user.id : null });
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'reports.email.blocked', entityType: 'email', entityId: norm, after: { reason: reason ?? null } });
      await emit(trx, 'reports.email.blocked', { email: norm }, tenant.id);
    });
  }

  blocklist(tenant: TenantRow) {
    return this.d.repo.blocklist(tenant.id);
  }

  async setCounterRequests(actor: Actor, tenant: TenantRow, month: string, count: number): Promise<void> {
    await this.d.repo.transaction(async (trx) => {
      await this.d.repo.setCounterRequests(trx, tenant.id, `${month}-01`, count);
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'reports.counter_requests.recorded', entityType: 'counter_requests', entityId: month, after: { count } });
      await emit(trx, 'reports.counter_requests.recorded', { month, count }, tenant.id);
    });
  }

  counterRequests(tenant: TenantRow) {
    return this.d.repo.counterRequestMonths(tenant.id);
  }

  /** Open311 POST servicerequestupdates: an external back office reports a status change (idempotent on update_id). */
  async externalUpdate(actor: Actor, tenant: TenantRow, input: { updateId: string; reportId: string; status: ReportStatus; description: string; updatedAt?: Date | undefined }) {
    const existing = await this.d.repo.updateByExternalId(tenant.id, input.updateId);
    if (existing) throw badRequest(`Update ${input.updateId} already exists.`);
    const r = /^\d{1,18}$/.test(input.reportId) ? await this.d.repo.byId(input.reportId) : undefined;
    if (!r || r.tenant_id !== tenant.id) throw notFound('service request');
    await this.d.repo.transaction(async (trx) =>
      this.actIn(trx, actor, tenant, String(r.id), { status: input.status, publicUpdate: input.description, external: { updateId: input.updateId, occurredAt: input.updatedAt } }),
    );
    this.d.caches.clear();
    return String((await this.d.repo.updateByExternalId(tenant.id, input.updateId))!.id);
  }
}
