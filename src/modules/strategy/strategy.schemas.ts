/**
 * Request and response schemas of the strategy API (all under /api/v1/tenants/{tenant}). The web app
 * (web/src/modules/strategy/) is written against these shapes: change them only by adding fields.
 *
 * Codes ("A1", "A1.O2", "A1.P11", "D3.2/5") contain dots and slashes; in URLs send them URL-encoded
 * (`encodeURIComponent`), e.g. /projects/D3.2%2F5.
 */
import { z } from 'zod';
import { MultilocSchema } from '../../core/i18n.js';
import {
  BUDGET_BASES,
  Geometry,
  KPI_DIRECTIONS,
  KPI_LEVELS,
  KpiBaseline,
  KpiReference,
  KpiTarget,
  MaturityMatrix,
  OPEN_ACTION_CATEGORIES,
  OpenActionCounts,
  PRIORITIES,
  PROJECT_STATUSES,
  SMART_CITY_DIMENSIONS,
  StatusQuoFigure,
  UnitCode,
} from './strategy.document.js';

export { BUDGET_BASES, KPI_DIRECTIONS, KPI_LEVELS, OPEN_ACTION_CATEGORIES, PRIORITIES, PROJECT_STATUSES, SMART_CITY_DIMENSIONS };

export const KPI_STATUSES = ['on_track', 'at_risk', 'off_track', 'no_data'] as const;
export type KpiStatus = (typeof KPI_STATUSES)[number];
/** why a KPI has the status it has (the web shows a sentence for each) */
export const KPI_STATUS_REASONS = [
  'computed',
  'no_measurement',
  'no_baseline',
  'no_target',
  'metric_not_registered',
  'metric_no_data',
  'target_reached',
] as const;

const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
export const Code = z.string().min(1).max(40).regex(CODE_RE, 'letters, digits and . _ / - only');
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const Year = z.number().int().min(1900).max(2100);
const ShortText = z.string().trim().max(500);
const LongText = z.string().max(4000);
const Multiloc = MultilocSchema;

// ---------------------------------------------------------------- params

export const BlankStrategyResponse = z.object({ hash: z.string() });
export const TenantOnlyParams = z.object({ tenant: z.string().regex(/^[a-z0-9-]+$/).max(63) });
/** `code` URL-encoded; a code that contains "/" must be sent as %2F */
export const CodeParams = TenantOnlyParams.extend({ code: Code });
export const RevisionRef = z.string().regex(/^(\d{1,9}|current)$/, 'a revision id or "current"');
export const RevisionDiffParams = TenantOnlyParams.extend({ a: RevisionRef, b: RevisionRef });
export const RevisionParams = TenantOnlyParams.extend({ id: z.coerce.number().int().positive() });

// ---------------------------------------------------------------- shared pieces

export const BudgetSchema = z
  .object({
    amount: z.number().min(0).nullable(),
    currency: z.literal('EUR'),
    basis: z.enum(BUDGET_BASES),
    text: z.string().optional(),
  })
  .meta({ id: 'StrategyBudget' });

export const KpiStatusSchema = z.enum(KPI_STATUSES);

/** Where a project or KPI sits in the tree. */
export const NodeRef = z.object({
  code: z.string(),
  type: z.enum(['pillar', 'objective', 'project']),
  kind: z.string().describe('ambition | strategic_objective | objective | action_direction | project | open_action'),
  title: Multiloc,
});

export const Abilities = z.object({ edit: z.boolean() });

// ---------------------------------------------------------------- strategy tree: GET /strategy

export const StrategyInfo = z.object({
  title: Multiloc,
  periodStart: z.number().int(),
  periodEnd: z.number().int(),
  vision: Multiloc,
  mission: Multiloc.optional(),
  motto: Multiloc.optional(),
  status: z.enum(['draft', 'adopted']),
  adoptedOn: z.string().optional(),
  source: z.object({
    title: z.string(),
    file: z.string().optional(),
    url: z.string().optional(),
    /** who translated the content per language: the city (official), this platform, or both */
    translations: z.partialRecord(z.enum(['ro', 'en', 'hu']), z.enum(['official', 'platform', 'official_and_platform'])).optional(),
  }),
  /** share of the strategy period elapsed today, 0–100 (what KPI status compares progress with) */
  elapsedPercent: z.number(),
  updatedAt: z.iso.datetime(),
});

