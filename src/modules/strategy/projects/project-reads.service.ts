/**
 * Reading projects and open actions: one by code, a filtered page (also kept as JSON text for the public
 * list), every matching row (CSV), one with its timeline and KPIs, and the timeline of a period.
 */
import type { z } from 'zod';
import type { Actor } from '../../../core/actor.js';
import { VersionedCache } from '../../../core/cache.js';
import { notFound } from '../../../core/errors.js';
import type { TenantRow } from '../../tenants/index.js';
import type { KpiReads } from '../kpis/kpi-reads.service.js';
import type { ProjectListRow, TimelineRow } from '../strategy.repository.js';
import type * as S from '../strategy.schemas.js';
import { ProjectDetailResponse, ProjectListResponse } from '../strategy.schemas.js';
import { LISTS_KEPT, listKey, METRIC_TTL_MS, PAGES_KEPT, StrategyWriter, type StrategyServiceDeps, withAbilities, withFields } from '../strategy.writer.js';

const ProjectPageSchema = ProjectListResponse.omit({ abilities: true });
const ProjectDetailPageSchema = ProjectDetailResponse.omit({ following: true, abilities: true });

/** A project with its timeline and its KPIs: its page as everyone sees it. */
export interface ProjectPage {
  project: ProjectListRow;
  timeline: TimelineRow[];
  kpis: z.infer<typeof S.KpiSummary>[];
}

/** A project's page with what depends on the caller: whether they follow it and what they may do. */
export interface ProjectDetail extends ProjectPage {
  following: boolean;
  abilities: { edit: boolean; follow: boolean };
}

export class ProjectReads extends StrategyWriter {
  constructor(
    deps: StrategyServiceDeps,
    private readonly kpis: KpiReads,
  ) {
    super(deps);
  }

  /** A project by code, as the list presents it (undefined when there is none). Service API for other modules. */
  async getProject(tenantId: number, code: string): Promise<z.infer<typeof S.ProjectSummary> | undefined> {
    const row = await this.repo.projectByCode(tenantId, code);
    return row ? this.present.projectSummary(row) : undefined;
  }

  /** A page of projects matching the filters. Service API for other modules. */
  async listProjects(tenantId: number, filters: Partial<S.ProjectListFilters> = {}): Promise<{ items: z.infer<typeof S.ProjectSummary>[]; total: number; page: number; limit: number }> {
    const page = filters.page ?? 1;
    const limit = filters.limit ?? 20;
    const { rows, total } = await this.repo.listProjects(tenantId, { ...filters, page, limit });
    return { items: rows.map(this.present.projectSummary), total, page, limit };
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

  /** Every project matching the filters (the CSV list). Service API for other modules. */
  async allProjects(tenantId: number, filters: Partial<S.ProjectListFilters>) {
    return (await this.repo.allProjects(tenantId, filters)).map(this.present.projectSummary);
  }

  /** A project's page as everyone sees it: the project, its timeline and its KPIs (404 when there is none). */
  private async projectPage(tenantId: number, code: string): Promise<ProjectPage> {
    const row = await this.repo.projectByCode(tenantId, code);
    if (!row) throw notFound('project');
    const [timeline, kpis] = await Promise.all([this.repo.timeline(row.id), this.kpis.kpis(tenantId, { scope: code })]);
    return { project: row, timeline, kpis };
  }

  async projectDetail(tenant: TenantRow, code: string, actor: Actor): Promise<ProjectDetail> {
    const page = await this.projectPage(tenant.id, code);
    return { ...page, following: await this.following('strategy.project', tenant.id, code, actor), abilities: this.pageAbilities(actor, tenant.id) };
  }

  /**
   * Presented project pages as JSON text, per city and code, kept under the project list's version (the
   * strategy's last change and latest revision — every staff write, timeline entry and measurement bumps it —
   * and the city's project follows, for the follower count) and for at most METRIC_TTL_MS, since the page's
   * KPIs carry automatic values and the elapsed share of the period. Nothing in it comes from another module
   * but the follower count, which the version covers; nothing in it is staff-only. What depends on the
   * caller (whether they follow it, their abilities) is added per request: a repeated read costs the version
   * and, for a signed-in caller, their follow, in parallel.
   */
  private readonly projectDetailPages = new VersionedCache<string, string>(PAGES_KEPT, METRIC_TTL_MS);

  async projectDetailJson(tenant: TenantRow, code: string, actor: Actor): Promise<string> {
    const [version, following] = await Promise.all([this.repo.projectListVersion(tenant.id), this.following('strategy.project', tenant.id, code, actor)]);
    const body = await this.projectDetailPages.get(`${tenant.id}|${code}`, version ?? 'no strategy', async () => JSON.stringify(ProjectDetailPageSchema.parse(this.present.projectPage(await this.projectPage(tenant.id, code)))));
    return withFields(body, { following, abilities: this.pageAbilities(actor, tenant.id) });
  }

  /** The projects' timeline entries dated in [from, to] (the "list of changes" of a period). Service API for other modules. */
  async timelineBetween(tenantId: number, from: string, to: string) {
    return (await this.repo.timelineBetween(tenantId, from, to)).map((r) => ({ project: r.code, title: r.title, date: r.date, text: r.text, status: r.status }));
  }
}
