/**
 * Budget projects before the vote (CONSUL's investment workflow): staff add a project (or a citizen's
 * proposal becomes one) → eligibility review (eligible, or not eligible with a public reason) → costing
 * (staff set the cost used in the vote, with a note) → ready for vote. Only ready projects are on the
 * ballot. Every step is audited and emits its event in the same transaction.
 *
 * A budget in preparation ("preparing") is public with its projects and their states but takes no
 * ballots; staff open the vote when at least one project is ready. While the vote is open, ready projects
 * are frozen (ballots refer to them); once it is closed, nothing changes.
 */
import type { Actor } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { conflict, isUniqueViolation, notFound, validationFailed } from '../../../core/errors.js';
import { emit } from '../../../core/events.js';
import { isInt32Id } from '../../../core/input.js';
import type { TenantRow } from '../../tenants/index.js';
import { checkPlace } from '../participation.places.js';
import type { Multiloc } from '../survey.logic.js';
import type { BudgetProjectsRepository } from './budget-projects.repository.js';

declare module '../../../core/events.js' {
  interface EventMap {
    'participation.budgetProject.added': { budgetId: number; projectId: number };
    'participation.budgetProject.edited': { budgetId: number; projectId: number };
    'participation.budgetProject.reviewed': { budgetId: number; projectId: number; eligible: boolean };
    'participation.budgetProject.costed': { budgetId: number; projectId: number; cost: number };
    'participation.budgetProject.markedReady': { budgetId: number; projectId: number };
    'participation.budget.statusChanged': { budgetId: number; from: string; to: string };
  }
}

/**
 * Bumped by every change to a budget or its projects made in this process: the ballot path's cache of
 * budgets and projects (participation.service.ts) is dropped when it moves.
 */
export const budgetChanges = { version: 0 };

export const PROJECT_STATES = ['proposed', 'eligible', 'ineligible', 'costed', 'ready'] as const;
export type ProjectState = (typeof PROJECT_STATES)[number];
export type BudgetStatus = 'draft' | 'preparing' | 'voting' | 'closed';

export type ProjectStep = { to: 'eligible' } | { to: 'ineligible'; reason: string } | { to: 'costed'; cost: number; note: string } | { to: 'ready' };

/** Which states each step may start from. */
const FROM: Record<ProjectStep['to'], ProjectState[]> = {
  eligible: ['proposed', 'ineligible'],
  ineligible: ['proposed', 'eligible', 'costed'],
  costed: ['eligible', 'costed'],
  ready: ['costed'],
};

/** Budget status changes staff may make. */
const STATUS_FROM: Record<Exclude<BudgetStatus, 'draft'>, BudgetStatus[]> = {
  preparing: ['draft'],
  voting: ['draft', 'preparing'],
  closed: ['voting'],
};

export interface ProjectInput {
  code: string;
  title: Multiloc;
  description?: Multiloc;
  /** the proposer's estimate; staff set the cost used in the vote when costing */
  cost: number;
  lat?: number | null;
  lon?: number | null;
  proposalId?: number;
}

export class BudgetProjectsService {
  constructor(private readonly repo: BudgetProjectsRepository) {}

  /** A budget as staff see it (drafts included). */
  async budgetForStaff(tenantId: number, idOrSlug: string) {
    const b = await this.repo.budget(tenantId, isInt32Id(idOrSlug) ? { id: Number(idOrSlug) } : { slug: idOrSlug });
    if (!b) throw notFound('budget');
    return b;
  }

  projectsOf(budgetId: number) {
    return this.repo.projectsOf(budgetId);
  }

  /** One project of a budget the public can see (not a draft budget unless `staff`). */
  async project(tenantId: number, budgetIdOrSlug: string, projectId: number, staff = false) {
    const b = await this.budgetForStaff(tenantId, budgetIdOrSlug);
    if (b.status === 'draft' && !staff) throw notFound('budget');
    const p = await this.repo.project(b.id, projectId);
    if (!p) throw notFound('budget project');
    return { budget: b, project: p };
  }

  async addProject(actor: Actor, tenant: TenantRow, budgetIdOrSlug: string, input: ProjectInput) {
    const b = await this.budgetForStaff(tenant.id, budgetIdOrSlug);
    if (b.status === 'closed') throw conflict('This budget is closed.', 'budget_closed');
    checkPlace(tenant, input.lat, input.lon);
    if (input.proposalId !== undefined) {
      if (!(await this.repo.proposalExists(tenant.id, input.proposalId))) throw validationFailed([{ field: 'proposalId', message: 'no proposal with this number in this city' }]);
    }
    return this.repo.transaction(async (trx) => {
      try {
        const { id } = await this.repo.insert(trx, {
          tenant_id: tenant.id,
          budget_id: b.id,
          code: input.code,
          title: JSON.stringify(input.title),
          description: JSON.stringify(input.description ?? { ro: '' }),
          cost: input.cost,
          proposed_cost: input.cost,
          lat: input.lat ?? null,
          lon: input.lon ?? null,
          review: 'proposed',
          proposal_id: input.proposalId ?? null,
          extra: JSON.stringify({}),
        });
        await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.budgetProject.added', entityType: 'participation_budget_project', entityId: String(id), after: { budgetId: b.id, ...input } });
        await emit(trx, 'participation.budgetProject.added', { budgetId: b.id, projectId: id }, tenant.id);
        budgetChanges.version++;
        return id;
      } catch (e) {
        if (isUniqueViolation(e)) throw conflict(`This budget already has a project with the code "${input.code}".`, 'duplicate_code');
        throw e;
      }
    });
  }

