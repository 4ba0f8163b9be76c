/**
 * Participation use-cases: surveys (answer once, results, CSV), participatory budgets (ballots under the
 * three Decidim voting rules, checkout, greedy and equal-shares outcomes, pabulib import/export) and the
 * platform metrics that feed the strategy's automatic KPIs.
 */
import type { ModerationService } from './moderation/moderation.service.js';
import { sql, type Transaction } from 'kysely';
import { type Actor, hasRole, type Role } from '../../core/actor.js';
import type { Database } from '../../core/db.js';
import { writeAudit } from '../../core/audit.js';
import { badRequest, conflict, forbidden, isUniqueViolation, notFound, unauthorized, validationFailed, type FieldError } from '../../core/errors.js';
import { emit } from '../../core/events.js';
import type { TenantRow } from '../tenants/index.js';
import type { ConsoleCounter, ModuleServices, OverviewBlock } from '../module.js';
import type { CommunityService } from './participation.community.js';
import { equalShares, greedy, tally, type OutcomeBallot, type ScoreKind } from './outcome.js';
import { parsePb, PbParseError, pbNumber, writePb, type PbFile } from './pabulib.js';
import type { ParticipationRepository } from './participation.repository.js';
import { placeErrors } from './participation.places.js';
import { budgetChanges, type BudgetProjectsService } from './participation.projects.js';
import { type Answers, type AudienceAttribute, checkAttributes, checkQuestions, computeResults, type Multiloc, pct, type Question, type RespondentAttribute, type Section, validateAnswers, validateProfile } from './survey.logic.js';

declare module '../../core/events.js' {
  interface EventMap {
    'participation.survey.created': { surveyId: number; slug: string };
    'participation.survey.updated': { surveyId: number; slug: string; status: string };
    'participation.survey.statusChanged': { surveyId: number; slug: string; from: string; to: string };
    'participation.response.submitted': { surveyId: number; responseId: number };
    'participation.budget.created': { budgetId: number; slug: string };
    'participation.budget.imported': { budgetId: number; slug: string; projects: number; ballots: number };
    'participation.ballot.checkedOut': { budgetId: number; ballotId: number };
    /** a winning budget project became a strategy project (its voters follow it from then on) */
    'participation.budget_project.won': { budgetId: number; projectId: number; strategyCode: string };
  }
}

export type VotingRule = 'threshold_percent' | 'minimum_projects' | 'selected_projects';
export type OutcomeRule = 'greedy' | 'equal-shares';

export interface SurveyInput {
  slug: string;
  title: Multiloc;
  description: Multiloc;
  audience: 'anyone' | 'users' | 'role' | 'attribute';
  audienceRoles?: Role[];
  audienceAttribute?: AudienceAttribute | null;
  attributes?: RespondentAttribute[];
  anonymous: boolean;
  status: 'draft' | 'open' | 'closed';
  sections?: Section[];
  questions: Question[];
}

/** Every rule a survey definition must follow (the single source of truth for the staff builder). */
function checkSurvey(input: SurveyInput): FieldError[] {
  const errors = checkQuestions(input.questions, input.sections ?? []);
  errors.push(...checkAttributes(input.attributes ?? [], { anonymous: input.anonymous, audienceAttribute: input.audienceAttribute }));
  if (input.audience === 'attribute' && !input.audienceAttribute) errors.push({ field: 'audienceAttribute', message: 'choose the attribute and the values that may answer' });
  if (input.audience === 'role' && !input.audienceRoles?.length) errors.push({ field: 'audienceRoles', message: 'choose at least one role' });
  if (input.audience !== 'anyone' && input.anonymous) errors.push({ field: 'anonymous', message: 'only a consultation open to anyone can take anonymous answers' });
  return errors;
}

