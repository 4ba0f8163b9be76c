/**
 * SQL of staff edits to the strategy (the only place that builds it): pillars, objectives, projects, their
 * funding and timeline, KPIs, measurements and revisions. Every write takes the caller's transaction; reads
 * used while editing take it too (on PGlite a read through the pool inside a transaction would deadlock).
 */
import { type Insertable, type Kysely, sql, type Transaction, type Updateable } from 'kysely';
import type { Database } from '../../core/db.js';
import './strategy.tables.js';

type Q = Transaction<Database> | Kysely<Database>;
type Trx = Transaction<Database>;
type New<T extends keyof Database> = Insertable<Database[T]>;
type Set<T extends keyof Database> = Updateable<Database[T]>;
type Ordered = 'strategy_pillars' | 'strategy_objectives' | 'strategy_projects' | 'strategy_kpis';

export class StrategyEditRepository {
  /**
   * Marks the strategy as changed: its `updated_at` is the version the presented tree is cached under.
   * clock_timestamp(), not the transaction's now(): two changes in one millisecond must still give two versions.
   */
  async touch(trx: Trx, tenantId: number): Promise<void> {
    await trx.updateTable('strategy_strategies').set({ updated_at: sql<Date>`clock_timestamp()` }).where('tenant_id', '=', tenantId).execute();
  }

  /** Whether a pillar, objective or project has this code (they share one namespace; KPIs are scoped to them). */
  async nodeExists(q: Q, tenantId: number, code: string): Promise<boolean> {
    const hit = await q
      .selectFrom('strategy_pillars')
      .select('code')
      .where('tenant_id', '=', tenantId)
      .where('code', '=', code)
      .union(q.selectFrom('strategy_objectives').select('code').where('tenant_id', '=', tenantId).where('code', '=', code))
      .union(q.selectFrom('strategy_projects').select('code').where('tenant_id', '=', tenantId).where('code', '=', code))
      .executeTakeFirst();
    return !!hit;
  }

  /** The position after the last one of a tenant's rows in this table (0 for the first). */
  async nextPosition(q: Q, table: Ordered, tenantId: number): Promise<number> {
    const r = await q.selectFrom(table).select((eb) => eb.fn.max<number>('position').as('m')).where('tenant_id', '=', tenantId).executeTakeFirst();
    return r?.m === null || r?.m === undefined ? 0 : Number(r.m) + 1;
  }

  // ---------------------------------------------------------------- pillars

  pillarByCode(q: Q, tenantId: number, code: string) {
    return q.selectFrom('strategy_pillars').selectAll().where('tenant_id', '=', tenantId).where('code', '=', code).executeTakeFirst();
  }

  insertPillar(trx: Trx, row: New<'strategy_pillars'>) {
    return trx.insertInto('strategy_pillars').values(row).returningAll().executeTakeFirstOrThrow();
  }

  async updatePillar(trx: Trx, id: number, set: Set<'strategy_pillars'>): Promise<void> {
    if (Object.keys(set).length) await trx.updateTable('strategy_pillars').set(set).where('id', '=', id).execute();
  }

  async deletePillar(trx: Trx, id: number): Promise<void> {
    await trx.deleteFrom('strategy_pillars').where('id', '=', id).execute();
  }

  /** A pillar's objectives (in order), its projects' status and progress, and the scopes of the KPIs on it or its objectives. */
  async pillarContents(q: Q, tenantId: number, pillar: { id: number; code: string }) {
    const objectives = await q.selectFrom('strategy_objectives').selectAll().where('pillar_id', '=', pillar.id).orderBy('position').orderBy('id').execute();
    const projects = await q.selectFrom('strategy_projects').select(['kind', 'objective_id', 'status', 'progress']).where('pillar_id', '=', pillar.id).execute();
    const scopeCodes = [pillar.code, ...objectives.map((o) => o.code)];
    const kpis = await q.selectFrom('strategy_kpis').select(['scope_code']).where('tenant_id', '=', tenantId).where('scope_code', 'in', scopeCodes).execute();
    return { objectives, projects, kpis };
  }

  /** Whether anything hangs on a pillar: an objective, a project or a KPI scoped to it. */
  async pillarInUse(trx: Trx, tenantId: number, pillar: { id: number; code: string }): Promise<boolean> {
    const used = await trx
      .selectFrom('strategy_objectives')
      .select('code')
      .where('pillar_id', '=', pillar.id)
      .union(trx.selectFrom('strategy_projects').select('code').where('pillar_id', '=', pillar.id))
      .union(trx.selectFrom('strategy_kpis').select('code').where('tenant_id', '=', tenantId).where('scope_code', '=', pillar.code))
      .limit(1)
      .execute();
    return used.length > 0;
  }

  // ---------------------------------------------------------------- objectives

  objectiveByCode(q: Q, tenantId: number, code: string) {
    return q.selectFrom('strategy_objectives').selectAll().where('tenant_id', '=', tenantId).where('code', '=', code).executeTakeFirst();
  }

