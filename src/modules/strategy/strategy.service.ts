/**
 * Use-cases of the strategy registry: reading the tree, projects and KPIs (with progress and status),
 * importing and exporting the strategy document, staff edits (each audited, with its event, in one
 * transaction), follows, and published revisions with their diff.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { z } from 'zod';
import { type Actor, hasRole } from '../../core/actor.js';
import { unitLabel } from '../../shared/units.js';
import { writeAudit } from '../../core/audit.js';
import type { Database, Db } from '../../core/db.js';
import { AppError, conflict, type FieldError, forbidden, notFound, validationFailed } from '../../core/errors.js';
import { positionOutside } from '../../core/geo.js';
import { emit, type EventMap } from '../../core/events.js';
import type { Locale, Multiloc } from '../../core/i18n.js';
import type { MetricsRegistry } from '../../core/metrics.js';
import type { NotificationsService } from '../notifications/index.js';
import type { TenantRow } from '../tenants/index.js';
import type { OverviewBlock } from '../module.js';
import { describeIssues, type MaturityMatrix, StrategyDocument } from './strategy.document.js';
import { diffDocuments } from './strategy.diff.js';
import { documentHash, exportDocument, importDocument, ml, projectColumns, projectSearchText, geometryPoint } from './strategy.io.js';
import { translationStatus } from './strategy.translations.js';
import { evaluateKpi, elapsedPercent, type StatusReason } from './strategy.kpi.js';
import { type KpiContext, presentKpi, withoutNotes, presentMeasurement, presentObjective, presentPillarBase, presentProjectExtra, presentProjectSummary, presentTimeline } from './strategy.presenter.js';
import type { KpiWithLatest, ObjectiveRow, PillarRow, StrategyRepository, StrategyRow } from './strategy.repository.js';
import type * as S from './strategy.schemas.js';
import { StrategyTreeResponse } from './strategy.schemas.js';
import './strategy.events.js';

type Q = Transaction<Database> | Kysely<Database>;
const EDIT_ROLES = ['staff', 'admin'] as const;
/** how long a computed metric value is reused */
export const METRIC_TTL_MS = 60_000;

type TreeBody = Omit<z.infer<typeof S.StrategyTreeResponse>, 'abilities'>;
const TreeBodySchema = StrategyTreeResponse.omit({ abilities: true });
const DAY = () => new Date().toISOString().slice(0, 10);

export interface StrategyServiceDeps {
  db: Db;
  repo: StrategyRepository;
  notifications: NotificationsService;
  metrics: MetricsRegistry;
  publicUrl: () => string;
}

interface NodeInfo {
  code: string;
  type: 'pillar' | 'objective' | 'project';
  kind: string;
  title: Multiloc;
  pillarId: number;
  objectiveId: number | null;
}

interface Structure {
  strategy: StrategyRow;
  pillars: PillarRow[];
  objectives: ObjectiveRow[];
  projects: Awaited<ReturnType<StrategyRepository['projectsLight']>>;
  nodes: Map<string, NodeInfo>;
  pillarById: Map<number, PillarRow>;
}

export interface ImportResult {
  skipped: boolean;
  hash: string;
  counts?: { pillars: number; objectives: number; projects: number; kpis: number; measurements: number };
}

export class StrategyService {
  constructor(private readonly deps: StrategyServiceDeps) {}

  private get db() {
    return this.deps.db;
  }
  private get repo() {
    return this.deps.repo;
  }

  /** The editorial notes for the staff editor (staff only). */
  async editorialNotes(actor: Actor, tenant: TenantRow) {
    if (!this.canEdit(actor, tenant.id)) throw forbidden();
    return { items: await this.repo.editorialNotes(tenant.id) };
  }

  /** Staff: per language of the city, how much of the strategy is translated and what still needs translation. */
  async translations(actor: Actor, tenant: TenantRow) {
    if (!this.canEdit(actor, tenant.id)) throw forbidden();
    const locales = (tenant.locales.length ? tenant.locales : [tenant.default_locale]) as Locale[];
    return { defaultLocale: tenant.default_locale, locales: translationStatus(await this.exportDocument(tenant), locales, tenant.default_locale) };
  }

  /** The strategy document; the public gets it without the editorial notes, staff with them (a full round trip). */
  async documentFor(actor: Actor, tenant: TenantRow) {
    const doc = await this.exportDocument(tenant);
    return this.canEdit(actor, tenant.id) ? doc : withoutNotes(doc);
  }

  canEdit(actor: Actor, tenantId: number): boolean {
    return hasRole(actor, tenantId, EDIT_ROLES);
  }

  // ------------------------------------------------------------------ structure and KPI evaluation

  private async structure(tenantId: number, q: Q = this.db): Promise<Structure> {
    const [strategy, pillars, objectives, projects] = await Promise.all([this.repo.strategy(tenantId, q), this.repo.pillars(tenantId, q), this.repo.objectives(tenantId, q), this.repo.projectsLight(tenantId, q)]);
    if (!strategy) throw notFound('strategy');
    const nodes = new Map<string, NodeInfo>();
    for (const p of pillars) nodes.set(p.code, { code: p.code, type: 'pillar', kind: p.kind, title: ml(p.title), pillarId: p.id, objectiveId: null });
    for (const o of objectives) nodes.set(o.code, { code: o.code, type: 'objective', kind: o.kind, title: ml(o.title), pillarId: o.pillar_id, objectiveId: o.id });
    for (const p of projects) nodes.set(p.code, { code: p.code, type: 'project', kind: p.kind, title: ml(p.title), pillarId: p.pillar_id, objectiveId: p.objective_id });
    return { strategy, pillars, objectives, projects, nodes, pillarById: new Map(pillars.map((p) => [p.id, p])) };
  }

  /** Evaluates KPIs: latest value (stored, or computed now from a registered metric), progress and status. */
  private async evaluate(tenantId: number, st: Structure, kpis: KpiWithLatest[]): Promise<{ kpi: KpiWithLatest; ctx: KpiContext }[]> {
    const year = new Date().getUTCFullYear();
    const period = { from: `${year}-01-01`, to: `${year + 1}-01-01` };
    const out: { kpi: KpiWithLatest; ctx: KpiContext }[] = [];
    const computed = new Map<string, number | null>();
    for (const k of kpis) {
      const node = st.nodes.get(k.scope_code);
      const pillar = node ? st.pillarById.get(node.pillarId)! : st.pillars[0]!;
      let latest: KpiContext['latest'] = k.latest_date !== null && k.latest_value !== null ? { date: k.latest_date, value: k.latest_value, ...(k.latest_source ? { source: k.latest_source } : {}), automatic: !!k.latest_automatic } : null;
      let automatic: KpiContext['automatic'] = null;
      let missing: StatusReason = 'no_measurement';
      if (k.automatic_metric) {
        const def = this.deps.metrics.get(k.automatic_metric);
        automatic = { metric: k.automatic_metric, registered: !!def, ...(def ? { unit: def.unit, description: def.description } : {}) };
        if (def) {
          const key = k.automatic_metric;
          if (!computed.has(key)) computed.set(key, await this.metricValue(tenantId, key, period));
          const value = computed.get(key) ?? null;
          if (value !== null && (!latest || latest.date <= DAY())) latest = { date: DAY(), value, source: `automatic: ${key}`, automatic: true };
          else if (!latest) missing = 'metric_no_data';
        } else if (!latest) missing = 'metric_not_registered';
      }
      const evaluation = evaluateKpi({ direction: k.direction as 'increase', baseline: k.baseline as never, target: k.target as never }, latest, { start: st.strategy.period_start, end: st.strategy.period_end }, missing);
      out.push({
        kpi: k,
        ctx: { scope: node ? { code: node.code, type: node.type, kind: node.kind, title: node.title } : { code: k.scope_code, type: 'pillar', kind: 'unknown', title: { ro: k.scope_code } }, pillar, latest, evaluation, automatic },
      });
    }
    return out;
  }

  private readonly metricCache = new Map<string, { at: number; value: Promise<number | null> }>();

