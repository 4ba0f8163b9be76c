/**
 * SQL of the strategy API (Kysely only; never imports Fastify). Lists issue a fixed number of queries
 * whatever the page size: KPI and follower counts come from correlated subqueries in the page's statement,
 * funding sources from one more query for the whole page — never a query per row.
 */
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Database, Db } from '../../core/db.js';
import type { ProjectListFilters } from './strategy.schemas.js';
import { likePattern, searchWords } from './strategy.search.js';
import './strategy.tables.js';

type Q = Transaction<Database> | Kysely<Database>;
export type StrategyRow = Selectable<Database['strategy_strategies']>;
export type PillarRow = Selectable<Database['strategy_pillars']>;
export type ObjectiveRow = Selectable<Database['strategy_objectives']>;
export type ProjectRow = Selectable<Database['strategy_projects']>;
export type KpiRow = Selectable<Database['strategy_kpis']>;
export type MeasurementRow = Selectable<Database['strategy_kpi_measurements']>;
export type TimelineRow = Selectable<Database['strategy_project_timeline']>;
export type FundingRow = Selectable<Database['strategy_funding_sources']>;
export type RevisionRow = Selectable<Database['strategy_revisions']>;

export interface ProjectListRow extends Omit<ProjectRow, 'search'> {
  pillar_code: string;
  pillar_kind: string;
  pillar_title: unknown;
  pillar_dimension: string;
  objective_code: string | null;
  objective_kind: string | null;
  objective_title: unknown;
  funding: { code: string; name: unknown }[];
  kpi_count: number;
  followers: number;
}

export interface KpiWithLatest extends KpiRow {
  latest_date: string | null;
  latest_value: number | null;
  latest_source: string | null;
  latest_automatic: boolean | null;
  measurement_count: number;
}

export class StrategyRepository {
  constructor(readonly db: Db) {}

  strategy(tenantId: number, q: Q = this.db): Promise<StrategyRow | undefined> {
    return q.selectFrom('strategy_strategies').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
  }

  pillars(tenantId: number, q: Q = this.db): Promise<PillarRow[]> {
    return q.selectFrom('strategy_pillars').selectAll().where('tenant_id', '=', tenantId).orderBy('position').orderBy('id').execute();
  }

  objectives(tenantId: number, q: Q = this.db): Promise<ObjectiveRow[]> {
    return q.selectFrom('strategy_objectives').selectAll().where('tenant_id', '=', tenantId).orderBy('position').orderBy('id').execute();
  }

  /** The light project columns the tree and scope resolution need. */
  projectsLight(tenantId: number, q: Q = this.db) {
    return q
      .selectFrom('strategy_projects')
      .select(['id', 'code', 'kind', 'title', 'pillar_id', 'objective_id', 'status', 'progress'])
      .where('tenant_id', '=', tenantId)
      .orderBy('position')
      .orderBy('id')
      .execute();
  }

  fundingWithCounts(tenantId: number, q: Q = this.db) {
    return q
      .selectFrom('strategy_funding_sources as f')
      .selectAll('f')
      .select((eb) => eb.selectFrom('strategy_project_funding as pf').select(eb.fn.countAll<number>().as('n')).whereRef('pf.funding_source_id', '=', 'f.id').as('projects'))
      .where('f.tenant_id', '=', tenantId)
      .orderBy('f.position')
      .orderBy('f.id')
      .execute();
  }

  fundingByCodes(tenantId: number, codes: string[], q: Q = this.db): Promise<FundingRow[]> {
    if (!codes.length) return Promise.resolve([]);
    return q.selectFrom('strategy_funding_sources').selectAll().where('tenant_id', '=', tenantId).where('code', 'in', codes).execute();
  }

