/**
 * SQL of the strategy document's import and export (the only place that builds it): a tenant's whole strategy
 * deleted and written back with a handful of multi-row inserts, and every table read back in one round.
 * Writes take the transaction.
 */
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database } from '../../core/db.js';
import './strategy.tables.js';

type Q = Transaction<Database> | Kysely<Database>;
type Trx = Transaction<Database>;
type New<T extends keyof Database> = Insertable<Database[T]>;

export class StrategyIoRepository {
  /** Deletes a tenant's strategy (follows and revisions stay: they refer to codes and snapshots). */
  async deleteStrategy(trx: Trx, tenantId: number): Promise<void> {
    await trx.deleteFrom('strategy_kpis').where('tenant_id', '=', tenantId).execute();
    await trx.deleteFrom('strategy_projects').where('tenant_id', '=', tenantId).execute();
    await trx.deleteFrom('strategy_objectives').where('tenant_id', '=', tenantId).execute();
    await trx.deleteFrom('strategy_pillars').where('tenant_id', '=', tenantId).execute();
    await trx.deleteFrom('strategy_funding_sources').where('tenant_id', '=', tenantId).execute();
    await trx.deleteFrom('strategy_strategies').where('tenant_id', '=', tenantId).execute();
  }

  async insertStrategy(trx: Trx, row: New<'strategy_strategies'>): Promise<void> {
    await trx.insertInto('strategy_strategies').values(row).execute();
  }

  insertFundingSources(trx: Trx, rows: New<'strategy_funding_sources'>[]) {
    return trx.insertInto('strategy_funding_sources').values(rows).returning(['id', 'code']).execute();
  }

  insertPillars(trx: Trx, rows: New<'strategy_pillars'>[]) {
    return trx.insertInto('strategy_pillars').values(rows).returning(['id', 'code']).execute();
  }

  insertObjectives(trx: Trx, rows: New<'strategy_objectives'>[]) {
    return trx.insertInto('strategy_objectives').values(rows).returning(['id', 'code', 'pillar_id']).execute();
  }

  insertProjects(trx: Trx, rows: New<'strategy_projects'>[]) {
    return trx.insertInto('strategy_projects').values(rows).returning(['id', 'code']).execute();
  }

  /** Links of projects to funding sources (none: no statement). */
  async insertProjectFunding(trx: Trx, rows: New<'strategy_project_funding'>[]): Promise<void> {
    if (rows.length) await trx.insertInto('strategy_project_funding').values(rows).execute();
  }

  async insertTimeline(trx: Trx, rows: New<'strategy_project_timeline'>[]): Promise<void> {
    if (rows.length) await trx.insertInto('strategy_project_timeline').values(rows).execute();
  }

  insertKpis(trx: Trx, rows: New<'strategy_kpis'>[]) {
    return trx.insertInto('strategy_kpis').values(rows).returning(['id', 'code']).execute();
  }

  /** Measurements, 1,000 rows per statement (none: no statement). */
  async insertMeasurements(trx: Trx, rows: New<'strategy_kpi_measurements'>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 1000) await trx.insertInto('strategy_kpi_measurements').values(rows.slice(i, i + 1000)).execute();
  }

  /** Every table of a tenant's strategy in document order (manual measurements only); undefined without a strategy. */
  async tables(tenantId: number, q: Q) {
    const strategy = await q.selectFrom('strategy_strategies').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
    if (!strategy) return undefined;
    const [funding, pillars, objectives, projects, links, timeline, kpis, measurements] = await Promise.all([
      q.selectFrom('strategy_funding_sources').selectAll().where('tenant_id', '=', tenantId).orderBy('position').orderBy('id').execute(),
      q.selectFrom('strategy_pillars').selectAll().where('tenant_id', '=', tenantId).orderBy('position').orderBy('id').execute(),
      q.selectFrom('strategy_objectives').selectAll().where('tenant_id', '=', tenantId).orderBy('position').orderBy('id').execute(),
      q.selectFrom('strategy_projects').selectAll().where('tenant_id', '=', tenantId).orderBy('position').orderBy('id').execute(),
      q
        .selectFrom('strategy_project_funding as pf')
        .innerJoin('strategy_funding_sources as f', 'f.id', 'pf.funding_source_id')
        .select(['pf.project_id', 'f.code'])
        .where('f.tenant_id', '=', tenantId)
        .orderBy('pf.project_id')
        .orderBy('pf.position')
        .execute(),
      q.selectFrom('strategy_project_timeline').selectAll().where('tenant_id', '=', tenantId).orderBy('project_id').orderBy('id').execute(),
      q.selectFrom('strategy_kpis').selectAll().where('tenant_id', '=', tenantId).orderBy('position').orderBy('id').execute(),
      q.selectFrom('strategy_kpi_measurements').selectAll().where('tenant_id', '=', tenantId).where('automatic', '=', false).orderBy('kpi_id').orderBy('id').execute(),
    ]);
    return { strategy, funding, pillars, objectives, projects, links, timeline, kpis, measurements };
  }
}