  /**
   * A metric's value for the current year, remembered for METRIC_TTL_MS: metrics aggregate other modules'
   * data (sensor readings, consultations), and the tree and KPI pages are read far more often than that
   * data changes. A failing metric counts as "no data".
   */
  private metricValue(tenantId: number, name: string, period: { from: string; to: string }): Promise<number | null> {
    const key = `${tenantId}|${name}|${period.from}`;
    const hit = this.metricCache.get(key);
    if (hit && Date.now() - hit.at < METRIC_TTL_MS) return hit.value;
    const value = this.deps.metrics.compute(name, tenantId, period).catch(() => null);
    this.metricCache.set(key, { at: Date.now(), value });
    return value;
  }

  // ------------------------------------------------------------------ reads

  /**
   * The presented tree per tenant, keyed by the strategy's version (its `updated_at`, bumped by every staff
   * write, plus the latest revision id), and kept at most METRIC_TTL_MS because it also carries automatic
   * KPI values and the elapsed share of the period. The tree is the most-read page and costs seven queries
   * and a walk over every project and KPI; a hit costs one small query. The version is read before the data,
   * so a tree built while a change commits is filed under the older version and rebuilt on the next read.
   */
  private readonly treeCache = new Map<number, { version: string; at: number; tree: Promise<TreeBody>; json?: string }>();

  private async cachedTree(tenant: TenantRow) {
    const v = await this.repo.version(tenant.id);
    if (!v) throw notFound('strategy');
    const version = `${v.updated_at}|${v.revision ?? 0}`;
    let hit = this.treeCache.get(tenant.id);
    if (!hit || hit.version !== version || Date.now() - hit.at >= METRIC_TTL_MS) {
      const entry: { version: string; at: number; tree: Promise<TreeBody>; json?: string } = { version, at: Date.now(), tree: this.buildTree(tenant) };
      this.treeCache.set(tenant.id, entry);
      entry.tree.catch(() => {
        if (this.treeCache.get(tenant.id) === entry) this.treeCache.delete(tenant.id);
      });
      hit = entry;
    }
    return hit;
  }

  /**
   * The city page's block: projects by status and KPIs on track / at risk / off track. A city without a
   * strategy gets a `missing` block, which the page shows as a guided empty state.
   */
  async overview(tenant: TenantRow): Promise<OverviewBlock[]> {
    if (!(await this.repo.version(tenant.id))) return [{ key: 'missing', path: 'strategy', figures: [] }];
    const { counts } = await (await this.cachedTree(tenant)).tree;
    const p = counts.projectStatus as Record<string, number>;
    return [
      {
        key: 'progress',
        path: 'projects',
        headline: 'inProgress',
        figures: [
          { key: 'projects', value: counts.projects + counts.openActions, unit: 'count' },
          { key: 'inProgress', value: p.in_progress ?? 0, unit: 'count' },
          { key: 'completed', value: p.completed ?? 0, unit: 'count' },
          { key: 'planned', value: (p.planned ?? 0) + (p.in_preparation ?? 0) + (p.funding_requested ?? 0), unit: 'count' },
        ],
      },
      {
        key: 'kpis',
        path: 'kpis',
        figures: [
          { key: 'onTrack', value: counts.kpiStatus.on_track, unit: 'count' },
          { key: 'atRisk', value: counts.kpiStatus.at_risk, unit: 'count' },
          { key: 'offTrack', value: counts.kpiStatus.off_track, unit: 'count' },
          { key: 'noData', value: counts.kpiStatus.no_data, unit: 'count' },
        ],
      },
    ];
  }

  async tree(tenant: TenantRow, actor: Actor): Promise<z.infer<typeof S.StrategyTreeResponse>> {
    return { ...(await (await this.cachedTree(tenant)).tree), abilities: { edit: this.canEdit(actor, tenant.id) } };
  }

  /**
   * The tree as JSON text, checked against its response schema once per version and then sent as it is:
   * serialising the whole tree (every pillar with its objectives, counts and progress) is most of its cost.
   */
  async treeJson(tenant: TenantRow, actor: Actor): Promise<string> {
    const hit = await this.cachedTree(tenant);
    hit.json ??= JSON.stringify(TreeBodySchema.parse(await hit.tree));
    return `${hit.json.slice(0, -1)},"abilities":${JSON.stringify({ edit: this.canEdit(actor, tenant.id) })}}`;
  }

