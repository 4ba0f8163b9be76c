/**
 * Use-cases of the strategy registry: reading the tree, projects and KPIs (with progress and status), the
 * structure's staff edits (pillars and objectives), follows, and the one API other modules and the routes
 * call. Project, KPI and document/revision use-cases live in projects/, kpis/ and documents/ (each a part of
 * this service sharing its unit of work, strategy.writer.ts); what they return is presented here.
 */
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../../core/actor.js';
import type { Database } from '../../core/db.js';
import { AppError, conflict, forbidden, notFound, validationFailed } from '../../core/errors.js';
import type { Locale, Multiloc } from '../../core/i18n.js';
import type { TenantRow } from '../tenants/index.js';
import type { OverviewBlock } from '../module.js';
import type { MaturityMatrix, StrategyDocument } from './strategy.document.js';
import { ml, projectSearchText, geometryPoint } from './strategy.io.js';
import { translationStatus } from './strategy.translations.js';
import { evaluateKpi, elapsedPercent, type StatusReason } from './strategy.kpi.js';
import { type KpiContext, presentKpi, withoutNotes, presentMeasurement, presentObjective, presentPillarBase, presentProjectExtra, presentProjectSummary, presentTimeline } from './strategy.presenter.js';
import type { KpiWithLatest, ObjectiveRow, PillarRow, StrategyRepository, StrategyRow } from './strategy.repository.js';
import type * as S from './strategy.schemas.js';
import { KpiListResponse, ProjectListResponse, StrategyTreeResponse } from './strategy.schemas.js';
import { TtlCache, VersionedCache } from '../../core/cache.js';
import { StrategyDocuments } from './documents/documents.service.js';
import { KpiEdits } from './kpis/kpis.service.js';
import { ProjectEdits } from './projects/projects.service.js';
import { StrategyWriter, today } from './strategy.writer.js';

export type { ImportResult } from './documents/documents.service.js';
export { blankStrategyDocument } from './documents/documents.service.js';
export type { StrategyServiceDeps } from './strategy.writer.js';

type Q = Transaction<Database> | Kysely<Database>;
/** how long a computed metric value is reused */
export const METRIC_TTL_MS = 60_000;

type TreeBody = Omit<z.infer<typeof S.StrategyTreeResponse>, 'abilities'>;
const TreeBodySchema = StrategyTreeResponse.omit({ abilities: true });
const ProjectPageSchema = ProjectListResponse.omit({ abilities: true });
const KpiListSchema = KpiListResponse.omit({ abilities: true });
/** how many presented project pages and KPI lists (city × filters) are kept; a page of 100 is about 100 KB of text */
const LISTS_KEPT = 128;
/** A cache key for a list: the city and its filters in a fixed order. */
const listKey = (tenantId: number, filters: object) => `${tenantId}|${JSON.stringify(Object.entries(filters).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)))}`;
/** Appends the caller's abilities to a cached body's JSON text. */
const withAbilities = (body: string, abilities: object) => `${body.slice(0, -1)},"abilities":${JSON.stringify(abilities)}}`;


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


export class StrategyService extends StrategyWriter {
  private readonly projects = new ProjectEdits(this.deps);
  private readonly kpiEdits = new KpiEdits(this.deps);
  private readonly documents = new StrategyDocuments(this.deps);

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

  // ------------------------------------------------------------------ structure and KPI evaluation

