/**
 * The strategy API's wire shapes, generated from the OpenAPI document (`npm run api:types` writes
 * web/src/api/schema.gen.ts from the server's zod schemas; nothing here is a hand-written mirror).
 * The constant lists keep the order the pages show; `satisfies` fails the build if the server's enum changes.
 */
import type { ApiGet, ApiQuery, Schemas } from '../../../api/client';

type Base = '/api/v1/tenants/{tenant}';

export type Multiloc = Schemas['Multiloc'];

export type StrategyTree = Schemas['StrategyTree'];
export type TreePillar = StrategyTree['pillars'][number];
export type TreeObjective = TreePillar['children'][number];
export type RevisionSummary = Schemas['StrategyRevision'];
export type RevisionDiff = Schemas['StrategyRevisionDiff'];
/** the list answers JSON or CSV; the web asks for JSON */
export type RevisionList = Extract<ApiGet<`${Base}/revisions`>, { items: unknown }>;

export type ProjectSummary = Schemas['StrategyProjectSummary'];
export type ProjectDetail = Schemas['StrategyProjectDetail'];
export type ProjectList = Extract<ApiGet<`${Base}/projects`>, { items: unknown }>;
export type ProjectFilters = ApiQuery<`${Base}/projects`>;
export type Geometry = NonNullable<ProjectSummary['location']>;

export type KpiSummary = Schemas['StrategyKpi'];
export type KpiDetail = Schemas['StrategyKpiDetail'];
export type Measurement = Schemas['StrategyKpiMeasurement'];
export type KpiList = Extract<ApiGet<`${Base}/kpis`>, { items: unknown }>;
export type KpiFilters = ApiQuery<`${Base}/kpis`>;

/** Staff only: GET …/strategy/notes. */
export type EditorialNotes = ApiGet<`${Base}/strategy/notes`>;
/** Staff only: GET …/strategy/translations. */
export type TranslationStatus = ApiGet<`${Base}/strategy/translations`>;

export type Dimension = TreePillar['dimension'];
export const DIMENSIONS = ['governance', 'people', 'economy', 'mobility', 'environment', 'living'] as const satisfies readonly Dimension[];
export type ProjectStatus = ProjectSummary['status'];
export const PROJECT_STATUSES = ['idea', 'planned', 'in_preparation', 'funding_requested', 'in_progress', 'completed', 'suspended', 'cancelled'] as const satisfies readonly ProjectStatus[];
export type Priority = NonNullable<ProjectSummary['priority']>;
export const PRIORITIES = ['priority_project', 'priority', 'long_list'] as const satisfies readonly Priority[];
export type KpiLevel = KpiSummary['level'];
export const KPI_LEVELS = ['key', 'outcome', 'output'] as const satisfies readonly KpiLevel[];
export type KpiStatus = KpiSummary['status'];
export const KPI_STATUSES = ['on_track', 'at_risk', 'off_track', 'no_data'] as const satisfies readonly KpiStatus[];
export type KpiDirection = KpiSummary['direction'];
export const KPI_DIRECTIONS = ['increase', 'decrease', 'reach'] as const satisfies readonly KpiDirection[];
export type TargetKind = KpiSummary['target']['kind'];
export const TARGET_KINDS = ['absolute', 'multiplier', 'delta', 'boolean', 'none'] as const satisfies readonly TargetKind[];
export type BudgetBasis = ProjectSummary['budget']['basis'];
export const BUDGET_BASES = ['one_off', 'per_year', 'per_unit', 'unknown'] as const satisfies readonly BudgetBasis[];
export type OpenActionCategory = NonNullable<ProjectSummary['category']>;
export const OPEN_ACTION_CATEGORIES = ['infrastructure', 'platform', 'capacity_building', 'incentives_events', 'research'] as const satisfies readonly OpenActionCategory[];
