/**
 * Evaluation rounds (issue 14): staff open a round (ex-ante, intermediate, annual or ex-post; a period; the
 * whole strategy or some ambitions/objectives), write findings per ambition/objective, generate the reports
 * (each "generate" stores a new version: a snapshot of the period's data) and publish one version, which
 * is then immutable and public. The steering body records recommendations; staff answer them. Every change
 * writes its audit row and its event in its transaction. The reports as HTML and PDF: evaluations.reports.service.ts.
 */
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import type { Database, Db } from '../../../core/db.js';
import { AppError, type FieldError, forbidden, notFound, unauthorized, validationFailed } from '../../../core/errors.js';
import { emit, type EventMap } from '../../../core/events.js';
import type { Multiloc } from '../../../core/i18n.js';
import { SYSTEM } from '../../../core/actor.js';
import type { TenantRow } from '../../tenants/index.js';
import type { EvaluationEvent } from './evaluations.events.js';
import { type EvaluationViewer, mayRead, mayReadDrafts, viewerOf } from './evaluations.policy.js';
import type { EvaluationListView, EvaluationView, RecommendationListView, RecommendationView } from './evaluations.presenter.js';
import { gatherReport, type ReportSnapshot, type ReportSources, titlesOf } from './evaluations.report-data.js';
import type { EvaluationRow, EvaluationsRepository, RecommendationRow } from './evaluations.repository.js';
import type * as S from './evaluations.schemas.js';
import { noticeRecommendationAnswered, type Notices } from './evaluations.notices.js';

export interface EvaluationsDeps extends ReportSources {
  db: Db;
  repo: EvaluationsRepository;
  /** the notifications module's call, for the notice to a recommendation's recorder when it is answered */
  notices?: Notices;
}

type Evaluation = EvaluationView;
const userId = (actor: Actor) => (actor.kind === 'user' ? actor.user.id : null);
export class EvaluationsService {
  constructor(private readonly deps: EvaluationsDeps) {}

  private async titles(tenant: TenantRow): Promise<Map<string, Multiloc>> {
    return titlesOf(await this.deps.strategy.tree(tenant, SYSTEM));
  }

  /** Drafts are for staff and steering: others are told to sign in (401) or that it is not for them (403). */
  private assertRead(actor: Actor, v: EvaluationViewer, row: EvaluationRow | undefined): EvaluationRow {
    if (!row) throw notFound('evaluation');
    if (!mayRead(v, row)) {
      if (!v.signedIn) throw unauthorized('Sign in to see a draft evaluation.');
      throw forbidden('Draft evaluations are for staff and the steering body.');
    }
    return row;
  }

  private staffOnly(v: EvaluationViewer, actor: Actor) {
    if (!v.staff) throw actor.kind === 'anonymous' ? unauthorized() : forbidden(v.steering ? 'The steering body records recommendations; staff run the evaluation round.' : 'Only staff run evaluation rounds.');
  }

  private event(row: EvaluationRow): EvaluationEvent {
    return { tenantId: row.tenant_id, evaluationId: row.id, type: row.type, periodStart: row.period_start, periodEnd: row.period_end };
  }

  private async record<T extends keyof EventMap>(trx: Transaction<Database>, actor: Actor, tenant: TenantRow, type: T, payload: EventMap[T], entity: { type: string; id: number }, after: unknown, before?: unknown) {
    await writeAudit(trx, actor, { tenantId: tenant.id, action: type, entityType: entity.type, entityId: String(entity.id), before, after });
    await emit(trx, type, payload, tenant.id);
  }

  private async checkScope(tenant: TenantRow, scope: string[], field = 'scope'): Promise<void> {
    // read the strategy first even for a whole-strategy scope: a city without one gets its 404 before anything is written
    const titles = await this.titles(tenant);
    if (!scope.length) return;
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    scope.forEach((c, i) => {
      if (!titles.has(c)) errors.push({ field: `${field}[${i}]`, message: `no ambition or objective "${c}" in the strategy` });
      else if (seen.has(c)) errors.push({ field: `${field}[${i}]`, message: 'listed twice' });
      seen.add(c);
    });
    if (errors.length) throw validationFailed(errors);
  }

  private async present(tenant: TenantRow, v: EvaluationViewer, row: EvaluationRow): Promise<Evaluation> {
    const [titles, findings, counts, versions] = await Promise.all([this.titles(tenant), this.deps.repo.findings(row.id), this.deps.repo.recommendationCounts([row.id]), this.deps.repo.versions([row.id])]);
    return { tenantSlug: tenant.slug, row, titles, findings, recommendationCount: counts.get(row.id) ?? 0, versions: versions.get(row.id) ?? [], viewer: v, drafts: mayReadDrafts(v) };
  }

