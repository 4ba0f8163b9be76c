/**
 * Staff edits of projects and open actions: create (also from participation, inside its transaction), update,
 * funding, status changes with their public timeline entry, and approved progress reports with their KPI
 * values, and deletion. Each is audited with its event in the transaction that makes it.
 */
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import type { Database } from '../../../core/db.js';
import { conflict, type FieldError, notFound, validationFailed } from '../../../core/errors.js';
import { emit } from '../../../core/events.js';
import { positionOutside } from '../../../core/geo.js';
import type { Multiloc } from '../../../core/i18n.js';
import type { TenantRow } from '../../tenants/index.js';
import { projectColumns } from '../strategy.io.js';
import type * as S from '../strategy.schemas.js';
import { authorName, StrategyWriter, today } from '../strategy.writer.js';

type Q = Transaction<Database> | Kysely<Database>;

export class ProjectEdits extends StrategyWriter {
  private async resolveParent(trx: Q, tenantId: number, code: string, field = 'parent'): Promise<{ pillar_id: number; objective_id: number | null }> {
    const o = await this.edits.objectiveByCode(trx, tenantId, code);
    if (o) return { pillar_id: o.pillar_id, objective_id: o.id };
    const p = await this.edits.pillarByCode(trx, tenantId, code);
    if (p) return { pillar_id: p.id, objective_id: null };
    throw validationFailed([{ field, message: `unknown pillar or objective "${code}"` }]);
  }

  private async setFunding(trx: Transaction<Database>, tenantId: number, projectId: number, codes: string[]) {
    const rows = await this.repo.fundingByCodes(tenantId, codes, trx);
    const byCode = new Map(rows.map((r) => [r.code, r.id]));
    const errors: FieldError[] = codes.flatMap((c, i) => (byCode.has(c) ? [] : [{ field: `fundingSources[${i}]`, message: `unknown funding source "${c}"` }]));
    if (errors.length) throw validationFailed(errors);
    await this.edits.setProjectFunding(trx, projectId, [...new Set(codes)].map((c) => byCode.get(c)!));
  }

  /**
   * Creates a project or open action. Service API: participation calls it when a budget winner or an
   * accepted proposal becomes a project; pass your transaction (`trx`) to make both one change.
   */
  async createProject(actor: Actor, tenant: TenantRow, input: S.ProjectCreateInput, q?: Transaction<Database>): Promise<void> {
    const run = async (trx: Transaction<Database>) => {
      if (!(await this.repo.strategy(tenant.id, trx))) throw notFound('strategy');
      await this.assertCodeFree(trx, tenant.id, input.code);
      if (input.kind === 'open_action' && !input.category) throw validationFailed([{ field: 'category', message: 'an open action needs a category' }]);
      assertPlaceInside(input.location, tenant);
      const parent = await this.resolveParent(trx, tenant.id, input.parent);
      const row = await this.edits.insertProject(trx, { tenant_id: tenant.id, code: input.code, ...parent, position: await this.edits.nextPosition(trx, 'strategy_projects', tenant.id), updated_at: new Date(), ...projectColumns({ ...input, budget: { ...input.budget, currency: 'EUR' } }) });
      await this.setFunding(trx, tenant.id, row.id, input.fundingSources);
      await this.record(trx, actor, tenant, 'strategy.project.created', { tenantId: tenant.id, code: input.code }, { type: 'strategy_project', id: input.code, after: input });
      return row.id;
    };
    // Inside the caller's transaction everything is read through it: on PGlite (one connection) a read on
    // another connection would wait for that transaction forever.
    const trx = q;
    if (trx) await run(trx);
    else await this.repo.transaction(run);
  }

  /** Deletes a project or open action that no KPI is scoped to. */
  async deleteProject(actor: Actor, tenant: TenantRow, code: string) {
    await this.write(actor, tenant, async (trx) => {
      const before = await this.repo.projectByCode(tenant.id, code, trx);
      if (!before) throw notFound('project');
      const kpi = await this.edits.firstKpiOfScope(trx, tenant.id, code);
      if (kpi) throw conflict(`The project ${code} still has KPIs (${kpi.code}); move or delete them first.`, 'not_empty');
      await this.edits.deleteProject(trx, before.id);
      await this.record(trx, actor, tenant, 'strategy.project.deleted', { tenantId: tenant.id, code }, { type: 'strategy_project', id: code, before: this.present.projectSummary(before) });
    });
  }

