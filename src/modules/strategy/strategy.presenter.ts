/** Rows → the API's wire format (the only place that knows it). */
import type { z } from 'zod';
import { isUnitCode, UNITS } from '../../shared/units.js';
import { ml, opt, pillarHead } from './strategy.io.js';
import type { Evaluation } from './strategy.kpi.js';
import type { KpiWithLatest, MeasurementRow, ObjectiveRow, PillarRow, ProjectListRow, TimelineRow } from './strategy.repository.js';
import type { KpiDetailResponse, KpiSummary, MeasurementResponse, NodeRef, ProjectDetailResponse, ProjectSummary, TimelineEntryResponse } from './strategy.schemas.js';
import type { KpiDetail, KpiPage } from './kpis/kpi-reads.service.js';
import type { PillarContents, ObjectiveContents } from './pillars/pillars.service.js';
import type { ProjectDetail, ProjectPage } from './projects/project-reads.service.js';
import { presentRevision } from './revisions/revisions.presenter.js';

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

/**
 * The strategy documents carry editorial notes (`note`, written in English while transcribing the printed
 * strategy: what was lost in extraction, which year a figure is from…). They are for staff only, so every
 * JSON value shown to the public goes through this, which drops `note` at any depth. Staff read the notes
 * through GET …/strategy/notes.
 */
export function withoutNotes<T>(v: T): T {
  if (Array.isArray(v)) return v.map(withoutNotes) as T;
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (k !== 'note' && k !== 'notes') out[k] = withoutNotes(x);
    return out as T;
  }
  return v;
}

export function presentProjectSummary(r: ProjectListRow): z.infer<typeof ProjectSummary> {
  const parent: z.infer<typeof NodeRef> = r.objective_code
    ? { code: r.objective_code, type: 'objective', kind: r.objective_kind!, title: ml(r.objective_title) }
    : { code: r.pillar_code, type: 'pillar', kind: r.pillar_kind, title: ml(r.pillar_title) };
  return {
    code: r.code,
    kind: r.kind as 'project',
    title: ml(r.title),
    ...opt('description', r.description && ml(r.description)),
    parent,
    pillar: { code: r.pillar_code, title: ml(r.pillar_title), dimension: r.pillar_dimension as 'governance' },
    status: r.status as 'idea',
    ...opt('maturity', r.maturity),
    priority: r.priority as 'priority' | null,
    ...opt('priorityText', r.priority_text),
    ...opt('category', r.category as 'research' | null),
    budget: { amount: r.budget_amount, currency: 'EUR', basis: r.budget_basis as 'unknown', ...opt('text', r.budget_text) },
    ...opt('horizon', r.horizon),
    fundingSources: (r.funding ?? []).map((f) => ({ code: f.code, name: ml(f.name) })),
    ...opt('responsible', r.responsible),
    ...opt('partners', r.partners),
    ...opt('location', r.location as never),
    progress: r.progress,
    kpiCount: Number(r.kpi_count),
    followers: Number(r.followers),
    updatedAt: iso(r.updated_at),
  };
}

export function presentProjectExtra(r: ProjectListRow) {
  return {
    ...opt('fundingText', r.funding_text),
    ...opt('digitalEnablers', r.digital_enablers as string[] | null),
    ...opt('localActorTypes', r.local_actor_types as string[] | null),
    ...opt('remark', r.remark && ml(r.remark)),
  };
}

export function presentTimeline(t: TimelineRow): z.infer<typeof TimelineEntryResponse> {
  return { id: t.id, date: t.date, text: ml(t.text), ...opt('status', t.status as 'idea' | null), ...opt('author', t.author) };
}

export function presentMeasurement(m: MeasurementRow): z.infer<typeof MeasurementResponse> {
  return { id: m.id, date: m.date, value: m.value, ...opt('source', m.source), ...opt('note', m.note), ...opt('author', m.author), automatic: m.automatic, createdAt: iso(m.created_at) };
}

export interface KpiContext {
  scope: z.infer<typeof NodeRef>;
  pillar: PillarRow;
  latest: { date: string; value: number; source?: string; automatic: boolean } | null;
  evaluation: Evaluation;
  automatic: { metric: string; registered: boolean; unit?: string; description?: string } | null;
}

