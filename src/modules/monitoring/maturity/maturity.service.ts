/**
 * The maturity matrix self-assessment (issue 14; Baia Mare's strategy ch. 4.1 and Annex 1): a city's model
 * (6 pillars × 5 levels of criteria in Baia Mare's), rounds in which staff set each criterion's state
 * (achieved / in progress / planned for 2030 / not started) with evidence and a comment, draft → published
 * (published rounds are immutable). Every write records its audit row and its event in its transaction.
 */
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import type { Database, Db } from '../../../core/db.js';
import { AppError, forbidden, type FieldError, notFound, unauthorized, validationFailed } from '../../../core/errors.js';
import { emit, type EventMap } from '../../../core/events.js';
import type { Multiloc } from '../../../core/i18n.js';
import type { OpendataService } from '../../opendata/index.js';
import type { SensorsService } from '../../sensors/index.js';
import type { StrategyService } from '../../strategy/index.js';
import type { TenantRow, TenantsService } from '../../tenants/index.js';
import { can, type MaturityViewer, viewerOf } from './maturity.policy.js';
import { resolveEvidenceLinks, type StoredLink } from './maturity.evidence.js';
import { levelsOf, statesOf } from './maturity.levels.js';
import type { MaturityOverview, PreviousRound, RoundList, RoundView } from './maturity.presenter.js';
import type { AssessmentRow, MaturityRepository, RoundRow } from './maturity.repository.js';
import type * as S from './maturity.schemas.js';
import type { MaturityModel } from './maturity.schemas.js';
import type { CriterionState } from './maturity.tables.js';
import './maturity.events.js';

export interface MaturityDeps {
  db: Db;
  repo: MaturityRepository;
  strategy: StrategyService;
  tenants: TenantsService;
  opendata?: OpendataService | undefined;
  sensors?: SensorsService | undefined;
}

type Source = 'strategy' | 'adopted' | 'own' | 'none';

/** The city's current model and where it comes from. */
export interface ResolvedModel {
  enabled: boolean;
  source: Source;
  adoptedFrom: string | null;
  model: MaturityModel | null;
}

/** A published round's level per pillar, for reports (the evaluations' state-of-the-city report). */
export interface RoundLevels {
  id: number;
  name: Multiloc;
  publishedAt: string;
  reconstructed: boolean;
  pillars: { code: string; title: Multiloc; level: number }[];
}

export class MaturityService {
  constructor(private readonly deps: MaturityDeps) {}

  // ---------------------------------------------------------------- the model

  /** The city's model: its own choice if it made one, else its strategy document's matrix, else none. */
  async resolveModel(tenantId: number, q?: Transaction<Database>): Promise<ResolvedModel> {
    const row = await this.deps.repo.model(tenantId, q);
    if (row && !row.enabled) return { enabled: false, source: 'none', adoptedFrom: null, model: null };
    if (row && row.source !== 'strategy') return { enabled: true, source: row.source, adoptedFrom: row.adopted_from, model: row.model as MaturityModel };
    const m = await this.deps.strategy.maturityMatrix(tenantId, q);
    return m?.pillars.length ? { enabled: true, source: 'strategy', adoptedFrom: null, model: m } : { enabled: false, source: 'none', adoptedFrom: null, model: null };
  }