function surveyColumns(input: SurveyInput) {
  return {
    slug: input.slug,
    title: JSON.stringify(input.title),
    description: JSON.stringify(input.description),
    audience: input.audience,
    audience_roles: input.audienceRoles ?? [],
    audience_attribute: input.audience === 'attribute' && input.audienceAttribute ? JSON.stringify(input.audienceAttribute) : null,
    attributes: JSON.stringify(input.attributes ?? []),
    anonymous: input.anonymous,
    status: input.status,
    sections: JSON.stringify(input.sections ?? []),
    questions: JSON.stringify(input.questions),
  };
}

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
  projects: { code: string; title: Multiloc; description?: Multiloc; cost: number; lat?: number; lon?: number }[];
}

/** How long the ballot path trusts its cached budget and projects (per process). */
const BALLOT_CACHE_MS = 10_000;

const userOf = (actor: Actor) => (actor.kind === 'user' ? actor.user : undefined);

export class ParticipationService {
  constructor(
    private readonly repo: ParticipationRepository,
    /** proposals, comments, processes and expressions of interest */
    readonly community: CommunityService,
    private readonly modules: Partial<ModuleServices> = {},
    /** budget projects' workflow before the vote (review, costing, ready) */
    readonly budgetProjects?: BudgetProjectsService,
    /** the moderation queue for flagged comments */
    readonly moderation?: ModerationService,
    /** a metropolitan area's member places (its residents are theirs) */
    private readonly membersOf: (area: TenantRow) => Promise<TenantRow[]> = async () => [],
  ) {}

  /** Authors of the proposals and budget projects that became strategy project `code` (service API; pass the transaction). */
  authorsLinkedTo(tenantId: number, code: string, trx: Transaction<Database>): Promise<string[]> {
    return this.repo.authorsLinkedTo(tenantId, code, trx);
  }