  // ---------------------------------------------------------------- reads

  async list(actor: Actor, tenant: TenantRow, query: z.infer<typeof S.EvaluationListQuery>): Promise<EvaluationListView> {
    const v = viewerOf(actor, tenant.id);
    const drafts = mayReadDrafts(v);
    const rows = await this.deps.repo.list(tenant.id, { status: query.status, type: query.type, publishedOnly: !drafts });
    const ids = rows.map((r) => r.id);
    const [titles, counts, versions] = await Promise.all([this.titles(tenant), this.deps.repo.recommendationCounts(ids), this.deps.repo.versions(ids)]);
    return { tenantSlug: tenant.slug, rows, titles, counts, versions, drafts, viewer: v };
  }

  async get(actor: Actor, tenant: TenantRow, id: number): Promise<Evaluation> {
    const { row, viewer } = await this.readable(actor, tenant, id);
    return this.present(tenant, viewer, row);
  }

  /** A round the caller may read (a draft: staff and steering), with who they are to it. */
  async readable(actor: Actor, tenant: TenantRow, id: number): Promise<{ row: EvaluationRow; viewer: EvaluationViewer }> {
    const v = viewerOf(actor, tenant.id);
    return { row: this.assertRead(actor, v, await this.deps.repo.byId(tenant.id, id)), viewer: v };
  }

  // ---------------------------------------------------------------- the round

  async create(actor: Actor, tenant: TenantRow, input: S.EvaluationCreateInput, opts: { demo?: boolean } = {}): Promise<Evaluation> {
    const v = viewerOf(actor, tenant.id);
    this.staffOnly(v, actor);
    await this.checkScope(tenant, input.scope);
    const row = await this.deps.db.transaction().execute(async (trx) => {
      const created = await this.deps.repo.insert(trx, {
        tenant_id: tenant.id,
        type: input.type,
        title: JSON.stringify(input.title),
        period_start: input.periodStart,
        period_end: input.periodEnd,
        scope: JSON.stringify(input.scope),
        demo: opts.demo ?? false,
        created_by: userId(actor),
        updated_at: new Date(),
      });
      await this.record(trx, actor, tenant, 'monitoring.evaluation.created', this.event(created), { type: 'monitoring_evaluation', id: created.id }, { type: created.type, periodStart: created.period_start, periodEnd: created.period_end, scope: created.scope });
      return created;
    });
    return this.present(tenant, v, row);
  }

  /** Runs a staff change on a draft round locked for the transaction. */
  private async changeDraft(actor: Actor, tenant: TenantRow, id: number, fn: (trx: Transaction<Database>, row: EvaluationRow) => Promise<EvaluationRow>): Promise<Evaluation> {
    const v = viewerOf(actor, tenant.id);
    this.staffOnly(v, actor);
    const row = await this.deps.db.transaction().execute(async (trx) => {
      const current = await this.deps.repo.forUpdate(trx, tenant.id, id);
      if (!current) throw notFound('evaluation');
      if (current.status === 'published') throw new AppError(409, 'published_immutable', 'This evaluation is published: it and its report can no longer change.', [{ field: 'status', message: 'published' }]);
      return fn(trx, current);
    });
    return this.present(tenant, v, row);
  }

  async update(actor: Actor, tenant: TenantRow, id: number, input: S.EvaluationUpdateInput): Promise<Evaluation> {
    if (input.scope) await this.checkScope(tenant, input.scope);
    return this.changeDraft(actor, tenant, id, async (trx, row) => {
      const start = input.periodStart ?? row.period_start;
      const end = input.periodEnd ?? row.period_end;
      if (end < start) throw validationFailed([{ field: input.periodEnd ? 'periodEnd' : 'periodStart', message: 'the period must not end before it starts' }]);
      const set: Parameters<EvaluationsRepository['update']>[2] = {};
      if (input.type) set.type = input.type;
      if (input.title) set.title = JSON.stringify(input.title);
      if (input.periodStart) set.period_start = input.periodStart;
      if (input.periodEnd) set.period_end = input.periodEnd;
      if (input.scope) set.scope = JSON.stringify(input.scope);
      const updated = await this.deps.repo.update(trx, row.id, set);
      await this.record(trx, actor, tenant, 'monitoring.evaluation.updated', this.event(updated), { type: 'monitoring_evaluation', id: row.id }, { type: updated.type, periodStart: updated.period_start, periodEnd: updated.period_end, scope: updated.scope }, { type: row.type, periodStart: row.period_start, periodEnd: row.period_end, scope: row.scope });
      return updated;
    });
  }

