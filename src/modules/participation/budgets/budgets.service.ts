/**
 * Participatory budgets: creating one with its projects (the same checks whatever the source: the API, a .pb
 * import), reading them, the votes and winners under greedy or equal shares recomputed from the ballot table,
 * and promoting the winners to strategy projects.
 */
import type { Transaction } from 'kysely';
import type { Actor } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import type { Database } from '../../../core/db.js';
import { conflict, isUniqueViolation, notFound, validationFailed, type FieldError } from '../../../core/errors.js';
import { emit } from '../../../core/events.js';
import type { ModuleServices } from '../../module.js';
import type { TenantRow } from '../../tenants/index.js';
import { equalShares, greedy, tally, type OutcomeBallot, type ScoreKind } from './budgets.outcome.js';
import { pbNumber } from '../pabulib.js';
import { placeErrors } from '../participation.places.js';
import type { Multiloc } from '../survey.logic.js';
import type { BudgetsRepository } from './budgets.repository.js';

declare module '../../../core/events.js' {
  interface EventMap {
    'participation.budget.created': { budgetId: number; slug: string };
    /** a winning budget project became a strategy project (its voters follow it from then on) */
    'participation.budget_project.won': { budgetId: number; projectId: number; strategyCode: string };
  }
}

export type VotingRule = 'threshold_percent' | 'minimum_projects' | 'selected_projects';
export type OutcomeRule = 'greedy' | 'equal-shares';

export interface BudgetInput {
  slug: string;
  title: Multiloc;
  description: Multiloc;
  total: number;
  currency: string;
  scope: string;
  eligibility: { verifiedEmail?: boolean; verifiedResident?: boolean; minAge?: number; maxAge?: number };
  votingRule: VotingRule;
  /** 'preparing': public, projects reviewed and costed before the vote opens; default 'voting' */
  status?: 'draft' | 'preparing' | 'voting' | 'closed';
  thresholdPercent?: number;
  minProjects?: number;
  maxProjects?: number | null;
  projects: { code: string; title: Multiloc; description?: Multiloc; cost: number; lat?: number; lon?: number; extra?: Record<string, string> }[];
}

/** A .pb file's vote type and metadata, kept with an imported budget. */
export interface BudgetExtra {
  voteType?: string;
  pbMeta?: Record<string, string>;
}

export function scoreKind(voteType: string): ScoreKind {
  return voteType === 'cumulative' || voteType === 'scoring' ? 'cumulative' : voteType === 'ordinal' ? 'ordinal' : 'approval';
}

export class BudgetsService {
  constructor(
    private readonly repo: BudgetsRepository,
    private readonly modules: Partial<ModuleServices> = {},
  ) {}

  listBudgets(tenant: TenantRow) {
    return this.repo.budgets(tenant.id);
  }

  async budget(tenant: TenantRow, id: string) {
    const b = await this.repo.budget(tenant.id, id);
    if (!b || b.status === 'draft') throw notFound('budget');
    return b;
  }

  async projects(tenant: TenantRow, id: string) {
    const b = await this.budget(tenant, id);
    return { budget: b, projects: await this.repo.projects(b.id) };
  }

  async createBudget(actor: Actor, tenant: TenantRow, input: BudgetInput, extra: BudgetExtra = {}) {
    this.checkBudget(tenant, input);
    return this.repo.transaction((trx) => this.insertBudget(trx, actor, tenant, input, extra));
  }

  /** What a budget must satisfy before it is stored (the same rules whatever the source: the API, a .pb import). */
  checkBudget(tenant: TenantRow, input: BudgetInput) {
    const errors: FieldError[] = [];
    // the response schema requires Romanian text: what the read refuses is never written
    if (!input.title.ro?.trim()) errors.push({ field: 'title.ro', message: 'Romanian text is required' });
    if (!input.description.ro?.trim()) errors.push({ field: 'description.ro', message: 'Romanian text is required' });
    if (input.votingRule === 'selected_projects' && !input.maxProjects) errors.push({ field: 'maxProjects', message: 'the "select projects" rule needs a maximum' });
    if (input.votingRule === 'minimum_projects' && !(input.minProjects && input.minProjects >= 1)) errors.push({ field: 'minProjects', message: 'the "minimum projects" rule needs a minimum of at least 1' });
    if (new Set(input.projects.map((p) => p.code)).size !== input.projects.length) errors.push({ field: 'projects', message: 'project codes must be unique' });
    input.projects.forEach((p, i) => errors.push(...placeErrors(tenant, p.lat, p.lon, `projects[${i}].`)));
    if (errors.length) throw validationFailed(errors);
  }