  /** Staff choose the model: the strategy's, another city's (adopted, copied), their own, or none. */
  async setModel(actor: Actor, tenant: TenantRow, body: z.infer<typeof S.ModelSetBody>) {
    if (!viewerOf(actor, tenant.id).staff) throw forbidden('Only staff choose the maturity model.');
    let model: MaturityModel | null = null;
    let adoptedFrom: string | null = null;
    if (body.source === 'strategy') {
      if (!(await this.deps.strategy.maturityMatrix(tenant.id))?.pillars.length) throw validationFailed([{ field: 'source', message: "the city's strategy document has no maturityMatrix" }]);
    } else if (body.source === 'adopted') {
      const other = await this.deps.tenants.bySlug(body.from).catch(() => null);
      const theirs = other && other.id !== tenant.id ? await this.resolveModel(other.id) : null;
      if (!theirs?.model) throw validationFailed([{ field: 'from', message: other?.id === tenant.id ? 'a city cannot adopt its own model' : `no city "${body.from}" with a maturity model` }]);
      model = theirs.model;
      adoptedFrom = body.from;
    } else if (body.source === 'own') model = body.model;
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await this.deps.repo.model(tenant.id, trx);
      await this.deps.repo.setModel(trx, { tenant_id: tenant.id, enabled: body.source !== 'none', source: body.source, adopted_from: adoptedFrom, model: model ? JSON.stringify(model) : null, updated_at: new Date() });
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'monitoring.maturityModel.set', entityType: 'monitoring_maturity_model', entityId: String(tenant.id), before: before ? { source: before.source, adoptedFrom: before.adopted_from } : undefined, after: { source: body.source, adoptedFrom } });
      await emit(trx, 'monitoring.maturityModel.set', { tenantId: tenant.id, source: body.source, adoptedFrom }, tenant.id);
    });
    return this.overview(actor, tenant);
  }

  // ---------------------------------------------------------------- reads

  private async previousOf(row: RoundRow, q?: Transaction<Database>): Promise<PreviousRound | null> {
    const prev = await this.deps.repo.latestPublished(row.tenant_id, row.published_at ?? undefined, q);
    if (!prev || prev.id === row.id) return null;
    return { row: prev, assessments: await this.deps.repo.assessments([prev.id], q) };
  }

  private async present(row: RoundRow, v: MaturityViewer): Promise<RoundView> {
    const [assessments, previous] = await Promise.all([this.deps.repo.assessments([row.id]), this.previousOf(row)]);
    return { row, assessments, previous, viewer: v };
  }

  /** GET …/maturity: the model, the latest published round, and (for staff) the newest draft. */
  async overview(actor: Actor, tenant: TenantRow): Promise<MaturityOverview> {
    const v = viewerOf(actor, tenant.id);
    const [m, latest, draft] = await Promise.all([this.resolveModel(tenant.id), this.deps.repo.latestPublished(tenant.id), v.staff ? this.deps.repo.latestDraft(tenant.id) : Promise.resolve(undefined)]);
    // the model's pillars and criteria carry the transcriber's editorial notes: staff only
    const model = m.model && !v.staff ? { ...m.model, pillars: m.model.pillars.map(({ note: _pillarNote, ...p }) => ({ ...p, criteria: p.criteria.map(({ note: _note, ...c }) => c) })) } : m.model;
    return { ...m, model, round: latest ? await this.present(latest, v) : null, draft: draft ?? null, abilities: { manage: v.staff } };
  }

  async list(actor: Actor, tenant: TenantRow): Promise<RoundList> {
    const v = viewerOf(actor, tenant.id);
    const rows = await this.deps.repo.rounds(tenant.id, { drafts: v.staff });
    const assessments = await this.deps.repo.assessments(rows.map((r) => r.id));
    const byRound = new Map<number, AssessmentRow[]>();
    for (const a of assessments) byRound.set(a.round_id, [...(byRound.get(a.round_id) ?? []), a]);
    return { rows, assessments: byRound, create: v.staff };
  }

  private async readable(actor: Actor, tenant: TenantRow, id: number): Promise<{ row: RoundRow; v: MaturityViewer }> {
    const v = viewerOf(actor, tenant.id);
    const row = await this.deps.repo.round(tenant.id, id);
    if (!row) throw notFound('maturity round');
    if (!can(v, 'read', row)) throw actor.kind === 'anonymous' ? unauthorized('Draft rounds are for staff: sign in.') : forbidden('Draft rounds are for staff.');
    return { row, v };
  }

  async get(actor: Actor, tenant: TenantRow, id: number): Promise<RoundView> {
    const { row, v } = await this.readable(actor, tenant, id);
    return this.present(row, v);
  }

  /** The latest published round's level per pillar and the previous round's (null when there is none); `asOf`: published before it. Service API for reports. */
  async levelsSummary(tenantId: number, asOf?: Date): Promise<{ latest: RoundLevels | null; previous: RoundLevels | null }> {
    const latest = await this.deps.repo.latestPublished(tenantId, asOf);
    if (!latest) return { latest: null, previous: null };
    const prev = await this.deps.repo.latestPublished(tenantId, latest.published_at ?? undefined);
    const levelsFor = async (r: RoundRow): Promise<RoundLevels> => {
      const model = r.model as MaturityModel;
      const levels = levelsOf(model, statesOf(await this.deps.repo.assessments([r.id])));
      return { id: r.id, name: r.name, publishedAt: new Date(r.published_at!).toISOString(), reconstructed: r.reconstructed, pillars: model.pillars.map((p) => ({ code: p.code, title: p.title, level: levels[p.code] ?? 0 })) };
    };
    return { latest: await levelsFor(latest), previous: prev ? await levelsFor(prev) : null };
  }

  // ---------------------------------------------------------------- writes

  private notEditable(row: RoundRow, v: MaturityViewer): AppError {
    if (!v.staff) return forbidden('Only staff fill in maturity rounds.');
    return new AppError(409, 'round_published', 'This round is published: it cannot change. Start a new round from it.', [{ field: 'status', message: 'published' }]);
  }

  private async record<T extends keyof EventMap>(trx: Transaction<Database>, actor: Actor, tenant: TenantRow, type: T, payload: EventMap[T], row: RoundRow, extra?: { before?: unknown; after?: Record<string, unknown> }) {
    await writeAudit(trx, actor, { tenantId: tenant.id, action: type, entityType: 'monitoring_maturity_round', entityId: String(row.id), before: extra?.before, after: { status: row.status, name: row.name, ...extra?.after } });
    await emit(trx, type, payload, tenant.id);
  }

  /** Starts a round (staff): every criterion of the current model, not started or copied from another round. */
  async create(actor: Actor, tenant: TenantRow, body: z.infer<typeof S.RoundCreateBody>, opts: { reconstructed?: boolean; note?: Multiloc } = {}): Promise<RoundView> {
    const v = viewerOf(actor, tenant.id);
    if (!v.staff) throw forbidden('Only staff start maturity rounds.');
    const { model } = await this.resolveModel(tenant.id);
    if (!model) throw new AppError(409, 'maturity_off', 'This city has no maturity model: adopt one first (PUT …/maturity/model).', [{ field: 'model', message: 'none' }]);
    let from: RoundRow | undefined;
    if (body.copyFrom === 'latest') {
      from = await this.deps.repo.latestPublished(tenant.id);
      if (!from) throw validationFailed([{ field: 'copyFrom', message: 'there is no published round to start from' }]);
    } else if (body.copyFrom !== undefined) {
      from = await this.deps.repo.round(tenant.id, body.copyFrom);
      if (!from) throw validationFailed([{ field: 'copyFrom', message: `no round ${body.copyFrom} in this city` }]);
    }
    const copied = new Map((from ? await this.deps.repo.assessments([from.id]) : []).map((a) => [a.criterion_code, a]));
    const row = await this.deps.db.transaction().execute(async (trx) => {
      const created = await this.deps.repo.insertRound(trx, { tenant_id: tenant.id, name: JSON.stringify(body.name), model: JSON.stringify(model), based_on: from?.id ?? null, reconstructed: opts.reconstructed ?? false, note: opts.note ? JSON.stringify(opts.note) : null, updated_at: new Date() });
      const codes = model.pillars.flatMap((p) => p.criteria.map((c) => c.code));
      await this.deps.repo.upsertAssessments(
        trx,
        codes.map((code) => {
          const a = copied.get(code);
          return { round_id: created.id, criterion_code: code, state: a?.state ?? 'not_started', evidence_text: a?.evidence_text ? JSON.stringify(a.evidence_text) : null, evidence_links: JSON.stringify(a?.evidence_links ?? []), comment: a?.comment ? JSON.stringify(a.comment) : null, updated_at: new Date() };
        }),
      );
      await this.record(trx, actor, tenant, 'monitoring.maturityRound.created', { tenantId: tenant.id, roundId: created.id, status: 'draft', basedOn: from?.id ?? null }, created, { after: { basedOn: from?.id ?? null } });
      return created;
    });
    return this.present(row, v);
  }

  /** Changes a draft round's name and criteria (state, evidence, comment; fields not sent are kept). */
  async update(actor: Actor, tenant: TenantRow, id: number, body: S.RoundUpdateInput): Promise<RoundView> {
    const v = viewerOf(actor, tenant.id);
    const current = await this.deps.repo.round(tenant.id, id);
    if (!current) throw notFound('maturity round');
    if (!can(v, 'edit', current)) throw this.notEditable(current, v);
    const criteria = body.criteria ?? [];
    const known = new Set((current.model as MaturityModel).pillars.flatMap((p) => p.criteria.map((c) => c.code)));
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    criteria.forEach((c, i) => {
      if (!known.has(c.code)) errors.push({ field: `criteria[${i}].code`, message: `no criterion "${c.code}" in this round's model` });
      else if (seen.has(c.code)) errors.push({ field: `criteria[${i}].code`, message: 'sent twice' });
      seen.add(c.code);
    });
    if (errors.length) throw validationFailed(errors);
    const links = new Map<number, StoredLink[]>();
    for (const [i, c] of criteria.entries()) if (c.evidence?.links) links.set(i, await resolveEvidenceLinks(this.deps, tenant, c.evidence.links, `criteria[${i}].evidence.links`, errors));
    if (errors.length) throw validationFailed(errors);
    const row = await this.deps.db.transaction().execute(async (trx) => {
      const locked = await this.deps.repo.roundForUpdate(trx, tenant.id, id);
      if (!locked || !can(v, 'edit', locked)) throw this.notEditable(locked ?? current, v);
      const existing = new Map((await this.deps.repo.assessments([id], trx)).map((a) => [a.criterion_code, a]));
      const changed: { code: string; from: CriterionState; to: CriterionState }[] = [];
      const rows = criteria.map((c, i) => {
        const a: Partial<AssessmentRow> = existing.get(c.code) ?? {};
        const state = c.state ?? a.state ?? 'not_started';
        if (state !== (a.state ?? 'not_started')) changed.push({ code: c.code, from: a.state ?? 'not_started', to: state });
        const text = c.evidence?.text !== undefined ? c.evidence.text : (a.evidence_text ?? null);
        const comment = c.comment !== undefined ? c.comment : (a.comment ?? null);
        return { round_id: id, criterion_code: c.code, state, evidence_text: text ? JSON.stringify(text) : null, evidence_links: JSON.stringify(links.get(i) ?? a.evidence_links ?? []), comment: comment ? JSON.stringify(comment) : null, updated_at: new Date() };
      });
      await this.deps.repo.upsertAssessments(trx, rows);
      const updated = await this.deps.repo.updateRound(trx, id, body.name ? { name: JSON.stringify(body.name) } : {});
      await this.record(trx, actor, tenant, 'monitoring.maturityRound.updated', { tenantId: tenant.id, roundId: id, status: 'draft', criteria: criteria.map((c) => c.code) }, updated, { before: body.name ? { name: current.name } : undefined, after: { criteria: criteria.map((c) => c.code), stateChanges: changed } });
      return updated;
    });
    return this.present(row, v);
  }

  /** Publishes a draft round (staff): from then on it is immutable and the public matrix shows it. */
  async publish(actor: Actor, tenant: TenantRow, id: number): Promise<RoundView> {
    const v = viewerOf(actor, tenant.id);
    const current = await this.deps.repo.round(tenant.id, id);
    if (!current) throw notFound('maturity round');
    if (!can(v, 'publish', current)) throw this.notEditable(current, v);
    const row = await this.deps.db.transaction().execute(async (trx) => {
      const locked = await this.deps.repo.roundForUpdate(trx, tenant.id, id);
      if (!locked || !can(v, 'publish', locked)) throw this.notEditable(locked ?? current, v);
      const previous = await this.previousOf({ ...locked, published_at: null }, trx);
      const published = await this.deps.repo.updateRound(trx, id, { status: 'published', published_at: new Date(), published_by: actor.kind === 'user' ? actor.user.id : null });
      const levels = levelsOf(published.model as MaturityModel, statesOf(await this.deps.repo.assessments([id], trx)));
      const previousLevels = previous ? levelsOf(previous.row.model as MaturityModel, statesOf(previous.assessments)) : null;
      await this.record(trx, actor, tenant, 'monitoring.maturityRound.published', { tenantId: tenant.id, roundId: id, status: 'published', levels, previousLevels }, published, { before: { status: 'draft' }, after: { levels, previousLevels } });
      return published;
    });
    return this.present(row, v);
  }
}