  async writeFinding(actor: Actor, tenant: TenantRow, id: number, scope: string, text: Multiloc): Promise<Evaluation> {
    const titles = await this.titles(tenant);
    return this.changeDraft(actor, tenant, id, async (trx, row) => {
      const allowed = row.scope.length ? row.scope.includes(scope) || (titles.has(scope) && row.scope.some((c) => scope.startsWith(`${c}.`))) : titles.has(scope);
      if (!allowed) throw validationFailed([{ field: 'scope', message: row.scope.length ? `"${scope}" is not in this evaluation's scope (${row.scope.join(', ')})` : `no ambition or objective "${scope}" in the strategy` }]);
      await this.deps.repo.upsertFinding(trx, { evaluation_id: row.id, scope_code: scope, text: JSON.stringify(text), author_user_id: userId(actor) });
      const updated = await this.deps.repo.update(trx, row.id, {});
      await this.record(trx, actor, tenant, 'monitoring.evaluation.findingWritten', { ...this.event(row), scope }, { type: 'monitoring_evaluation', id: row.id }, { scope, text });
      return updated;
    });
  }

  /** Gathers the period's data and stores it as a new version of the round's report. */
  async generate(actor: Actor, tenant: TenantRow, id: number): Promise<Evaluation> {
    const v = viewerOf(actor, tenant.id);
    this.staffOnly(v, actor);
    const before = await this.deps.repo.byId(tenant.id, id);
    if (!before) throw notFound('evaluation');
    // Read everything through the pool first: inside the transaction only the transaction may be used.
    const snapshot = await gatherReport(this.deps, tenant, before, await this.deps.repo.findings(id), await this.deps.repo.recommendations(id));
    return this.changeDraft(actor, tenant, id, async (trx, row) => {
      if (row.updated_at.valueOf() !== before.updated_at.valueOf() || row.period_start !== before.period_start) throw new AppError(409, 'changed', 'The evaluation changed while its report was being generated; generate it again.', [{ field: 'status', message: 'changed meanwhile' }]);
      const version = (await this.deps.repo.latestVersion(trx, row.id)) + 1;
      const data: ReportSnapshot = { ...snapshot, version, generatedAt: new Date().toISOString() };
      await this.deps.repo.insertReport(trx, { evaluation_id: row.id, version, data, generated_by: userId(actor) });
      const updated = await this.deps.repo.update(trx, row.id, {});
      await this.record(trx, actor, tenant, 'monitoring.evaluation.reportGenerated', { ...this.event(row), version }, { type: 'monitoring_evaluation', id: row.id }, { version, kpis: data.kpis.length, charts: data.charts.length, recommendations: data.recommendations.length });
      return updated;
    });
  }

  /** Publishes the latest generated version: the round, its findings and that report are then public and immutable. */
  async publish(actor: Actor, tenant: TenantRow, id: number): Promise<Evaluation> {
    return this.changeDraft(actor, tenant, id, async (trx, row) => {
      const version = await this.deps.repo.latestVersion(trx, row.id);
      if (!version) throw new AppError(409, 'no_report', 'Generate the report before publishing the evaluation.', [{ field: 'reports', message: 'no report generated yet' }]);
      const updated = await this.deps.repo.update(trx, row.id, { status: 'published', published_version: version, published_at: new Date() });
      await this.record(trx, actor, tenant, 'monitoring.evaluation.published', { ...this.event(row), version }, { type: 'monitoring_evaluation', id: row.id }, { status: 'published', version }, { status: row.status });
      return updated;
    });
  }

  // ---------------------------------------------------------------- recommendations

  async recommendations(actor: Actor, tenant: TenantRow, id: number): Promise<RecommendationListView> {
    const { row, viewer } = await this.readable(actor, tenant, id);
    return { rows: await this.deps.repo.recommendations(row.id), viewer };
  }

