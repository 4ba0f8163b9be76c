/**
 * Progress reports: a project team reports on one period of the calendar; staff return it with a comment
 * (back to draft) or approve it. Approval locks the period and, in the same transaction, writes the status,
 * % complete and KPI values to the project and its public timeline (through the strategy module's service
 * API), notifies the project's followers and the authors of the proposals and budget projects that became
 * it, and records the audit row and the event. What is owed when, and the reminders, are in
 * progress-reports.deadlines.service.ts.
 */
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import type { Database, Db } from '../../../core/db.js';
import { AppError, conflict, forbidden, type FieldError, isUniqueViolation, notFound, validationFailed } from '../../../core/errors.js';
import { emit, type EventMap } from '../../../core/events.js';
import type { Multiloc } from '../../../core/i18n.js';
import type { NotificationsService } from '../../notifications/index.js';
import type { ParticipationService } from '../../participation/index.js';
import type { StrategyService } from '../../strategy/index.js';
import type { TenantRow } from '../../tenants/index.js';
import { periodStartingOn } from '../calendar/calendar.periods.js';
import { type CalendarService, today } from '../calendar/calendar.service.js';
import type { ProgressReportEvent } from '../monitoring.events.js';
import { msg, timelineText } from '../monitoring.messages.js';
import type { ReportHistoryEntry } from '../monitoring.tables.js';
import { ATTACHMENT_LIMITS, type AttachmentStore, checkAttachment } from './progress-reports.attachments.js';
import { can, canCreate, mayRead, type ReportAction, type ReportViewer, viewerOf } from './progress-reports.policy.js';
import type { ReportList, ReportView } from './progress-reports.presenter.js';
import type { ProgressReportsRepository, ReportListFilters, ReportRow } from './progress-reports.repository.js';
import type * as S from './progress-reports.schemas.js';

export interface ProgressReportsDeps {
  db: Db;
  repo: ProgressReportsRepository;
  calendar: CalendarService;
  strategy: StrategyService;
  participation?: ParticipationService | undefined;
  notifications: NotificationsService;
  files: AttachmentStore;
}


const authorName = (actor: Actor) => (actor.kind === 'user' ? actor.user.displayName : actor.kind === 'api_key' ? 'API key' : 'Urbia');

export class ProgressReportsService {
  constructor(private readonly deps: ProgressReportsDeps) {}

  private async viewer(actor: Actor, tenantId: number): Promise<ReportViewer> {
    const projects = actor.kind === 'user' ? await this.deps.calendar.projectsOf(tenantId, actor.user.id) : [];
    return viewerOf(actor, tenantId, projects);
  }

  private async titles(tenantId: number, codes: string[]): Promise<Map<string, Multiloc>> {
    const out = new Map<string, Multiloc>();
    for (const code of new Set(codes)) {
      const p = await this.deps.strategy.getProject(tenantId, code);
      if (p) out.set(code, p.title);
    }
    return out;
  }

  private async present(tenant: TenantRow, viewer: ReportViewer, row: ReportRow): Promise<ReportView> {
    return { row, title: (await this.titles(tenant.id, [row.project_code])).get(row.project_code) ?? null, viewer, tenantSlug: tenant.slug };
  }

  // ---------------------------------------------------------------- reads

  async list(actor: Actor, tenant: TenantRow, query: z.infer<typeof S.ReportListQuery>): Promise<ReportList> {
    const v = await this.viewer(actor, tenant.id);
    // Lists filter in SQL: a team member's query is limited to their projects.
    const filters: ReportListFilters = { project: query.project, status: query.status, ...(v.staff || v.steering ? {} : { projects: [...v.teamProjects] }) };
    const rows = await this.deps.repo.list(tenant.id, filters);
    const titles = await this.titles(tenant.id, rows.map((r) => r.project_code));
    return { rows, titles, viewer: v, tenantSlug: tenant.slug, create: v.staff || v.teamProjects.size > 0 };
  }

  async get(actor: Actor, tenant: TenantRow, id: number): Promise<ReportView> {
    const v = await this.viewer(actor, tenant.id);
    const row = await this.deps.repo.byId(tenant.id, id);
    if (!row) throw notFound('progress report');
    if (!can(v, 'read', row)) throw forbidden('This report belongs to a project you do not report on.');
    return this.present(tenant, v, row);
  }

  /** Approved reports whose period ended in [from, to]: number, project, period, status, progress, narrative (for evaluation reports). */
  async approvedBetween(tenantId: number, from: string, to: string) {
    return (await this.deps.repo.approvedBetween(tenantId, from, to)).map((r) => ({ number: r.number, project: r.project_code, periodStart: r.period_start, periodEnd: r.period_end, projectStatus: r.project_status, progress: r.progress, narrative: r.narrative }));
  }