  async updateProject(actor: Actor, tenant: TenantRow, code: string, input: S.ProjectUpdateInput) {
    await this.write(actor, tenant, async (trx) => {
      const before = await this.repo.projectByCode(tenant.id, code, trx);
      if (!before) throw notFound('project');
      const current = {
        kind: before.kind,
        title: before.title,
        description: before.description,
        status: before.status,
        maturity: before.maturity,
        priority: before.priority,
        priorityText: before.priority_text,
        category: before.category,
        budget: { amount: before.budget_amount, currency: 'EUR', basis: before.budget_basis, ...(before.budget_text ? { text: before.budget_text } : {}) },
        horizon: before.horizon,
        fundingText: before.funding_text,
        responsible: before.responsible,
        partners: before.partners,
        digitalEnablers: before.digital_enablers,
        localActorTypes: before.local_actor_types,
        location: before.location,
        progress: before.progress,
        remark: before.remark,
        note: before.note,
      } as Record<string, unknown>;
      const merged = { ...current };
      for (const [k, v] of Object.entries(input)) if (v !== undefined && k !== 'parent' && k !== 'fundingSources') merged[k] = v;
      if (merged.kind === 'open_action' && !merged.category) throw validationFailed([{ field: 'category', message: 'an open action needs a category' }]);
      assertPlaceInside(input.location, tenant);
      const undef = (v: unknown) => (v === null ? undefined : v);
      const cols = projectColumns({
        code,
        kind: merged.kind as 'project',
        title: merged.title as Multiloc,
        description: undef(merged.description) as Multiloc | undefined,
        status: merged.status as 'idea',
        maturity: undef(merged.maturity) as string | undefined,
        priority: (merged.priority ?? null) as 'priority' | null,
        priorityText: undef(merged.priorityText) as string | undefined,
        category: undef(merged.category) as 'research' | undefined,
        budget: merged.budget as never,
        horizon: undef(merged.horizon) as string | undefined,
        fundingText: undef(merged.fundingText) as string | undefined,
        responsible: undef(merged.responsible) as string | undefined,
        partners: undef(merged.partners) as string | undefined,
        digitalEnablers: undef(merged.digitalEnablers) as string[] | undefined,
        localActorTypes: undef(merged.localActorTypes) as string[] | undefined,
        location: undef(merged.location) as never,
        progress: undef(merged.progress) as number | undefined,
        remark: undef(merged.remark) as Multiloc | undefined,
        note: undef(merged.note) as string | undefined,
      });
      const parent = input.parent !== undefined ? await this.resolveParent(trx, tenant.id, input.parent) : {};
      await this.edits.updateProject(trx, before.id, { ...cols, ...parent, updated_at: new Date() });
      if (input.fundingSources !== undefined) await this.setFunding(trx, tenant.id, before.id, input.fundingSources);
      // A status or progress change is what followers hear about (the notices in strategy.notices.ts).
      const statusTo = input.status !== undefined && input.status !== before.status ? input.status : undefined;
      const progressTo = input.progress !== undefined && input.progress !== before.progress ? input.progress : undefined;
      await this.record(trx, actor, tenant, 'strategy.project.updated', { tenantId: tenant.id, code, ...(statusTo ? { status: { from: before.status, to: statusTo } } : {}), ...(progressTo !== undefined ? { progress: { from: before.progress, to: progressTo } } : {}) }, { type: 'strategy_project', id: code, before: current, after: input });
    });
  }

  /** Adds a dated update to a project's public timeline. Service API for other modules. */
  async addTimelineEntry(actor: Actor, tenant: TenantRow, code: string, entry: { text: Multiloc; date?: string | undefined; status?: string | undefined }, q?: Transaction<Database>) {
    const run = async (trx: Transaction<Database>) => {
      const project = await this.edits.projectState(trx, tenant.id, code);
      if (!project) throw notFound('project');
      const row = await this.edits.insertTimelineEntry(trx, { tenant_id: tenant.id, project_id: project.id, date: entry.date ?? today(), text: JSON.stringify(entry.text), status: entry.status ?? null, author: authorName(actor), author_user_id: actor.kind === 'user' ? actor.user.id : null });
      await this.record(trx, actor, tenant, 'strategy.timeline.added', { tenantId: tenant.id, code }, { type: 'strategy_project', id: code, after: entry });
      return row;
    };
    return q ? run(q) : this.repo.transaction(run);
  }