  /** KPIs with their latest stored measurement and how many there are; `scope` narrows to some scope codes. */
  kpisWithLatest(tenantId: number, opts: { scopes?: string[]; code?: string } = {}, q: Q = this.db): Promise<KpiWithLatest[]> {
    let query = q
      .selectFrom('strategy_kpis as k')
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('strategy_kpi_measurements as m')
            .select(['m.date as latest_date', 'm.value as latest_value', 'm.source as latest_source', 'm.automatic as latest_automatic'])
            .whereRef('m.kpi_id', '=', 'k.id')
            .orderBy('m.date', 'desc')
            .orderBy('m.id', 'desc')
            .limit(1)
            .as('l'),
        (join) => join.onTrue(),
      )
      .selectAll('k')
      .select(['l.latest_date', 'l.latest_value', 'l.latest_source', 'l.latest_automatic'])
      .select((eb) => eb.selectFrom('strategy_kpi_measurements as c').select(eb.fn.countAll<number>().as('n')).whereRef('c.kpi_id', '=', 'k.id').as('measurement_count'))
      .where('k.tenant_id', '=', tenantId);
    if (opts.scopes) {
      if (!opts.scopes.length) return Promise.resolve([]);
      query = query.where('k.scope_code', 'in', opts.scopes);
    }
    if (opts.code) query = query.where('k.code', '=', opts.code);
    return query.orderBy('k.position').orderBy('k.id').execute() as Promise<KpiWithLatest[]>;
  }

  kpiByCode(tenantId: number, code: string, q: Q = this.db): Promise<KpiRow | undefined> {
    return q.selectFrom('strategy_kpis').selectAll().where('tenant_id', '=', tenantId).where('code', '=', code).executeTakeFirst();
  }

  measurements(kpiId: number, q: Q = this.db): Promise<MeasurementRow[]> {
    return q.selectFrom('strategy_kpi_measurements').selectAll().where('kpi_id', '=', kpiId).orderBy('date').orderBy('id').execute();
  }

  private projectQuery(tenantId: number, q: Q) {
    return q
      .selectFrom('strategy_projects as pr')
      .innerJoin('strategy_pillars as p', 'p.id', 'pr.pillar_id')
      .leftJoin('strategy_objectives as o', 'o.id', 'pr.objective_id')
      .where('pr.tenant_id', '=', tenantId);
  }

  private filtered(tenantId: number, f: Partial<ProjectListFilters>, q: Q) {
    let query = this.projectQuery(tenantId, q);
    if (f.ambition) query = query.where('p.code', '=', f.ambition);
    if (f.objective) query = query.where('o.code', '=', f.objective);
    if (f.status) query = query.where('pr.status', '=', f.status);
    if (f.priority) query = query.where('pr.priority', '=', f.priority);
    if (f.dimension) query = query.where('p.dimension', '=', f.dimension);
    if (f.kind) query = query.where('pr.kind', '=', f.kind);
    if (f.category) query = query.where('pr.category', '=', f.category);
    if (f.funding) {
      const code = f.funding;
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('strategy_project_funding as pf')
            .innerJoin('strategy_funding_sources as fs', 'fs.id', 'pf.funding_source_id')
            .select(sql`1`.as('one'))
            .whereRef('pf.project_id', '=', 'pr.id')
            .where('fs.code', '=', code),
        ),
      );
    }
    for (const w of searchWords(f.q)) query = query.where(sql<boolean>`pr.search like ${likePattern(w)} escape '\\'`);
    return query;
  }

  /** One page of projects with everything a list shows: two queries (count and page), whatever the page size. */
  async listProjects(tenantId: number, f: Partial<ProjectListFilters> & { page: number; limit: number }, q: Q = this.db): Promise<{ rows: ProjectListRow[]; total: number }> {
    const [count, rows] = await Promise.all([
      this.filtered(tenantId, f, q).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      this.withRelated(this.filtered(tenantId, f, q))
        .orderBy('pr.position')
        .orderBy('pr.id')
        .limit(f.limit)
        .offset((f.page - 1) * f.limit)
        .execute(),
    ]);
    return { rows: await this.attachFunding(rows as unknown as ProjectListRow[], q), total: Number(count.n) };
  }

  /** Every project matching the filters (for CSV), in one query. */
  async allProjects(tenantId: number, f: Partial<ProjectListFilters>, q: Q = this.db): Promise<ProjectListRow[]> {
    return this.attachFunding((await this.withRelated(this.filtered(tenantId, f, q)).orderBy('pr.position').orderBy('pr.id').execute()) as unknown as ProjectListRow[], q);
  }

  async projectByCode(tenantId: number, code: string, q: Q = this.db): Promise<ProjectListRow | undefined> {
    const row = (await this.withRelated(this.projectQuery(tenantId, q).where('pr.code', '=', code)).executeTakeFirst()) as unknown as ProjectListRow | undefined;
    return row ? (await this.attachFunding([row], q))[0] : undefined;
  }

  /** Every column of a project but the search text (long, and only used in WHERE). */
  private static readonly PROJECT_COLUMNS = [
    'pr.id', 'pr.tenant_id', 'pr.code', 'pr.kind', 'pr.title', 'pr.description', 'pr.pillar_id', 'pr.objective_id', 'pr.status', 'pr.maturity', 'pr.priority', 'pr.priority_text',
    'pr.category', 'pr.budget_amount', 'pr.budget_basis', 'pr.budget_text', 'pr.horizon', 'pr.funding_text', 'pr.responsible', 'pr.partners', 'pr.digital_enablers',
    'pr.local_actor_types', 'pr.location', 'pr.lat', 'pr.lon', 'pr.progress', 'pr.note', 'pr.position', 'pr.created_at', 'pr.updated_at',
  ] as const;

  private withRelated(query: ReturnType<StrategyRepository['projectQuery']>) {
    return query
      .leftJoin(
        (eb) => eb.selectFrom('strategy_kpis as k').select(['k.tenant_id', 'k.scope_code']).select((e) => e.fn.countAll<number>().as('n')).groupBy(['k.tenant_id', 'k.scope_code']).as('kc'),
        (join) => join.onRef('kc.tenant_id', '=', 'pr.tenant_id').onRef('kc.scope_code', '=', 'pr.code'),
      )
      .select(StrategyRepository.PROJECT_COLUMNS)
      .select(['p.code as pillar_code', 'p.kind as pillar_kind', 'p.title as pillar_title', 'p.dimension as pillar_dimension', 'o.code as objective_code', 'o.kind as objective_kind', 'o.title as objective_title'])
      .select(sql<number>`coalesce(kc.n, 0)`.as('kpi_count'))
      .select(sql<number>`(select count(*) from strategy_follows sf where sf.tenant_id = pr.tenant_id and sf.target_type = 'project' and sf.code = pr.code)`.as('followers'));
  }

  /**
   * Adds their funding sources to a list of projects: one query for the whole list (a correlated jsonb_agg
   * per row was the slowest part of a page on PGlite).
   */
  private async attachFunding(rows: ProjectListRow[], q: Q): Promise<ProjectListRow[]> {
    if (!rows.length) return rows;
    const links = await q
      .selectFrom('strategy_project_funding as pf')
      .innerJoin('strategy_funding_sources as fs', 'fs.id', 'pf.funding_source_id')
      .select(['pf.project_id', 'fs.code', 'fs.name'])
      .where(
        'pf.project_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('pf.project_id')
      .orderBy('pf.position')
      .execute();
    const byProject = new Map<number, { code: string; name: unknown }[]>();
    for (const l of links) {
      const list = byProject.get(l.project_id) ?? [];
      list.push({ code: l.code, name: l.name });
      byProject.set(l.project_id, list);
    }
    for (const r of rows) r.funding = byProject.get(r.id) ?? [];
    return rows;
  }

  timeline(projectId: number, q: Q = this.db): Promise<TimelineRow[]> {
    return q.selectFrom('strategy_project_timeline').selectAll().where('project_id', '=', projectId).orderBy('date').orderBy('id').execute();
  }

  async isFollowing(tenantId: number, userId: string, type: 'project' | 'kpi', code: string, q: Q = this.db): Promise<boolean> {
    const row = await q.selectFrom('strategy_follows').select('user_id').where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('target_type', '=', type).where('code', '=', code).executeTakeFirst();
    return !!row;
  }

  async countFollowers(tenantId: number, type: 'project' | 'kpi', code: string, q: Q = this.db): Promise<number> {
    const row = await q.selectFrom('strategy_follows').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).where('target_type', '=', type).where('code', '=', code).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * The people who follow something, with what a notification needs. `users` is a core table (not another
   * feature module's), read here so a status change notifies everyone in one query.
   */
  followers(tenantId: number, type: 'project' | 'kpi', code: string, q: Q = this.db) {
    return q
      .selectFrom('strategy_follows as f')
      .innerJoin('users as u', 'u.id', 'f.user_id')
      .select(['u.id', 'u.email', 'u.locale'])
      .where('f.tenant_id', '=', tenantId)
      .where('f.target_type', '=', type)
      .where('f.code', '=', code)
      .where('u.deleted_at', 'is', null)
      .execute();
  }

  revisions(tenantId: number, q: Q = this.db, limit = 1000) {
    return q
      .selectFrom('strategy_revisions')
      .select(['id', 'name', 'note', 'created_at', 'author_name', sql<unknown>`jsonb_build_object(
        'pillars', jsonb_array_length(document->'pillars'),
        'objectives', (select coalesce(sum(jsonb_array_length(p->'children')), 0) from jsonb_array_elements(document->'pillars') p),
        'projects', jsonb_array_length(document->'projects'),
        'kpis', jsonb_array_length(document->'kpis'))`.as('counts')])
      .where('tenant_id', '=', tenantId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  revision(tenantId: number, id: number, q: Q = this.db): Promise<RevisionRow | undefined> {
    return q.selectFrom('strategy_revisions').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  }
}