  // ---------------------------------------------------------------- checks

  /** KPI values must be for KPIs of the project, its objective or its pillar, each at most once. */
  private async checkKpis(tenantId: number, project: string, values: { kpi: string; value: number }[]): Promise<void> {
    if (!values.length) return;
    const scopes = (await this.deps.strategy.projectKpiScopes(tenantId, project)) ?? [];
    const allowed = new Set<string>();
    for (const scope of scopes) for (const k of await this.deps.strategy.listKpis(tenantId, { scope })) allowed.add(k.code);
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    values.forEach((v, i) => {
      if (!allowed.has(v.kpi)) errors.push({ field: `kpiValues[${i}].kpi`, message: `no KPI "${v.kpi}" of this project, its objective or its pillar` });
      else if (seen.has(v.kpi)) errors.push({ field: `kpiValues[${i}].kpi`, message: 'this KPI already has a value in the report' });
      seen.add(v.kpi);
    });
    if (errors.length) throw validationFailed(errors);
  }

  private notAllowed(row: ReportRow, action: ReportAction, v: ReportViewer): AppError {
    if (!mayRead(v, row.project_code)) return forbidden('This report belongs to a project you do not report on.');
    if ((action === 'return' || action === 'approve') && !v.staff) return forbidden('Only staff review progress reports.');
    if (!v.staff && v.steering) return forbidden('The steering body reads progress reports; project teams write them.');
    if (row.status === 'approved') return new AppError(409, 'period_locked', `Report ${row.number} is approved: its period (${row.period_start} – ${row.period_end}) is locked.`, [{ field: 'status', message: 'approved (locked)' }]);
    return new AppError(409, 'invalid_transition', `A ${row.status} report cannot be ${action === 'edit' || action === 'attach' ? 'changed' : action === 'submit' ? 'submitted' : action === 'return' ? 'returned' : 'approved'}.`, [{ field: 'status', message: `is ${row.status}` }]);
  }

  private async event(trx: Transaction<Database>, row: ReportRow): Promise<ProgressReportEvent> {
    return { tenantId: row.tenant_id, reportId: row.id, number: row.number, projectCode: row.project_code, periodStart: row.period_start, periodEnd: row.period_end, teamUserIds: await this.deps.calendar.team(row.tenant_id, row.project_code, trx) };
  }

  private async record<T extends keyof EventMap>(trx: Transaction<Database>, actor: Actor, tenant: TenantRow, type: T, payload: EventMap[T], row: ReportRow, before?: unknown) {
    await writeAudit(trx, actor, { tenantId: tenant.id, action: type, entityType: 'monitoring_progress_report', entityId: String(row.id), before, after: { status: row.status, number: row.number, project: row.project_code, periodStart: row.period_start } });
    await emit(trx, type, payload, tenant.id);
  }

  private history(actor: Actor, action: ReportHistoryEntry['action'], comment?: string): ReportHistoryEntry {
    return { at: new Date().toISOString(), action, by: authorName(actor), ...(comment ? { comment } : {}) };
  }

  // ---------------------------------------------------------------- writes

  async create(actor: Actor, tenant: TenantRow, input: S.ReportCreateInput): Promise<ReportView> {
    const v = await this.viewer(actor, tenant.id);
    const project = await this.deps.strategy.getProject(tenant.id, input.project);
    if (!project) throw validationFailed([{ field: 'project', message: `no project "${input.project}"` }]);
    if (!canCreate(v, input.project)) throw forbidden('You are not on the team of this project.');
    const rule = await this.deps.calendar.ruleFor(tenant.id, input.project);
    if (!rule) throw validationFailed([{ field: 'project', message: 'this project has no reporting calendar yet (staff set one)' }]);
    const period = periodStartingOn(rule, input.periodStart);
    if (!period) throw validationFailed([{ field: 'periodStart', message: `not the first day of a reporting period (periods of ${rule.periodMonths} months from ${rule.firstPeriodStart})` }]);
    if (period.start > today()) throw validationFailed([{ field: 'periodStart', message: 'this period has not started yet' }]);
    await this.checkKpis(tenant.id, input.project, input.kpiValues);
    const existing = await this.deps.repo.byPeriod(tenant.id, input.project, period.start);
    if (existing) throw this.periodTaken(existing);
    try {
      const row = await this.deps.db.transaction().execute(async (trx) => {
        const number = await this.deps.repo.nextNumber(trx, tenant.id);
        const created = await this.deps.repo.insert(trx, {
          tenant_id: tenant.id,
          number,
          project_code: input.project,
          period_start: period.start,
          period_end: period.end,
          due_on: period.dueOn,
          project_status: input.projectStatus,
          progress: input.progress,
          milestones_reached: JSON.stringify(input.milestonesReached),
          milestones_planned: JSON.stringify(input.milestonesPlanned),
          spend_to_date: input.spendToDate,
          budget: project.budget.amount ?? null,
          risks: input.risks,
          narrative: JSON.stringify(input.narrative),
          kpi_values: JSON.stringify(input.kpiValues),
          attachments: '[]',
          history: JSON.stringify([this.history(actor, 'created')]),
          author_user_id: actor.kind === 'user' ? actor.user.id : null,
          updated_at: new Date(),
        });
        await this.record(trx, actor, tenant, 'monitoring.progressReport.created', await this.event(trx, created), created);
        return created;
      });
      return this.present(tenant, v, row);
    } catch (e) {
      // Two people starting the same period at once: the unique (project, period) index decides.
      if (isUniqueViolation(e)) {
        const other = await this.deps.repo.byPeriod(tenant.id, input.project, period.start);
        if (other) throw this.periodTaken(other);
      }
      throw e;
    }
  }