  private async buildTree(tenant: TenantRow): Promise<TreeBody> {
    const st = await this.structure(tenant.id);
    const [kpis, funding, revisions] = await Promise.all([this.repo.kpisWithLatest(tenant.id), this.repo.fundingWithCounts(tenant.id), this.repo.revisions(tenant.id, this.db, 1)]);
    const evaluated = await this.evaluate(tenant.id, st, kpis);
    const statusZero = () => ({ on_track: 0, at_risk: 0, off_track: 0, no_data: 0 });
    const projectZero = (): Record<string, number> => ({ idea: 0, planned: 0, in_preparation: 0, funding_requested: 0, in_progress: 0, completed: 0, suspended: 0, cancelled: 0 });
    const totalKpi = statusZero();
    const totalProjects = projectZero();
    const byPillar = new Map(st.pillars.map((p) => [p.id, { kpis: [] as typeof evaluated, projects: [] as Structure['projects'] }]));
    const objectiveCounts = new Map(st.objectives.map((o) => [o.id, { projects: 0, kpis: 0 }]));
    for (const p of st.projects) {
      byPillar.get(p.pillar_id)?.projects.push(p);
      totalProjects[p.status] = (totalProjects[p.status] ?? 0) + 1;
      if (p.objective_id !== null) objectiveCounts.get(p.objective_id)!.projects++;
    }
    for (const e of evaluated) {
      totalKpi[e.ctx.evaluation.status]++;
      byPillar.get(e.ctx.pillar.id)?.kpis.push(e);
      const node = st.nodes.get(e.kpi.scope_code);
      if (node?.type === 'objective' && node.objectiveId !== null) objectiveCounts.get(node.objectiveId)!.kpis++;
    }
    const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : null);
    const pillars = st.pillars.map((p) => {
      const g = byPillar.get(p.id)!;
      const kpiStatus = statusZero();
      for (const e of g.kpis) kpiStatus[e.ctx.evaluation.status]++;
      const projectStatus = projectZero();
      for (const pr of g.projects) projectStatus[pr.status] = (projectStatus[pr.status] ?? 0) + 1;
      const withData = g.kpis.map((e) => e.ctx.evaluation.progress).filter((x): x is number => x !== null);
      const children = st.objectives.filter((o) => o.pillar_id === p.id);
      return {
        ...presentPillarBase(p),
        counts: { objectives: children.length, projects: g.projects.filter((x) => x.kind === 'project').length, openActions: g.projects.filter((x) => x.kind === 'open_action').length, kpis: g.kpis.length },
        progress: {
          kpiProgress: mean(withData),
          kpisWithData: withData.length,
          kpiStatus,
          projectProgress: mean(g.projects.map((x) => x.progress ?? (x.status === 'completed' ? 100 : 0))),
          projectsCompleted: projectStatus.completed ?? 0,
          projectStatus: projectStatus as never,
        },
        children: children.map((o) => presentObjective(o, objectiveCounts.get(o.id)!)),
      };
    });
    const s = st.strategy;
    const latest = revisions[0];
    return {
      tenant: tenant.slug,
      strategy: {
        title: ml(s.title),
        periodStart: s.period_start,
        periodEnd: s.period_end,
        vision: ml(s.vision),
        ...(s.mission ? { mission: ml(s.mission) } : {}),
        ...(s.motto ? { motto: ml(s.motto) } : {}),
        status: s.status as 'adopted',
        ...(s.adopted_on ? { adoptedOn: s.adopted_on } : {}),
        source: withoutNotes(s.source) as never,
        elapsedPercent: Math.round(elapsedPercent({ start: s.period_start, end: s.period_end }, new Date()) * 10) / 10,
        updatedAt: new Date(s.updated_at).toISOString(),
      },
      counts: {
        pillars: st.pillars.length,
        objectives: st.objectives.length,
        projects: st.projects.filter((x) => x.kind === 'project').length,
        openActions: st.projects.filter((x) => x.kind === 'open_action').length,
        kpis: kpis.length,
        kpiStatus: totalKpi,
        projectStatus: totalProjects as never,
      },
      pillars,
      fundingSources: funding.map((f) => ({ code: f.code, name: ml(f.name), projects: Number(f.projects) })),
      ...(s.maturity_matrix ? { maturityMatrix: withoutNotes(s.maturity_matrix) as never } : {}),
      latestRevision: latest ? presentRevision(latest) : null,
    };
  }

  /** The maturity matrix of the city's strategy document (null when it has none). Service API for other modules. */
  async maturityMatrix(tenantId: number, q?: Q): Promise<z.infer<typeof MaturityMatrix> | null> {
    const s = await this.repo.strategy(tenantId, q);
    return (s?.maturity_matrix as z.infer<typeof MaturityMatrix> | null | undefined) ?? null;
  }

  /** A project by code, as the list presents it (undefined when there is none). Service API for other modules. */
  async getProject(tenantId: number, code: string): Promise<z.infer<typeof S.ProjectSummary> | undefined> {
    const row = await this.repo.projectByCode(tenantId, code);
    return row ? presentProjectSummary(row) : undefined;
  }

  /** A page of projects matching the filters. Service API for other modules. */
  async listProjects(tenantId: number, filters: Partial<S.ProjectListFilters> = {}): Promise<{ items: z.infer<typeof S.ProjectSummary>[]; total: number; page: number; limit: number }> {
    const page = filters.page ?? 1;
    const limit = filters.limit ?? 20;
    const { rows, total } = await this.repo.listProjects(tenantId, { ...filters, page, limit });
    return { items: rows.map(presentProjectSummary), total, page, limit };
  }

  async allProjects(tenantId: number, filters: Partial<S.ProjectListFilters>) {
    return (await this.repo.allProjects(tenantId, filters)).map(presentProjectSummary);
  }

  async projectDetail(tenant: TenantRow, code: string, actor: Actor): Promise<z.infer<typeof S.ProjectDetailResponse>> {
    const row = await this.repo.projectByCode(tenant.id, code);
    if (!row) throw notFound('project');
    const [timeline, kpis, following] = await Promise.all([
      this.repo.timeline(row.id),
      this.kpis(tenant.id, { scope: code }),
      actor.kind === 'user' ? this.repo.isFollowing(tenant.id, actor.user.id, 'project', code) : Promise.resolve(false),
    ]);
    return {
      ...presentProjectSummary(row),
      ...presentProjectExtra(row),
      timeline: timeline.map(presentTimeline),
      kpis,
      following,
      abilities: { edit: this.canEdit(actor, tenant.id), follow: actor.kind === 'user' },
    };
  }

  /** The projects' timeline entries dated in [from, to] (the "list of changes" of a period). Service API for other modules. */
  async timelineBetween(tenantId: number, from: string, to: string) {
    return (await this.repo.timelineBetween(tenantId, from, to)).map((r) => ({ project: r.code, title: r.title, date: r.date, text: r.text, status: r.status }));
  }

  /** KPIs with progress and status, filtered. Service API for other modules. */
  async kpis(tenantId: number, filters: Partial<S.KpiListFilters> = {}): Promise<z.infer<typeof S.KpiSummary>[]> {
    const st = await this.structure(tenantId);
    let scopes: string[] | undefined;
    if (filters.scope) scopes = [filters.scope];
    const rows = await this.repo.kpisWithLatest(tenantId, scopes ? { scopes } : {});
    let evaluated = await this.evaluate(tenantId, st, rows);
    if (filters.ambition) evaluated = evaluated.filter((e) => e.ctx.pillar.code === filters.ambition);
    if (filters.level) evaluated = evaluated.filter((e) => e.kpi.level === filters.level);
    if (filters.status) evaluated = evaluated.filter((e) => e.ctx.evaluation.status === filters.status);
    let items = evaluated.map((e) => presentKpi(e.kpi, e.ctx));
    if (filters.q) {
      const { normalizeSearch } = await import('./strategy.search.js');
      const words = normalizeSearch(filters.q).split(' ').filter(Boolean);
      items = items.filter((k) => {
        const hay = normalizeSearch([k.code, ...Object.values(k.name), k.unit ?? ''].join(' '));
        return words.every((w) => hay.includes(w));
      });
    }
    return items;
  }

  /** Alias kept for other modules: `listKpis(tenantId, filters)`. */
  listKpis(tenantId: number, filters: Partial<S.KpiListFilters> = {}) {
    return this.kpis(tenantId, filters);
  }

  async kpiDetail(tenant: TenantRow, code: string, actor: Actor): Promise<z.infer<typeof S.KpiDetailResponse>> {
    const st = await this.structure(tenant.id);
    const [row] = await this.repo.kpisWithLatest(tenant.id, { code });
    if (!row) throw notFound('KPI');
    const [e] = await this.evaluate(tenant.id, st, [row]);
    const [measurements, following] = await Promise.all([this.repo.measurements(row.id), actor.kind === 'user' ? this.repo.isFollowing(tenant.id, actor.user.id, 'kpi', code) : Promise.resolve(false)]);
    return { ...presentKpi(e!.kpi, e!.ctx), measurements: measurements.map(presentMeasurement), following, abilities: { edit: this.canEdit(actor, tenant.id), follow: actor.kind === 'user' } };
  }

  async measurements(tenantId: number, code: string) {
    const kpi = await this.repo.kpiByCode(tenantId, code);
    if (!kpi) throw notFound('KPI');
    return { kpi: kpi.code, ...(kpi.unit ? { unit: kpi.unit } : {}), items: (await this.repo.measurements(kpi.id)).map(presentMeasurement) };
  }

  // ------------------------------------------------------------------ document import / export

  /** Validates a parsed JSON value as a strategy document; throws 400 with the JSON path of each error. */
  parseDocument(json: unknown): StrategyDocument {
    const parsed = StrategyDocument.safeParse(json);
    if (!parsed.success) {
      const errors = describeIssues(parsed.error.issues);
      throw validationFailed(
        errors.map((e) => ({ field: e.path, message: e.message })),
        `The strategy document is not valid (${errors.length} error${errors.length === 1 ? '' : 's'}).`,
      );
    }
    return parsed.data;
  }

  /**
   * Imports a document as the tenant's strategy, replacing the current one in one transaction (nothing is
   * half-imported). With `skipIfSame`, a document identical to the last one imported is skipped.
   */
  async importDocument(actor: Actor, tenant: TenantRow, json: unknown, opts: { skipIfSame?: boolean; progress?: (msg: string) => void } = {}): Promise<ImportResult> {
    const doc = this.parseDocument(json);
    if (doc.tenant !== tenant.slug) throw validationFailed([{ field: '$.tenant', message: `the document is for "${doc.tenant}", not "${tenant.slug}"` }]);
    const hash = documentHash(doc);
    if (opts.skipIfSame) {
      const current = await this.repo.strategy(tenant.id);
      if (current?.content_hash === hash) return { skipped: true, hash };
    }
    const counts = await this.db.transaction().execute(async (trx) => {
      const c = await importDocument(trx, tenant.id, doc, opts.progress);
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'strategy.document.imported', entityType: 'strategy', entityId: tenant.slug, after: { hash, ...c } });
      await emit(trx, 'strategy.document.imported', { tenantId: tenant.id, hash, projects: c.projects, kpis: c.kpis }, tenant.id);
      return c;
    });
    return { skipped: false, hash, counts };
  }

  /**
   * Starts a city's strategy from the blank template (a draft with one ambition to rename), checked by the
   * same schema as an imported document. Refused when the city has a strategy already.
   */
  async startBlank(actor: Actor, tenant: TenantRow, now = new Date()): Promise<ImportResult> {
    if (!this.canEdit(actor, tenant.id)) throw forbidden();
    if (await this.repo.version(tenant.id)) throw conflict('This city has a strategy already.', 'strategy_exists');
    return this.importDocument(actor, tenant, blankStrategyDocument(tenant.slug, tenant.name as Multiloc, now.getUTCFullYear()));
  }

  async exportDocument(tenant: TenantRow, q: Q = this.db): Promise<StrategyDocument> {
    const doc = await exportDocument(q, tenant.id, tenant.slug);
    if (!doc) throw notFound('strategy');
    return doc;
  }

  // ------------------------------------------------------------------ staff writes

  private async write<T>(actor: Actor, tenant: TenantRow, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      const strategy = await this.repo.strategy(tenant.id, trx);
      if (!strategy) throw notFound('strategy');
      const result = await fn(trx);
      await this.touch(trx, tenant.id);
      return result;
    });
  }

  /**
   * Marks the strategy as changed. Every staff write goes through here (via `write` or `record`), so the
   * strategy's `updated_at` is the version the presented tree is cached under. clock_timestamp(), not the
   * transaction's now(): two changes in one millisecond must still give two versions.
   */
  private async touch(trx: Q, tenantId: number) {
    await trx.updateTable('strategy_strategies').set({ updated_at: sql<Date>`clock_timestamp()` }).where('tenant_id', '=', tenantId).execute();
  }

  private async record<T extends keyof EventMap>(trx: Q, actor: Actor, tenant: TenantRow, type: T, payload: EventMap[T], entity: { type: string; id: string; before?: unknown; after?: unknown }) {
    await this.touch(trx, tenant.id);
    await writeAudit(trx, actor, { tenantId: tenant.id, action: type, entityType: entity.type, entityId: entity.id, before: entity.before, after: entity.after });
    await emit(trx, type, payload, tenant.id);
  }

  /** Codes of pillars, objectives and projects share one namespace (the document's rule). */
  private async assertCodeFree(trx: Q, tenantId: number, code: string): Promise<void> {
    const hit = await trx
      .selectFrom('strategy_pillars')
      .select('code')
      .where('tenant_id', '=', tenantId)
      .where('code', '=', code)
      .union(trx.selectFrom('strategy_objectives').select('code').where('tenant_id', '=', tenantId).where('code', '=', code))
      .union(trx.selectFrom('strategy_projects').select('code').where('tenant_id', '=', tenantId).where('code', '=', code))
      .executeTakeFirst();
    if (hit) throw new AppError(409, 'code_taken', `The code "${code}" is already used in this strategy.`, [{ field: 'code', message: 'already used' }]);
  }

  private async pillarOr404(trx: Q, tenantId: number, code: string) {
    const p = await trx.selectFrom('strategy_pillars').selectAll().where('tenant_id', '=', tenantId).where('code', '=', code).executeTakeFirst();
    if (!p) throw notFound('pillar');
    return p;
  }

  private async nextPosition(trx: Q, table: 'strategy_pillars' | 'strategy_objectives' | 'strategy_projects' | 'strategy_kpis', tenantId: number): Promise<number> {
    const r = await trx.selectFrom(table).select((eb) => eb.fn.max<number>('position').as('m')).where('tenant_id', '=', tenantId).executeTakeFirst();
    return r?.m === null || r?.m === undefined ? 0 : Number(r.m) + 1;
  }

  async createPillar(actor: Actor, tenant: TenantRow, input: z.infer<typeof S.PillarCreateBody>) {
    return this.write(actor, tenant, async (trx) => {
      await this.assertCodeFree(trx, tenant.id, input.code);
      const row = await trx
        .insertInto('strategy_pillars')
        .values({
          tenant_id: tenant.id,
          code: input.code,
          kind: input.kind,
          title: JSON.stringify(input.title),
          dimension: input.dimension,
          sdgs: JSON.stringify(input.sdgs),
          diagnosis: input.diagnosis ? JSON.stringify(input.diagnosis) : null,
          status_quo: JSON.stringify(input.statusQuo),
          open_action_counts: input.openActionCounts ? JSON.stringify(input.openActionCounts) : null,
          digital_enablers: input.digitalEnablers ? JSON.stringify(input.digitalEnablers) : null,
          local_actor_types: input.localActorTypes ? JSON.stringify(input.localActorTypes) : null,
          note: input.note ?? null,
          position: input.position ?? (await this.nextPosition(trx, 'strategy_pillars', tenant.id)),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.record(trx, actor, tenant, 'strategy.pillar.created', { tenantId: tenant.id, code: row.code }, { type: 'strategy_pillar', id: row.code, after: input });
      return this.pillarResponse(trx, tenant.id, row.code);
    });
  }

  private async pillarResponse(q: Q, tenantId: number, code: string) {
    const p = await this.pillarOr404(q, tenantId, code);
    const objectives = await q.selectFrom('strategy_objectives').selectAll().where('pillar_id', '=', p.id).orderBy('position').orderBy('id').execute();
    const projects = await q.selectFrom('strategy_projects').select(['kind', 'objective_id', 'status', 'progress']).where('pillar_id', '=', p.id).execute();
    const scopeCodes = [p.code, ...objectives.map((o) => o.code)];
    const kpiRows = await q.selectFrom('strategy_kpis').select(['scope_code']).where('tenant_id', '=', tenantId).where('scope_code', 'in', scopeCodes).execute();
    const projectStatus: Record<string, number> = { idea: 0, planned: 0, in_preparation: 0, funding_requested: 0, in_progress: 0, completed: 0, suspended: 0, cancelled: 0 };
    for (const pr of projects) projectStatus[pr.status]!++;
    return {
      ...presentPillarBase(p),
      counts: { objectives: objectives.length, projects: projects.filter((x) => x.kind === 'project').length, openActions: projects.filter((x) => x.kind === 'open_action').length, kpis: kpiRows.length },
      progress: { kpiProgress: null, kpisWithData: 0, kpiStatus: { on_track: 0, at_risk: 0, off_track: 0, no_data: 0 }, projectProgress: null, projectsCompleted: projectStatus.completed!, projectStatus: projectStatus as never },
      children: objectives.map((o) => presentObjective(o, { projects: projects.filter((x) => x.objective_id === o.id).length, kpis: kpiRows.filter((k) => k.scope_code === o.code).length })),
    };
  }

  async updatePillar(actor: Actor, tenant: TenantRow, code: string, input: z.infer<typeof S.PillarUpdateBody>) {
    return this.write(actor, tenant, async (trx) => {
      const before = await this.pillarOr404(trx, tenant.id, code);
      const set: Record<string, unknown> = {};
      const js = (v: unknown) => (v === null ? null : JSON.stringify(v));
      if (input.kind !== undefined) set.kind = input.kind;
      if (input.title !== undefined) set.title = JSON.stringify(input.title);
      if (input.dimension !== undefined) set.dimension = input.dimension;
      if (input.sdgs !== undefined) set.sdgs = JSON.stringify(input.sdgs);
      if (input.diagnosis !== undefined) set.diagnosis = js(input.diagnosis);
      if (input.statusQuo !== undefined) set.status_quo = JSON.stringify(input.statusQuo);
      if (input.openActionCounts !== undefined) set.open_action_counts = js(input.openActionCounts);
      if (input.digitalEnablers !== undefined) set.digital_enablers = js(input.digitalEnablers);
      if (input.localActorTypes !== undefined) set.local_actor_types = js(input.localActorTypes);
      if (input.note !== undefined) set.note = input.note;
      if (input.position !== undefined) set.position = input.position;
      if (Object.keys(set).length) await trx.updateTable('strategy_pillars').set(set).where('id', '=', before.id).execute();
      await this.record(trx, actor, tenant, 'strategy.pillar.updated', { tenantId: tenant.id, code }, { type: 'strategy_pillar', id: code, before: presentPillarBase(before), after: input });
      return this.pillarResponse(trx, tenant.id, code);
    });
  }

  async deletePillar(actor: Actor, tenant: TenantRow, code: string) {
    await this.write(actor, tenant, async (trx) => {
      const before = await this.pillarOr404(trx, tenant.id, code);
      const used = await trx.selectFrom('strategy_objectives').select('code').where('pillar_id', '=', before.id).union(trx.selectFrom('strategy_projects').select('code').where('pillar_id', '=', before.id)).union(trx.selectFrom('strategy_kpis').select('code').where('tenant_id', '=', tenant.id).where('scope_code', '=', code)).limit(1).execute();
      if (used.length) throw conflict(`The pillar ${code} still has objectives, projects or KPIs; move or delete them first.`, 'not_empty');
      await trx.deleteFrom('strategy_pillars').where('id', '=', before.id).execute();
      await this.record(trx, actor, tenant, 'strategy.pillar.deleted', { tenantId: tenant.id, code }, { type: 'strategy_pillar', id: code, before: presentPillarBase(before) });
    });
  }

  private async objectiveOr404(trx: Q, tenantId: number, code: string) {
    const o = await trx.selectFrom('strategy_objectives').selectAll().where('tenant_id', '=', tenantId).where('code', '=', code).executeTakeFirst();
    if (!o) throw notFound('objective');
    return o;
  }

  private async objectiveResponse(q: Q, tenantId: number, code: string) {
    const o = await this.objectiveOr404(q, tenantId, code);
    const pillar = await q.selectFrom('strategy_pillars').select('code').where('id', '=', o.pillar_id).executeTakeFirstOrThrow();
    const projects = await q.selectFrom('strategy_projects').select((eb) => eb.fn.countAll<number>().as('n')).where('objective_id', '=', o.id).executeTakeFirstOrThrow();
    const kpis = await q.selectFrom('strategy_kpis').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).where('scope_code', '=', code).executeTakeFirstOrThrow();
    return { ...presentObjective(o, { projects: Number(projects.n), kpis: Number(kpis.n) }), pillar: pillar.code };
  }

  async createObjective(actor: Actor, tenant: TenantRow, input: z.infer<typeof S.ObjectiveCreateBody>) {
    return this.write(actor, tenant, async (trx) => {
      await this.assertCodeFree(trx, tenant.id, input.code);
      const pillar = await trx.selectFrom('strategy_pillars').select('id').where('tenant_id', '=', tenant.id).where('code', '=', input.pillar).executeTakeFirst();
      if (!pillar) throw validationFailed([{ field: 'pillar', message: `unknown pillar "${input.pillar}"` }]);
      const position = input.position ?? (await this.nextPosition(trx, 'strategy_objectives', tenant.id));
      await trx
        .insertInto('strategy_objectives')
        .values({ tenant_id: tenant.id, pillar_id: pillar.id, code: input.code, kind: input.kind, title: JSON.stringify(input.title), description: input.description ? JSON.stringify(input.description) : null, note: input.note ?? null, position })
        .execute();
      await this.record(trx, actor, tenant, 'strategy.objective.created', { tenantId: tenant.id, code: input.code }, { type: 'strategy_objective', id: input.code, after: input });
      return this.objectiveResponse(trx, tenant.id, input.code);
    });
  }

  async updateObjective(actor: Actor, tenant: TenantRow, code: string, input: z.infer<typeof S.ObjectiveUpdateBody>) {
    return this.write(actor, tenant, async (trx) => {
      const before = await this.objectiveOr404(trx, tenant.id, code);
      const set: Record<string, unknown> = {};
      if (input.pillar !== undefined) {
        const pillar = await trx.selectFrom('strategy_pillars').select('id').where('tenant_id', '=', tenant.id).where('code', '=', input.pillar).executeTakeFirst();
        if (!pillar) throw validationFailed([{ field: 'pillar', message: `unknown pillar "${input.pillar}"` }]);
        set.pillar_id = pillar.id;
        // Its projects move with it.
        await trx.updateTable('strategy_projects').set({ pillar_id: pillar.id }).where('objective_id', '=', before.id).execute();
      }
      if (input.kind !== undefined) set.kind = input.kind;
      if (input.title !== undefined) set.title = JSON.stringify(input.title);
      if (input.description !== undefined) set.description = input.description === null ? null : JSON.stringify(input.description);
      if (input.note !== undefined) set.note = input.note;
      if (input.position !== undefined) set.position = input.position;
      if (Object.keys(set).length) await trx.updateTable('strategy_objectives').set(set).where('id', '=', before.id).execute();
      await this.record(trx, actor, tenant, 'strategy.objective.updated', { tenantId: tenant.id, code }, { type: 'strategy_objective', id: code, before, after: input });
      return this.objectiveResponse(trx, tenant.id, code);
    });
  }

  async deleteObjective(actor: Actor, tenant: TenantRow, code: string) {
    await this.write(actor, tenant, async (trx) => {
      const before = await this.objectiveOr404(trx, tenant.id, code);
      const used = await trx.selectFrom('strategy_projects').select('code').where('objective_id', '=', before.id).union(trx.selectFrom('strategy_kpis').select('code').where('tenant_id', '=', tenant.id).where('scope_code', '=', code)).limit(1).execute();
      if (used.length) throw conflict(`The objective ${code} still has projects or KPIs; move or delete them first.`, 'not_empty');
      await trx.deleteFrom('strategy_objectives').where('id', '=', before.id).execute();
      await this.record(trx, actor, tenant, 'strategy.objective.deleted', { tenantId: tenant.id, code }, { type: 'strategy_objective', id: code, before });
    });
  }

  private async resolveParent(trx: Q, tenantId: number, code: string, field = 'parent'): Promise<{ pillar_id: number; objective_id: number | null }> {
    const o = await trx.selectFrom('strategy_objectives').select(['id', 'pillar_id']).where('tenant_id', '=', tenantId).where('code', '=', code).executeTakeFirst();
    if (o) return { pillar_id: o.pillar_id, objective_id: o.id };
    const p = await trx.selectFrom('strategy_pillars').select('id').where('tenant_id', '=', tenantId).where('code', '=', code).executeTakeFirst();
    if (p) return { pillar_id: p.id, objective_id: null };
    throw validationFailed([{ field, message: `unknown pillar or objective "${code}"` }]);
  }

  private async setFunding(trx: Q, tenantId: number, projectId: number, codes: string[]) {
    const rows = await this.repo.fundingByCodes(tenantId, codes, trx);
    const byCode = new Map(rows.map((r) => [r.code, r.id]));
    const errors: FieldError[] = codes.flatMap((c, i) => (byCode.has(c) ? [] : [{ field: `fundingSources[${i}]`, message: `unknown funding source "${c}"` }]));
    if (errors.length) throw validationFailed(errors);
    await trx.deleteFrom('strategy_project_funding').where('project_id', '=', projectId).execute();
    const unique = [...new Set(codes)];
    if (unique.length) await trx.insertInto('strategy_project_funding').values(unique.map((c, i) => ({ project_id: projectId, funding_source_id: byCode.get(c)!, position: i }))).execute();
  }

  /**
   * Creates a project or open action. Service API: participation calls it when a budget winner or an
   * accepted proposal becomes a project; pass your transaction (`trx`) to make both one change.
   */
  async createProject(actor: Actor, tenant: TenantRow, input: S.ProjectCreateInput, q?: Transaction<Database>): Promise<z.infer<typeof S.ProjectSummary>> {
    const run = async (trx: Transaction<Database>) => {
      if (!(await this.repo.strategy(tenant.id, trx))) throw notFound('strategy');
      await this.assertCodeFree(trx, tenant.id, input.code);
      if (input.kind === 'open_action' && !input.category) throw validationFailed([{ field: 'category', message: 'an open action needs a category' }]);
      assertPlaceInside(input.location, tenant);
      const parent = await this.resolveParent(trx, tenant.id, input.parent);
      const row = await trx
        .insertInto('strategy_projects')
        .values({ tenant_id: tenant.id, code: input.code, ...parent, position: await this.nextPosition(trx, 'strategy_projects', tenant.id), updated_at: new Date(), ...projectColumns({ ...input, budget: { ...input.budget, currency: 'EUR' } }) })
        .returning(['id'])
        .executeTakeFirstOrThrow();
      await this.setFunding(trx, tenant.id, row.id, input.fundingSources);
      await this.record(trx, actor, tenant, 'strategy.project.created', { tenantId: tenant.id, code: input.code }, { type: 'strategy_project', id: input.code, after: input });
      return row.id;
    };
    // Inside the caller's transaction everything is read through it: on PGlite (one connection) a read on
    // another connection would wait for that transaction forever.
    const trx = q;
    if (trx) await run(trx);
    else await this.db.transaction().execute(run);
    return presentProjectSummary((await this.repo.projectByCode(tenant.id, input.code, trx ?? this.db))!);
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
      await trx.updateTable('strategy_projects').set({ ...cols, ...parent, updated_at: new Date() }).where('id', '=', before.id).execute();
      if (input.fundingSources !== undefined) await this.setFunding(trx, tenant.id, before.id, input.fundingSources);
      await this.record(trx, actor, tenant, 'strategy.project.updated', { tenantId: tenant.id, code }, { type: 'strategy_project', id: code, before: current, after: input });
      if (input.status !== undefined && input.status !== before.status) await this.notifyFollowers(trx, tenant, code, before.title, input.status, undefined);
    });
    return this.projectDetail(tenant, code, actor);
  }

  async deleteProject(actor: Actor, tenant: TenantRow, code: string) {
    await this.write(actor, tenant, async (trx) => {
      const before = await this.repo.projectByCode(tenant.id, code, trx);
      if (!before) throw notFound('project');
      const kpi = await trx.selectFrom('strategy_kpis').select('code').where('tenant_id', '=', tenant.id).where('scope_code', '=', code).executeTakeFirst();
      if (kpi) throw conflict(`The project ${code} still has KPIs (${kpi.code}); move or delete them first.`, 'not_empty');
      await trx.deleteFrom('strategy_projects').where('id', '=', before.id).execute();
      await this.record(trx, actor, tenant, 'strategy.project.deleted', { tenantId: tenant.id, code }, { type: 'strategy_project', id: code, before: presentProjectSummary(before) });
    });
  }

  /** Adds a dated update to a project's public timeline. Service API for other modules. */
  async addTimelineEntry(actor: Actor, tenant: TenantRow, code: string, entry: { text: Multiloc; date?: string | undefined; status?: string | undefined }, q?: Transaction<Database>) {
    const run = async (trx: Transaction<Database>) => {
      const project = await trx.selectFrom('strategy_projects').select(['id']).where('tenant_id', '=', tenant.id).where('code', '=', code).executeTakeFirst();
      if (!project) throw notFound('project');
      const row = await trx
        .insertInto('strategy_project_timeline')
        .values({ tenant_id: tenant.id, project_id: project.id, date: entry.date ?? DAY(), text: JSON.stringify(entry.text), status: entry.status ?? null, author: authorName(actor), author_user_id: actor.kind === 'user' ? actor.user.id : null })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.record(trx, actor, tenant, 'strategy.timeline.added', { tenantId: tenant.id, code }, { type: 'strategy_project', id: code, after: entry });
      return presentTimeline(row);
    };
    return q ? run(q) : this.db.transaction().execute(run);
  }

  /** Changes a project's status with a public timeline note, and notifies its followers in the same transaction. */
  async setProjectStatus(actor: Actor, tenant: TenantRow, code: string, input: z.infer<typeof S.ProjectStatusBody>) {
    await this.write(actor, tenant, async (trx) => {
      const before = await trx.selectFrom('strategy_projects').select(['id', 'status', 'title', 'progress']).where('tenant_id', '=', tenant.id).where('code', '=', code).executeTakeFirst();
      if (!before) throw notFound('project');
      await this.applyStatus(trx, actor, tenant.id, before.id, { status: input.status, progress: input.progress, date: input.date ?? DAY(), note: input.note });
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'strategy.project.statusChanged', entityType: 'strategy_project', entityId: code, before: { status: before.status, progress: before.progress }, after: input });
      await emit(trx, 'strategy.project.statusChanged', { tenantId: tenant.id, code, from: before.status, to: input.status }, tenant.id);
      await this.notifyFollowers(trx, tenant, code, before.title, input.status, input.note);
    });
    return this.projectDetail(tenant, code, actor);
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
      await trx
        .insertInto('strategy_kpi_measurements')
        .values({ tenant_id: tenant.id, kpi_id: kpi.id, date: m.date, value: m.value, source: m.source, note: null, author: authorName(actor), author_user_id: actor.kind === 'user' ? actor.user.id : null })
        .execute();
    }
    await this.record(trx, actor, tenant, 'strategy.project.progressRecorded', { tenantId: tenant.id, code, from: before.status, to: input.status, progress: input.progress, kpis: input.measurements.map((m) => m.kpi) }, { type: 'strategy_project', id: code, before: { status: before.status, progress: before.progress }, after: input });
  }

  /** A project's new status (and % complete when given) with its public timeline entry. */
  private async applyStatus(trx: Q, actor: Actor, tenantId: number, projectId: number, input: { status: string; progress?: number | undefined; date: string; note: Multiloc }) {
    await trx
      .updateTable('strategy_projects')
      .set({ status: input.status, ...(input.progress !== undefined ? { progress: input.progress } : {}), updated_at: new Date() })
      .where('id', '=', projectId)
      .execute();
    await trx
      .insertInto('strategy_project_timeline')
      .values({ tenant_id: tenantId, project_id: projectId, date: input.date, text: JSON.stringify(input.note), status: input.status, author: authorName(actor), author_user_id: actor.kind === 'user' ? actor.user.id : null })
      .execute();
  }

  /** KPIs computed from a platform metric, with their last stored automatic value (service API for the KPI history). */
  async automaticKpis(tenantId: number): Promise<{ code: string; metric: string; last: { date: string; value: number } | null }[]> {
    return (await this.repo.automaticKpis(tenantId)).map((k) => ({ code: k.code, metric: k.automatic_metric!, last: k.last_date !== null && k.last_value !== null ? { date: k.last_date, value: k.last_value } : null }));
  }

  /**
   * Stores a computed value of an automatic KPI as a measurement (marked automatic, with its source), so the
   * KPI has a history. One value per KPI and day: a second call the same day replaces the first. Service API
   * for the monitoring module; pass its transaction.
   */
  async recordAutomaticMeasurement(tenant: TenantRow, code: string, m: { date: string; value: number; source: string }, trx: Transaction<Database>): Promise<void> {
    const kpi = await this.repo.kpiByCode(tenant.id, code, trx);
    if (!kpi) throw notFound('KPI');
    await trx.deleteFrom('strategy_kpi_measurements').where('kpi_id', '=', kpi.id).where('date', '=', m.date).where('automatic', '=', true).execute();
    await trx.insertInto('strategy_kpi_measurements').values({ tenant_id: tenant.id, kpi_id: kpi.id, date: m.date, value: m.value, source: m.source, note: null, author: 'Urbia', author_user_id: null, automatic: true }).execute();
    await this.touch(trx, tenant.id);
    await emit(trx, 'strategy.measurement.recorded', { tenantId: tenant.id, code, date: m.date, value: m.value, automatic: true }, tenant.id);
  }

  /** The KPI scopes a project reports on: itself, its objective and its pillar (service API). */
  async projectKpiScopes(tenantId: number, code: string): Promise<string[] | undefined> {
    const row = await this.repo.projectByCode(tenantId, code);
    return row ? this.projectScopes(row) : undefined;
  }

  private projectScopes(row: { code: string; pillar_code: string; objective_code: string | null }): string[] {
    return [row.code, row.objective_code, row.pillar_code].filter((c): c is string => !!c);
  }

  /** Ids of the people who follow a project or KPI, read in the caller's transaction (service API). */
  followerIds(tenantId: number, type: 'project' | 'kpi', code: string, trx: Transaction<Database>): Promise<string[]> {
    return this.repo.followers(tenantId, type, code, trx);
  }

  private async notifyFollowers(trx: Q, tenant: TenantRow, code: string, title: unknown, status: string, note: Multiloc | undefined) {
    const followers = await this.repo.followers(tenant.id, 'project', code, trx);
    const t = ml(title);
    await this.deps.notifications.notifyUsers(trx, followers, tenant.id, (locale) => {
      const statusText = PROJECT_STATUS_TEXT[status]?.[locale] ?? status;
      return {
        kind: 'strategy.project.status',
        subject: SUBJECT[locale].replace('{code}', code).replace('{status}', statusText),
        body: [`${code} — ${t[locale] ?? t.ro}`, `${STATUS_LABEL[locale]}: ${statusText}`, note ? (note[locale] ?? note.ro) : ''].filter(Boolean).join('\n\n'),
        link: `/${tenant.slug}/strategy/projects/${encodeURIComponent(code)}`,
      };
    });
  }

  // ------------------------------------------------------------------ KPIs

  private async assertScope(trx: Q, tenantId: number, scope: string) {
    const hit = await trx
      .selectFrom('strategy_pillars')
      .select('code')
      .where('tenant_id', '=', tenantId)
      .where('code', '=', scope)
      .union(trx.selectFrom('strategy_objectives').select('code').where('tenant_id', '=', tenantId).where('code', '=', scope))
      .union(trx.selectFrom('strategy_projects').select('code').where('tenant_id', '=', tenantId).where('code', '=', scope))
      .executeTakeFirst();
    if (!hit) throw validationFailed([{ field: 'scope', message: `unknown pillar, objective or project "${scope}"` }]);
  }

  async createKpi(actor: Actor, tenant: TenantRow, input: S.KpiCreateInput) {
    await this.write(actor, tenant, async (trx) => {
      if (await this.repo.kpiByCode(tenant.id, input.code, trx)) throw new AppError(409, 'code_taken', `The KPI code "${input.code}" is already used.`, [{ field: 'code', message: 'already used' }]);
      await this.assertScope(trx, tenant.id, input.scope);
      checkKpiShape(input);
      await trx
        .insertInto('strategy_kpis')
        .values({
          tenant_id: tenant.id,
          code: input.code,
          level: input.level,
          scope_code: input.scope,
          name: JSON.stringify(input.name),
          unit: input.unit ?? null,
          direction: input.direction,
          baseline: JSON.stringify(input.baseline),
          target: JSON.stringify(input.target),
          reference: input.reference ? JSON.stringify(input.reference) : null,
          automatic_metric: input.automaticMetric ?? null,
          remark: input.remark ? JSON.stringify(input.remark) : null,
          note: input.note ?? null,
          position: await this.nextPosition(trx, 'strategy_kpis', tenant.id),
          updated_at: new Date(),
        })
        .execute();
      await this.record(trx, actor, tenant, 'strategy.kpi.created', { tenantId: tenant.id, code: input.code }, { type: 'strategy_kpi', id: input.code, after: input });
    });
    return this.kpiDetail(tenant, input.code, actor);
  }

  async updateKpi(actor: Actor, tenant: TenantRow, code: string, input: S.KpiUpdateInput) {
    await this.write(actor, tenant, async (trx) => {
      const before = await this.repo.kpiByCode(tenant.id, code, trx);
      if (!before) throw notFound('KPI');
      if (input.scope !== undefined) await this.assertScope(trx, tenant.id, input.scope);
      const set: Record<string, unknown> = { updated_at: new Date() };
      if (input.level !== undefined) set.level = input.level;
      if (input.scope !== undefined) set.scope_code = input.scope;
      if (input.name !== undefined) set.name = JSON.stringify(input.name);
      if (input.unit !== undefined) set.unit = input.unit;
      if (input.direction !== undefined) set.direction = input.direction;
      if (input.baseline !== undefined) set.baseline = JSON.stringify(input.baseline);
      if (input.target !== undefined) set.target = JSON.stringify(input.target);
      if (input.reference !== undefined) set.reference = input.reference === null ? null : JSON.stringify(input.reference);
      if (input.automaticMetric !== undefined) set.automatic_metric = input.automaticMetric;
      if (input.remark !== undefined) set.remark = input.remark === null ? null : JSON.stringify(input.remark);
      if (input.note !== undefined) set.note = input.note;
      checkKpiShape({ baseline: (input.baseline ?? before.baseline) as never });
      await trx.updateTable('strategy_kpis').set(set).where('id', '=', before.id).execute();
      await this.record(trx, actor, tenant, 'strategy.kpi.updated', { tenantId: tenant.id, code }, { type: 'strategy_kpi', id: code, before, after: input });
    });
    return this.kpiDetail(tenant, code, actor);
  }

  async deleteKpi(actor: Actor, tenant: TenantRow, code: string) {
    await this.write(actor, tenant, async (trx) => {
      const before = await this.repo.kpiByCode(tenant.id, code, trx);
      if (!before) throw notFound('KPI');
      await trx.deleteFrom('strategy_kpis').where('id', '=', before.id).execute();
      await trx.deleteFrom('strategy_follows').where('tenant_id', '=', tenant.id).where('target_type', '=', 'kpi').where('code', '=', code).execute();
      await this.record(trx, actor, tenant, 'strategy.kpi.deleted', { tenantId: tenant.id, code }, { type: 'strategy_kpi', id: code, before });
    });
  }

  async addMeasurement(actor: Actor, tenant: TenantRow, code: string, input: z.infer<typeof S.MeasurementCreateBody>) {
    return this.write(actor, tenant, async (trx) => {
      const kpi = await this.repo.kpiByCode(tenant.id, code, trx);
      if (!kpi) throw notFound('KPI');
      const row = await trx
        .insertInto('strategy_kpi_measurements')
        .values({ tenant_id: tenant.id, kpi_id: kpi.id, date: input.date, value: input.value, source: input.source ?? null, note: input.note ?? null, author: authorName(actor), author_user_id: actor.kind === 'user' ? actor.user.id : null })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.record(trx, actor, tenant, 'strategy.measurement.recorded', { tenantId: tenant.id, code, date: input.date, value: input.value }, { type: 'strategy_kpi', id: code, after: input });
      // People who follow the KPI hear of the new value (a CSV import of many values notifies no one).
      const name = ml(kpi.name);
      const value = (locale: string) => `${input.value}${kpi.unit ? ` ${unitLabel(kpi.unit, locale)}` : ''}`;
      await this.deps.notifications.notifyUsers(trx, await this.repo.followers(tenant.id, 'kpi', code, trx), tenant.id, (locale) => ({
        kind: 'strategy.kpi.measurement',
        subject: KPI_SUBJECT[locale].replace('{code}', code),
        body: `${code} — ${name[locale] ?? name.ro}\n\n${input.date}: ${value(locale)}${input.note ? `\n\n${input.note}` : ''}`,
        link: `/${tenant.slug}/strategy/kpis/${encodeURIComponent(code)}`,
      }));
      return presentMeasurement(row);
    });
  }

  /**
   * Imports measurements from CSV (header: kpi,date,value,source,note). All or nothing: any bad row refuses
   * the whole file with the row and field of each error.
   */
  async importMeasurementsCsv(actor: Actor, tenant: TenantRow, text: string) {
    let records: Record<string, string>[];
    try {
      records = parseCsv(text.replace(/^\uFEFF/, ''), { columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), skip_empty_lines: true, trim: true, relax_column_count: true }) as Record<string, string>[];
    } catch (e) {
      throw validationFailed([{ field: '(body)', message: `not valid CSV: ${(e as Error).message}` }]);
    }
    if (!records.length) throw validationFailed([{ field: '(body)', message: 'no rows (the first line must be the header kpi,date,value,source,note)' }]);
    const header = Object.keys(records[0]!);
    const missing = ['kpi', 'date', 'value'].filter((h) => !header.includes(h));
    if (missing.length) throw validationFailed(missing.map((h) => ({ field: `header.${h}`, message: 'missing column' })));
    if (records.length > 10_000) throw validationFailed([{ field: '(body)', message: 'at most 10000 rows per import' }]);
    return this.write(actor, tenant, async (trx) => {
      const kpis = await trx.selectFrom('strategy_kpis').select(['id', 'code']).where('tenant_id', '=', tenant.id).execute();
      const byCode = new Map(kpis.map((k) => [k.code, k.id]));
      const errors: FieldError[] = [];
      const rows: { tenant_id: number; kpi_id: number; date: string; value: number; source: string | null; note: string | null; author: string; author_user_id: string | null }[] = [];
      records.forEach((r, i) => {
        const line = i + 2; // the header is line 1
        const kpiId = byCode.get(r.kpi ?? '');
        if (!kpiId) errors.push({ field: `row ${line}.kpi`, message: `unknown KPI "${r.kpi ?? ''}"` });
        const date = r.date ?? '';
        if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) errors.push({ field: `row ${line}.date`, message: 'a date as YYYY-MM-DD' });
        const raw = (r.value ?? '').replace(/\s/g, '');
        const value = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : /^-?\d+(,\d+)?$/.test(raw) ? Number(raw.replace(',', '.')) : NaN;
        if (!Number.isFinite(value)) errors.push({ field: `row ${line}.value`, message: 'a number' });
        if ((r.source ?? '').length > 500) errors.push({ field: `row ${line}.source`, message: 'at most 500 characters' });
        if ((r.note ?? '').length > 500) errors.push({ field: `row ${line}.note`, message: 'at most 500 characters' });
        if (kpiId && Number.isFinite(value)) rows.push({ tenant_id: tenant.id, kpi_id: kpiId, date, value, source: r.source || null, note: r.note || null, author: authorName(actor), author_user_id: actor.kind === 'user' ? actor.user.id : null });
      });
      if (errors.length) throw validationFailed(errors.slice(0, 100), `The CSV has ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was imported.`);
      for (let i = 0; i < rows.length; i += 1000) await trx.insertInto('strategy_kpi_measurements').values(rows.slice(i, i + 1000)).execute();
      const codes = [...new Set(records.map((r) => r.kpi!))];
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'strategy.measurements.imported', entityType: 'strategy_kpi', entityId: codes.join(',').slice(0, 200), after: { count: rows.length, kpis: codes } });
      await emit(trx, 'strategy.measurements.imported', { tenantId: tenant.id, count: rows.length, kpis: codes }, tenant.id);
      return { imported: rows.length, kpis: codes };
    });
  }

  // ------------------------------------------------------------------ follows

  async follow(actor: Actor, tenant: TenantRow, type: 'project' | 'kpi', code: string, on: boolean) {
    if (actor.kind !== 'user') throw new AppError(401, 'unauthorized', 'Sign in to do this.');
    const exists = type === 'project' ? await this.repo.projectByCode(tenant.id, code) : await this.repo.kpiByCode(tenant.id, code);
    if (!exists) throw notFound(type === 'project' ? 'project' : 'KPI');
    if (on) await this.db.insertInto('strategy_follows').values({ user_id: actor.user.id, tenant_id: tenant.id, target_type: type, code }).onConflict((oc) => oc.doNothing()).execute();
    else await this.db.deleteFrom('strategy_follows').where('user_id', '=', actor.user.id).where('tenant_id', '=', tenant.id).where('target_type', '=', type).where('code', '=', code).execute();
    return { following: on, followers: await this.repo.countFollowers(tenant.id, type, code) };
  }

  // ------------------------------------------------------------------ revisions

  async publishRevision(actor: Actor, tenant: TenantRow, input: z.infer<typeof S.RevisionCreateBody>) {
    return this.db.transaction().execute(async (trx) => {
      const document = await this.exportDocument(tenant, trx);
      const row = await trx
        .insertInto('strategy_revisions')
        .values({ tenant_id: tenant.id, name: input.name, note: input.note ?? null, document: JSON.stringify(document), created_by: actor.kind === 'user' ? actor.user.id : null, author_name: authorName(actor) })
        .returning(['id'])
        .executeTakeFirstOrThrow();
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'strategy.revision.published', entityType: 'strategy_revision', entityId: String(row.id), after: input });
      await emit(trx, 'strategy.revision.published', { tenantId: tenant.id, id: row.id, name: input.name }, tenant.id);
      const list = await this.repo.revisions(tenant.id, trx);
      return presentRevision(list.find((r) => r.id === row.id)!);
    });
  }

  async revisions(tenantId: number) {
    return (await this.repo.revisions(tenantId)).map(presentRevision);
  }

  async revisionDocument(tenant: TenantRow, ref: string): Promise<{ id: number | null; name: string; document: StrategyDocument }> {
    if (ref === 'current') return { id: null, name: 'current', document: await this.exportDocument(tenant) };
    const row = await this.repo.revision(tenant.id, Number(ref));
    if (!row) throw notFound('revision');
    return { id: row.id, name: row.name, document: row.document as StrategyDocument };
  }

  async diff(tenant: TenantRow, a: string, b: string): Promise<z.infer<typeof S.RevisionDiffResponse>> {
    const [from, to] = await Promise.all([this.revisionDocument(tenant, a), this.revisionDocument(tenant, b)]);
    const changes = diffDocuments(from.document, to.document);
    const count = (c: string) => changes.filter((x) => x.change === c).length;
    return { from: { id: from.id, name: from.name }, to: { id: to.id, name: to.name }, summary: { added: count('added'), removed: count('removed'), changed: count('changed') }, changes };
  }
}

