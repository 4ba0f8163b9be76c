/**
 * Reading KPIs: each evaluated (its latest value — stored, or computed now from a registered metric —, its
 * progress and status), filtered, one with its measurements, and the public KPI list kept as JSON text.
 */
import type { z } from 'zod';
import type { Actor } from '../../../core/actor.js';
import { TtlCache, VersionedCache } from '../../../core/cache.js';
import { notFound } from '../../../core/errors.js';
import type { TenantRow } from '../../tenants/index.js';
import { evaluateKpi, type StatusReason } from '../strategy.kpi.js';
import type { KpiContext } from '../strategy.presenter.js';
import type { KpiWithLatest, MeasurementRow } from '../strategy.repository.js';
import type * as S from '../strategy.schemas.js';
import { KpiDetailResponse, KpiListResponse } from '../strategy.schemas.js';
import { normalizeSearch } from '../strategy.search.js';
import { LISTS_KEPT, listKey, METRIC_TTL_MS, PAGES_KEPT, StrategyWriter, today, withAbilities, withFields } from '../strategy.writer.js';
import { loadStructure, type Structure } from '../tree/tree.structure.js';

const KpiListSchema = KpiListResponse.omit({ abilities: true });
const KpiPageSchema = KpiDetailResponse.omit({ following: true, abilities: true });

/** A KPI with what it is evaluated against and its measurements: its page as everyone sees it. */
export interface KpiPage {
  kpi: KpiWithLatest;
  ctx: KpiContext;
  measurements: MeasurementRow[];
}

/** A KPI's page with what depends on the caller: whether they follow it and what they may do. */
export interface KpiDetail extends KpiPage {
  following: boolean;
  abilities: { edit: boolean; follow: boolean };
}

export class KpiReads extends StrategyWriter {
  /** Evaluates KPIs: latest value (stored, or computed now from a registered metric), progress and status. */
  async evaluate(tenantId: number, st: Structure, kpis: KpiWithLatest[]): Promise<{ kpi: KpiWithLatest; ctx: KpiContext }[]> {
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

  /** KPIs with progress and status, filtered. Service API for other modules. */
  async kpis(tenantId: number, filters: Partial<S.KpiListFilters> = {}): Promise<z.infer<typeof S.KpiSummary>[]> {
    const st = await loadStructure(this.repo, tenantId);
    let scopes: string[] | undefined;
    if (filters.scope) scopes = [filters.scope];
    const rows = await this.repo.kpisWithLatest(tenantId, scopes ? { scopes } : {});
    let evaluated = await this.evaluate(tenantId, st, rows);
    if (filters.ambition) evaluated = evaluated.filter((e) => e.ctx.pillar.code === filters.ambition);
    if (filters.level) evaluated = evaluated.filter((e) => e.kpi.level === filters.level);
    if (filters.status) evaluated = evaluated.filter((e) => e.ctx.evaluation.status === filters.status);
    let items = evaluated.map((e) => this.present.kpi(e.kpi, e.ctx));
    if (filters.q) {
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
    const version = await this.kpiVersion(tenant.id);
    const body = await this.kpiLists.get(listKey(tenant.id, filters), version, async () => JSON.stringify(KpiListSchema.parse(await this.kpiList(tenant.id, filters))));
    return withAbilities(body, { edit: this.canEdit(actor, tenant.id) });
  }

  /** What KPI lists and pages are cached under: the strategy's last change and latest revision, in one statement. */
  private async kpiVersion(tenantId: number): Promise<string> {
    const v = await this.repo.version(tenantId);
    return v ? `${v.updated_at}|${v.revision ?? 0}` : 'no strategy';
  }

  /** A KPI's page as everyone sees it: the KPI evaluated and its measurements (404 when there is none). */
  private async kpiPage(tenantId: number, code: string): Promise<KpiPage> {
    const st = await loadStructure(this.repo, tenantId);
    const [row] = await this.repo.kpisWithLatest(tenantId, { code });
    if (!row) throw notFound('KPI');
    const [[e], measurements] = await Promise.all([this.evaluate(tenantId, st, [row]), this.repo.measurements(row.id)]);
    return { kpi: e!.kpi, ctx: e!.ctx, measurements };
  }

  async kpiDetail(tenant: TenantRow, code: string, actor: Actor): Promise<KpiDetail> {
    const page = await this.kpiPage(tenant.id, code);
    return { ...page, following: await this.following('strategy.kpi', tenant.id, code, actor), abilities: this.pageAbilities(actor, tenant.id) };
  }

  /**
   * Presented KPI pages as JSON text, per city and code, kept like the KPI list: under the strategy's version
   * (every staff write and every recorded measurement, manual or automatic, bumps it) and for at most
   * METRIC_TTL_MS (automatic values, the elapsed share of the period). Nothing in it is staff-only (editorial
   * notes are dropped) or from another module but metric values, which only the time bound covers, as on the
   * list. Whether the caller follows the KPI and their abilities are added per request.
   */
  private readonly kpiPages = new VersionedCache<string, string>(PAGES_KEPT, METRIC_TTL_MS);

  async kpiDetailJson(tenant: TenantRow, code: string, actor: Actor): Promise<string> {
    const [version, following] = await Promise.all([this.kpiVersion(tenant.id), this.following('strategy.kpi', tenant.id, code, actor)]);
    const body = await this.kpiPages.get(`${tenant.id}|${code}`, version, async () => JSON.stringify(KpiPageSchema.parse(this.present.kpiPage(await this.kpiPage(tenant.id, code)))));
    return withFields(body, { following, abilities: this.pageAbilities(actor, tenant.id) });
  }

  /** A KPI's measurements, oldest first. Service API for other modules. */
  async measurements(tenantId: number, code: string) {
    const kpi = await this.repo.kpiByCode(tenantId, code);
    if (!kpi) throw notFound('KPI');
    return { kpi: kpi.code, ...(kpi.unit ? { unit: kpi.unit } : {}), items: (await this.repo.measurements(kpi.id)).map(this.present.measurement) };
  }
}
