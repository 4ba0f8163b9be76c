/**
 * The strategy registry's one API, which the routes and other modules call: the tree, projects and KPIs
 * (with progress and status), staff edits of the structure, projects, KPIs and measurements, the document
 * and its revisions, and follows. Each use-case lives in its resource's part (tree/, projects/, kpis/,
 * pillars/, documents/), all sharing one unit of work (strategy.writer.ts). Route-only reads and edits return
 * domain objects, which the routes present; what other modules consume is answered in the summaries they
 * type against (ProjectSummaryT, KpiSummaryT), through the presenters the routes hand in (`deps.present`).
 */
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../../core/actor.js';
import type { Database } from '../../core/db.js';
import { AppError, forbidden, notFound } from '../../core/errors.js';
import type { Locale } from '../../core/i18n.js';
import type { TenantRow } from '../tenants/index.js';
import type { StrategyDocument } from './strategy.document.js';
import { translationStatus } from './strategy.translations.js';
import type * as S from './strategy.schemas.js';
import { StrategyDocuments } from './documents/documents.service.js';
import { KpiReads } from './kpis/kpi-reads.service.js';
import { KpiEdits } from './kpis/kpis.service.js';
import { PillarEdits } from './pillars/pillars.service.js';
import { ProjectReads } from './projects/project-reads.service.js';
import { ProjectEdits } from './projects/projects.service.js';
import { StrategyTree } from './tree/tree.service.js';
import { StrategyWriter } from './strategy.writer.js';

export type { StrategyServiceDeps } from './strategy.writer.js';

type Q = Transaction<Database> | Kysely<Database>;

export class StrategyService extends StrategyWriter {
  private readonly kpiReads = new KpiReads(this.deps);
  private readonly trees = new StrategyTree(this.deps, this.kpiReads);
  private readonly projectReads = new ProjectReads(this.deps, this.kpiReads);
  private readonly projects = new ProjectEdits(this.deps);
  private readonly kpiEdits = new KpiEdits(this.deps);
  private readonly pillars = new PillarEdits(this.deps);
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

  /** The strategy document, and whether the caller may read its editorial notes (staff: a full round trip). */
  async documentFor(actor: Actor, tenant: TenantRow): Promise<{ document: StrategyDocument; withNotes: boolean }> {
    return { document: await this.exportDocument(tenant), withNotes: this.canEdit(actor, tenant.id) };
  }

  // ------------------------------------------------------------------ the tree (tree/)

  /** The city page's block (projects by status, KPIs by status), or a `missing` block without a strategy. */
  overview(tenant: TenantRow) {
    return this.trees.overview(tenant);
  }

  /** The tree with the caller's abilities. Service API for other modules. */
  tree(tenant: TenantRow, actor: Actor) {
    return this.trees.tree(tenant, actor);
  }

  /** The tree as checked JSON text, kept per version (GET …/strategy). */
  treeJson(tenant: TenantRow, actor: Actor) {
    return this.trees.treeJson(tenant, actor);
  }

  /** The maturity matrix of the city's strategy document (null when it has none). Service API for other modules. */
  maturityMatrix(tenantId: number, q?: Q) {
    return this.trees.maturityMatrix(tenantId, q);
  }

  // ------------------------------------------------------------------ projects (projects/)

  /** A project by code, as the list presents it (undefined when there is none). Service API for other modules. */
  getProject(tenantId: number, code: string) {
    return this.projectReads.getProject(tenantId, code);
  }

  /** A page of projects matching the filters. Service API for other modules. */
  listProjects(tenantId: number, filters: Partial<S.ProjectListFilters> = {}) {
    return this.projectReads.listProjects(tenantId, filters);
  }

  /** A page of projects as checked JSON text, kept under the list's version (GET …/projects). */
  listProjectsJson(tenant: TenantRow, filters: Partial<S.ProjectListFilters>, actor: Actor) {
    return this.projectReads.listProjectsJson(tenant, filters, actor);
  }

  /** Every project matching the filters. Service API for other modules. */
  allProjects(tenantId: number, filters: Partial<S.ProjectListFilters>) {
    return this.projectReads.allProjects(tenantId, filters);
  }

  /** A project with its timeline, KPIs and the caller's abilities. */
  projectDetail(tenant: TenantRow, code: string, actor: Actor) {
    return this.projectReads.projectDetail(tenant, code, actor);
  }

  /** A project's page as JSON text (GET …/projects/:code). */
  projectDetailJson(tenant: TenantRow, code: string, actor: Actor) {
    return this.projectReads.projectDetailJson(tenant, code, actor);
  }

  /** The projects' timeline entries dated in [from, to] (the "list of changes" of a period). Service API for other modules. */
  timelineBetween(tenantId: number, from: string, to: string) {
    return this.projectReads.timelineBetween(tenantId, from, to);
  }

  /**
   * Creates a project or open action and answers its summary. Service API: participation calls it when a budget
   * winner or an accepted proposal becomes a project; pass your transaction (`trx`) to make both one change.
   */
  async createProject(actor: Actor, tenant: TenantRow, input: S.ProjectCreateInput, q?: Transaction<Database>): Promise<z.infer<typeof S.ProjectSummary>> {
    await this.projects.createProject(actor, tenant, input, q);
    // inside the caller's transaction, read through it (PGlite has one connection)
    return this.present.projectSummary((await this.repo.projectByCode(tenant.id, input.code, q))!);
  }