export const KpiStatusCounts = z.object({ on_track: z.number().int(), at_risk: z.number().int(), off_track: z.number().int(), no_data: z.number().int() });
export const ProjectStatusCounts = z.record(z.enum(PROJECT_STATUSES), z.number().int());

/** Progress of a pillar (ambition / strategic objective). */
export const PillarProgress = z.object({
  /** mean progress % of its KPIs that have data (including KPIs of its objectives and projects); null when none has */
  kpiProgress: z.number().nullable(),
  kpisWithData: z.number().int(),
  kpiStatus: KpiStatusCounts,
  /** mean `progress` of its projects (0 for those without one) */
  projectProgress: z.number().nullable(),
  projectsCompleted: z.number().int(),
  projectStatus: ProjectStatusCounts,
});

export const TreeObjective = z.object({
  code: z.string(),
  kind: z.enum(['objective', 'action_direction']),
  title: Multiloc,
  description: Multiloc.optional(),
  counts: z.object({ projects: z.number().int(), kpis: z.number().int() }),
});

export const TreePillar = z.object({
  code: z.string(),
  kind: z.enum(['ambition', 'strategic_objective']),
  title: Multiloc,
  dimension: z.enum(SMART_CITY_DIMENSIONS),
  sdgs: z.array(z.number().int()),
  diagnosis: Multiloc.optional(),
  statusQuo: z.array(StatusQuoFigure),
  openActionCounts: OpenActionCounts.optional(),
  digitalEnablers: z.array(z.string()).optional(),
  localActorTypes: z.array(z.string()).optional(),
  counts: z.object({ objectives: z.number().int(), projects: z.number().int(), openActions: z.number().int(), kpis: z.number().int() }),
  progress: PillarProgress,
  children: z.array(TreeObjective),
});

export const FundingSourceResponse = z.object({ code: z.string(), name: Multiloc, projects: z.number().int() });

export const RevisionSummary = z
  .object({
    id: z.number().int(),
    name: z.string(),
    note: z.string().nullable(),
    createdAt: z.iso.datetime(),
    author: z.string().nullable(),
    counts: z.object({ pillars: z.number().int(), objectives: z.number().int(), projects: z.number().int(), kpis: z.number().int() }),
  })
  .meta({ id: 'StrategyRevision' });

export const StrategyTreeResponse = z
  .object({
    tenant: z.string(),
    strategy: StrategyInfo,
    counts: z.object({
      pillars: z.number().int(),
      objectives: z.number().int(),
      projects: z.number().int(),
      openActions: z.number().int(),
      kpis: z.number().int(),
      kpiStatus: KpiStatusCounts,
      projectStatus: ProjectStatusCounts,
    }),
    pillars: z.array(TreePillar),
    fundingSources: z.array(FundingSourceResponse),
    maturityMatrix: MaturityMatrix.optional(),
    latestRevision: RevisionSummary.nullable(),
    abilities: Abilities,
  })
  .meta({ id: 'StrategyTree' });

// ---------------------------------------------------------------- projects

export const ProjectListQuery = z.object({
  ambition: Code.optional().describe('pillar code (ambition or strategic objective), e.g. A1 or O3'),
  objective: Code.optional().describe('objective or action direction code, e.g. A1.O2 or D3.2'),
  status: z.enum(PROJECT_STATUSES).optional(),
  priority: z.enum(PRIORITIES).optional(),
  funding: Code.optional().describe('funding source code'),
  dimension: z.enum(SMART_CITY_DIMENSIONS).optional(),
  kind: z.enum(['project', 'open_action']).optional(),
  category: z.enum(OPEN_ACTION_CATEGORIES).optional(),
  q: z.string().trim().max(200).optional().describe('words to find in code, title, description, responsible, partners; diacritics-insensitive'),
  page: z.coerce.number().int().min(1).max(10000).default(1),
  limit: z.coerce.number().int().min(1).max(200).default(20),
});