  /** An objective's pillar code and how many projects and KPIs it has. */
  async objectiveCounts(q: Q, tenantId: number, o: { id: number; code: string; pillar_id: number }) {
    const pillar = await q.selectFrom('strategy_pillars').select('code').where('id', '=', o.pillar_id).executeTakeFirstOrThrow();
    const projects = await q.selectFrom('strategy_projects').select((eb) => eb.fn.countAll<number>().as('n')).where('objective_id', '=', o.id).executeTakeFirstOrThrow();
    const kpis = await q.selectFrom('strategy_kpis').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).where('scope_code', '=', o.code).executeTakeFirstOrThrow();
    return { pillar: pillar.code, projects: Number(projects.n), kpis: Number(kpis.n) };
  }

  async insertObjective(trx: Trx, row: New<'strategy_objectives'>): Promise<void> {
    await trx.insertInto('strategy_objectives').values(row).execute();
  }

  /** Moves an objective's projects to another pillar (when the objective moves there). */
  async moveObjectiveProjects(trx: Trx, objectiveId: number, pillarId: number): Promise<void> {
    await trx.updateTable('strategy_projects').set({ pillar_id: pillarId }).where('objective_id', '=', objectiveId).execute();
  }

  async updateObjective(trx: Trx, id: number, set: Set<'strategy_objectives'>): Promise<void> {
    if (Object.keys(set).length) await trx.updateTable('strategy_objectives').set(set).where('id', '=', id).execute();
  }

  /** Whether a project or a KPI hangs on an objective. */
  async objectiveInUse(trx: Trx, tenantId: number, o: { id: number; code: string }): Promise<boolean> {
    const used = await trx
      .selectFrom('strategy_projects')
      .select('code')
      .where('objective_id', '=', o.id)
      .union(trx.selectFrom('strategy_kpis').select('code').where('tenant_id', '=', tenantId).where('scope_code', '=', o.code))
      .limit(1)
      .execute();
    return used.length > 0;
  }

  async deleteObjective(trx: Trx, id: number): Promise<void> {
    await trx.deleteFrom('strategy_objectives').where('id', '=', id).execute();
  }

  // ---------------------------------------------------------------- projects

  /** A project's id and what a status change reports on. */
  projectState(q: Q, tenantId: number, code: string) {
    return q.selectFrom('strategy_projects').select(['id', 'status', 'title', 'progress']).where('tenant_id', '=', tenantId).where('code', '=', code).executeTakeFirst();
  }

  insertProject(trx: Trx, row: New<'strategy_projects'>) {
    return trx.insertInto('strategy_projects').values(row).returning(['id']).executeTakeFirstOrThrow();
  }

  async updateProject(trx: Trx, id: number, set: Set<'strategy_projects'>): Promise<void> {
    await trx.updateTable('strategy_projects').set(set).where('id', '=', id).execute();
  }

  async deleteProject(trx: Trx, id: number): Promise<void> {
    await trx.deleteFrom('strategy_projects').where('id', '=', id).execute();
  }

  /** Replaces a project's funding sources (ids, in order). */
  async setProjectFunding(trx: Trx, projectId: number, fundingSourceIds: number[]): Promise<void> {
    await trx.deleteFrom('strategy_project_funding').where('project_id', '=', projectId).execute();
    if (fundingSourceIds.length) await trx.insertInto('strategy_project_funding').values(fundingSourceIds.map((id, i) => ({ project_id: projectId, funding_source_id: id, position: i }))).execute();
  }

  insertTimelineEntry(trx: Trx, row: New<'strategy_project_timeline'>) {
    return trx.insertInto('strategy_project_timeline').values(row).returningAll().executeTakeFirstOrThrow();
  }

  // ---------------------------------------------------------------- KPIs and measurements

  /** The first KPI scoped to a pillar, objective or project (undefined: none). */
  firstKpiOfScope(q: Q, tenantId: number, scope: string) {
    return q.selectFrom('strategy_kpis').select('code').where('tenant_id', '=', tenantId).where('scope_code', '=', scope).executeTakeFirst();
  }

  kpiIds(q: Q, tenantId: number) {
    return q.selectFrom('strategy_kpis').select(['id', 'code']).where('tenant_id', '=', tenantId).execute();
  }

  async insertKpi(trx: Trx, row: New<'strategy_kpis'>): Promise<void> {
    await trx.insertInto('strategy_kpis').values(row).execute();
  }

  async updateKpi(trx: Trx, id: number, set: Set<'strategy_kpis'>): Promise<void> {
    await trx.updateTable('strategy_kpis').set(set).where('id', '=', id).execute();
  }

  async deleteKpi(trx: Trx, id: number): Promise<void> {
    await trx.deleteFrom('strategy_kpis').where('id', '=', id).execute();
  }

  insertMeasurement(trx: Trx, row: New<'strategy_kpi_measurements'>) {
    return trx.insertInto('strategy_kpi_measurements').values(row).returningAll().executeTakeFirstOrThrow();
  }

  /** An automatic measurement: one per KPI and day, a second the same day replaces the first. */
  /**
   * One automatic value per KPI and day. Several app nodes run the snapshot on their own timers: the transaction lock
   * makes a second writer wait for the first to commit, so its delete sees (and replaces) the first one's row.
   */
  async replaceAutomaticMeasurement(trx: Trx, row: New<'strategy_kpi_measurements'> & { date: string }): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext('strategy_kpi_measurements.automatic'), ${row.kpi_id})`.execute(trx);
    await trx.deleteFrom('strategy_kpi_measurements').where('kpi_id', '=', row.kpi_id).where('date', '=', row.date).where('automatic', '=', true).execute();
    await trx.insertInto('strategy_kpi_measurements').values({ ...row, automatic: true }).execute();
  }

  // ---------------------------------------------------------------- revisions

  insertRevision(trx: Trx, row: New<'strategy_revisions'>) {
    return trx.insertInto('strategy_revisions').values(row).returning(['id']).executeTakeFirstOrThrow();
  }
}
