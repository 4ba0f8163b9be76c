/**
 * Ballots of a participatory budget under the three Decidim voting rules: who may vote, saving the chosen
 * projects while the vote is open, and casting the vote (checkout), after which the ballot is final.
 */
import type { Actor } from '../../../core/actor.js';
import { VersionedCache } from '../../../core/cache.js';
import { invalidateOnEvents, onCacheChange } from '../../../core/cachebus.js';
import { conflict, forbidden, unauthorized, validationFailed, type FieldError } from '../../../core/errors.js';
import type { TenantRow } from '../../tenants/index.js';
import { budgetChanges } from '../budget-projects/budget-projects.service.js';
import type { BudgetInput, BudgetsService, VotingRule } from '../budgets/budgets.service.js';
import type { BallotsRepository } from './ballots.repository.js';

declare module '../../../core/events.js' {
  interface EventMap {
    /** `userId`: the voter's account (absent in events written before it was added) */
    'participation.ballot.checkedOut': { budgetId: number; ballotId: number; userId?: string | null };
  }
}

/** How long the ballot path trusts its cached budget and projects (per process). */
const BALLOT_CACHE_MS = 10_000;
const BALLOT_BUDGETS_TOPIC = 'participation.ballot_budgets';
/** The changes of a budget or its projects that another process may make (every process hears them at commit). */
const BUDGET_CHANGED_EVENTS = ['participation.budget.statusChanged', 'participation.budgetProject.added', 'participation.budgetProject.edited', 'participation.budgetProject.costed', 'participation.budgetProject.markedReady', 'participation.budgetProject.reviewed'];

type BallotBudget = Awaited<ReturnType<BudgetsService['projects']>> & { byId: Map<number, Awaited<ReturnType<BudgetsService['projects']>>['projects'][number]> };

export class BallotsService {
  /**
   * Budgets with their projects for the ballot path, kept per process for a few seconds and keyed by
   * `budgetChanges.version`, which every budget or project change made through this process bumps (and a
   * refused write too: what was kept is then out of date), and by the changes other processes report on the
   * cache bus. Staleness cannot let a wrong ballot in: the write statements check in SQL that the budget is
   * voting and that every chosen project is ready, and ready projects' costs are frozen while the vote is open.
   */
  private readonly ballotBudgets = new VersionedCache<string, BallotBudget>(1000, BALLOT_CACHE_MS);
  private changesElsewhere = 0;

  constructor(
    private readonly repo: BallotsRepository,
    private readonly budgets: BudgetsService,
    /** a metropolitan area's member places (its residents are theirs) */
    private readonly membersOf: (area: TenantRow) => Promise<TenantRow[]> = async () => [],
  ) {
    invalidateOnEvents(BALLOT_BUDGETS_TOPIC, BUDGET_CHANGED_EVENTS);
    onCacheChange(BALLOT_BUDGETS_TOPIC, () => this.changesElsewhere++);
  }

  private voterKey(actor: Actor) {
    const u = actor.kind === 'user' ? actor.user : undefined;
    if (!u) throw unauthorized('Sign in to vote.');
    return u;
  }

  private ballotBudget(tenant: TenantRow, idOrSlug: string): Promise<BallotBudget> {
    return this.ballotBudgets.get(`${tenant.id}:${idOrSlug}`, `${budgetChanges.version}:${this.changesElsewhere}`, async () => {
      const { budget, projects } = await this.budgets.projects(tenant, idOrSlug);
      return { budget, projects, byId: new Map(projects.map((p) => [p.id, p])) };
    });
  }

