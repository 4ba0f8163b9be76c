/** Rows → API shapes of evaluation rounds and recommendations (the only place that knows the wire format). */
import type { z } from 'zod';
import type { Multiloc } from '../../../core/i18n.js';
import { abilitiesOf, type EvaluationViewer, recommendationAbilities } from './evaluations.policy.js';
import type { EvaluationRow, FindingRow, RecommendationRow, ReportVersionRow } from './evaluations.repository.js';
import type { Evaluation, EvaluationListResponse, EvaluationSummary, Recommendation, RecommendationListResponse, ReportVersion } from './evaluations.schemas.js';

/** What the service hands the routes for one round (the routes present it). */
export interface EvaluationView {
  tenantSlug: string;
  row: EvaluationRow;
  titles: Map<string, Multiloc>;
  findings: FindingRow[];
  recommendationCount: number;
  versions: ReportVersionRow[];
  viewer: EvaluationViewer;
  drafts: boolean;
}

/** The rounds of a city as the service reads them. */
export interface EvaluationListView {
  tenantSlug: string;
  rows: EvaluationRow[];
  titles: Map<string, Multiloc>;
  counts: Map<number, number>;
  versions: Map<number, ReportVersionRow[]>;
  drafts: boolean;
  viewer: EvaluationViewer;
}

/** One recommendation, or a round's recommendations, with who is looking. */
export interface RecommendationView {
  row: RecommendationRow;
  viewer: EvaluationViewer;
}
export interface RecommendationListView {
  rows: RecommendationRow[];
  viewer: EvaluationViewer;
}

export const presentEvaluationView = (e: EvaluationView) => presentEvaluation(e.tenantSlug, e.row, e.titles, e.findings, e.recommendationCount, e.versions, e.viewer, e.drafts);
export const presentRecommendationView = (r: RecommendationView) => presentRecommendation(r.row, r.viewer);

export function presentEvaluationList(l: EvaluationListView): z.infer<typeof EvaluationListResponse> {
  return { items: l.rows.map((r) => presentSummary(l.tenantSlug, r, l.titles, l.counts.get(r.id) ?? 0, l.versions.get(r.id) ?? [], l.drafts)), abilities: { create: l.viewer.staff } };
}

export function presentRecommendationList(l: RecommendationListView): z.infer<typeof RecommendationListResponse> {
  return { items: l.rows.map((r) => presentRecommendation(r, l.viewer)), abilities: { create: l.viewer.staff || l.viewer.steering } };
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function presentVersion(tenantSlug: string, row: EvaluationRow, v: ReportVersionRow): z.infer<typeof ReportVersion> {
  const base = `/api/v1/tenants/${tenantSlug}/evaluations/${row.id}`;
  // The published version is the default; any other is named.
  const pinned = row.status === 'published' && row.published_version === v.version ? [] : [`version=${v.version}`];
  const url = (file: string, extra: string[] = []) => {
    const q = [...pinned, ...extra].join('&');
    return `${base}/${file}${q ? `?${q}` : ''}`;
  };
  return {
    version: v.version,
    generatedAt: iso(v.generated_at)!,
    published: row.published_version === v.version,
    links: { html: url('report.html'), pdf: url('report.pdf'), stateOfTheCityHtml: url('report.html', ['kind=state_of_the_city']), stateOfTheCityPdf: url('report.pdf', ['kind=state_of_the_city']) },
  };
}

function fields(row: EvaluationRow, titles: Map<string, Multiloc>, recommendationCount: number) {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    scope: row.scope.map((c) => ({ code: c, title: titles.get(c) ?? null })),
    status: row.status,
    publishedVersion: row.published_version,
    publishedAt: iso(row.published_at),
    demo: row.demo,
    recommendationCount,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at as Date)!,
  };
}

/** A round in a list: those who may not see drafts see only the published version's report. */
export function presentSummary(tenantSlug: string, row: EvaluationRow, titles: Map<string, Multiloc>, recommendationCount: number, versions: ReportVersionRow[], drafts: boolean): z.infer<typeof EvaluationSummary> {
  const visible = drafts ? versions : versions.filter((v) => v.version === row.published_version);
  return { ...fields(row, titles, recommendationCount), latestReport: visible[0] ? presentVersion(tenantSlug, row, visible[0]) : null };
}

export function presentEvaluation(
  tenantSlug: string,
  row: EvaluationRow,
  titles: Map<string, Multiloc>,
  findings: FindingRow[],
  recommendationCount: number,
  versions: ReportVersionRow[],
  viewer: EvaluationViewer,
  drafts: boolean,
): z.infer<typeof Evaluation> {
  const visible = drafts ? versions : versions.filter((v) => v.version === row.published_version);
  return {
    ...fields(row, titles, recommendationCount),
    findings: findings.map((f) => ({ scope: { code: f.scope_code, title: titles.get(f.scope_code) ?? null }, text: f.text, updatedAt: iso(f.updated_at as Date)! })),
    reports: visible.map((v) => presentVersion(tenantSlug, row, v)),
    abilities: abilitiesOf(viewer, row),
  };
}

export function presentRecommendation(row: RecommendationRow, viewer: EvaluationViewer): z.infer<typeof Recommendation> {
  return {
    id: row.id,
    number: row.number,
    text: row.text,
    addressedTo: row.addressed_to,
    status: row.status,
    reason: row.reason,
    answer: row.answer,
    answeredAt: iso(row.answered_at),
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at as Date)!,
    abilities: recommendationAbilities(viewer),
  };
}