  /** Stores a checked budget and its projects in `trx` (audited, with its event). */
  async insertBudget(trx: Transaction<Database>, actor: Actor, tenant: TenantRow, input: BudgetInput, extra: BudgetExtra): Promise<number> {
    let id: number;
    try {
      id = await this.repo.insertBudget(trx, {
        tenant_id: tenant.id,
        slug: input.slug,
        title: JSON.stringify(input.title),
        description: JSON.stringify(input.description),
        total: input.total,
        currency: input.currency,
        scope: input.scope,
        eligibility: JSON.stringify(input.eligibility),
        voting_rule: input.votingRule,
        ...(input.status ? { status: input.status } : {}),
        threshold_percent: input.thresholdPercent ?? 0,
        min_projects: input.minProjects ?? 0,
        max_projects: input.maxProjects ?? null,
        vote_type: (extra.voteType ?? 'approval') as 'approval',
        pb_meta: JSON.stringify(extra.pbMeta ?? {}),
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict(`A budget with the address "${input.slug}" already exists.`);
      throw e;
    }
    await this.repo.insertProjects(
      trx,
      input.projects.map((p) => ({
        tenant_id: tenant.id,
        budget_id: id,
        code: p.code,
        title: JSON.stringify(p.title),
        description: JSON.stringify(p.description ?? { ro: '' }),
        cost: p.cost,
        lat: p.lat ?? null,
        lon: p.lon ?? null,
        extra: JSON.stringify(p.extra ?? {}),
      })),
    );
    await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.budget.created', entityType: 'participation_budget', entityId: String(id), after: { ...input, projects: input.projects.length } });
    await emit(trx, 'participation.budget.created', { budgetId: id, slug: input.slug }, tenant.id);
    return id;
  }

  /** Ballots from the ballot table, grouped per voter, in the outcome functions' shape (ids as strings). */
  async ballots(budgetId: number) {
    const rows = await this.repo.checkedOutItems(budgetId);
    const ballots: (OutcomeBallot & { voterKey: string; meta: Record<string, string | number> })[] = [];
    let current: number | undefined;
    for (const r of rows) {
      if (r.ballot_id !== current) {
        ballots.push({ projects: [], points: [], voterKey: r.voter_key, meta: r.meta });
        current = r.ballot_id;
      }
      const last = ballots[ballots.length - 1]!;
      last.projects.push(String(r.project_id));
      last.points!.push(Number(r.points));
    }
    return ballots;
  }

  /** Votes per project and the winners under the chosen outcome rule, recomputed from the ballot table. */
  async results(tenant: TenantRow, budgetId: string, rule: OutcomeRule) {
    const b = await this.budget(tenant, budgetId);
    const projects = await this.repo.projects(b.id);
    const ballots = await this.ballots(b.id);
    const kind = scoreKind(b.vote_type);
    const op = projects.filter((p) => p.review === 'ready').map((p) => ({ id: String(p.id), cost: Number(p.cost) }));
    const t = tally(op, ballots, kind, pbNumber(b.pb_meta.max_length));
    for (const p of projects) {
      t.votes.set(String(p.id), (t.votes.get(String(p.id)) ?? 0) + p.paper_votes);
      if (kind === 'approval') t.score.set(String(p.id), (t.score.get(String(p.id)) ?? 0) + p.paper_votes);
    }
    const winners = rule === 'greedy' ? greedy(op, t.score, Number(b.total)) : equalShares(op, ballots, Number(b.total));
    const won = new Set(winners);
    return {
      budget: b,
      rule,
      ballots: ballots.length,
      projects: projects
        .map((p) => ({ project: p, votes: t.votes.get(String(p.id)) ?? 0, score: t.score.get(String(p.id)) ?? 0, selected: won.has(String(p.id)) }))
        .sort((a, b2) => b2.score - a.score || b2.votes - a.votes || a.project.id - b2.project.id),
      spent: projects.filter((p) => won.has(String(p.id))).reduce((s, p) => s + Number(p.cost), 0),
    };
  }

  /**
   * Promotes a budget's winners (under the chosen rule) to strategy projects with their cost, so their
   * implementation is followed on the strategy pages. Codes are `<prefix>-<project code>`; winners already
   * promoted are skipped.
   */
  async promoteWinners(actor: Actor, tenant: TenantRow, budgetId: string, input: { rule: OutcomeRule; parent: string; prefix: string }) {
    const strategy = this.modules.strategy;
    if (!strategy) throw conflict('The strategy module is not installed.', 'strategy_unavailable');
    const r = await this.results(tenant, budgetId, input.rule);
    const created: string[] = [];
    for (const w of r.projects.filter((p) => p.selected)) {
      const code = `${input.prefix}-${w.project.code}`.slice(0, 40);
      if (w.project.extra.strategy_code || (await strategy.getProject(tenant.id, code))) continue;
      const eur = r.budget.currency === 'EUR';
      // The strategy project, the link back to it and both audit rows in one transaction (issue 12): a
      // failure after the project is created must not leave it unlinked (a second promotion would skip it).
      await this.repo.transaction(async (trx) => {
        await strategy.createProject(actor, tenant, {
          code,
          kind: 'project',
          parent: input.parent,
          title: w.project.title,
          description: { ro: `${w.project.description.ro}\n\n(Câștigător al bugetului participativ „${r.budget.title.ro}”: ${w.votes} voturi)` },
          status: 'planned',
          priority: null,
          budget: { amount: eur ? Number(w.project.cost) : null, currency: 'EUR', basis: 'one_off', ...(eur ? {} : { text: `${Number(w.project.cost)} ${r.budget.currency}` }) },
          fundingSources: [],
          // the place the budget project had (a point), kept on the strategy project's map
          ...(w.project.lat !== null && w.project.lon !== null ? { location: { type: 'Point', coordinates: [w.project.lon, w.project.lat] } } : {}),
        } as Parameters<typeof strategy.createProject>[2], trx);
        await this.repo.setProjectExtra(trx, w.project.id, { ...w.project.extra, strategy_code: code });
        await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.budget.promoted', entityType: 'participation_budget_project', entityId: String(w.project.id), after: { strategyCode: code } });
        await emit(trx, 'participation.budget_project.won', { budgetId: r.budget.id, projectId: w.project.id, strategyCode: code }, tenant.id);
      });
      created.push(code);
    }
    return created;
  }
}