  /** The rules a ballot must satisfy to be saved (always) and to be checked out. */
  ballotProblems(b: { total: number; voting_rule: VotingRule; threshold_percent: number; min_projects: number; max_projects: number | null }, chosen: { cost: number }[], forCheckout: boolean): FieldError[] {
    const sum = chosen.reduce((s, p) => s + Number(p.cost), 0);
    const n = chosen.length;
    const errors: FieldError[] = [];
    if (b.voting_rule !== 'selected_projects' && sum > Number(b.total)) errors.push({ field: 'projectIds', code: 'over_budget', message: `the chosen projects cost ${sum}, more than the budget of ${Number(b.total)}` });
    if (b.voting_rule === 'selected_projects' && b.max_projects !== null && n > b.max_projects) errors.push({ field: 'projectIds', code: 'too_many_projects', message: `choose at most ${b.max_projects} projects` });
    if (forCheckout) {
      if (n === 0) errors.push({ field: 'projectIds', code: 'empty_ballot', message: 'choose at least one project' });
      else if (b.voting_rule === 'threshold_percent' && sum < (Number(b.total) * Number(b.threshold_percent)) / 100)
        errors.push({ field: 'projectIds', code: 'under_threshold', message: `the chosen projects must use at least ${Number(b.threshold_percent)} % of the budget (${(Number(b.total) * Number(b.threshold_percent)) / 100})` });
      else if (b.voting_rule === 'minimum_projects' && n < b.min_projects) errors.push({ field: 'projectIds', code: 'too_few_projects', message: `choose at least ${b.min_projects} projects` });
      else if (b.voting_rule === 'selected_projects' && n < b.min_projects) errors.push({ field: 'projectIds', code: 'too_few_projects', message: `choose at least ${b.min_projects} projects` });
    }
    return errors;
  }

  /** What the ballot page shows: chosen projects, running total, whether it can be cast and what is missing. */
  ballotState(b: Parameters<BallotsService['ballotProblems']>[0], projects: { id: number; cost: number }[], projectIds: number[], checkedOutAt: Date | null) {
    const chosen = projects.filter((p) => projectIds.includes(p.id));
    const problems = this.ballotProblems(b, chosen, true);
    return { projectIds, total: chosen.reduce((s, p) => s + Number(p.cost), 0), budget: Number(b.total), checkedOutAt: checkedOutAt?.toISOString() ?? null, canCheckout: !checkedOutAt && problems.length === 0, problems };
  }

  /** The person's ballot as the page shows it. */
  async ballotView(actor: Actor, tenant: TenantRow, budgetId: string) {
    const { budget, projects } = await this.ballotBudget(tenant, budgetId);
    const ballot = await this.repo.ballotWithItems(budget.id, this.voterKey(actor).id);
    return this.ballotState(budget, projects, ballot?.projectIds ?? [], ballot?.checkedOutAt ?? null);
  }

  /**
   * Who may vote: signed in (always); a confirmed email (`verifiedEmail`); a verified resident
   * (`verifiedResident`: a confirmed email and registered in this city, i.e. holding a role here — for a
   * metropolitan area's own budget, here or in any of its member places — there is no census check); an age
   * range (children's budget: the person states their age, kept with the ballot).
   */
  private async checkEligibility(actor: Actor, tenant: TenantRow, b: { eligibility: BudgetInput['eligibility'] }, age: number | undefined) {
    const u = this.voterKey(actor);
    const e = b.eligibility;
    if ((e.verifiedEmail || e.verifiedResident) && !u.emailVerified) throw forbidden('Confirm your email address before voting in this budget.');
    const registeredIn = (id: number) => (u.roles.get(id)?.size ?? 0) > 0;
    if (e.verifiedResident && !registeredIn(tenant.id) && !(tenant.kind === 'area' && (await this.membersOf(tenant)).some((m) => registeredIn(m.id))))
      throw forbidden(tenant.kind === 'area' ? `This budget is for residents registered in ${tenant.name.ro} or one of its member places.` : `This budget is for residents registered in ${tenant.name.ro}.`);
    const { minAge, maxAge } = e;
    if (minAge !== undefined || maxAge !== undefined) {
      if (age === undefined) throw validationFailed([{ field: 'age', message: 'this budget is for an age range: say your age' }]);
      if ((minAge !== undefined && age < minAge) || (maxAge !== undefined && age > maxAge)) throw forbidden(`This budget is for people aged ${minAge ?? 0}–${maxAge ?? '∞'}.`);
    }
    return u;
  }