  async updateProject(actor: Actor, tenant: TenantRow, code: string, input: S.ProjectUpdateInput) {
    await this.projects.updateProject(actor, tenant, code, input);
    return this.projectDetail(tenant, code, actor);
  }

  /** Adds a dated update to a project's public timeline. Service API for other modules. */
  addTimelineEntry(...args: Parameters<ProjectEdits['addTimelineEntry']>) {
    return this.projects.addTimelineEntry(...args);
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

  deleteProject(actor: Actor, tenant: TenantRow, code: string) {
    return this.projects.deleteProject(actor, tenant, code);
  }

  // ------------------------------------------------------------------ KPIs and measurements (kpis/)

  /** KPIs with progress and status, filtered. Service API for other modules. */
  kpis(tenantId: number, filters: Partial<S.KpiListFilters> = {}) {
    return this.kpiReads.kpis(tenantId, filters);
  }

  /** Alias kept for other modules: `listKpis(tenantId, filters)`. */
  listKpis(tenantId: number, filters: Partial<S.KpiListFilters> = {}) {
    return this.kpiReads.kpis(tenantId, filters);
  }

  /** The KPI list with its totals and status counts (what GET …/kpis answers, but the abilities). */
  kpiList(tenantId: number, filters: Partial<S.KpiListFilters> = {}) {
    return this.kpiReads.kpiList(tenantId, filters);
  }

  /** The KPI list as checked JSON text, kept under the strategy's version (GET …/kpis). */
  kpiListJson(tenant: TenantRow, filters: Partial<S.KpiListFilters>, actor: Actor) {
    return this.kpiReads.kpiListJson(tenant, filters, actor);
  }

  /** A KPI evaluated, with its measurements and the caller's abilities. */
  kpiDetail(tenant: TenantRow, code: string, actor: Actor) {
    return this.kpiReads.kpiDetail(tenant, code, actor);
  }

  /** A KPI's page as JSON text (GET …/kpis/:code). */
  kpiDetailJson(tenant: TenantRow, code: string, actor: Actor) {
    return this.kpiReads.kpiDetailJson(tenant, code, actor);
  }

  /** A KPI's measurements, oldest first. Service API for other modules. */
  measurements(tenantId: number, code: string) {
    return this.kpiReads.measurements(tenantId, code);
  }

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

  /** Records a measurement and answers its row. */
  addMeasurement(actor: Actor, tenant: TenantRow, code: string, input: z.infer<typeof S.MeasurementCreateBody>) {
    return this.kpiEdits.addMeasurement(actor, tenant, code, input);
  }

  /** Imports measurements from CSV, all or nothing (see KpiEdits.importMeasurementsCsv). */
  importMeasurementsCsv(actor: Actor, tenant: TenantRow, text: string) {
    return this.kpiEdits.importMeasurementsCsv(actor, tenant, text);
  }

  // ------------------------------------------------------------------ pillars and objectives (pillars/)

  createPillar(...args: Parameters<PillarEdits['createPillar']>) {
    return this.pillars.createPillar(...args);
  }

  updatePillar(...args: Parameters<PillarEdits['updatePillar']>) {
    return this.pillars.updatePillar(...args);
  }

  deletePillar(...args: Parameters<PillarEdits['deletePillar']>) {
    return this.pillars.deletePillar(...args);
  }

  createObjective(...args: Parameters<PillarEdits['createObjective']>) {
    return this.pillars.createObjective(...args);
  }

  updateObjective(...args: Parameters<PillarEdits['updateObjective']>) {
    return this.pillars.updateObjective(...args);
  }

  deleteObjective(...args: Parameters<PillarEdits['deleteObjective']>) {
    return this.pillars.deleteObjective(...args);
  }

  // ------------------------------------------------------------------ document import / export and revisions (documents/)

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

  /** Publishes a named revision (a snapshot of the whole strategy) and answers its row. */
  publishRevision(actor: Actor, tenant: TenantRow, input: z.infer<typeof S.RevisionCreateBody>) {
    return this.documents.publishRevision(actor, tenant, input);
  }

  /** Published revisions' rows, newest first. */
  revisions(tenantId: number) {
    return this.documents.revisions(tenantId);
  }

  revisionDocument(tenant: TenantRow, ref: string) {
    return this.documents.revisionDocument(tenant, ref);
  }

  diff(tenant: TenantRow, a: string, b: string): Promise<z.infer<typeof S.RevisionDiffResponse>> {
    return this.documents.diff(tenant, a, b);
  }

  // ------------------------------------------------------------------ follows

  /** Ids of the people who follow a project or KPI, read in the caller's transaction (service API; the follows live in the hub). */
  followerIds(tenantId: number, type: 'project' | 'kpi', code: string, trx: Transaction<Database>): Promise<string[]> {
    return this.deps.notifications.followerUserIds(tenantId, type === 'project' ? 'strategy.project' : 'strategy.kpi', code, trx);
  }

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