function authorName(actor: Actor): string {
  if (actor.kind === 'user') return actor.user.displayName;
  if (actor.kind === 'api_key') return 'API key';
  return 'Urbia';
}

function checkKpiShape(k: { baseline: { available: boolean; value: number | null; text?: string | undefined } }) {
  if (k.baseline.available && k.baseline.value === null && k.baseline.text === undefined) throw validationFailed([{ field: 'baseline', message: 'an available baseline needs a value or the printed text' }]);
}

export function presentRevision(r: { id: number; name: string; note: string | null; created_at: Date | string; author_name: string | null; counts: unknown }) {
  const c = r.counts as Record<string, number>;
  return {
    id: r.id,
    name: r.name,
    note: r.note,
    createdAt: new Date(r.created_at).toISOString(),
    author: r.author_name,
    counts: { pillars: Number(c.pillars ?? 0), objectives: Number(c.objectives ?? 0), projects: Number(c.projects ?? 0), kpis: Number(c.kpis ?? 0) },
  };
}

const SUBJECT: Record<'ro' | 'en' | 'hu', string> = {
  ro: 'Proiectul {code} are un stadiu nou: {status}',
  en: 'Project {code} has a new status: {status}',
  hu: 'A(z) {code} projekt új állapota: {status}',
};
const KPI_SUBJECT: Record<'ro' | 'en' | 'hu', string> = {
  ro: 'Indicatorul {code} are o valoare nouă',
  en: 'Indicator {code} has a new value',
  hu: 'A(z) {code} mutató új értéket kapott',
};
const STATUS_LABEL: Record<'ro' | 'en' | 'hu', string> = { ro: 'Stadiu', en: 'Status', hu: 'Állapot' };
/** A project status in words, per language (also used by the monitoring module's notifications). */
export const PROJECT_STATUS_TEXT: Record<string, Record<'ro' | 'en' | 'hu', string>> = {
  idea: { ro: 'idee', en: 'idea', hu: 'ötlet' },
  planned: { ro: 'planificat', en: 'planned', hu: 'tervezett' },
  in_preparation: { ro: 'în pregătire', en: 'in preparation', hu: 'előkészítés alatt' },
  funding_requested: { ro: 'finanțare solicitată', en: 'funding requested', hu: 'finanszírozás kérelmezve' },
  in_progress: { ro: 'în derulare', en: 'in progress', hu: 'folyamatban' },
  completed: { ro: 'finalizat', en: 'completed', hu: 'befejezett' },
  suspended: { ro: 'suspendat', en: 'suspended', hu: 'felfüggesztett' },
  cancelled: { ro: 'anulat', en: 'cancelled', hu: 'törölt' },
};