  /**
   * Saves (creates or replaces) the person's ballot; refused once it has been checked out. The rule is
   * checked against the cached budget; the write is one statement that re-checks in SQL what could have
   * changed (budget open, projects ready, ballot not final).
   */
  async putBallot(actor: Actor, tenant: TenantRow, budgetId: string, input: { projectIds: number[]; age?: number }) {
    const { budget: b, projects, byId } = await this.ballotBudget(tenant, budgetId);
    if (b.status !== 'voting') throw conflict('Voting is closed for this budget.', 'voting_closed');
    const u = await this.checkEligibility(actor, tenant, b, input.age);
    if (new Set(input.projectIds).size !== input.projectIds.length) throw validationFailed([{ field: 'projectIds', code: 'duplicate_project', message: 'each project may be chosen once' }]);
    const notOpen = (i: number) => validationFailed([{ field: `projectIds[${i}]`, code: 'invalid_project', message: 'not a project of this budget open to the vote' }]);
    const chosen = input.projectIds.map((id, i) => {
      const p = byId.get(id);
      if (!p || p.review !== 'ready') throw notOpen(i);
      return p;
    });
    const problems = this.ballotProblems(b, chosen, false);
    if (problems.length) throw validationFailed(problems, 'The ballot breaks the voting rule: ' + problems.map((p) => p.message).join('; '));
    const saved = await this.repo.saveBallot({ tenantId: tenant.id, budgetId: b.id, voterKey: u.id, userId: u.id, meta: input.age !== undefined ? { age: input.age } : {}, projectIds: input.projectIds });
    if (saved.ballotId === null) {
      budgetChanges.version++; // what we cached is out of date
      if (!saved.open) throw conflict('Voting is closed for this budget.', 'voting_closed');
      if (!saved.valid) throw notOpen(0);
      throw conflict('Your vote has already been cast and is final.', 'ballot_final');
    }
    return this.ballotState(b, projects, input.projectIds, null);
  }

  /** The bounds a ballot's project count and total cost must fall within to be cast, from the voting rule. */
  private checkoutBounds(b: { total: number; voting_rule: VotingRule; threshold_percent: number; min_projects: number; max_projects: number | null }) {
    const total = Number(b.total);
    const MANY = 1_000_000; // no upper bound on the count (projects per budget are far fewer)
    if (b.voting_rule === 'selected_projects') return { minCount: Math.max(1, b.min_projects), maxCount: b.max_projects ?? MANY, minTotal: 0, maxTotal: null };
    if (b.voting_rule === 'minimum_projects') return { minCount: Math.max(1, b.min_projects), maxCount: MANY, minTotal: 0, maxTotal: total };
    return { minCount: 1, maxCount: MANY, minTotal: (total * Number(b.threshold_percent)) / 100, maxTotal: total };
  }

  /**
   * Casts the vote: the ballot becomes final. Happy path: one statement that checks the rule's bounds in
   * SQL, makes the ballot final and writes the event. When it updates nothing, the ballot is read to say why (400 with
   * the rule broken, 409 when already cast or closed). Exactly one of two racing checkouts wins.
   */
  async checkout(actor: Actor, tenant: TenantRow, budgetId: string) {
    const { budget: b, projects, byId } = await this.ballotBudget(tenant, budgetId);
    if (b.status !== 'voting') throw conflict('Voting is closed for this budget.', 'voting_closed');
    const u = this.voterKey(actor);
    const bounds = this.checkoutBounds(b);
    for (let attempt = 0; attempt < 2; attempt++) {
      // One statement: the checkout and its event (participation.ballot.checkedOut { budgetId, ballotId, userId }).
      const done = await this.repo.checkoutBallot({ tenantId: tenant.id, budgetId: b.id, voterKey: u.id, ...bounds });
      if (done) return this.ballotState(b, projects, done.projectIds, done.checkedOutAt);
      // Why not: read the ballot (slow path, only for refusals and a ballot changed meanwhile).
      const ballot = await this.repo.ballotWithItems(b.id, u.id);
      if (!ballot) throw validationFailed([{ field: 'projectIds', code: 'empty_ballot', message: 'choose your projects first' }]);
      if (ballot.checkedOutAt) throw conflict('Your vote has already been cast and is final.', 'ballot_final');
      const problems = this.ballotProblems(b, ballot.projectIds.map((id) => byId.get(id) ?? { cost: 0 }), true);
      if (problems.length) throw validationFailed(problems, 'The ballot breaks the voting rule: ' + problems.map((p) => p.message).join('; '));
      budgetChanges.version++;
    }
    throw conflict('Voting is closed for this budget, or your ballot changed while it was being cast; reload and try again.', 'voting_closed');
  }
}
