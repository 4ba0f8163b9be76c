/**
 * The participation module's service API, the one object other modules and the module's routes receive:
 * consultations (`surveys`, `codes`), participatory budgets (`budgets`, `pabulib`, `ballots`, `budgetProjects`),
 * proposals, comments and processes (`community`), and the moderation queue. The reads and writes other
 * modules call are kept here under their names; the staff console's counters, the city page's block, the
 * metrics that feed the strategy's automatic KPIs and a person's erasure are the module's own.
 */
import type { Transaction } from 'kysely';
import type { Actor } from '../../core/actor.js';
import type { Database } from '../../core/db.js';
import type { ConsoleCounter, OverviewBlock } from '../module.js';
import type { TenantRow } from '../tenants/index.js';
import type { BallotsService } from './ballots/ballots.service.js';
import type { BudgetExtra, BudgetInput, BudgetsService, OutcomeRule } from './budgets/budgets.service.js';
import type { PabulibService } from './budgets/pabulib.service.js';
import type { CodesService } from './codes/codes.service.js';
import type { ModerationService } from './moderation/moderation.service.js';
import type { CommunityService } from './participation.community.js';
import type { BudgetProjectsService } from './budget-projects/budget-projects.service.js';
import type { ParticipationRepository } from './participation.repository.js';
import type { SurveyInput, SurveysService } from './surveys/surveys.service.js';

export interface ParticipationParts {
  repo: ParticipationRepository;
  surveys: SurveysService;
  /** coding open answers with clusters */
  codes: CodesService;
  budgets: BudgetsService;
  /** budgets in and out of the pabulib .pb format */
  pabulib: PabulibService;
  ballots: BallotsService;
  /** proposals, comments, processes and expressions of interest */
  community: CommunityService;
  /** budget projects' workflow before the vote (review, costing, ready) */
  budgetProjects?: BudgetProjectsService;
  /** the moderation queue for flagged comments */
  moderation?: ModerationService;
}

export class ParticipationService {
  private readonly repo: ParticipationRepository;
  readonly surveys: SurveysService;
  readonly codes: CodesService;
  readonly budgets: BudgetsService;
  readonly pabulib: PabulibService;
  readonly ballots: BallotsService;
  readonly community: CommunityService;
  readonly budgetProjects?: BudgetProjectsService;
  readonly moderation?: ModerationService;

  constructor(parts: ParticipationParts) {
    this.repo = parts.repo;
    this.surveys = parts.surveys;
    this.codes = parts.codes;
    this.budgets = parts.budgets;
    this.pabulib = parts.pabulib;
    this.ballots = parts.ballots;
    this.community = parts.community;
    this.budgetProjects = parts.budgetProjects;
    this.moderation = parts.moderation;
  }

  /** Authors of the proposals and budget projects that became strategy project `code` (service API; pass the transaction). */
  authorsLinkedTo(tenantId: number, code: string, trx: Transaction<Database>): Promise<string[]> {
    return this.repo.authorsLinkedTo(tenantId, code, trx);
  }

  /** The participatory processes linked to a strategy project, for the strategy module's project page. */
  processesForProject(tenantId: number, code: string) {
    return this.community.processesForProject(tenantId, code);
  }

  // ---------- Consultations (service API) ----------

  listSurveys(tenant: TenantRow) {
    return this.surveys.listSurveys(tenant);
  }

  /** A survey by id or address; drafts only when `drafts` (staff). */
  survey(tenant: TenantRow, id: string, opts: { drafts?: boolean } = {}) {
    return this.surveys.survey(tenant, id, opts);
  }

  createSurvey(actor: Actor, tenant: TenantRow, input: SurveyInput) {
    return this.surveys.createSurvey(actor, tenant, input);
  }

  /** Stores one response (once per person). */
  respond(actor: Actor, tenant: TenantRow, surveyId: string, input: Parameters<SurveysService['respond']>[3]) {
    return this.surveys.respond(actor, tenant, surveyId, input);
  }