  /** Runs a recommendation change (steering or staff) with the round locked for the transaction. */
  private async onRound<T>(actor: Actor, tenant: TenantRow, id: number, staffOnly: boolean, fn: (trx: Transaction<Database>, row: EvaluationRow, v: EvaluationViewer) => Promise<T>): Promise<T> {
    const v = viewerOf(actor, tenant.id);
    if (staffOnly ? !v.staff : !(v.staff || v.steering)) throw forbidden(staffOnly ? 'Staff answer recommendations.' : 'Recommendations are recorded by the steering body and staff.');
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await this.deps.repo.forUpdate(trx, tenant.id, id);
      if (!row) throw notFound('evaluation');
      return fn(trx, row, v);
    });
  }

  private async recommendationRow(trx: Transaction<Database>, row: EvaluationRow, rid: number): Promise<RecommendationRow> {
    const r = await this.deps.repo.recommendationForUpdate(trx, row.id, rid);
    if (!r) throw notFound('recommendation');
    return r;
  }

  private recEvent(row: EvaluationRow, r: RecommendationRow) {
    return { ...this.event(row), recommendationId: r.id, number: r.number, status: r.status };
  }

  async createRecommendation(actor: Actor, tenant: TenantRow, id: number, input: S.RecommendationCreateInput): Promise<RecommendationView> {
    return this.onRound(actor, tenant, id, false, async (trx, row, v) => {
      const number = await this.deps.repo.nextRecommendationNumber(trx, row.id);
      const r = await this.deps.repo.insertRecommendation(trx, {
        tenant_id: tenant.id,
        evaluation_id: row.id,
        number,
        text: JSON.stringify(input.text),
        addressed_to: input.addressedTo,
        status: input.status,
        reason: input.status === 'rejected' ? (input.reason ?? null) : null,
        created_by: userId(actor),
        updated_at: new Date(),
      });
      await this.record(trx, actor, tenant, 'monitoring.recommendation.created', { ...this.event(row), recommendationId: r.id, number, addressedTo: r.addressed_to }, { type: 'monitoring_recommendation', id: r.id }, { number, status: r.status, addressedTo: r.addressed_to });
      return { row: r, viewer: v };
    });
  }

  async updateRecommendation(actor: Actor, tenant: TenantRow, id: number, rid: number, input: S.RecommendationUpdateInput): Promise<RecommendationView> {
    return this.onRound(actor, tenant, id, false, async (trx, row, v) => {
      const current = await this.recommendationRow(trx, row, rid);
      const status = input.status ?? current.status;
      const reason = input.reason === undefined ? current.reason : input.reason;
      if (status === 'rejected' && !reason) throw validationFailed([{ field: 'reason', message: 'required when the status is rejected' }]);
      const set: Parameters<EvaluationsRepository['updateRecommendation']>[2] = { status, reason: status === 'rejected' ? reason : null };
      if (input.text) set.text = JSON.stringify(input.text);
      if (input.addressedTo) set.addressed_to = input.addressedTo;
      const r = await this.deps.repo.updateRecommendation(trx, current.id, set);
      await this.record(trx, actor, tenant, 'monitoring.recommendation.updated', this.recEvent(row, r), { type: 'monitoring_recommendation', id: r.id }, { status: r.status, reason: r.reason, addressedTo: r.addressed_to }, { status: current.status, reason: current.reason, addressedTo: current.addressed_to });
      return { row: r, viewer: v };
    });
  }

  async answerRecommendation(actor: Actor, tenant: TenantRow, id: number, rid: number, input: S.RecommendationAnswerInput): Promise<RecommendationView> {
    return this.onRound(actor, tenant, id, true, async (trx, row, v) => {
      const current = await this.recommendationRow(trx, row, rid);
      const status = input.status ?? current.status;
      const reason = input.reason ?? current.reason;
      if (status === 'rejected' && !reason) throw validationFailed([{ field: 'reason', message: 'required when the status is rejected' }]);
      const r = await this.deps.repo.updateRecommendation(trx, current.id, { answer: JSON.stringify(input.answer), answered_at: new Date(), status, reason: status === 'rejected' ? reason : null });
      await this.record(trx, actor, tenant, 'monitoring.recommendation.answered', this.recEvent(row, r), { type: 'monitoring_recommendation', id: r.id }, { status: r.status, answer: input.answer }, { status: current.status });
      if (this.deps.notices) await noticeRecommendationAnswered(this.deps.notices, trx, tenant, row, r, userId(actor));
      return { row: r, viewer: v };
    });
  }

  /** The published rounds' recommendations of a city (the open dataset; no personal data). */
  publishedRecommendations(tenantId: number) {
    return this.deps.repo.publishedRecommendations(tenantId);
  }
}