  private periodTaken(existing: ReportRow): AppError {
    return existing.status === 'approved'
      ? new AppError(409, 'period_locked', `The period ${existing.period_start} – ${existing.period_end} is locked: report ${existing.number} was approved.`, [{ field: 'periodStart', message: 'locked (approved report)' }])
      : conflict(`Report ${existing.number} already covers this period; change that one.`, 'report_exists');
  }

  /** Runs a change on a report locked for the transaction, after checking who may do it in its current state. */
  private async change(actor: Actor, tenant: TenantRow, id: number, action: ReportAction, fn: (trx: Transaction<Database>, row: ReportRow) => Promise<ReportRow>): Promise<ReportView> {
    const v = await this.viewer(actor, tenant.id);
    const row = await this.deps.db.transaction().execute(async (trx) => {
      const current = await this.deps.repo.forUpdate(trx, tenant.id, id);
      if (!current) throw notFound('progress report');
      if (!can(v, action, current)) throw this.notAllowed(current, action, v);
      return fn(trx, current);
    });
    return this.present(tenant, v, row);
  }

  async update(actor: Actor, tenant: TenantRow, id: number, input: S.ReportUpdateInput): Promise<ReportView> {
    const current = await this.deps.repo.byId(tenant.id, id);
    if (current && input.kpiValues) await this.checkKpis(tenant.id, current.project_code, input.kpiValues);
    return this.change(actor, tenant, id, 'edit', async (trx, row) => {
      const set: Parameters<ProgressReportsRepository['update']>[2] = {};
      if (input.projectStatus !== undefined) set.project_status = input.projectStatus;
      if (input.progress !== undefined) set.progress = input.progress;
      if (input.milestonesReached !== undefined) set.milestones_reached = JSON.stringify(input.milestonesReached);
      if (input.milestonesPlanned !== undefined) set.milestones_planned = JSON.stringify(input.milestonesPlanned);
      if (input.spendToDate !== undefined) set.spend_to_date = input.spendToDate;
      if (input.risks !== undefined) set.risks = input.risks;
      if (input.narrative !== undefined) set.narrative = JSON.stringify(input.narrative);
      if (input.kpiValues !== undefined) set.kpi_values = JSON.stringify(input.kpiValues);
      const updated = await this.deps.repo.update(trx, row.id, set);
      await this.record(trx, actor, tenant, 'monitoring.progressReport.updated', await this.event(trx, updated), updated, { status: row.status });
      return updated;
    });
  }

  async submit(actor: Actor, tenant: TenantRow, id: number): Promise<ReportView> {
    return this.change(actor, tenant, id, 'submit', async (trx, row) => {
      if (!row.narrative?.ro?.trim()) throw validationFailed([{ field: 'narrative.ro', message: 'required before submitting' }]);
      await this.deps.repo.update(trx, row.id, { status: 'submitted', submitted_at: new Date(), return_comment: null });
      const updated = await this.deps.repo.addHistory(trx, row.id, this.history(actor, 'submitted'));
      await this.record(trx, actor, tenant, 'monitoring.progressReport.submitted', await this.event(trx, updated), updated, { status: row.status });
      return updated;
    });
  }