  /** Staff edit a project's text and place (`lat`/`lon` null removes it). Ready projects are frozen while voting. */
  async editProject(actor: Actor, tenant: TenantRow, budgetIdOrSlug: string, projectId: number, input: { title?: Multiloc; description?: Multiloc; lat?: number | null; lon?: number | null }) {
    const { budget: b, project: p } = await this.project(tenant.id, budgetIdOrSlug, projectId, true);
    this.assertChangeable(b.status, p.review);
    const placeGiven = input.lat !== undefined || input.lon !== undefined;
    if (placeGiven) checkPlace(tenant, input.lat, input.lon);
    await this.repo.transaction(async (trx) => {
      await this.repo.update(trx, p.id, {
          ...(input.title ? { title: JSON.stringify(input.title) } : {}),
          ...(input.description ? { description: JSON.stringify(input.description) } : {}),
          ...(placeGiven ? { lat: input.lat ?? null, lon: input.lon ?? null } : {}),
        });
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.budgetProject.edited', entityType: 'participation_budget_project', entityId: String(p.id), before: { title: p.title, description: p.description, lat: p.lat, lon: p.lon }, after: input });
      await emit(trx, 'participation.budgetProject.edited', { budgetId: b.id, projectId: p.id }, tenant.id);
    });
    budgetChanges.version++;
  }

  private assertChangeable(status: string, review: ProjectState, to?: ProjectState) {
    if (status === 'closed') throw conflict('This budget is closed; its projects can no longer change.', 'budget_closed');
    if (status === 'voting' && (review === 'ready' || to === 'ready')) throw conflict('The vote is open: projects on the ballot cannot change until it closes.', 'voting_open');
  }

  /** One workflow step (eligibility review, costing, ready for vote). */
  async step(actor: Actor, tenant: TenantRow, budgetIdOrSlug: string, projectId: number, step: ProjectStep) {
    const { budget: b, project: p } = await this.project(tenant.id, budgetIdOrSlug, projectId, true);
    this.assertChangeable(b.status, p.review, step.to);
    if (!FROM[step.to].includes(p.review)) throw conflict(`A project that is "${p.review}" cannot become "${step.to}".`, 'invalid_transition');
    const patch =
      step.to === 'ineligible'
        ? { review: step.to, review_reason: step.reason, reviewed_at: new Date() }
        : step.to === 'eligible'
          ? { review: step.to, review_reason: null, reviewed_at: new Date() }
          : step.to === 'costed'
            ? { review: step.to, cost: step.cost, cost_note: step.note }
            : { review: step.to };
    await this.repo.transaction(async (trx) => {
      const done = await this.repo.updateIfReview(trx, p.id, p.review, patch);
      if (!done) throw conflict('Someone changed this project at the same time; reload and try again.', 'concurrent_change');
      const action = step.to === 'costed' ? 'costed' : step.to === 'ready' ? 'markedReady' : 'reviewed';
      await writeAudit(trx, actor, { tenantId: tenant.id, action: `participation.budgetProject.${action}`, entityType: 'participation_budget_project', entityId: String(p.id), before: { review: p.review, cost: Number(p.cost), reason: p.review_reason, note: p.cost_note }, after: step });
      if (step.to === 'costed') await emit(trx, 'participation.budgetProject.costed', { budgetId: b.id, projectId: p.id, cost: step.cost }, tenant.id);
      else if (step.to === 'ready') await emit(trx, 'participation.budgetProject.markedReady', { budgetId: b.id, projectId: p.id }, tenant.id);
      else await emit(trx, 'participation.budgetProject.reviewed', { budgetId: b.id, projectId: p.id, eligible: step.to === 'eligible' }, tenant.id);
    });
    budgetChanges.version++;
  }

  /** Staff move the budget along: draft → preparing → voting (needs a ready project) → closed. */
  async setStatus(actor: Actor, tenant: TenantRow, budgetIdOrSlug: string, to: Exclude<BudgetStatus, 'draft'>) {
    const b = await this.budgetForStaff(tenant.id, budgetIdOrSlug);
    if (b.status === to) return;
    if (!STATUS_FROM[to].includes(b.status)) throw conflict(`A budget that is "${b.status}" cannot become "${to}".`, 'invalid_transition');
    if (to === 'voting') {
      if (!(await this.repo.hasReadyProject(b.id))) throw conflict('Open the vote once at least one project is ready for vote.', 'no_ready_projects');
    }
    await this.repo.transaction(async (trx) => {
      await this.repo.setBudgetStatus(trx, b.id, to);
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.budget.statusChanged', entityType: 'participation_budget', entityId: String(b.id), before: { status: b.status }, after: { status: to } });
      await emit(trx, 'participation.budget.statusChanged', { budgetId: b.id, from: b.status, to }, tenant.id);
    });
    budgetChanges.version++;
  }
}