  surveyResults(tenant: TenantRow, surveyId: string, filter?: { key: string; value: string }) {
    return this.surveys.surveyResults(tenant, surveyId, filter);
  }

  exportRows(tenant: TenantRow, surveyId: string) {
    return this.surveys.exportRows(tenant, surveyId);
  }

  // ---------- Budgets (service API) ----------

  listBudgets(tenant: TenantRow) {
    return this.budgets.listBudgets(tenant);
  }

  budget(tenant: TenantRow, id: string) {
    return this.budgets.budget(tenant, id);
  }

  createBudget(actor: Actor, tenant: TenantRow, input: BudgetInput, extra: BudgetExtra = {}) {
    return this.budgets.createBudget(actor, tenant, input, extra);
  }

  /** Votes per project and the winners under the chosen outcome rule, recomputed from the ballot table. */
  results(tenant: TenantRow, budgetId: string, rule: OutcomeRule) {
    return this.budgets.results(tenant, budgetId, rule);
  }

  /** Writes the budget, its tallies and every checked-out ballot as a pabulib file. */
  exportPb(tenant: TenantRow, budgetId: string, rule: OutcomeRule = 'greedy') {
    return this.pabulib.exportPb(tenant, budgetId, rule);
  }

  /** Promotes a budget's winners to strategy projects (see `BudgetsService.promoteWinners`). */
  promoteWinners(actor: Actor, tenant: TenantRow, budgetId: string, input: { rule: OutcomeRule; parent: string; prefix: string }) {
    return this.budgets.promoteWinners(actor, tenant, budgetId, input);
  }

  // ---------- The staff console and the city page ----------

  /** Counters for the staff console: consultations open, budget projects to review, flagged comments. */
  async consoleCounters(tenant: TenantRow): Promise<ConsoleCounter[]> {
    const [c, open, flagged] = await Promise.all([this.repo.consoleCounts(tenant.id), this.repo.openForOverview(tenant.id, 0), this.moderation?.openCount(tenant.id) ?? 0]);
    return [
      { key: 'consultationsOpen', count: open.surveyCount, tone: 'info' },
      { key: 'budgetsVoting', count: open.budgetCount, tone: 'info' },
      { key: 'projectsToReview', count: c.projectsToReview, tone: c.projectsToReview > 0 ? 'attention' : 'info' },
      { key: 'flaggedComments', count: flagged, tone: flagged > 0 ? 'attention' : 'info' },
    ];
  }

  /** The city page's block: open consultations and budgets open for voting, each linking to its page. */
  async overview(tenant: TenantRow): Promise<OverviewBlock[]> {
    const open = await this.repo.openForOverview(tenant.id, 3);
    return [
      {
        key: 'open',
        path: 'participation',
        headline: 'consultationsOpen',
        figures: [
          { key: 'consultationsOpen', value: open.surveyCount, unit: 'count' },
          { key: 'budgetsVoting', value: open.budgetCount, unit: 'count' },
        ],
        items: [
          ...open.surveys.map((s) => ({ title: s.title, path: `surveys/${s.slug}`, date: s.created_at.toISOString() })),
          ...open.budgets.map((b) => ({ title: b.title, path: `budgets/${b.slug}`, date: b.created_at.toISOString() })),
        ],
      },
    ];
  }

  // ---------- Metrics and erasure ----------

  largestConsultation(tenantId: number, from: string, to: string) {
    return this.repo.largestConsultation(tenantId, from, to);
  }
  participantsTotal(tenantId: number, from: string, to: string) {
    return this.repo.participantsTotal(tenantId, from, to);
  }
  budgetVoters(tenantId: number, from: string, to: string) {
    return this.repo.budgetVoters(tenantId, from, to);
  }

  /**
   * Called when a person deletes their account (by the users module, or by a handler of its event): their
   * answers and ballots stay, so results do not change, but nothing links them to the person any more.
   */
  async anonymiseUser(userId: string) {
    await this.community.anonymiseUser(userId);
    return this.repo.anonymiseUser(userId);
  }
}