export const ProjectSummary = z
  .object({
    code: z.string(),
    kind: z.enum(['project', 'open_action']),
    title: Multiloc,
    description: Multiloc.optional(),
    parent: NodeRef,
    pillar: z.object({ code: z.string(), title: Multiloc, dimension: z.enum(SMART_CITY_DIMENSIONS) }),
    status: z.enum(PROJECT_STATUSES),
    maturity: z.string().optional(),
    priority: z.enum(PRIORITIES).nullable(),
    priorityText: z.string().optional(),
    category: z.enum(OPEN_ACTION_CATEGORIES).optional(),
    budget: BudgetSchema,
    horizon: z.string().optional(),
    fundingSources: z.array(z.object({ code: z.string(), name: Multiloc })),
    responsible: z.string().optional(),
    partners: z.string().optional(),
    location: Geometry.optional(),
    progress: z.number().nullable(),
    kpiCount: z.number().int(),
    followers: z.number().int(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'StrategyProjectSummary' });

export const ProjectListResponse = z.object({
  items: z.array(ProjectSummary),
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
  abilities: Abilities,
});

export const TimelineEntryResponse = z.object({
  id: z.number().int(),
  date: z.string(),
  text: Multiloc,
  status: z.enum(PROJECT_STATUSES).optional(),
  author: z.string().optional(),
});



const ProjectFields = {
  kind: z.enum(['project', 'open_action']),
  title: Multiloc,
  description: Multiloc.optional(),
  parent: Code.describe('code of the pillar or objective it belongs to'),
  status: z.enum(PROJECT_STATUSES),
  maturity: ShortText.optional(),
  priority: z.enum(PRIORITIES).nullable(),
  priorityText: ShortText.optional(),
  category: z.enum(OPEN_ACTION_CATEGORIES).optional(),
  budget: z.strictObject({ amount: z.number().min(0).nullable(), currency: z.literal('EUR').default('EUR'), basis: z.enum(BUDGET_BASES), text: ShortText.optional() }),
  horizon: ShortText.optional(),
  fundingSources: z.array(Code).max(30),
  fundingText: ShortText.optional(),
  responsible: ShortText.optional(),
  partners: LongText.optional(),
  digitalEnablers: z.array(ShortText).max(50).optional(),
  localActorTypes: z.array(ShortText).max(50).optional(),
  location: Geometry.optional(),
  progress: z.number().min(0).max(100).optional(),
  /** the public remark: what a citizen needs to know of the project as printed */
  remark: Multiloc.optional(),
  /** staff-only editorial note (never in public responses) */
  note: LongText.optional(),
};

export const ProjectCreateBody = z.strictObject({
  code: Code,
  ...ProjectFields,
  priority: ProjectFields.priority.default(null),
  status: ProjectFields.status.default('idea'),
  kind: ProjectFields.kind.default('project'),
  budget: ProjectFields.budget.default({ amount: null, currency: 'EUR', basis: 'unknown' }),
  fundingSources: ProjectFields.fundingSources.default([]),
});
/** Every field optional; `null` clears an optional field. */
export const ProjectUpdateBody = z.strictObject({
  kind: ProjectFields.kind.optional(),
  title: Multiloc.optional(),
  description: Multiloc.nullable().optional(),
  parent: Code.optional(),
  status: ProjectFields.status.optional(),
  maturity: ShortText.nullable().optional(),
  priority: ProjectFields.priority.optional(),
  priorityText: ShortText.nullable().optional(),
  category: z.enum(OPEN_ACTION_CATEGORIES).nullable().optional(),
  budget: ProjectFields.budget.optional(),
  horizon: ShortText.nullable().optional(),
  fundingSources: ProjectFields.fundingSources.optional(),
  fundingText: ShortText.nullable().optional(),
  responsible: ShortText.nullable().optional(),
  partners: LongText.nullable().optional(),
  digitalEnablers: z.array(ShortText).max(50).nullable().optional(),
  localActorTypes: z.array(ShortText).max(50).nullable().optional(),
  location: Geometry.nullable().optional(),
  progress: z.number().min(0).max(100).nullable().optional(),
  remark: Multiloc.nullable().optional(),
  note: LongText.nullable().optional(),
});

export const ProjectStatusBody = z.strictObject({
  status: z.enum(PROJECT_STATUSES),
  /** the public timeline note that explains the change */
  note: Multiloc,
  /** defaults to today */
  date: IsoDate.optional(),
  progress: z.number().min(0).max(100).optional(),
});

export const TimelineCreateBody = z.strictObject({
  text: Multiloc,
  date: IsoDate.optional(),
  status: z.enum(PROJECT_STATUSES).optional(),
});

export const FollowResponse = z.object({ following: z.boolean(), followers: z.number().int() });

// ---------------------------------------------------------------- KPIs

export const KpiListQuery = z.object({
  level: z.enum(KPI_LEVELS).optional(),
  ambition: Code.optional().describe('pillar code: KPIs of the pillar, its objectives and its projects'),
  status: KpiStatusSchema.optional(),
  scope: Code.optional().describe('exact scope code (pillar, objective or project)'),
  q: z.string().trim().max(200).optional(),
});

export const LatestMeasurement = z.object({ date: z.string(), value: z.number(), source: z.string().optional(), automatic: z.boolean() });

export const KpiSummary = z
  .object({
    code: z.string(),
    level: z.enum(KPI_LEVELS),
    scope: NodeRef,
    pillar: z.object({ code: z.string(), title: Multiloc, dimension: z.enum(SMART_CITY_DIMENSIONS) }),
    name: Multiloc,
    /** a unit code (UCUM; src/shared/units.ts) */
    unit: z.string().optional(),
    /** the unit's label in ro/en/hu */
    unitLabel: z.object({ ro: z.string(), en: z.string(), hu: z.string() }).optional(),
    direction: z.enum(KPI_DIRECTIONS),
    baseline: KpiBaseline,
    target: KpiTarget,
    reference: KpiReference.optional(),
    /** the public remark on the figures (an estimate, a baseline from another year), in the city's language at least */
    remark: Multiloc.optional(),
    /** the value the target means in the KPI's unit (baseline × multiplier, baseline + delta, the absolute value; 1 for yes) */
    targetValue: z.number().nullable(),
    latest: LatestMeasurement.nullable(),
    /** 0–100 (capped), null when it cannot be computed */
    progress: z.number().nullable(),
    status: KpiStatusSchema,
    statusReason: z.enum(KPI_STATUS_REASONS),
    automatic: z
      .object({
        metric: z.string(),
        registered: z.boolean(),
        unit: z.string().optional(),
        description: z.string().optional(),
      })
      .nullable(),
    measurementCount: z.number().int(),
  })
  .meta({ id: 'StrategyKpi' });

export const ProjectDetailResponse = ProjectSummary.extend({
  fundingText: z.string().optional(),
  digitalEnablers: z.array(z.string()).optional(),
  localActorTypes: z.array(z.string()).optional(),
  /** the public remark on the project as printed (e.g. the budget is an estimate) */
  remark: Multiloc.optional(),
  timeline: z.array(TimelineEntryResponse),
  kpis: z.array(KpiSummary),
  /** whether the signed-in caller follows it (false for anonymous callers) */
  following: z.boolean(),
  abilities: z.object({ edit: z.boolean(), follow: z.boolean() }),
}).meta({ id: 'StrategyProjectDetail' });

export const KpiListResponse = z.object({ items: z.array(KpiSummary), total: z.number().int(), statusCounts: KpiStatusCounts, abilities: Abilities });

export const MeasurementResponse = z
  .object({
    id: z.number().int(),
    date: z.string(),
    value: z.number(),
    source: z.string().optional(),
    note: z.string().optional(),
    author: z.string().optional(),
    automatic: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'StrategyKpiMeasurement' });

export const KpiDetailResponse = KpiSummary.extend({
  measurements: z.array(MeasurementResponse).describe('oldest first'),
  following: z.boolean(),
  abilities: z.object({ edit: z.boolean(), follow: z.boolean() }),
}).meta({ id: 'StrategyKpiDetail' });

export const MeasurementListResponse = z.object({ items: z.array(MeasurementResponse), kpi: z.string(), unit: z.string().optional() });

export const MeasurementCreateBody = z.strictObject({
  date: IsoDate,
  value: z.number().finite(),
  source: ShortText.optional(),
  note: ShortText.optional(),
});

/** POST /kpis/measurements:import with Content-Type text/csv; header row: kpi,date,value,source,note */
export const MeasurementImportResponse = z.object({ imported: z.number().int(), kpis: z.array(z.string()) });

const KpiFields = {
  level: z.enum(KPI_LEVELS),
  scope: Code.describe('code of the pillar, objective or project'),
  name: Multiloc,
  unit: UnitCode.optional(),
  direction: z.enum(KPI_DIRECTIONS),
  baseline: z.strictObject({ available: z.boolean(), value: z.number().nullable(), text: ShortText.optional(), year: Year.optional(), source: ShortText.optional() }),
  target: z.strictObject({ kind: z.enum(['absolute', 'multiplier', 'delta', 'boolean', 'none']), value: z.number().nullable(), text: ShortText.optional(), year: Year.optional() }),
  reference: z.strictObject({ label: Multiloc, value: z.number().nullable(), text: ShortText.optional() }).optional(),
  automaticMetric: z.string().regex(/^[a-z]+\.[a-z0-9_]+$/).optional(),
  /** the public remark: what a citizen needs to know of the figures (an estimate, a baseline from another year) */
  remark: Multiloc.optional(),
  /** staff-only editorial note (never in public responses) */
  note: LongText.optional(),
};
export const KpiCreateBody = z.strictObject({ code: Code, ...KpiFields });
export const KpiUpdateBody = z.strictObject({
  level: KpiFields.level.optional(),
  scope: KpiFields.scope.optional(),
  name: Multiloc.optional(),
  unit: UnitCode.nullable().optional(),
  direction: KpiFields.direction.optional(),
  baseline: KpiFields.baseline.optional(),
  target: KpiFields.target.optional(),
  reference: KpiFields.reference.unwrap().nullable().optional(),
  automaticMetric: KpiFields.automaticMetric.unwrap().nullable().optional(),
  remark: Multiloc.nullable().optional(),
  note: LongText.nullable().optional(),
});

// ---------------------------------------------------------------- pillars and objectives

export const PillarResponse = TreePillar.omit({ children: true }).extend({ children: z.array(TreeObjective) }).meta({ id: 'StrategyPillar' });
export const PillarCreateBody = z.strictObject({
  code: Code,
  kind: z.enum(['ambition', 'strategic_objective']),
  title: Multiloc,
  dimension: z.enum(SMART_CITY_DIMENSIONS),
  sdgs: z.array(z.number().int().min(1).max(17)).max(17).default([]),
  diagnosis: Multiloc.optional(),
  statusQuo: z.array(StatusQuoFigure).max(100).default([]),
  openActionCounts: OpenActionCounts.optional(),
  digitalEnablers: z.array(ShortText).max(50).optional(),
  localActorTypes: z.array(ShortText).max(50).optional(),
  note: LongText.optional(),
  /** position among the pillars (0-based); defaults to last */
  position: z.number().int().min(0).max(1000).optional(),
});
export const PillarUpdateBody = z.strictObject({
  kind: z.enum(['ambition', 'strategic_objective']).optional(),
  title: Multiloc.optional(),
  dimension: z.enum(SMART_CITY_DIMENSIONS).optional(),
  sdgs: z.array(z.number().int().min(1).max(17)).max(17).optional(),
  diagnosis: Multiloc.nullable().optional(),
  statusQuo: z.array(StatusQuoFigure).max(100).optional(),
  openActionCounts: OpenActionCounts.nullable().optional(),
  digitalEnablers: z.array(ShortText).max(50).nullable().optional(),
  localActorTypes: z.array(ShortText).max(50).nullable().optional(),
  note: LongText.nullable().optional(),
  position: z.number().int().min(0).max(1000).optional(),
});

export const ObjectiveResponse = TreeObjective.extend({ pillar: z.string() }).meta({ id: 'StrategyObjective' });
export const ObjectiveCreateBody = z.strictObject({
  code: Code,
  pillar: Code,
  kind: z.enum(['objective', 'action_direction']),
  title: Multiloc,
  description: Multiloc.optional(),
  note: LongText.optional(),
  position: z.number().int().min(0).max(1000).optional(),
});
export const ObjectiveUpdateBody = z.strictObject({
  pillar: Code.optional(),
  kind: z.enum(['objective', 'action_direction']).optional(),
  title: Multiloc.optional(),
  description: Multiloc.nullable().optional(),
  note: LongText.nullable().optional(),
  position: z.number().int().min(0).max(1000).optional(),
});

// ---------------------------------------------------------------- revisions

export const RevisionCreateBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  note: z.string().trim().max(2000).optional(),
});
export const RevisionListResponse = z.object({ items: z.array(RevisionSummary), abilities: Abilities });