  /** Changes a project's status with a public timeline note, and notifies its followers in the same transaction. */
  async setProjectStatus(actor: Actor, tenant: TenantRow, code: string, input: z.infer<typeof S.ProjectStatusBody>) {
    await this.write(actor, tenant, async (trx) => {
      const before = await this.edits.projectState(trx, tenant.id, code);
      if (!before) throw notFound('project');
      await this.applyStatus(trx, actor, tenant.id, before.id, { status: input.status, progress: input.progress, date: input.date ?? today(), note: input.note });
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'strategy.project.statusChanged', entityType: 'strategy_project', entityId: code, before: { status: before.status, progress: before.progress }, after: input });
      await emit(trx, 'strategy.project.statusChanged', { tenantId: tenant.id, code, from: before.status, to: input.status, note: input.note, ...(input.progress !== undefined ? { progress: input.progress } : {}) }, tenant.id);
    });
  }

  /**
   * Records an approved progress report on a project, inside the caller's transaction (service API for the
   * monitoring module): the new status and % complete, a public timeline entry, and one measurement per KPI
   * value with its source (e.g. "progress report 7"). KPIs must belong to the project, its objective or its
   * pillar. Audited with its event; notifying people is left to the caller, who knows why it happened.
   */
  async recordProgress(
    actor: Actor,
    tenant: TenantRow,
    code: string,
    input: { status: S.ProjectStatus; progress: number | null; date: string; note: Multiloc; measurements: { kpi: string; value: number; date: string; source: string }[] },
    trx: Transaction<Database>,
  ): Promise<void> {
    const before = await this.repo.projectByCode(tenant.id, code, trx);
    if (!before) throw notFound('project');
    await this.applyStatus(trx, actor, tenant.id, before.id, { status: input.status, progress: input.progress ?? undefined, date: input.date, note: input.note });
    const scopes = this.projectScopes(before);
    for (const [i, m] of input.measurements.entries()) {
      const kpi = await this.repo.kpiByCode(tenant.id, m.kpi, trx);
      if (!kpi || !scopes.includes(kpi.scope_code)) throw validationFailed([{ field: `kpiValues[${i}].kpi`, message: `no KPI "${m.kpi}" of this project, its objective or its pillar` }]);
      await this.edits.insertMeasurement(trx, { tenant_id: tenant.id, kpi_id: kpi.id, date: m.date, value: m.value, source: m.source, note: null, author: authorName(actor), author_user_id: actor.kind === 'user' ? actor.user.id : null });
    }
    await this.record(trx, actor, tenant, 'strategy.project.progressRecorded', { tenantId: tenant.id, code, from: before.status, to: input.status, progress: input.progress, kpis: input.measurements.map((m) => m.kpi) }, { type: 'strategy_project', id: code, before: { status: before.status, progress: before.progress }, after: input });
  }

  /** A project's new status (and % complete when given) with its public timeline entry. */
  private async applyStatus(trx: Transaction<Database>, actor: Actor, tenantId: number, projectId: number, input: { status: string; progress?: number | undefined; date: string; note: Multiloc }) {
    await this.edits.updateProject(trx, projectId, { status: input.status, ...(input.progress !== undefined ? { progress: input.progress } : {}), updated_at: new Date() });
    await this.edits.insertTimelineEntry(trx, { tenant_id: tenantId, project_id: projectId, date: input.date, text: JSON.stringify(input.note), status: input.status, author: authorName(actor), author_user_id: actor.kind === 'user' ? actor.user.id : null });
  }

  /** The KPI scopes a project reports on: itself, its objective and its pillar (service API). */
  async projectKpiScopes(tenantId: number, code: string): Promise<string[] | undefined> {
    const row = await this.repo.projectByCode(tenantId, code);
    return row ? this.projectScopes(row) : undefined;
  }

  projectScopes(row: { code: string; pillar_code: string; objective_code: string | null }): string[] {
    return [row.code, row.objective_code, row.pillar_code].filter((c): c is string => !!c);
  }
}

/** A project's place (a point or an area drawn on the map) must lie inside the city: 400 naming the position otherwise. */
function assertPlaceInside(location: { type: string; coordinates: unknown } | null | undefined, tenant: TenantRow): void {
  if (!location) return;
  const outside = positionOutside(location, tenant.boundary);
  if (outside) throw validationFailed([{ field: `location.${outside}`, message: "The place is outside the city's boundary.", code: 'outside_boundary' }]);
}