  /** The participatory processes linked to a strategy project, for the strategy module's project page. */
  processesForProject(tenantId: number, code: string) {
    return this.community.processesForProject(tenantId, code);
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
        await trx.updateTable('participation_budget_projects').set({ extra: JSON.stringify({ ...w.project.extra, strategy_code: code }) }).where('id', '=', w.project.id).execute();
        await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.budget.promoted', entityType: 'participation_budget_project', entityId: String(w.project.id), after: { strategyCode: code } });
        await emit(trx, 'participation.budget_project.won', { budgetId: r.budget.id, projectId: w.project.id, strategyCode: code }, tenant.id);
      });
      created.push(code);
    }
    return created;
  }

  // ---------- Surveys ----------

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

  listSurveys(tenant: TenantRow) {
    return this.repo.surveys(tenant.id);
  }

  /** A survey by id or address; drafts only when `drafts` (staff). */
  async survey(tenant: TenantRow, id: string, opts: { drafts?: boolean } = {}) {
    const s = await this.repo.survey(tenant.id, id);
    if (!s || (s.status === 'draft' && !opts.drafts)) throw notFound('survey');
    return s;
  }

  async myResponse(actor: Actor, surveyId: number, browserToken?: string) {
    const u = userOf(actor);
    return this.repo.myResponse(surveyId, u?.id ?? null, u ? null : (browserToken ?? null));
  }

  async createSurvey(actor: Actor, tenant: TenantRow, input: SurveyInput) {
    const errors = checkSurvey(input);
    if (errors.length) throw validationFailed(errors);
    return this.repo.transaction(async (trx) => {
      try {
        const { id } = await trx
          .insertInto('participation_surveys')
          .values({ tenant_id: tenant.id, ...surveyColumns(input) })
          .returning('id')
          .executeTakeFirstOrThrow();
        await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.survey.created', entityType: 'participation_survey', entityId: String(id), after: input });
        await emit(trx, 'participation.survey.created', { surveyId: id, slug: input.slug }, tenant.id);
        return id;
      } catch (e) {
        if (isUniqueViolation(e)) throw conflict(`A survey with the address "${input.slug}" already exists.`);
        throw e;
      }
    });
  }

  /**
   * Replaces a draft survey's definition (staff; audited). Only drafts without responses can change: once
   * a survey is open, people's answers refer to its questions (409 `survey_not_draft`). `status: 'open'`
   * publishes it.
   */
  async updateSurvey(actor: Actor, tenant: TenantRow, id: string, input: SurveyInput) {
    const before = await this.survey(tenant, id, { drafts: true });
    if (before.status !== 'draft' || Number(before.responses ?? 0) > 0) throw conflict('Only a draft consultation without answers can be edited.', 'survey_not_draft');
    const errors = checkSurvey(input);
    if (errors.length) throw validationFailed(errors);
    return this.repo.transaction(async (trx) => {
      try {
        // The status guard makes a concurrent publish win cleanly: nothing changes after it.
        const r = await trx.updateTable('participation_surveys').set(surveyColumns(input)).where('id', '=', before.id).where('status', '=', 'draft').returning('id').executeTakeFirst();
        if (!r) throw conflict('Only a draft consultation without answers can be edited.', 'survey_not_draft');
        const { responses: _n, ...old } = before;
        await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.survey.updated', entityType: 'participation_survey', entityId: String(before.id), before: old, after: input });
        await emit(trx, 'participation.survey.updated', { surveyId: before.id, slug: input.slug, status: input.status }, tenant.id);
        return before.id;
      } catch (e) {
        if (isUniqueViolation(e)) throw conflict(`A survey with the address "${input.slug}" already exists.`);
        throw e;
      }
    });
  }

  /**
   * Closes an open consultation, or opens it again (staff; audited). Its answers and results stay as they
   * are; a closed consultation takes no answers (409 `survey_closed`). A draft is opened through the edit.
   */
  async setSurveyStatus(actor: Actor, tenant: TenantRow, id: string, to: 'open' | 'closed') {
    const before = await this.survey(tenant, id, { drafts: true });
    if (before.status === to) return { status: to };
    if (before.status === 'draft') throw conflict('A draft consultation is opened from its edit page.', 'survey_is_draft');
    return this.repo.transaction(async (trx) => {
      // The status guard keeps two racing staff clicks to one change (and one audit row).
      const r = await trx.updateTable('participation_surveys').set({ status: to }).where('id', '=', before.id).where('status', '=', before.status).returning('id').executeTakeFirst();
      if (!r) throw conflict('The consultation changed meanwhile; reload and try again.', 'survey_changed');
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.survey.statusChanged', entityType: 'participation_survey', entityId: String(before.id), before: { status: before.status }, after: { status: to } });
      await emit(trx, 'participation.survey.statusChanged', { surveyId: before.id, slug: before.slug, from: before.status, to }, tenant.id);
      return { status: to };
    });
  }

  /**
   * Stores one response. One per person is enforced by the database (unique per account, or per browser
   * token on anonymous surveys), so two racing requests get one 201 and one 409.
   */
  async respond(actor: Actor, tenant: TenantRow, surveyId: string, input: { answers: Answers; browserToken?: string; profile?: Record<string, string> }) {
    const s = await this.survey(tenant, surveyId);
    if (s.status !== 'open') throw conflict('This consultation is closed.', 'survey_closed');
    const u = userOf(actor);
    if (!u && (s.audience !== 'anyone' || !s.anonymous)) throw unauthorized('Sign in to answer this consultation.');
    if (s.audience === 'role' && !hasRole(actor, tenant.id, s.audience_roles as Role[])) throw forbidden('This consultation is for: ' + s.audience_roles.join(', ') + '.');
    if (!u && !input.browserToken) throw validationFailed([{ field: 'browserToken', message: 'an anonymous answer needs the browser token' }]);
    const profile = input.profile ?? {};
    const errors = [...validateProfile(s.attributes, profile), ...validateAnswers(s.questions, input.answers)];
    const aa = s.audience === 'attribute' ? s.audience_attribute : null;
    if (aa && !errors.length && !aa.values.includes(profile[aa.key] ?? '')) throw forbidden('This consultation is for people who answer “' + aa.key + '” with: ' + aa.values.join(', ') + '.');
    if (errors.length) throw validationFailed(errors, 'The answers are not valid: ' + errors.map((e) => `${e.field}: ${e.message}`).join('; '));
    try {
      return await this.repo.transaction(async (trx) => {
        const row = await this.repo.insertResponse(trx, {
          tenant_id: tenant.id,
          survey_id: s.id,
          user_id: u?.id ?? null,
          browser_token: u ? null : input.browserToken!,
          profile: JSON.stringify(profile),
          answers: JSON.stringify(input.answers),
        });
        await emit(trx, 'participation.response.submitted', { surveyId: s.id, responseId: row.id }, tenant.id);
        return row;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('You have already answered this consultation.', 'already_answered');
      throw e;
    }
  }

  async surveyResults(tenant: TenantRow, surveyId: string, filter?: { key: string; value: string }) {
    const s = await this.survey(tenant, surveyId);
    const rows = await this.repo.responses(s.id, filter);
    const questions = computeResults(s.questions, rows.map((r) => r.answers));
    const codes = await this.repo.codeShares(s.id);
    const attributes = new Map<string, { value: string; count: number }[]>();
    for (const a of await this.repo.profileValues(s.id)) attributes.set(a.key, [...(attributes.get(a.key) ?? []), { value: a.value, count: a.count }]);
    const byQuestion = new Map<string, { id: number; label: string; n: number }[]>();
    for (const c of codes) byQuestion.set(c.question_key, [...(byQuestion.get(c.question_key) ?? []), { id: c.id, label: c.label, n: c.n }]);
    return {
      survey: s,
      openClusters: openClusters(codes),
      respondents: rows.length,
      reconstructed: rows.some((r) => r.reconstructed),
      filter: filter ?? null,
      attributes: [...attributes].map(([key, values]) => ({ key, values })),
      questions: questions.map((q) => {
        const cs = byQuestion.get(q.key);
        if (!cs) return q;
        // Cluster shares are of all coded answers to the question (Timișoara: of the 457 open answers).
        const codedTotal = cs.reduce((t, c) => t + c.n, 0);
        return { ...q, codes: cs.map((c) => ({ ...c, pct: pct(c.n, codedTotal) })) };
      }),
    };
  }

  /** Anonymised responses as CSV rows: a running number, the date, the declared profile and the answers. */
  async exportRows(tenant: TenantRow, surveyId: string) {
    const s = await this.survey(tenant, surveyId);
    const rows = await this.repo.responses(s.id);
    const flat = (v: unknown): string => (v === undefined ? '' : Array.isArray(v) ? v.join('|') : typeof v === 'object' && v !== null ? Object.entries(v).map(([k, x]) => `${k}=${String(x)}`).join('|') : String(v));
    return {
      survey: s,
      columns: [
        { header: 'response', value: (r: { n: number }) => r.n },
        { header: 'date', value: (r: { date: string }) => r.date },
        { header: 'reconstructed', value: (r: { reconstructed: boolean }) => r.reconstructed },
        { header: 'profile', value: (r: { profile: string }) => r.profile },
        ...s.questions.map((q) => ({ header: q.key, value: (r: { answers: Answers }) => flat(r.answers[q.key]) })),
      ] as { header: string; value(row: never): string | number | boolean }[],
      rows: rows.map((r, i) => ({ n: i + 1, date: r.created_at.toISOString().slice(0, 10), reconstructed: r.reconstructed, profile: flat(r.profile), answers: r.answers })),
    };
  }

  // ---------- Open-answer coding ----------

  async createCode(actor: Actor, tenant: TenantRow, surveyId: string, questionKey: string, label: string) {
    const s = await this.survey(tenant, surveyId);
    if (!s.questions.some((q) => q.key === questionKey && (q.type === 'short_text' || q.type === 'long_text'))) throw validationFailed([{ field: 'question', message: 'not an open question of this survey' }]);
    return this.repo.transaction(async (trx) => {
      try {
        const { id } = await trx.insertInto('participation_codes').values({ survey_id: s.id, question_key: questionKey, label }).returning('id').executeTakeFirstOrThrow();
        await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.code.created', entityType: 'participation_code', entityId: String(id), after: { questionKey, label } });
        return id;
      } catch (e) {
        if (isUniqueViolation(e)) throw conflict('This code already exists for the question.');
        throw e;
      }
    });
  }

  private async codeOf(tenant: TenantRow, surveyId: string, codeId: number) {
    const s = await this.survey(tenant, surveyId);
    const c = await this.repo.transaction((trx) => trx.selectFrom('participation_codes').selectAll().where('id', '=', codeId).where('survey_id', '=', s.id).executeTakeFirst());
    if (!c) throw notFound('code');
    return { survey: s, code: c };
  }

  async renameCode(actor: Actor, tenant: TenantRow, surveyId: string, codeId: number, label: string) {
    const { code } = await this.codeOf(tenant, surveyId, codeId);
    await this.repo.transaction(async (trx) => {
      try {
        await trx.updateTable('participation_codes').set({ label }).where('id', '=', codeId).execute();
      } catch (e) {
        if (isUniqueViolation(e)) throw conflict('Another code of this question has this name; merge them instead.');
        throw e;
      }
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.code.renamed', entityType: 'participation_code', entityId: String(codeId), before: { label: code.label }, after: { label } });
    });
  }

  /** Merges `from` into `into`: every answer coded `from` becomes `into` (once), and `from` disappears. */
  async mergeCodes(actor: Actor, tenant: TenantRow, surveyId: string, from: number, into: number) {
    if (from === into) throw validationFailed([{ field: 'into', message: 'merge two different codes' }]);
    const a = await this.codeOf(tenant, surveyId, from);
    const b = await this.codeOf(tenant, surveyId, into);
    if (a.code.question_key !== b.code.question_key) throw validationFailed([{ field: 'into', message: 'both codes must belong to the same question' }]);
    await this.repo.transaction(async (trx) => {
      await sql`insert into participation_codings (response_id, question_key, code_id)
        select response_id, question_key, ${into} from participation_codings where code_id = ${from}
        on conflict do nothing`.execute(trx);
      await trx.deleteFrom('participation_codes').where('id', '=', from).execute();
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.code.merged', entityType: 'participation_code', entityId: String(into), before: { from: a.code.label }, after: { into: b.code.label } });
    });
  }

  /** Tags (or untags) one open answer with a code. */
  async codeAnswer(actor: Actor, tenant: TenantRow, surveyId: string, codeId: number, responseId: number, on: boolean) {
    const { survey, code } = await this.codeOf(tenant, surveyId, codeId);
    await this.repo.transaction(async (trx) => {
      const r = await trx.selectFrom('participation_responses').select('id').where('id', '=', responseId).where('survey_id', '=', survey.id).executeTakeFirst();
      if (!r) throw notFound('response');
      if (on) await trx.insertInto('participation_codings').values({ response_id: responseId, question_key: code.question_key, code_id: codeId }).onConflict((oc) => oc.doNothing()).execute();
      else await trx.deleteFrom('participation_codings').where('response_id', '=', responseId).where('code_id', '=', codeId).execute();
    });
  }

  /** The open answers of a question with their codes, for the staff coding screen. */
  async openAnswers(tenant: TenantRow, surveyId: string, questionKey: string) {
    const s = await this.survey(tenant, surveyId);
    const rows = await this.repo.responses(s.id);
    const codings = await this.repo.transaction((trx) => trx.selectFrom('participation_codings').select(['response_id', 'code_id']).where('question_key', '=', questionKey).execute());
    const byResponse = new Map<number, number[]>();
    for (const c of codings) byResponse.set(c.response_id, [...(byResponse.get(c.response_id) ?? []), c.code_id]);
    return rows.filter((r) => typeof r.answers[questionKey] === 'string' && r.answers[questionKey]).map((r) => ({ responseId: r.id, text: r.answers[questionKey] as string, codes: byResponse.get(r.id) ?? [] }));
  }

  // ---------- Budgets ----------

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

  async createBudget(actor: Actor, tenant: TenantRow, input: BudgetInput, extra: { voteType?: string; pbMeta?: Record<string, string> } = {}) {
    this.checkBudget(tenant, input);
    return this.repo.transaction((trx) => this.insertBudget(trx, actor, tenant, input, extra));
  }

  /** What a budget must satisfy before it is stored (the same rules whatever the source: the API, a .pb import). */
  private checkBudget(tenant: TenantRow, input: BudgetInput) {
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
  private async insertBudget(trx: Transaction<Database>, actor: Actor, tenant: TenantRow, input: BudgetInput, extra: { voteType?: string; pbMeta?: Record<string, string> }): Promise<number> {
    {
      let id: number;
      try {
        ({ id } = await trx
          .insertInto('participation_budgets')
          .values({
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
          })
          .returning('id')
          .executeTakeFirstOrThrow());
      } catch (e) {
        if (isUniqueViolation(e)) throw conflict(`A budget with the address "${input.slug}" already exists.`);
        throw e;
      }
      for (let i = 0; i < input.projects.length; i += 500)
        await trx
          .insertInto('participation_budget_projects')
          .values(
            input.projects.slice(i, i + 500).map((p) => ({
              tenant_id: tenant.id,
              budget_id: id,
              code: p.code,
              title: JSON.stringify(p.title),
              description: JSON.stringify(p.description ?? { ro: '' }),
              cost: p.cost,
              lat: p.lat ?? null,
              lon: p.lon ?? null,
              extra: JSON.stringify((p as { extra?: Record<string, string> }).extra ?? {}),
            })),
          )
          .execute();
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.budget.created', entityType: 'participation_budget', entityId: String(id), after: { ...input, projects: input.projects.length } });
      await emit(trx, 'participation.budget.created', { budgetId: id, slug: input.slug }, tenant.id);
      return id;
    }
  }

  private voterKey(actor: Actor) {
    const u = userOf(actor);
    if (!u) throw unauthorized('Sign in to vote.');
    return u;
  }

  /**
   * A budget with its projects for the ballot path, cached per process for a few seconds (cleared by any
   * change made through this process). Staleness cannot let a wrong ballot in: the write statements check
   * in SQL that the budget is voting and that every chosen project is ready, and ready projects' costs are
   * frozen while the vote is open.
   */
  private async ballotBudget(tenant: TenantRow, idOrSlug: string) {
    const key = `${tenant.id}:${idOrSlug}`;
    const hit = this.ballotCache.get(key);
    if (hit && hit.version === budgetChanges.version && hit.until > Date.now()) return hit.value;
    const budget = await this.budget(tenant, idOrSlug);
    const projects = await this.repo.projects(budget.id);
    const value = { budget, projects, byId: new Map(projects.map((p) => [p.id, p])) };
    if (this.ballotCache.size > 1000) this.ballotCache.clear();
    this.ballotCache.set(key, { value, version: budgetChanges.version, until: Date.now() + BALLOT_CACHE_MS });
    return value;
  }
  private readonly ballotCache = new Map<string, { value: { budget: Awaited<ReturnType<ParticipationService['budget']>>; projects: Awaited<ReturnType<ParticipationRepository['projects']>>; byId: Map<number, Awaited<ReturnType<ParticipationRepository['projects']>>[number]> }; version: number; until: number }>();

  async ballot(actor: Actor, tenant: TenantRow, budgetId: string) {
    const { budget: b } = await this.ballotBudget(tenant, budgetId);
    const u = this.voterKey(actor);
    const ballot = await this.repo.ballotWithItems(b.id, u.id);
    return { budget: b, ballot, projectIds: ballot?.projectIds ?? [] };
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
  ballotState(b: Parameters<ParticipationService['ballotProblems']>[0], projects: { id: number; cost: number }[], projectIds: number[], checkedOutAt: Date | null) {
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
      // One statement: the checkout and its event (participation.ballot.checkedOut { budgetId, ballotId }).
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

  private scoreKind(voteType: string): ScoreKind {
    return voteType === 'cumulative' || voteType === 'scoring' ? 'cumulative' : voteType === 'ordinal' ? 'ordinal' : 'approval';
  }

  /** Ballots from the ballot table, grouped per voter, in the outcome functions' shape (ids as strings). */
  private async ballots(budgetId: number) {
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
    const kind = this.scoreKind(b.vote_type);
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

  /** Loads a pabulib file as a closed budget with its ballots (checked out, keyed "pb:<voter_id>"). */
  async importPb(actor: Actor, tenant: TenantRow, text: string, slug?: string) {
    let pb: PbFile;
    try {
      pb = parsePb(text);
    } catch (e) {
      if (e instanceof PbParseError) throw badRequest(`Not a valid .pb file: ${e.message}`, [{ field: '(body)', message: e.message }]);
      throw e;
    }
    const m = pb.meta;
    const base = slug ?? `pb-${[m.unit, m.subunit, m.instance].filter(Boolean).join('-')}`.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
    const voteType = ['approval', 'cumulative', 'ordinal', 'choose-1', 'scoring'].includes(m.vote_type ?? '') ? m.vote_type! : 'approval';
    const minLen = pbNumber(m.min_length);
    const maxLen = pbNumber(m.max_length);
    const title = { ro: m.description || `PB ${m.unit ?? ''} ${m.instance ?? ''}`.trim() || 'PB' };
    const about = [m.description, m.unit, m.subunit, m.instance].filter(Boolean).join(' · ');
    // A file without any of these still gets a description (the budget's schema requires Romanian text).
    const description = about ? { ro: about } : { ro: 'Importat dintr-un fișier pabulib.', en: 'Imported from a pabulib file.', hu: 'pabulib-fájlból importálva.' };
    // Projects placed outside this city (a file of another city, or coordinates in the wrong order) are
    // imported without their place: the election is still auditable, the map shows only places in the city.
    let placesDropped = 0;
    const place = (p: PbFile['projects'][number]) => {
      const lat = pbNumber(p.fields.latitude);
      const lon = pbNumber(p.fields.longitude);
      if (lat === undefined || lon === undefined) return {};
      if (placeErrors(tenant, lat, lon, '').length) {
        placesDropped++;
        return {};
      }
      return { lat, lon };
    };
    const input: BudgetInput = {
        slug: base,
        title,
        description,
        total: pbNumber(m.budget)!,
        currency: m.currency ?? (m.country === 'Poland' ? 'PLN' : m.country === 'France' ? 'EUR' : 'RON'),
        scope: m.subunit ?? m.unit ?? 'city',
        eligibility: {},
        votingRule: maxLen ? 'selected_projects' : 'threshold_percent',
        minProjects: minLen ?? 0,
        maxProjects: maxLen ?? null,
        status: 'closed',
        projects: pb.projects.map((p) => ({ code: p.id, title: { ro: p.name || p.id }, cost: p.cost, ...place(p), extra: p.fields })),
    };
    this.checkBudget(tenant, input);
    // One transaction: the budget (closed from the start: never open for voting), its projects and every
    // ballot, or nothing at all.
    const id = await this.repo.transaction(async (trx) => {
      const id = await this.insertBudget(trx, actor, tenant, input, { voteType, pbMeta: m });
      const projectIds = new Map((await trx.selectFrom('participation_budget_projects').select(['id', 'code']).where('budget_id', '=', id).execute()).map((p) => [p.code, p.id]));
      const CHUNK = 1000;
      for (let i = 0; i < pb.votes.length; i += CHUNK) {
        const chunk = pb.votes.slice(i, i + CHUNK);
        const rows = await trx
          .insertInto('participation_ballots')
          .values(chunk.map((v) => ({ tenant_id: tenant.id, budget_id: id, voter_key: `pb:${v.voterId}`, user_id: null, checked_out_at: new Date(), meta: JSON.stringify(v.fields) })))
          .returning(['id', 'voter_key'])
          .execute();
        const ballotOf = new Map(rows.map((r) => [r.voter_key, r.id]));
        const items = chunk.flatMap((v) => v.projects.map((p, pos) => ({ ballot_id: ballotOf.get(`pb:${v.voterId}`)!, project_id: projectIds.get(p)!, position: pos, points: v.points?.[pos] ?? 1 })));
        for (let j = 0; j < items.length; j += 5000) await trx.insertInto('participation_ballot_items').values(items.slice(j, j + 5000)).execute();
      }
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'participation.budget.imported', entityType: 'participation_budget', entityId: String(id), after: { slug: base, projects: pb.projects.length, ballots: pb.votes.length } });
      await emit(trx, 'participation.budget.imported', { budgetId: id, slug: base, projects: pb.projects.length, ballots: pb.votes.length }, tenant.id);
      return id;
    });
    return {
      id, slug: base, projects: pb.projects.length, ballots: pb.votes.length, placesDropped,
      notes: placesDropped ? [`${placesDropped} project place(s) outside ${tenant.name.ro} were not imported; those projects have no place on the map.`] : [],
    };
  }

  /** Writes the budget, its tallies and every checked-out ballot as a pabulib file. */
  async exportPb(tenant: TenantRow, budgetId: string, rule: OutcomeRule = 'greedy') {
    const r = await this.results(tenant, budgetId, rule);
    const b = r.budget;
    const ballots = await this.ballots(b.id);
    const codeOf = new Map(r.projects.map((p) => [String(p.project.id), p.project.code]));
    const kind = this.scoreKind(b.vote_type);
    const meta: Record<string, string> = {
      description: b.title.ro,
      country: b.pb_meta.country ?? 'Romania',
      unit: b.pb_meta.unit ?? tenant.slug,
      instance: b.pb_meta.instance ?? String(b.created_at.getFullYear()),
      ...b.pb_meta,
      budget: String(Number(b.total)),
      vote_type: b.vote_type,
      rule: rule === 'greedy' ? 'greedy' : 'equalshares/add1',
    };
    if (b.voting_rule === 'selected_projects') {
      meta.min_length = String(b.min_projects);
      if (b.max_projects) meta.max_length = String(b.max_projects);
    } else if (b.vote_type === 'approval') {
      meta.max_sum_cost = String(Number(b.total));
      if (b.voting_rule === 'threshold_percent' && Number(b.threshold_percent) > 0) meta.min_sum_cost = String((Number(b.total) * Number(b.threshold_percent)) / 100);
      if (b.voting_rule === 'minimum_projects') meta.min_length = String(b.min_projects);
    }
    const file: PbFile = {
      meta,
      projects: r.projects.map((p) => ({
        id: p.project.code,
        cost: Number(p.project.cost),
        name: p.project.title.ro,
        fields: { votes: String(p.votes), ...(kind !== 'approval' ? { score: String(p.score) } : {}), selected: p.selected ? '1' : '0' },
      })),
      votes: ballots.map((v, i) => ({
        voterId: v.voterKey.startsWith('pb:') ? v.voterKey.slice(3) : String(i + 1),
        projects: v.projects.map((p) => codeOf.get(p)!),
        ...(kind === 'cumulative' ? { points: v.points! } : {}),
        fields: {},
      })),
    };
    return { slug: b.slug, text: writePb(file) };
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

/**
 * The clusters of every open question taken together, when staff coded several open questions with the same clusters
 * (Timișoara 2021: one theme set over "describe a dysfunction" and "describe another", and the results document gives
 * the shares of all 457 answers: 31.3 / 25.6 / 23.9 / 11.4 / 7.9 %). Codes are matched by label; empty when no label is
 * used in more than one question.
 */
function openClusters(codes: { question_key: string; label: string; n: number }[]) {
  const byLabel = new Map<string, { n: number; questions: Set<string> }>();
  for (const c of codes) {
    const x = byLabel.get(c.label) ?? { n: 0, questions: new Set<string>() };
    x.n += c.n;
    x.questions.add(c.question_key);
    byLabel.set(c.label, x);
  }
  if (![...byLabel.values()].some((x) => x.questions.size > 1)) return [];
  const total = [...byLabel.values()].reduce((t, x) => t + x.n, 0);
  return [...byLabel]
    .map(([label, x]) => ({ label, n: x.n, pct: pct(x.n, total), questions: [...x.questions].sort() }))
    .sort((a, b) => b.n - a.n || a.label.localeCompare(b.label, 'ro'));
}
