/**
 * The strategy tree: vision, pillars with their objectives, counts and progress, funding sources and the
 * latest revision — the most-read page, kept per city as checked JSON text — and the city page's block.
 */
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../../../core/actor.js';
import { VersionedCache } from '../../../core/cache.js';
import type { Database } from '../../../core/db.js';
import { notFound } from '../../../core/errors.js';
import type { OverviewBlock } from '../../module.js';
import type { TenantRow } from '../../tenants/index.js';
import type { KpiReads } from '../kpis/kpi-reads.service.js';
import type { MaturityMatrix } from '../strategy.document.js';
import { ml } from '../strategy.io.js';
import { elapsedPercent } from '../strategy.kpi.js';
import type * as S from '../strategy.schemas.js';
import { StrategyTreeResponse } from '../strategy.schemas.js';
import { METRIC_TTL_MS, StrategyWriter, type StrategyServiceDeps } from '../strategy.writer.js';
import { loadStructure, type Structure } from './tree.structure.js';

type TreeBody = Omit<z.infer<typeof S.StrategyTreeResponse>, 'abilities'>;
const TreeBodySchema = StrategyTreeResponse.omit({ abilities: true });
/** A city's tree in the making or made, and its JSON text once a caller asked for it. */
interface CachedTree {
  tree: Promise<TreeBody>;
  json?: string;
}
/** how many cities' trees are kept */
const TREES_KEPT = 1_000;

export class StrategyTree extends StrategyWriter {
  constructor(
    deps: StrategyServiceDeps,
    private readonly kpis: KpiReads,
  ) {
    super(deps);
  }

  /**
   * The presented tree per tenant, keyed by the strategy's version (its `updated_at`, bumped by every staff
   * write, plus the latest revision id), and kept at most METRIC_TTL_MS because it also carries automatic
   * KPI values and the elapsed share of the period. The tree is the most-read page and costs seven queries
   * and a walk over every project and KPI; a hit costs one small query. The version is read before the data,
   * so a tree built while a change commits is filed under the older version and rebuilt on the next read.
   * The build is kept while it runs, so callers arriving meanwhile share it; a failed build is forgotten.
   */
  private readonly trees = new VersionedCache<number, CachedTree>(TREES_KEPT, METRIC_TTL_MS);

  private async cachedTree(tenant: TenantRow): Promise<CachedTree> {
    const v = await this.repo.version(tenant.id);
    if (!v) throw notFound('strategy');
    return this.trees.get(tenant.id, `${v.updated_at}|${v.revision ?? 0}`, () => {
      const entry: CachedTree = { tree: this.buildTree(tenant) };
      entry.tree.catch(() => this.trees.delete(tenant.id, entry));
      return entry;
    });
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

  /** The tree with the caller's abilities. Service API for other modules. */
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
    const st = await loadStructure(this.repo, tenant.id);
    const [kpis, funding, revisions] = await Promise.all([this.repo.kpisWithLatest(tenant.id), this.repo.fundingWithCounts(tenant.id), this.repo.revisions(tenant.id, undefined, 1)]);
    const evaluated = await this.kpis.evaluate(tenant.id, st, kpis);
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
        ...this.present.pillarBase(p),
        counts: { objectives: children.length, projects: g.projects.filter((x) => x.kind === 'project').length, openActions: g.projects.filter((x) => x.kind === 'open_action').length, kpis: g.kpis.length },
        progress: {
          kpiProgress: mean(withData),
          kpisWithData: withData.length,
          kpiStatus,
          projectProgress: mean(g.projects.map((x) => x.progress ?? (x.status === 'completed' ? 100 : 0))),
          projectsCompleted: projectStatus.completed ?? 0,
          projectStatus: projectStatus as never,
        },
        children: children.map((o) => this.present.objective(o, objectiveCounts.get(o.id)!)),
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
        source: this.present.withoutNotes(s.source) as never,
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
      ...(s.maturity_matrix ? { maturityMatrix: this.present.withoutNotes(s.maturity_matrix) as never } : {}),
      latestRevision: latest ? this.present.revision(latest) : null,
    };
  }


  /** The maturity matrix of the city's strategy document (null when it has none). Service API for other modules. */
  async maturityMatrix(tenantId: number, q?: Transaction<Database> | Kysely<Database>): Promise<z.infer<typeof MaturityMatrix> | null> {
    const s = await this.repo.strategy(tenantId, q);
    return (s?.maturity_matrix as z.infer<typeof MaturityMatrix> | null | undefined) ?? null;
  }
}