  async return(actor: Actor, tenant: TenantRow, id: number, comment: string): Promise<ReportView> {
    return this.change(actor, tenant, id, 'return', async (trx, row) => {
      await this.deps.repo.update(trx, row.id, { status: 'draft', return_comment: comment });
      const updated = await this.deps.repo.addHistory(trx, row.id, this.history(actor, 'returned', comment));
      const event = await this.event(trx, updated);
      await this.record(trx, actor, tenant, 'monitoring.progressReport.returned', { ...event, comment }, updated, { status: row.status });
      await this.deps.notifications.notifyUsers(trx, event.teamUserIds, tenant.id, (locale) => ({
        kind: 'monitoring.progressReport.returned',
        subject: msg('returnedSubject', locale, { number: row.number, code: row.project_code }),
        body: msg('returnedBody', locale, { comment }),
        link: `/${tenant.slug}/monitoring/reports/${row.id}`,
      }));
      return updated;
    });
  }

  async approve(actor: Actor, tenant: TenantRow, id: number, comment?: string): Promise<ReportView> {
    const before = await this.deps.repo.byId(tenant.id, id);
    const title = before ? ((await this.titles(tenant.id, [before.project_code])).get(before.project_code) ?? { ro: before.project_code }) : { ro: '' };
    return this.change(actor, tenant, id, 'approve', async (trx, row) => {
      await this.deps.repo.update(trx, row.id, { status: 'approved', approved_at: new Date(), approved_by: actor.kind === 'user' ? actor.user.id : null, return_comment: null });
      const updated = await this.deps.repo.addHistory(trx, row.id, this.history(actor, 'approved', comment));
      const vars = { number: row.number, start: row.period_start, end: row.period_end };
      await this.deps.strategy.recordProgress(
        actor,
        tenant,
        row.project_code,
        {
          status: row.project_status as never,
          progress: row.progress,
          date: today(),
          note: timelineText(vars, row.narrative),
          measurements: row.kpi_values.map((k) => ({ kpi: k.kpi, value: k.value, date: row.period_end, source: `progress report ${row.number}` })),
        },
        trx,
      );
      const followerIds = await this.deps.strategy.followerIds(tenant.id, 'project', row.project_code, trx);
      const linkedAuthorIds = (await this.deps.participation?.authorsLinkedTo(tenant.id, row.project_code, trx)) ?? [];
      const event = await this.event(trx, updated);
      await this.record(trx, actor, tenant, 'monitoring.progressReport.approved', { ...event, projectStatus: row.project_status, progress: row.progress, kpiValues: row.kpi_values, followerIds, linkedAuthorIds, projectTitle: title, narrative: row.narrative }, updated, { status: row.status });
      // Followers and the people whose idea became the project hear through the hub (monitoring.notices.ts).
      await this.deps.notifications.notifyUsers(trx, event.teamUserIds, tenant.id, (locale) => ({
        kind: 'monitoring.progressReport.approved',
        subject: msg('teamApprovedSubject', locale, { number: row.number, code: row.project_code }),
        body: comment ?? '',
        link: `/${tenant.slug}/monitoring/reports/${row.id}`,
        email: false,
      }));
      return updated;
    });
  }

  // ---------------------------------------------------------------- attachments

  async addAttachment(actor: Actor, tenant: TenantRow, id: number, file: { buffer: Buffer; name: string }): Promise<ReportView> {
    const current = await this.deps.repo.byId(tenant.id, id);
    if (!current) throw notFound('progress report');
    const v = await this.viewer(actor, tenant.id);
    if (!can(v, 'attach', current)) throw this.notAllowed(current, 'attach', v);
    if (current.attachments.length >= ATTACHMENT_LIMITS.perReport) throw validationFailed([{ field: 'file', message: `at most ${ATTACHMENT_LIMITS.perReport} attachments per report`, code: 'too_many' }]);
    const checked = await checkAttachment(file.buffer, file.name);
    const undo = await this.deps.files.write(tenant.id, checked);
    try {
      return await this.change(actor, tenant, id, 'attach', async (trx, row) => {
        const updated = await this.deps.repo.update(trx, row.id, { attachments: JSON.stringify([...row.attachments, checked.attachment]) });
        await this.record(trx, actor, tenant, 'monitoring.progressReport.attachmentAdded', { ...(await this.event(trx, updated)), attachmentId: checked.attachment.id, mediaType: checked.attachment.mediaType }, updated);
        return updated;
      });
    } catch (e) {
      await undo();
      throw e;
    }
  }

  async attachment(actor: Actor, tenant: TenantRow, id: number, attachmentId: string) {
    const v = await this.viewer(actor, tenant.id);
    const row = await this.deps.repo.byId(tenant.id, id);
    if (!row) throw notFound('progress report');
    if (!can(v, 'read', row)) throw forbidden('This report belongs to a project you do not report on.');
    const a = row.attachments.find((x) => x.id === attachmentId);
    if (!a) throw notFound('attachment');
    return { meta: a, body: (await this.deps.files.read(tenant.id, a)).stream };
  }
}
