/**
 * The strategy API's wire shapes, mirrored by hand from src/modules/strategy/strategy.schemas.ts
 * (the web app does not import server code).
 */
export interface Multiloc {
  ro: string;
  en?: string | undefined;
  hu?: string | undefined;
}

export const DIMENSIONS = ['governance', 'people', 'economy', 'mobility', 'environment', 'living'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const PROJECT_STATUSES = ['idea', 'planned', 'in_preparation', 'funding_requested', 'in_progress', 'completed', 'suspended', 'cancelled'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const PRIORITIES = ['priority_project', 'priority', 'long_list'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const KPI_LEVELS = ['key', 'outcome', 'output'] as const;
export type KpiLevel = (typeof KPI_LEVELS)[number];
export const KPI_STATUSES = ['on_track', 'at_risk', 'off_track', 'no_data'] as const;
export type KpiStatus = (typeof KPI_STATUSES)[number];
export const KPI_DIRECTIONS = ['increase', 'decrease', 'reach'] as const;
export type KpiDirection = (typeof KPI_DIRECTIONS)[number];
export const TARGET_KINDS = ['absolute', 'multiplier', 'delta', 'boolean', 'none'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];
export const BUDGET_BASES = ['one_off', 'per_year', 'per_unit', 'unknown'] as const;
export type BudgetBasis = (typeof BUDGET_BASES)[number];

export type Geometry =
  | { type: 'Point'; coordinates: [number, number] }
  | { type: 'Polygon'; coordinates: [number, number][][] }
  | { type: 'MultiPolygon'; coordinates: [number, number][][][] }
  | { type: 'LineString'; coordinates: [number, number][] };

export const OPEN_ACTION_CATEGORIES = ['infrastructure', 'platform', 'capacity_building', 'incentives_events', 'research'] as const;
export type OpenActionCategory = (typeof OPEN_ACTION_CATEGORIES)[number];
export const KPI_STATUS_REASONS = ['computed', 'no_measurement', 'no_baseline', 'no_target', 'metric_not_registered', 'metric_no_data', 'target_reached'] as const;
export type KpiStatusReason = (typeof KPI_STATUS_REASONS)[number];

export interface Abilities {
  edit: boolean;
}

export interface Budget {
  amount: number | null;
  currency: 'EUR';
  basis: BudgetBasis;
  text?: string;
}

export interface NodeRef {
  code: string;
  type: 'pillar' | 'objective' | 'project';
  kind: string;
  title: Multiloc;
}

export interface PillarRef {
  code: string;
  title: Multiloc;
  dimension: Dimension;
}

export interface StatusQuoFigure {
  label: Multiloc;
  value: number | null;
  valueText?: string;
  unit?: string;
  year?: number;
  source?: string;
}

export interface StrategyInfo {
  title: Multiloc;
  periodStart: number;
  periodEnd: number;
  vision: Multiloc;
  mission?: Multiloc;
  motto?: Multiloc;
  status: 'draft' | 'adopted';
  adoptedOn?: string;
  source: { title: string; file?: string; url?: string };
  elapsedPercent: number;
  updatedAt: string;
}

export type KpiStatusCounts = Record<KpiStatus, number>;
export type ProjectStatusCounts = Partial<Record<ProjectStatus, number>>;

export interface PillarProgress {
  kpiProgress: number | null;
  kpisWithData: number;
  kpiStatus: KpiStatusCounts;
  projectProgress: number | null;
  projectsCompleted: number;
  projectStatus: ProjectStatusCounts;
}

export interface TreeObjective {
  code: string;
  kind: 'objective' | 'action_direction';
  title: Multiloc;
  description?: Multiloc;
  counts: { projects: number; kpis: number };
}

export interface TreePillar {
  code: string;
  kind: 'ambition' | 'strategic_objective';
  title: Multiloc;
  dimension: Dimension;
  sdgs: number[];
  diagnosis?: Multiloc;
  statusQuo: StatusQuoFigure[];
  counts: { objectives: number; projects: number; openActions: number; kpis: number };
  progress: PillarProgress;
  children: TreeObjective[];
}

export interface RevisionSummary {
  id: number;
  name: string;
  note: string | null;
  createdAt: string;
  author: string | null;
  counts: { pillars: number; objectives: number; projects: number; kpis: number };
}

export interface StrategyTree {
  tenant: string;
  strategy: StrategyInfo;
  counts: {
    pillars: number;
    objectives: number;
    projects: number;
    openActions: number;
    kpis: number;
    kpiStatus: KpiStatusCounts;
    projectStatus: ProjectStatusCounts;
  };
  pillars: TreePillar[];
  fundingSources: { code: string; name: Multiloc; projects: number }[];
  latestRevision: RevisionSummary | null;
  abilities: Abilities;
}

export interface ProjectSummary {
  code: string;
  kind: 'project' | 'open_action';
  title: Multiloc;
  description?: Multiloc;
  parent: NodeRef;
  pillar: PillarRef;
  status: ProjectStatus;
  maturity?: string;
  priority: Priority | null;
  priorityText?: string;
  category?: OpenActionCategory;
  budget: Budget;
  horizon?: string;
  fundingSources: { code: string; name: Multiloc }[];
  responsible?: string;
  partners?: string;
  location?: Geometry;
  progress: number | null;
  kpiCount: number;
  followers: number;
  updatedAt: string;
}

export interface ProjectList {
  items: ProjectSummary[];
  total: number;
  page: number;
  limit: number;
  abilities: Abilities;
}

export interface TimelineEntry {
  id: number;
  date: string;
  text: Multiloc;
  status?: ProjectStatus;
  author?: string;
}

export interface KpiSummary {
  code: string;
  level: KpiLevel;
  scope: NodeRef;
  pillar: PillarRef;
  name: Multiloc;
  unit?: string;
  direction: KpiDirection;
  baseline: { available: boolean; value: number | null; text?: string; year?: number; source?: string };
  target: { kind: TargetKind; value: number | null; text?: string; year?: number };
  reference?: { label: Multiloc; value: number | null; text?: string };
  /** what a citizen needs to know about the figures (an estimate, a baseline from another year) */
  remark?: Multiloc;
  targetValue: number | null;
  latest: { date: string; value: number; source?: string; automatic: boolean } | null;
  progress: number | null;
  status: KpiStatus;
  statusReason: KpiStatusReason;
  automatic: { metric: string; registered: boolean; unit?: string; description?: string } | null;
  measurementCount: number;
}

export interface ProjectDetail extends ProjectSummary {
  fundingText?: string;
  digitalEnablers?: string[];
  localActorTypes?: string[];
  /** what a citizen needs to know about the project as printed */
  remark?: Multiloc;
  timeline: TimelineEntry[];
  kpis: KpiSummary[];
  following: boolean;
  abilities: { edit: boolean; follow: boolean };
}

export interface KpiList {
  items: KpiSummary[];
  total: number;
  statusCounts: KpiStatusCounts;
  abilities: Abilities;
}

export interface Measurement {
  id: number;
  date: string;
  value: number;
  source?: string;
  note?: string;
  author?: string;
  automatic: boolean;
  createdAt: string;
}

export interface KpiDetail extends KpiSummary {
  measurements: Measurement[];
  following: boolean;
  abilities: { edit: boolean; follow: boolean };
}

export interface RevisionList {
  items: RevisionSummary[];
  abilities: Abilities;
}

export interface RevisionDiff {
  from: { id: number | null; name: string };
  to: { id: number | null; name: string };
  summary: { added: number; removed: number; changed: number };
  changes: {
    type: 'strategy' | 'fundingSource' | 'pillar' | 'objective' | 'project' | 'kpi' | 'maturityMatrix';
    code: string;
    title: Multiloc | null;
    change: 'added' | 'removed' | 'changed';
    fields: { field: string; before: unknown; after: unknown }[];
  }[];
}

export interface ProjectFilters {
  ambition?: string | undefined;
  objective?: string | undefined;
  status?: ProjectStatus | undefined;
  priority?: Priority | undefined;
  funding?: string | undefined;
  dimension?: Dimension | undefined;
  q?: string | undefined;
  page?: number | undefined;
  limit?: number | undefined;
}

export interface KpiFilters {
  level?: KpiLevel | undefined;
  ambition?: string | undefined;
  status?: KpiStatus | undefined;
  scope?: string | undefined;
  q?: string | undefined;
}

/** Staff only: GET …/strategy/notes. */
export interface EditorialNotes {
  items: { entity: 'strategy' | 'pillar' | 'objective' | 'project' | 'kpi' | 'fundingSource'; code: string; note: string }[];
}

/** Staff only: GET …/strategy/translations. */
export interface TranslationStatus {
  defaultLocale: 'ro' | 'en' | 'hu';
  locales: {
    locale: 'ro' | 'en' | 'hu';
    total: number;
    translated: number;
    missing: { entity: EditorialNotes['items'][number]['entity']; code: string; field: string; source: string; text: Multiloc }[];
  }[];
}