// re-exported for the CLI and tests
export { projectSearchText, geometryPoint };

/** A project's place (a point or an area drawn on the map) must lie inside the city: 400 naming the position otherwise. */
function assertPlaceInside(location: { type: string; coordinates: unknown } | null | undefined, tenant: TenantRow): void {
  if (!location) return;
  const outside = positionOutside(location, tenant.boundary);
  if (outside) throw validationFailed([{ field: `location.${outside}`, message: "The place is outside the city's boundary.", code: 'outside_boundary' }]);
}

/** The blank template: a draft strategy with one ambition, in three languages, for staff to fill in the editor. */
export function blankStrategyDocument(slug: string, name: Multiloc, year: number): StrategyDocument {
  const city = (l: 'ro' | 'en' | 'hu') => name[l] ?? name.ro;
  return {
    format: 'urbia.strategy/1',
    tenant: slug,
    strategy: {
      title: { ro: `Strategia de oraș inteligent — ${city('ro')}`, en: `Smart city strategy — ${city('en')}`, hu: `Okosváros-stratégia — ${city('hu')}` },
      periodStart: year,
      periodEnd: year + 7,
      vision: { ro: 'Viziunea orașului (de completat).', en: "The city's vision (to be written).", hu: 'A város jövőképe (kitöltendő).' },
      status: 'draft',
      source: { title: 'Urbia blank template' },
    },
    fundingSources: [],
    pillars: [{ code: 'A1', kind: 'ambition', title: { ro: 'Prima ambiție', en: 'First ambition', hu: 'Első célkitűzés' }, dimension: 'governance', sdgs: [], statusQuo: [], children: [] }],
    projects: [],
    kpis: [],
  };
}
