/**
 * Staff edits of KPIs and their measurements (one at a time, from a CSV file, or computed from a platform
 * metric), each audited with its event in the transaction that makes it. Returns rows; the strategy service
 * presents them.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import type { Database } from '../../../core/db.js';
import { AppError, type FieldError, notFound, validationFailed } from '../../../core/errors.js';
import { emit } from '../../../core/events.js';
import type { TenantRow } from '../../tenants/index.js';
import type * as S from '../strategy.schemas.js';
import { authorName, StrategyWriter } from '../strategy.writer.js';

type Q = Transaction<Database> | Kysely<Database>;

export class KpiEdits extends StrategyWriter {
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
    await this.edits.replaceAutomaticMeasurement(trx, { tenant_id: tenant.id, kpi_id: kpi.id, date: m.date, value: m.value, source: m.source, note: null, author: 'Urbia', author_user_id: null });
    await this.touch(trx, tenant.id);
    await emit(trx, 'strategy.measurement.recorded', { tenantId: tenant.id, code, date: m.date, value: m.value, automatic: true }, tenant.id);
  }

  private async assertScope(trx: Q, tenantId: number, scope: string) {
    if (!(await this.edits.nodeExists(trx, tenantId, scope))) throw validationFailed([{ field: 'scope', message: `unknown pillar, objective or project "${scope}"` }]);
  }

  async createKpi(actor: Actor, tenant: TenantRow, input: S.KpiCreateInput) {
    await this.write(actor, tenant, async (trx) => {
      if (await this.repo.kpiByCode(tenant.id, input.code, trx)) throw new AppError(409, 'code_taken', `The KPI code "${input.code}" is already used.`, [{ field: 'code', message: 'already used' }]);
      await this.assertScope(trx, tenant.id, input.scope);
      checkKpiShape(input);
      await this.edits.insertKpi(trx, {
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
          position: await this.edits.nextPosition(trx, 'strategy_kpis', tenant.id),
          updated_at: new Date(),
      });
      await this.record(trx, actor, tenant, 'strategy.kpi.created', { tenantId: tenant.id, code: input.code }, { type: 'strategy_kpi', id: input.code, after: input });
    });
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
      await this.edits.updateKpi(trx, before.id, set);
      await this.record(trx, actor, tenant, 'strategy.kpi.updated', { tenantId: tenant.id, code }, { type: 'strategy_kpi', id: code, before, after: input });
    });
  }

  async deleteKpi(actor: Actor, tenant: TenantRow, code: string) {
    await this.write(actor, tenant, async (trx) => {
      const before = await this.repo.kpiByCode(tenant.id, code, trx);
      if (!before) throw notFound('KPI');
      await this.edits.deleteKpi(trx, before.id);
      await this.deps.notifications.dropFollows(trx, { tenantId: tenant.id, kind: 'strategy.kpi', id: code });
      await this.record(trx, actor, tenant, 'strategy.kpi.deleted', { tenantId: tenant.id, code }, { type: 'strategy_kpi', id: code, before });
    });
  }

  /** Records a measurement; its followers hear of it. Returns the stored row. */
  async addMeasurement(actor: Actor, tenant: TenantRow, code: string, input: z.infer<typeof S.MeasurementCreateBody>) {
    return this.write(actor, tenant, async (trx) => {
      const kpi = await this.repo.kpiByCode(tenant.id, code, trx);
      if (!kpi) throw notFound('KPI');
      const row = await this.edits.insertMeasurement(trx, { tenant_id: tenant.id, kpi_id: kpi.id, date: input.date, value: input.value, source: input.source ?? null, note: input.note ?? null, author: authorName(actor), author_user_id: actor.kind === 'user' ? actor.user.id : null });
      // Its followers hear of the new value (strategy.notices.ts); a CSV import of many values notifies no one.
      await this.record(trx, actor, tenant, 'strategy.measurement.recorded', { tenantId: tenant.id, code, date: input.date, value: input.value, note: input.note ?? null }, { type: 'strategy_kpi', id: code, after: input });
      return row;
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
      const kpis = await this.edits.kpiIds(trx, tenant.id);
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
      await this.deps.io.insertMeasurements(trx, rows);
      const codes = [...new Set(records.map((r) => r.kpi!))];
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'strategy.measurements.imported', entityType: 'strategy_kpi', entityId: codes.join(',').slice(0, 200), after: { count: rows.length, kpis: codes } });
      await emit(trx, 'strategy.measurements.imported', { tenantId: tenant.id, count: rows.length, kpis: codes }, tenant.id);
      return { imported: rows.length, kpis: codes };
    });
  }
}

function checkKpiShape(k: { baseline: { available: boolean; value: number | null; text?: string | undefined } }) {
  if (k.baseline.available && k.baseline.value === null && k.baseline.text === undefined) throw validationFailed([{ field: 'baseline', message: 'an available baseline needs a value or the printed text' }]);
}