  private async structure(tenantId: number, q?: Q): Promise<Structure> {
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
          if (value !== null && (!latest || latest.date <= today())) latest = { date: today(), value, source: `automatic: ${key}`, automatic: true };
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

  private readonly metricCache = new TtlCache<string, number | null>(2000, METRIC_TTL_MS);

  /**
   * A metric's value for the current year, remembered for METRIC_TTL_MS: metrics aggregate other modules'
   * data (sensor readings, consultations), and the tree and KPI pages are read far more often than that
   * data changes. A failing metric counts as "no data".
   */
  private metricValue(tenantId: number, name: string, period: { from: string; to: string }): Promise<number | null> {
    return this.metricCache.get(`${tenantId}|${name}|${period.from}`, () => this.deps.metrics.compute(name, tenantId, period).catch(() => null));
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
    const [kpis, funding, revisions] = await Promise.all([this.repo.kpisWithLatest(tenant.id), this.repo.fundingWithCounts(tenant.id), this.repo.revisions(tenant.id, undefined, 1)]);
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

  /**
   * Presented project pages as JSON text, per city and filters, kept under the list's version (one small
   * statement: the strategy's last change and the city's project follows). A hit costs that one statement and
   * no serialisation; the text was checked against the response schema when it was built. The body is the
   * same for everyone (no staff-only field is in a list; every language is in it), so only the caller's
   * abilities are added per request.
   */
  private readonly projectPages = new VersionedCache<string, string>(LISTS_KEPT);

  async listProjectsJson(tenant: TenantRow, filters: Partial<S.ProjectListFilters>, actor: Actor): Promise<string> {
    const version = (await this.repo.projectListVersion(tenant.id)) ?? 'no strategy';
    const body = await this.projectPages.get(listKey(tenant.id, filters), version, async () => JSON.stringify(ProjectPageSchema.parse(await this.listProjects(tenant.id, filters))));
    return withAbilities(body, { edit: this.canEdit(actor, tenant.id) });
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
      actor.kind === 'user' ? this.deps.notifications.isFollowing(tenant.id, 'strategy.project', code, actor.user.id) : Promise.resolve(false),
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

  /** The KPI list with its totals and status counts (what GET …/kpis answers, but the abilities). */
  async kpiList(tenantId: number, filters: Partial<S.KpiListFilters> = {}) {
    const items = await this.kpis(tenantId, filters);
    const statusCounts = { on_track: 0, at_risk: 0, off_track: 0, no_data: 0 };
    for (const k of items) statusCounts[k.status]++;
    return { items, total: items.length, statusCounts };
  }

  /**
   * The KPI list as JSON text, per city and filters, kept under the strategy's version (every staff write
   * and every recorded measurement bumps it) and for at most METRIC_TTL_MS, like the tree, because it carries
   * automatic KPI values and the elapsed share of the period. A hit costs the version query alone. The body
   * is the same for everyone (editorial notes are never in it); the caller's abilities are added per request.
   */
  private readonly kpiLists = new VersionedCache<string, string>(LISTS_KEPT, METRIC_TTL_MS);

  async kpiListJson(tenant: TenantRow, filters: Partial<S.KpiListFilters>, actor: Actor): Promise<string> {
    const v = await this.repo.version(tenant.id);
    const version = v ? `${v.updated_at}|${v.revision ?? 0}` : 'no strategy';
    const body = await this.kpiLists.get(listKey(tenant.id, filters), version, async () => JSON.stringify(KpiListSchema.parse(await this.kpiList(tenant.id, filters))));
    return withAbilities(body, { edit: this.canEdit(actor, tenant.id) });
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
    const [measurements, following] = await Promise.all([this.repo.measurements(row.id), actor.kind === 'user' ? this.deps.notifications.isFollowing(tenant.id, 'strategy.kpi', code, actor.user.id) : Promise.resolve(false)]);
    return { ...presentKpi(e!.kpi, e!.ctx), measurements: measurements.map(presentMeasurement), following, abilities: { edit: this.canEdit(actor, tenant.id), follow: actor.kind === 'user' } };
  }

  async measurements(tenantId: number, code: string) {
    const kpi = await this.repo.kpiByCode(tenantId, code);
    if (!kpi) throw notFound('KPI');
    return { kpi: kpi.code, ...(kpi.unit ? { unit: kpi.unit } : {}), items: (await this.repo.measurements(kpi.id)).map(presentMeasurement) };
  }

  // ------------------------------------------------------------------ document import / export and revisions

  /** Validates a parsed JSON value as a strategy document; throws 400 with the JSON path of each error. */
  parseDocument(json: unknown): StrategyDocument {
    return this.documents.parseDocument(json);
  }

  /** Imports a document as the city's strategy in one transaction (see StrategyDocuments.importDocument). */
  importDocument(...args: Parameters<StrategyDocuments['importDocument']>) {
    return this.documents.importDocument(...args);
  }

  /** Starts a city's strategy from the blank template; refused when it has one. */
  startBlank(...args: Parameters<StrategyDocuments['startBlank']>) {
    return this.documents.startBlank(...args);
  }

  exportDocument(tenant: TenantRow, q?: Q): Promise<StrategyDocument> {
    return this.documents.exportDocument(tenant, q);
  }

  async publishRevision(actor: Actor, tenant: TenantRow, input: z.infer<typeof S.RevisionCreateBody>) {
    return presentRevision(await this.documents.publishRevision(actor, tenant, input));
  }

  async revisions(tenantId: number) {
    return (await this.documents.revisions(tenantId)).map(presentRevision);
  }

  revisionDocument(tenant: TenantRow, ref: string) {
    return this.documents.revisionDocument(tenant, ref);
  }

  diff(tenant: TenantRow, a: string, b: string): Promise<z.infer<typeof S.RevisionDiffResponse>> {
    return this.documents.diff(tenant, a, b);
  }

  // ------------------------------------------------------------------ staff writes: pillars and objectives

  private async pillarOr404(trx: Q, tenantId: number, code: string) {
    const p = await this.edits.pillarByCode(trx, tenantId, code);
    if (!p) throw notFound('pillar');
    return p;
  }

  async createPillar(actor: Actor, tenant: TenantRow, input: z.infer<typeof S.PillarCreateBody>) {
    return this.write(actor, tenant, async (trx) => {
      await this.assertCodeFree(trx, tenant.id, input.code);
      const row = await this.edits.insertPillar(trx, {
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
          position: input.position ?? (await this.edits.nextPosition(trx, 'strategy_pillars', tenant.id)),
      });
      await this.record(trx, actor, tenant, 'strategy.pillar.created', { tenantId: tenant.id, code: row.code }, { type: 'strategy_pillar', id: row.code, after: input });
      return this.pillarResponse(trx, tenant.id, row.code);
    });
  }

  private async pillarResponse(q: Q, tenantId: number, code: string) {
    const p = await this.pillarOr404(q, tenantId, code);
    const { objectives, projects, kpis: kpiRows } = await this.edits.pillarContents(q, tenantId, p);
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
      await this.edits.updatePillar(trx, before.id, set);
      await this.record(trx, actor, tenant, 'strategy.pillar.updated', { tenantId: tenant.id, code }, { type: 'strategy_pillar', id: code, before: presentPillarBase(before), after: input });
      return this.pillarResponse(trx, tenant.id, code);
    });
  }

  async deletePillar(actor: Actor, tenant: TenantRow, code: string) {
    await this.write(actor, tenant, async (trx) => {
      const before = await this.pillarOr404(trx, tenant.id, code);
      if (await this.edits.pillarInUse(trx, tenant.id, before)) throw conflict(`The pillar ${code} still has objectives, projects or KPIs; move or delete them first.`, 'not_empty');
      await this.edits.deletePillar(trx, before.id);
      await this.record(trx, actor, tenant, 'strategy.pillar.deleted', { tenantId: tenant.id, code }, { type: 'strategy_pillar', id: code, before: presentPillarBase(before) });
    });
  }

  private async objectiveOr404(trx: Q, tenantId: number, code: string) {
    const o = await this.edits.objectiveByCode(trx, tenantId, code);
    if (!o) throw notFound('objective');
    return o;
  }

  private async objectiveResponse(q: Q, tenantId: number, code: string) {
    const o = await this.objectiveOr404(q, tenantId, code);
    const c = await this.edits.objectiveCounts(q, tenantId, o);
    return { ...presentObjective(o, { projects: c.projects, kpis: c.kpis }), pillar: c.pillar };
  }

  async createObjective(actor: Actor, tenant: TenantRow, input: z.infer<typeof S.ObjectiveCreateBody>) {
    return this.write(actor, tenant, async (trx) => {
      await this.assertCodeFree(trx, tenant.id, input.code);
      const pillar = await this.edits.pillarByCode(trx, tenant.id, input.pillar);
      if (!pillar) throw validationFailed([{ field: 'pillar', message: `unknown pillar "${input.pillar}"` }]);
      const position = input.position ?? (await this.edits.nextPosition(trx, 'strategy_objectives', tenant.id));
      await this.edits.insertObjective(trx, { tenant_id: tenant.id, pillar_id: pillar.id, code: input.code, kind: input.kind, title: JSON.stringify(input.title), description: input.description ? JSON.stringify(input.description) : null, note: input.note ?? null, position });
      await this.record(trx, actor, tenant, 'strategy.objective.created', { tenantId: tenant.id, code: input.code }, { type: 'strategy_objective', id: input.code, after: input });
      return this.objectiveResponse(trx, tenant.id, input.code);
    });
  }

  async updateObjective(actor: Actor, tenant: TenantRow, code: string, input: z.infer<typeof S.ObjectiveUpdateBody>) {
    return this.write(actor, tenant, async (trx) => {
      const before = await this.objectiveOr404(trx, tenant.id, code);
      const set: Record<string, unknown> = {};
      if (input.pillar !== undefined) {
        const pillar = await this.edits.pillarByCode(trx, tenant.id, input.pillar);
        if (!pillar) throw validationFailed([{ field: 'pillar', message: `unknown pillar "${input.pillar}"` }]);
        set.pillar_id = pillar.id;
        // Its projects move with it.
        await this.edits.moveObjectiveProjects(trx, before.id, pillar.id);
      }
      if (input.kind !== undefined) set.kind = input.kind;
      if (input.title !== undefined) set.title = JSON.stringify(input.title);
      if (input.description !== undefined) set.description = input.description === null ? null : JSON.stringify(input.description);
      if (input.note !== undefined) set.note = input.note;
      if (input.position !== undefined) set.position = input.position;
      await this.edits.updateObjective(trx, before.id, set);
      await this.record(trx, actor, tenant, 'strategy.objective.updated', { tenantId: tenant.id, code }, { type: 'strategy_objective', id: code, before, after: input });
      return this.objectiveResponse(trx, tenant.id, code);
    });
  }

  async deleteObjective(actor: Actor, tenant: TenantRow, code: string) {
    await this.write(actor, tenant, async (trx) => {
      const before = await this.objectiveOr404(trx, tenant.id, code);
      if (await this.edits.objectiveInUse(trx, tenant.id, before)) throw conflict(`The objective ${code} still has projects or KPIs; move or delete them first.`, 'not_empty');
      await this.edits.deleteObjective(trx, before.id);
      await this.record(trx, actor, tenant, 'strategy.objective.deleted', { tenantId: tenant.id, code }, { type: 'strategy_objective', id: code, before });
    });
  }

  // ------------------------------------------------------------------ staff writes: projects (projects/)

  /**
   * Creates a project or open action. Service API: participation calls it when a budget winner or an
   * accepted proposal becomes a project; pass your transaction (`trx`) to make both one change.
   */
  async createProject(actor: Actor, tenant: TenantRow, input: S.ProjectCreateInput, q?: Transaction<Database>): Promise<z.infer<typeof S.ProjectSummary>> {
    await this.projects.createProject(actor, tenant, input, q);
    // inside the caller's transaction, read through it (PGlite has one connection)
    return presentProjectSummary((await this.repo.projectByCode(tenant.id, input.code, q))!);
  }

  async updateProject(actor: Actor, tenant: TenantRow, code: string, input: S.ProjectUpdateInput) {
    await this.projects.updateProject(actor, tenant, code, input);
    return this.projectDetail(tenant, code, actor);
  }

  /** Adds a dated update to a project's public timeline. Service API for other modules. */
  async addTimelineEntry(...args: Parameters<ProjectEdits['addTimelineEntry']>) {
    return presentTimeline(await this.projects.addTimelineEntry(...args));
  }

  /** Changes a project's status with a public timeline note, and notifies its followers in the same transaction. */
  async setProjectStatus(actor: Actor, tenant: TenantRow, code: string, input: z.infer<typeof S.ProjectStatusBody>) {
    await this.projects.setProjectStatus(actor, tenant, code, input);
    return this.projectDetail(tenant, code, actor);
  }

  /** Records an approved progress report inside the caller's transaction (service API for monitoring). */
  recordProgress(...args: Parameters<ProjectEdits['recordProgress']>) {
    return this.projects.recordProgress(...args);
  }

  /** The KPI scopes a project reports on: itself, its objective and its pillar (service API). */
  projectKpiScopes(tenantId: number, code: string) {
    return this.projects.projectKpiScopes(tenantId, code);
  }

  async deleteProject(actor: Actor, tenant: TenantRow, code: string) {
    await this.write(actor, tenant, async (trx) => {
      const before = await this.repo.projectByCode(tenant.id, code, trx);
      if (!before) throw notFound('project');
      const kpi = await this.edits.firstKpiOfScope(trx, tenant.id, code);
      if (kpi) throw conflict(`The project ${code} still has KPIs (${kpi.code}); move or delete them first.`, 'not_empty');
      await this.edits.deleteProject(trx, before.id);
      await this.record(trx, actor, tenant, 'strategy.project.deleted', { tenantId: tenant.id, code }, { type: 'strategy_project', id: code, before: presentProjectSummary(before) });
    });
  }

  /** Ids of the people who follow a project or KPI, read in the caller's transaction (service API; the follows live in the hub). */
  followerIds(tenantId: number, type: 'project' | 'kpi', code: string, trx: Transaction<Database>): Promise<string[]> {
    return this.deps.notifications.followerUserIds(tenantId, type === 'project' ? 'strategy.project' : 'strategy.kpi', code, trx);
  }

  // ------------------------------------------------------------------ staff writes: KPIs and measurements (kpis/)

  /** KPIs computed from a platform metric, with their last stored automatic value (service API for the KPI history). */
  automaticKpis(tenantId: number) {
    return this.kpiEdits.automaticKpis(tenantId);
  }

  /** Stores a computed value of an automatic KPI (service API for monitoring; pass its transaction). */
  recordAutomaticMeasurement(...args: Parameters<KpiEdits['recordAutomaticMeasurement']>) {
    return this.kpiEdits.recordAutomaticMeasurement(...args);
  }

  async createKpi(actor: Actor, tenant: TenantRow, input: S.KpiCreateInput) {
    await this.kpiEdits.createKpi(actor, tenant, input);
    return this.kpiDetail(tenant, input.code, actor);
  }

  async updateKpi(actor: Actor, tenant: TenantRow, code: string, input: S.KpiUpdateInput) {
    await this.kpiEdits.updateKpi(actor, tenant, code, input);
    return this.kpiDetail(tenant, code, actor);
  }

  deleteKpi(actor: Actor, tenant: TenantRow, code: string) {
    return this.kpiEdits.deleteKpi(actor, tenant, code);
  }

  async addMeasurement(actor: Actor, tenant: TenantRow, code: string, input: z.infer<typeof S.MeasurementCreateBody>) {
    return presentMeasurement(await this.kpiEdits.addMeasurement(actor, tenant, code, input));
  }

  /** Imports measurements from CSV, all or nothing (see KpiEdits.importMeasurementsCsv). */
  importMeasurementsCsv(actor: Actor, tenant: TenantRow, text: string) {
    return this.kpiEdits.importMeasurementsCsv(actor, tenant, text);
  }

  // ------------------------------------------------------------------ follows

  /** Whether a project or KPI exists in this city (the hub's existence check for `strategy.project` / `strategy.kpi` follows). */
  async exists(tenantId: number, type: 'project' | 'kpi' | 'ambition', code: string): Promise<boolean> {
    if (type === 'ambition') return (await this.repo.pillars(tenantId)).some((p) => p.code === code);
    return !!(type === 'project' ? await this.repo.projectByCode(tenantId, code) : await this.repo.kpiByCode(tenantId, code));
  }

  /** Follows through the notifications hub; kept for the project and KPI pages' follow buttons. */
  async follow(actor: Actor, tenant: TenantRow, type: 'project' | 'kpi', code: string, on: boolean) {
    if (actor.kind !== 'user') throw new AppError(401, 'unauthorized', 'Sign in to do this.');
    if (!(await this.exists(tenant.id, type, code))) throw notFound(type === 'project' ? 'project' : 'KPI');
    const f = { tenantId: tenant.id, kind: `strategy.${type}`, id: code, userId: actor.user.id };
    if (on) await this.repo.transaction((trx) => this.deps.notifications.follow(trx, f));
    else await this.repo.transaction((trx) => this.deps.notifications.unfollow(trx, f));
    return { following: on, followers: await this.deps.notifications.followerCount(tenant.id, f.kind, code) };
  }


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

/** A project status in words, per language (also used by the notices and the monitoring module). */
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

