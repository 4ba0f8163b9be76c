/**
 * What an evaluation report is made of: a snapshot of the period's data, gathered when staff press
 * "Generate" and stored as one version of the round (`monitoring_evaluation_reports.data`). The HTML and
 * PDF are rendered from the snapshot, so a version never changes once stored, whatever happens to the data
 * later. Other modules are read only through their service APIs and the platform metrics.
 */
import { SYSTEM } from '../../../core/actor.js';
import type { Multiloc } from '../../../core/i18n.js';
import type { MetricPeriod, MetricsRegistry } from '../../../core/metrics.js';
import type { ParticipationService } from '../../participation/index.js';
import { evaluateKpi, type KpiSummaryT, type StrategyService } from '../../strategy/index.js';
import type { TenantRow } from '../../tenants/index.js';
import { addDays } from '../calendar/calendar.periods.js';
import type { MaturityService } from '../maturity/maturity.service.js';
import type { ProgressReportsService } from '../progress-reports/progress-reports.service.js';
import type { EvaluationRow, FindingRow, RecommendationRow } from './evaluations.repository.js';
import type { EvaluationType, RecommendationStatus } from './evaluations.tables.js';

export interface KpiLine {
  code: string;
  name: Multiloc;
  level: string;
  pillar: string;
  unit: string | null;
  baseline: number | null;
  baselineText: string | null;
  target: number | null;
  targetText: string | null;
  /** the latest measurement on or before the period's last day */
  value: number | null;
  valueDate: string | null;
  progress: number | null;
  status: 'on_track' | 'at_risk' | 'off_track' | 'no_data';
}

export interface ChartData {
  kpi: string;
  name: Multiloc;
  unit: string | null;
  baseline: number | null;
  target: number | null;
  points: { date: string; value: number }[];
}

export interface Figure {
  value: number | null;
  /** what the value is compared with (a KPI's target or a legal limit) */
  target?: number | null;
  targetSource?: string;
}

export interface ReportSnapshot {
  format: 'urbia.evaluation-report/1';
  tenant: string;
  city: Multiloc;
  locale: 'ro' | 'en' | 'hu';
  strategy: { title: Multiloc; periodStart: number; periodEnd: number };
  evaluation: { id: number; type: EvaluationType; title: Multiloc; periodStart: string; periodEnd: string; scope: { code: string; title: Multiloc | null }[]; demo: boolean };
  version: number;
  generatedAt: string;
  kpis: KpiLine[];
  charts: ChartData[];
  /** statusCounts: each project's status at the end of the period (from its timeline), not today's */
  projects: { total: number; statusCounts: Record<string, number>; changes: { date: string; project: string; title: Multiloc; status: string | null; text: Multiloc }[] };
  progressReports: { number: number; project: string; title: Multiloc | null; periodStart: string; periodEnd: string; projectStatus: string; progress: number | null; narrative: Multiloc }[];
  maturity: {
    /**
     * "self_assessment": the latest maturity round published by the period's end (MonitoringService.maturity.levelsSummary),
     * with the previous round's levels; "strategy_document": no round published yet, the levels the strategy states.
     */
    source: 'strategy_document' | 'self_assessment';
    round?: { name: Multiloc; publishedAt: string; reconstructed: boolean; previous: { name: Multiloc; publishedAt: string } | null };
    levels: { level: number; name: Multiloc }[];
    pillars: { code: string; title: Multiloc; level: number | null; criteria: number; previous?: number | null }[];
  } | null;
  participation: { consultations: number | null; participants: number | null; largestConsultation: number | null; budgets: number | null; budgetVoters: number | null; winners: number | null };
  problemReports: { submitted: number | null; medianDaysToFix: number | null; shareFixedWithinTarget: number | null };
  air: { pm25: Figure; pm10: Figure; daysOverLimit: Figure };
  openData: { atStart: number | null; atEnd: number | null };
  findings: { scope: string; title: Multiloc | null; text: Multiloc }[];
  recommendations: { number: number; text: Multiloc; addressedTo: string; status: RecommendationStatus; reason: string | null; answer: Multiloc | null }[];
}

export interface ReportSources {
  strategy: StrategyService;
  participation?: ParticipationService | undefined;
  metrics: MetricsRegistry;
  progressReports: ProgressReportsService;
  /** the maturity resource: its published rounds' levels (`levelsSummary`) */
  maturity: Pick<MaturityService, 'levelsSummary'>;
}

/** EU annual limit values (Directive 2008/50/EC), used when no KPI of the strategy sets a target for the metric. */
const EU_ANNUAL_LIMIT: Record<string, number> = { 'air.pm25_annual_mean': 25, 'air.pm10_annual_mean': 40, 'air.days_over_eu_daily_limit': 35 };
/** at most this many KPI charts in one report */
const MAX_CHARTS = 16;

