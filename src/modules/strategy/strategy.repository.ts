/**
 * SQL of the strategy API (Kysely only; never imports Fastify). Lists issue a fixed number of statements
 * whatever the page size: the page from the projects table alone, then what it shows (pillars, objectives,
 * funding sources, KPI and follower counts) in one statement each for the whole page — never one per row.
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
  /**
   * @param followerCounts how many people follow each project (the notifications hub keeps the follows;
   *   one statement for a whole page)
   */
  constructor(
    readonly db: Db,
    private readonly followerCounts: (tenantId: number, codes: string[], q: Q) => Promise<Map<string, number>> = async () => new Map(),
  ) {}

  /** The unit of work: a change, its audit row and its event in one transaction. */
  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  /** What the presented tree is cached under: the strategy's last change and its latest revision. */
  version(tenantId: number, q: Q = this.db) {
    return q
      .selectFrom('strategy_strategies as s')
      .select((eb) => [
        // as text: a JS Date would cut the microseconds that tell two quick changes apart
        sql<string>`s.updated_at::text`.as('updated_at'),
        eb.selectFrom('strategy_revisions as r').select((r) => r.fn.max('r.id').as('m')).whereRef('r.tenant_id', '=', 's.tenant_id').as('revision'),
      ])
      .where('s.tenant_id', '=', tenantId)
      .executeTakeFirst();
  }

  /**
   * What a presented project list is cached under, in one statement: the strategy's version (every staff
   * write bumps `updated_at`) and the city's project follows (count and newest), since a list shows follower
   * counts and a follow does not touch the strategy (follows are the notifications hub's table). Undefined when the
   * city has no strategy.
   */
  async projectListVersion(tenantId: number, q: Q = this.db): Promise<string | undefined> {
    const r = await sql<{ v: string }>`select s.updated_at::text
        || '|' || coalesce((select max(r.id) from strategy_revisions r where r.tenant_id = s.tenant_id), 0)
        || '|' || (select count(*) || '|' || coalesce(max(f.created_at)::text, '') from notifications_follows f where f.tenant_id = s.tenant_id and f.kind = 'strategy.project') as v
      from strategy_strategies s where s.tenant_id = ${tenantId}`.execute(q);
    return r.rows[0]?.v;
  }

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

  /** Every editorial note of a city's strategy, by what it is about (staff only; never in public responses). */
  async editorialNotes(tenantId: number): Promise<{ entity: 'strategy' | 'pillar' | 'objective' | 'project' | 'kpi' | 'fundingSource'; code: string; note: string }[]> {
    const r = await sql<{ entity: 'strategy'; code: string; note: string }>`
      select 'strategy' as entity, '' as code, note from strategy_strategies where tenant_id = ${tenantId} and note is not null
      union all select 'pillar', code, note from strategy_pillars where tenant_id = ${tenantId} and note is not null
      union all select 'objective', code, note from strategy_objectives where tenant_id = ${tenantId} and note is not null
      union all select 'project', code, note from strategy_projects where tenant_id = ${tenantId} and note is not null
      union all select 'kpi', code, note from strategy_kpis where tenant_id = ${tenantId} and note is not null
      union all select 'fundingSource', code, note from strategy_funding_sources where tenant_id = ${tenantId} and note is not null
    `.execute(this.db);
    return r.rows;
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

  /** KPIs wired to a platform metric, with their latest automatic measurement (for the KPI history). */
  automaticKpis(tenantId: number, q: Q = this.db) {
    return q
      .selectFrom('strategy_kpis as k')
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('strategy_kpi_measurements as m')
            .select(['m.date as last_date', 'm.value as last_value'])
            .whereRef('m.kpi_id', '=', 'k.id')
            .where('m.automatic', '=', true)
            .orderBy('m.date', 'desc')
            .orderBy('m.id', 'desc')
            .limit(1)
            .as('l'),
        (join) => join.onTrue(),
      )
      .select(['k.id', 'k.code', 'k.automatic_metric', 'l.last_date', 'l.last_value'])
      .where('k.tenant_id', '=', tenantId)
      .where('k.automatic_metric', 'is not', null)
      .orderBy('k.position')
      .execute();
  }

  kpiByCode(tenantId: number, code: string, q: Q = this.db): Promise<KpiRow | undefined> {
    return q.selectFrom('strategy_kpis').selectAll().where('tenant_id', '=', tenantId).where('code', '=', code).executeTakeFirst();
  }

  measurements(kpiId: number, q: Q = this.db): Promise<MeasurementRow[]> {
    return q.selectFrom('strategy_kpi_measurements').selectAll().where('kpi_id', '=', kpiId).orderBy('date').orderBy('id').execute();
  }

  private projectQuery(tenantId: number, q: Q) {
    return q.selectFrom('strategy_projects as pr').where('pr.tenant_id', '=', tenantId);
  }

  /**
   * The filtered project query, on the projects table alone (filters on the pillar or objective are
   * subqueries): PGlite plans a plain query several times faster than one with joins and grouped subqueries.
   */
  private filtered(tenantId: number, f: Partial<ProjectListFilters>, q: Q) {
    let query = this.projectQuery(tenantId, q);
    if (f.ambition) {
      const code = f.ambition;
      query = query.where('pr.pillar_id', 'in', (eb) => eb.selectFrom('strategy_pillars').select('id').where('tenant_id', '=', tenantId).where('code', '=', code));
    }
    if (f.dimension) {
      const dimension = f.dimension;
      query = query.where('pr.pillar_id', 'in', (eb) => eb.selectFrom('strategy_pillars').select('id').where('tenant_id', '=', tenantId).where('dimension', '=', dimension));
    }
    if (f.objective) {
      const code = f.objective;
      query = query.where('pr.objective_id', 'in', (eb) => eb.selectFrom('strategy_objectives').select('id').where('tenant_id', '=', tenantId).where('code', '=', code));
    }
    if (f.status) query = query.where('pr.status', '=', f.status);
    if (f.priority) query = query.where('pr.priority', '=', f.priority);
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

  /**
   * One page of projects with everything a list shows, in a fixed number of statements whatever the page
   * size: the count, the page, then (in parallel) pillars, objectives, the page's funding sources, KPI counts
   * and follower counts.
   */
  async listProjects(tenantId: number, f: Partial<ProjectListFilters> & { page: number; limit: number }, q: Q = this.db): Promise<{ rows: ProjectListRow[]; total: number }> {
    const [count, rows] = await Promise.all([
      this.filtered(tenantId, f, q).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      this.filtered(tenantId, f, q)
        .select(StrategyRepository.PROJECT_COLUMNS)
        .orderBy('pr.position')
        .orderBy('pr.id')
        .limit(f.limit)
        .offset((f.page - 1) * f.limit)
        .execute(),
    ]);
    return { rows: await this.enrich(tenantId, rows, q), total: Number(count.n) };
  }

  /** Every project matching the filters (for CSV), in the same fixed number of statements. */
  async allProjects(tenantId: number, f: Partial<ProjectListFilters>, q: Q = this.db): Promise<ProjectListRow[]> {
    const rows = await this.filtered(tenantId, f, q).select(StrategyRepository.PROJECT_COLUMNS).orderBy('pr.position').orderBy('pr.id').execute();
    return this.enrich(tenantId, rows, q);
  }

  async projectByCode(tenantId: number, code: string, q: Q = this.db): Promise<ProjectListRow | undefined> {
    const row = await this.projectQuery(tenantId, q).select(StrategyRepository.PROJECT_COLUMNS).where('pr.code', '=', code).executeTakeFirst();
    return row ? (await this.enrich(tenantId, [row], q))[0] : undefined;
  }

  /** Every column of a project but the search text (long, and only used in WHERE). */
  private static readonly PROJECT_COLUMNS = [
    'pr.id', 'pr.tenant_id', 'pr.code', 'pr.kind', 'pr.title', 'pr.description', 'pr.pillar_id', 'pr.objective_id', 'pr.status', 'pr.maturity', 'pr.priority', 'pr.priority_text',
    'pr.category', 'pr.budget_amount', 'pr.budget_basis', 'pr.budget_text', 'pr.horizon', 'pr.funding_text', 'pr.responsible', 'pr.partners', 'pr.digital_enablers',
    'pr.local_actor_types', 'pr.location', 'pr.lat', 'pr.lon', 'pr.progress', 'pr.remark', 'pr.note', 'pr.position', 'pr.created_at', 'pr.updated_at',
  ] as const;

  /** Adds pillar, objective, funding sources, KPI and follower counts to projects: five statements for any number of rows. */
  private async enrich(tenantId: number, rows: Omit<ProjectListRow, 'pillar_code' | 'pillar_kind' | 'pillar_title' | 'pillar_dimension' | 'objective_code' | 'objective_kind' | 'objective_title' | 'funding' | 'kpi_count' | 'followers'>[], q: Q): Promise<ProjectListRow[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const codes = rows.map((r) => r.code);
    const [pillars, objectives, links, kpis, follows] = await Promise.all([
      q.selectFrom('strategy_pillars').select(['id', 'code', 'kind', 'title', 'dimension']).where('tenant_id', '=', tenantId).execute(),
      q.selectFrom('strategy_objectives').select(['id', 'code', 'kind', 'title']).where('tenant_id', '=', tenantId).execute(),
      q
        .selectFrom('strategy_project_funding as pf')
        .innerJoin('strategy_funding_sources as fs', 'fs.id', 'pf.funding_source_id')
        .select(['pf.project_id', 'fs.code', 'fs.name'])
        .where('pf.project_id', 'in', ids)
        .orderBy('pf.project_id')
        .orderBy('pf.position')
        .execute(),
      q.selectFrom('strategy_kpis').select(['scope_code', (eb) => eb.fn.countAll<number>().as('n')]).where('tenant_id', '=', tenantId).where('scope_code', 'in', codes).groupBy('scope_code').execute(),
      this.followerCounts(tenantId, codes, q),
    ]);
    const pillarById = new Map(pillars.map((p) => [p.id, p]));
    const objectiveById = new Map(objectives.map((o) => [o.id, o]));
    const funding = new Map<number, { code: string; name: unknown }[]>();
    for (const l of links) funding.set(l.project_id, [...(funding.get(l.project_id) ?? []), { code: l.code, name: l.name }]);
    const kpiCount = new Map(kpis.map((k) => [k.scope_code, Number(k.n)]));
    const followers = follows;
    return rows.map((r) => {
      const p = pillarById.get(r.pillar_id)!;
      const o = r.objective_id !== null ? objectiveById.get(r.objective_id) : undefined;
      return {
        ...r,
        pillar_code: p.code,
        pillar_kind: p.kind,
        pillar_title: p.title,
        pillar_dimension: p.dimension,
        objective_code: o?.code ?? null,
        objective_kind: o?.kind ?? null,
        objective_title: o?.title ?? null,
        funding: funding.get(r.id) ?? [],
        kpi_count: kpiCount.get(r.code) ?? 0,
        followers: followers.get(r.code) ?? 0,
      };
    });
  }

  timeline(projectId: number, q: Q = this.db): Promise<TimelineRow[]> {
    return q.selectFrom('strategy_project_timeline').selectAll().where('project_id', '=', projectId).orderBy('date').orderBy('id').execute();
  }

  /** Timeline entries of every project of a city dated in [from, to] (inclusive), oldest first. */
  timelineBetween(tenantId: number, from: string, to: string, q: Q = this.db) {
    return q
      .selectFrom('strategy_project_timeline as t')
      .innerJoin('strategy_projects as p', 'p.id', 't.project_id')
      .select(['p.code', 'p.title', 't.date', 't.text', 't.status'])
      .where('t.tenant_id', '=', tenantId)
      .where('t.date', '>=', from)
      .where('t.date', '<=', to)
      .orderBy('t.date')
      .orderBy('t.id')
      .limit(2000)
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
