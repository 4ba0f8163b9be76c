/**
 * The reporting calendar (which project or objective reports every 6 or 12 months, from when, due how many
 * days after a period) and the project teams (which `project_team` accounts report on which project).
 * Staff write both; every change is audited with its event in its transaction.
 */
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import { type Actor, hasRole } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import type { Database, Db } from '../../../core/db.js';
import { forbidden, notFound, validationFailed } from '../../../core/errors.js';
import { emit } from '../../../core/events.js';
import type { StrategyService } from '../../strategy/index.js';
import type { TenantRow } from '../../tenants/index.js';
import type { UsersService } from '../../users/index.js';
import type { CalendarRule } from './calendar.periods.js';
import { calendarPolicy } from './calendar.policy.js';
import { type CalendarRepository, type CalendarRow, ruleOf } from './calendar.repository.js';
import type * as S from './calendar.schemas.js';
import '../monitoring.events.js';

export interface CalendarServiceDeps {
  db: Db;
  repo: CalendarRepository;
  strategy: StrategyService;
  users: UsersService;
}

export const today = () => new Date().toISOString().slice(0, 10);

export class CalendarService {
  constructor(private readonly deps: CalendarServiceDeps) {}

  /** The entries with the day their current period is counted from, and whether the caller may edit them. */
  async list(actor: Actor, tenant: TenantRow): Promise<{ rows: CalendarRow[]; today: string; edit: boolean }> {
    const d = today();
    return { rows: await this.deps.repo.list(tenant.id), today: d, edit: calendarPolicy.edit(actor, tenant.id) };
  }

  async set(actor: Actor, tenant: TenantRow, scope: string, input: z.infer<typeof S.CalendarSetBody>): Promise<CalendarRow> {
    if (!calendarPolicy.edit(actor, tenant.id)) throw forbidden();
    // A scope is a project, or an objective with projects under it.
    if (!(await this.deps.strategy.getProject(tenant.id, scope)) && !(await this.deps.strategy.allProjects(tenant.id, { objective: scope })).length)
      throw validationFailed([{ field: 'scope', message: `no project, and no objective with projects, has the code "${scope}"` }]);
    const row = await this.deps.db.transaction().execute(async (trx) => {
      const r = await this.deps.repo.upsert(trx, { tenant_id: tenant.id, scope_code: scope, period_months: input.periodMonths, first_period_start: input.firstPeriodStart, due_days: input.dueDays });
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'monitoring.calendar.set', entityType: 'monitoring_calendar', entityId: scope, after: input });
      await emit(trx, 'monitoring.calendar.set', { tenantId: tenant.id, scopeCode: scope, periodMonths: input.periodMonths, firstPeriodStart: input.firstPeriodStart, dueDays: input.dueDays }, tenant.id);
      return r;
    });
    return row;
  }

  async remove(actor: Actor, tenant: TenantRow, scope: string): Promise<void> {
    if (!calendarPolicy.edit(actor, tenant.id)) throw forbidden();
    await this.deps.db.transaction().execute(async (trx) => {
      if (!(await this.deps.repo.remove(trx, tenant.id, scope))) throw notFound('calendar entry');
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'monitoring.calendar.removed', entityType: 'monitoring_calendar', entityId: scope });
      await emit(trx, 'monitoring.calendar.removed', { tenantId: tenant.id, scopeCode: scope }, tenant.id);
    });
  }

  // ---------------------------------------------------------------- teams

  async teams(tenant: TenantRow) {
    const byProject = new Map<string, string[]>();
    for (const r of await this.deps.repo.teams(tenant.id)) byProject.set(r.project_code, [...(byProject.get(r.project_code) ?? []), r.user_id]);
    return { items: [...byProject].map(([project, userIds]) => ({ project, userIds })) };
  }

  async setTeam(actor: Actor, tenant: TenantRow, project: string, userIds: string[]) {
    if (!calendarPolicy.edit(actor, tenant.id)) throw forbidden();
    if (!(await this.deps.strategy.getProject(tenant.id, project))) throw notFound('project');
    const ids = [...new Set(userIds)];
    const errors = [];
    for (const [i, id] of ids.entries()) {
      const roles = (await this.deps.users.rolesByTenant(id)).get(tenant.id) ?? [];
      if (!roles.includes('project_team')) errors.push({ field: `userIds[${i}]`, message: 'not an account with the project_team role in this city' });
    }
    if (errors.length) throw validationFailed(errors);
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await this.deps.repo.team(tenant.id, project, trx);
      await this.deps.repo.setTeam(trx, tenant.id, project, ids);
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'monitoring.team.set', entityType: 'monitoring_team', entityId: project, before, after: ids });
      await emit(trx, 'monitoring.team.set', { tenantId: tenant.id, projectCode: project, userIds: ids }, tenant.id);
    });
    return { project, userIds: ids };
  }

  // ---------------------------------------------------------------- for the progress reports

  /** The projects an account reports on in a city. */
  projectsOf(tenantId: number, userId: string) {
    return this.deps.repo.projectsOf(tenantId, userId);
  }

  /** A project's team, read in the caller's transaction when given. */
  team(tenantId: number, project: string, trx?: Transaction<Database>) {
    return this.deps.repo.team(tenantId, project, trx);
  }

  /** The rule a project reports on: its own entry, else its objective's; undefined when it has none. */
  async ruleFor(tenantId: number, project: string): Promise<CalendarRule | undefined> {
    const p = await this.deps.strategy.getProject(tenantId, project);
    if (!p) return undefined;
    const rows = await this.deps.repo.byScopes(tenantId, [project, p.parent.code]);
    const row = rows.find((r) => r.scope_code === project) ?? rows.find((r) => r.scope_code === p.parent.code);
    return row ? ruleOf(row) : undefined;
  }

  /** Every project with a reporting rule in a city (objective entries expanded to their projects). */
  async schedule(tenantId: number): Promise<{ project: string; rule: CalendarRule }[]> {
    const rows = await this.deps.repo.list(tenantId);
    const out = new Map<string, CalendarRule>();
    for (const r of rows) {
      const own = await this.deps.strategy.getProject(tenantId, r.scope_code);
      if (own) continue;
      for (const p of await this.deps.strategy.allProjects(tenantId, { objective: r.scope_code })) out.set(p.code, ruleOf(r));
    }
    // Project entries override their objective's.
    for (const r of rows) if (await this.deps.strategy.getProject(tenantId, r.scope_code)) out.set(r.scope_code, ruleOf(r));
    return [...out].map(([project, rule]) => ({ project, rule }));
  }

  tenantIds() {
    return this.deps.repo.tenantIds();
  }

  canReport(actor: Actor, tenantId: number) {
    return hasRole(actor, tenantId, ['project_team', 'staff']);
  }
}