const inScope = (scope: string[], k: KpiSummaryT) => !scope.length || scope.includes(k.pillar.code) || scope.includes(k.scope.code);

type Tree = Awaited<ReturnType<StrategyService['tree']>>;

/** Titles of the pillars and objectives, by code. */
export function titlesOf(tree: Tree): Map<string, Multiloc> {
  const out = new Map<string, Multiloc>();
  for (const p of tree.pillars) {
    out.set(p.code, p.title);
    for (const o of p.children) out.set(o.code, o.title);
  }
  return out;
}

/** Gathers the snapshot for a round (reads through the pool: call it outside any transaction). */
export async function gatherReport(src: ReportSources, tenant: TenantRow, round: EvaluationRow, findings: FindingRow[], recommendations: RecommendationRow[]): Promise<ReportSnapshot> {
  const tree = await src.strategy.tree(tenant, SYSTEM);
  const titles = titlesOf(tree);
  const from = round.period_start;
  const to = round.period_end;
  const period: MetricPeriod = { from, to: addDays(to, 1) };
  const strategyPeriod = { start: tree.strategy.periodStart, end: tree.strategy.periodEnd };
  const metric = async (name: string, p: MetricPeriod = period) => (src.metrics.get(name) ? src.metrics.compute(name, tenant.id, p).catch(() => null) : null);

  // KPIs: the value each had at the end of the period, and its progress and status then.
  const kpis = (await src.strategy.kpis(tenant.id)).filter((k) => inScope(round.scope, k));
  const lines: KpiLine[] = [];
  const charted: { level: string; chart: ChartData }[] = [];
  for (const k of kpis) {
    const ms = k.measurementCount ? (await src.strategy.measurements(tenant.id, k.code)).items.filter((m) => m.date <= to) : [];
    const last = ms[ms.length - 1] ?? null;
    const e = evaluateKpi(k, last ? { value: last.value, date: last.date } : null, strategyPeriod);
    lines.push({
      code: k.code,
      name: k.name,
      level: k.level,
      pillar: k.pillar.code,
      unit: k.unit ?? null,
      baseline: k.baseline.available ? k.baseline.value : null,
      baselineText: k.baseline.text ?? null,
      target: k.targetValue,
      targetText: k.target.text ?? null,
      value: last?.value ?? null,
      valueDate: last?.date ?? null,
      progress: e.progress,
      status: e.status,
    });
    if (ms.length) charted.push({ level: k.level, chart: { kpi: k.code, name: k.name, unit: k.unit ?? null, baseline: k.baseline.available ? k.baseline.value : null, target: k.targetValue, points: ms.slice(-24).map((m) => ({ date: m.date, value: m.value })) } });
  }
  // A chart per key KPI with data; a strategy without key KPIs (Baia Mare's) gets its measured KPIs charted.
  const keyCharts = charted.filter((c) => c.level === 'key');
  const charts = (keyCharts.length ? keyCharts : charted).slice(0, MAX_CHARTS).map((c) => c.chart);

  // Projects: each one's status at the end of the period (from its timeline) and the changes dated in the period.
  const projects = (await src.strategy.allProjects(tenant.id, {})).filter((p) => !round.scope.length || round.scope.includes(p.pillar.code) || round.scope.includes(p.parent.code));
  const codes = new Set(projects.map((p) => p.code));
  const statusCounts = statusAtEnd(projects, await src.strategy.timelineBetween(tenant.id, '0001-01-01', to), await src.strategy.timelineBetween(tenant.id, addDays(to, 1), '9999-12-31'));
  const changes = (await src.strategy.timelineBetween(tenant.id, from, to)).filter((c) => codes.has(c.project)).slice(-200);
  const projectTitles = new Map(projects.map((p) => [p.code, p.title]));
  const progressReports = (await src.progressReports.approvedBetween(tenant.id, from, to)).filter((r) => codes.has(r.project)).map((r) => ({ ...r, title: projectTitles.get(r.project) ?? null }));

  // Air quality against the strategy's own target when a KPI is wired to the metric, else the EU limit.
  const airFigure = async (name: string): Promise<Figure> => {
    const kpi = kpis.find((k) => k.automatic?.metric === name && k.targetValue !== null);
    return { value: await metric(name), target: kpi ? kpi.targetValue : EU_ANNUAL_LIMIT[name]!, targetSource: kpi ? `kpi:${kpi.code}` : 'eu_limit' };
  };

  const mm = tree.maturityMatrix;
  const levels = await src.maturity.levelsSummary(tenant.id, new Date(`${addDays(to, 1)}T00:00:00Z`));
  return {
    format: 'urbia.evaluation-report/1',
    tenant: tenant.slug,
    city: tenant.name as Multiloc,
    locale: tenant.default_locale,
    strategy: { title: tree.strategy.title, periodStart: tree.strategy.periodStart, periodEnd: tree.strategy.periodEnd },
    evaluation: { id: round.id, type: round.type, title: round.title, periodStart: from, periodEnd: to, scope: round.scope.map((c) => ({ code: c, title: titles.get(c) ?? null })), demo: round.demo },
    version: 0,
    generatedAt: new Date().toISOString(),
    kpis: lines,
    charts,
    projects: { total: projects.length, statusCounts, changes: changes.map((c) => ({ date: c.date, project: c.project, title: c.title, status: c.status, text: c.text })) },
    progressReports,
    maturity: maturitySection(mm, levels),
    participation: await participationFigures(src, tenant, period, metric),
    problemReports: { submitted: await metric('reports.submitted'), medianDaysToFix: await metric('reports.median_days_to_fix'), shareFixedWithinTarget: await metric('reports.share_fixed_within_target') },
    air: { pm25: await airFigure('air.pm25_annual_mean'), pm10: await airFigure('air.pm10_annual_mean'), daysOverLimit: await airFigure('air.days_over_eu_daily_limit') },
    openData: { atStart: await metric('opendata.datasets_published', { from, to: from }), atEnd: await metric('opendata.datasets_published') },
    findings: findings.map((f) => ({ scope: f.scope_code, title: titles.get(f.scope_code) ?? null, text: f.text })),
    recommendations: recommendations.map((r) => ({ number: r.number, text: r.text, addressedTo: r.addressed_to, status: r.status, reason: r.reason, answer: r.answer })),
  };
}