export const DiffFieldChange = z.object({
  /** dotted path inside the entity, e.g. "target.value", "title.ro" */
  field: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export const DiffEntity = z.object({
  type: z.enum(['strategy', 'fundingSource', 'pillar', 'objective', 'project', 'kpi', 'maturityMatrix']),
  code: z.string(),
  /** the entity's title/name in the newer side (older for removed ones) */
  title: Multiloc.nullable(),
  change: z.enum(['added', 'removed', 'changed']),
  fields: z.array(DiffFieldChange).describe('for "changed" only'),
});
export const RevisionDiffResponse = z
  .object({
    from: z.object({ id: z.number().int().nullable(), name: z.string() }),
    to: z.object({ id: z.number().int().nullable(), name: z.string() }),
    summary: z.object({ added: z.number().int(), removed: z.number().int(), changed: z.number().int() }),
    changes: z.array(DiffEntity),
  })
  .meta({ id: 'StrategyRevisionDiff' });

export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export type ProjectSummaryT = z.infer<typeof ProjectSummary>;
export type KpiSummaryT = z.infer<typeof KpiSummary>;
export type ProjectCreateInput = z.infer<typeof ProjectCreateBody>;
export type ProjectUpdateInput = z.infer<typeof ProjectUpdateBody>;
export type KpiCreateInput = z.infer<typeof KpiCreateBody>;
export type KpiUpdateInput = z.infer<typeof KpiUpdateBody>;
export type ProjectListFilters = z.infer<typeof ProjectListQuery>;
export type KpiListFilters = z.infer<typeof KpiListQuery>;

/** Staff only: the editorial notes written while transcribing the strategy, by what they are about. */
export const StrategyNotesResponse = z.object({
  items: z.array(
    z.object({
      entity: z.enum(['strategy', 'pillar', 'objective', 'project', 'kpi', 'fundingSource']),
      code: z.string(),
      note: z.string(),
    }),
  ),
});

/** Staff only: per language of the city, how much of the strategy content is translated, and what is not yet. */
export const StrategyTranslationsResponse = z.object({
  defaultLocale: z.enum(['ro', 'en', 'hu']),
  locales: z.array(
    z.object({
      locale: z.enum(['ro', 'en', 'hu']),
      total: z.number().int(),
      translated: z.number().int(),
      missing: z.array(z.object({ entity: z.enum(['strategy', 'pillar', 'objective', 'project', 'kpi', 'fundingSource']), code: z.string(), field: z.string(), source: z.string(), text: Multiloc })),
    }),
  ),
});