export function presentKpi(k: KpiWithLatest, c: KpiContext): z.infer<typeof KpiSummary> {
  return {
    code: k.code,
    level: k.level as 'key',
    scope: c.scope,
    pillar: { code: c.pillar.code, title: ml(c.pillar.title), dimension: c.pillar.dimension as 'governance' },
    name: ml(k.name),
    ...opt('unit', k.unit),
    ...opt('unitLabel', k.unit && isUnitCode(k.unit) ? UNITS[k.unit] : null),
    direction: k.direction as 'increase',
    baseline: k.baseline as never,
    target: k.target as never,
    ...opt('reference', withoutNotes(k.reference) as never),
    ...opt('remark', k.remark && ml(k.remark)),
    targetValue: c.evaluation.targetValue,
    latest: c.latest,
    progress: c.evaluation.progress,
    status: c.evaluation.status,
    statusReason: c.evaluation.reason,
    automatic: c.automatic,
    measurementCount: Number(k.measurement_count),
  };
}

export function presentObjective(o: ObjectiveRow, counts: { projects: number; kpis: number }) {
  return { code: o.code, kind: o.kind as 'objective', title: ml(o.title), ...opt('description', o.description && ml(o.description)), counts };
}

export function presentPillarBase(p: PillarRow) {
  return {
    ...pillarHead(p),
    statusQuo: withoutNotes(p.status_quo) as never[],
    ...opt('openActionCounts', withoutNotes(p.open_action_counts) as never),
    ...opt('digitalEnablers', p.digital_enablers as string[] | null),
    ...opt('localActorTypes', p.local_actor_types as string[] | null),
  };
}

/** A pillar as a staff edit answers it: its counts, and a progress that the next read of the tree fills in. */
export function presentPillar({ pillar, objectives, projects, kpis }: PillarContents) {
  const projectStatus: Record<string, number> = { idea: 0, planned: 0, in_preparation: 0, funding_requested: 0, in_progress: 0, completed: 0, suspended: 0, cancelled: 0 };
  for (const pr of projects) projectStatus[pr.status]!++;
  return {
    ...presentPillarBase(pillar),
    counts: { objectives: objectives.length, projects: projects.filter((x) => x.kind === 'project').length, openActions: projects.filter((x) => x.kind === 'open_action').length, kpis: kpis.length },
    progress: { kpiProgress: null, kpisWithData: 0, kpiStatus: { on_track: 0, at_risk: 0, off_track: 0, no_data: 0 }, projectProgress: null, projectsCompleted: projectStatus.completed!, projectStatus: projectStatus as never },
    children: objectives.map((o) => presentObjective(o, { projects: projects.filter((x) => x.objective_id === o.id).length, kpis: kpis.filter((k) => k.scope_code === o.code).length })),
  };
}

export function presentObjectiveWithPillar({ objective, counts }: ObjectiveContents) {
  return { ...presentObjective(objective, { projects: counts.projects, kpis: counts.kpis }), pillar: counts.pillar };
}

/** A project's page but what depends on the caller (the same for everyone: what the service keeps as JSON text). */
export function presentProjectPage(d: ProjectPage): Omit<z.infer<typeof ProjectDetailResponse>, 'following' | 'abilities'> {
  return { ...presentProjectSummary(d.project), ...presentProjectExtra(d.project), timeline: d.timeline.map(presentTimeline), kpis: d.kpis };
}

export function presentProjectDetail(d: ProjectDetail): z.infer<typeof ProjectDetailResponse> {
  return { ...presentProjectPage(d), following: d.following, abilities: d.abilities };
}

/** A KPI's page but what depends on the caller (the same for everyone: what the service keeps as JSON text). */
export function presentKpiPage(d: KpiPage): Omit<z.infer<typeof KpiDetailResponse>, 'following' | 'abilities'> {
  return { ...presentKpi(d.kpi, d.ctx), measurements: d.measurements.map(presentMeasurement) };
}

export function presentKpiDetail(d: KpiDetail): z.infer<typeof KpiDetailResponse> {
  return { ...presentKpiPage(d), following: d.following, abilities: d.abilities };
}

/** The strategy document: staff get it whole (a full round trip), the public without the editorial notes. */
export function presentDocument<T>(d: { document: T; withNotes: boolean }): T {
  return d.withNotes ? d.document : withoutNotes(d.document);
}

/** What the service API answers other modules in, and its audit rows' snapshots (see StrategyServiceDeps.present). */
export const strategyPresenters = {
  projectSummary: presentProjectSummary,
  projectPage: presentProjectPage,
  kpi: presentKpi,
  kpiPage: presentKpiPage,
  timeline: presentTimeline,
  measurement: presentMeasurement,
  pillarBase: presentPillarBase,
  objective: presentObjective,
  revision: presentRevision,
  withoutNotes,
};
export type StrategyPresenters = typeof strategyPresenters;