/**
 * Each project's status at the end of the period: the status of its last timeline entry dated on or before
 * the end; a project with none keeps today's status unless a later entry changed it (then its first status
 * is unknown and counted as `planned`, the strategy's first status).
 */
export function statusAtEnd(projects: { code: string; status: string }[], upToEnd: { project: string; status: string | null }[], afterEnd: { project: string; status: string | null }[]): Record<string, number> {
  const atEnd = new Map<string, string>();
  for (const t of upToEnd) if (t.status) atEnd.set(t.project, t.status);
  const changedLater = new Set(afterEnd.filter((t) => t.status).map((t) => t.project));
  const counts: Record<string, number> = {};
  for (const p of projects) {
    const status = atEnd.get(p.code) ?? (changedLater.has(p.code) ? 'planned' : p.status);
    counts[status] = (counts[status] ?? 0) + 1;
  }
  return counts;
}

type LevelsSummary = Awaited<ReturnType<MaturityService['levelsSummary']>>;

/** The maturity section: the published self-assessment when there is one, else the levels the strategy states. */
function maturitySection(mm: Tree['maturityMatrix'], s: LevelsSummary): ReportSnapshot['maturity'] {
  const levels = mm ? mm.levels.map((l) => ({ level: l.level, name: l.name })) : [];
  if (s.latest) {
    const prev = new Map((s.previous?.pillars ?? []).map((p) => [p.code, p.level]));
    const criteria = new Map((mm?.pillars ?? []).map((p) => [p.code, p.criteria.length]));
    return {
      source: 'self_assessment',
      round: { name: s.latest.name, publishedAt: s.latest.publishedAt, reconstructed: s.latest.reconstructed, previous: s.previous ? { name: s.previous.name, publishedAt: s.previous.publishedAt } : null },
      levels,
      pillars: s.latest.pillars.map((p) => ({ code: p.code, title: p.title, level: p.level, criteria: criteria.get(p.code) ?? 0, previous: s.previous ? (prev.get(p.code) ?? null) : null })),
    };
  }
  return mm ? { source: 'strategy_document', levels, pillars: mm.pillars.map((p) => ({ code: p.code, title: p.title, level: p.currentLevel, criteria: p.criteria.length })) } : null;
}

/** Consultations and budgets known by the end of the period, their participants and the winning projects. */
async function participationFigures(src: ReportSources, tenant: TenantRow, period: MetricPeriod, metric: (name: string) => Promise<number | null>): Promise<ReportSnapshot['participation']> {
  const end = new Date(`${period.to}T00:00:00Z`);
  let consultations: number | null = null;
  let budgets: number | null = null;
  let winners: number | null = null;
  if (src.participation) {
    const surveys = await src.participation.listSurveys(tenant);
    consultations = surveys.filter((s) => s.status !== 'draft' && new Date(s.created_at) < end).length;
    const bs = (await src.participation.listBudgets(tenant)).filter((b) => b.status !== 'draft' && new Date(b.created_at) < end);
    budgets = bs.length;
    winners = 0;
    for (const b of bs.filter((x) => x.status === 'closed')) winners += (await src.participation.results(tenant, b.slug, 'greedy')).projects.filter((p) => p.selected).length;
  }
  return {
    consultations,
    participants: await metric('participation.participants_total'),
    largestConsultation: await metric('participation.consultation_participants_max'),
    budgets,
    budgetVoters: await metric('participation.budget_voters'),
    winners,
  };
}
