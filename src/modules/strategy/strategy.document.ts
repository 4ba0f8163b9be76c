/**
 * The strategy document: the file format in which a city's strategy is shipped (data/strategies/*.json),
 * imported (`urbia strategy import`) and exported (`urbia strategy export`). The importer enforces this
 * schema; `data/strategies/strategy.schema.json` is generated from it for editors and other tools.
 *
 * Values are recorded as printed in the source document. Where the source is ambiguous, the printed text
 * goes in the `*Text` field, the number (if any can be read without invention) in `value`, and the doubt in
 * `note`. Never invent a value: use `null` and say why in `note`.
 */
import { z } from 'zod';
import { MULTILOC_MAX_LENGTH } from '../../core/i18n.js';
import { isUnitCode, toUnitCode } from '../../shared/units.js';

/** Translatable text; Romanian is required because both sources are Romanian. */
export const Multiloc = z
  .object({
    ro: z.string().min(1).max(MULTILOC_MAX_LENGTH),
    en: z.string().min(1).max(MULTILOC_MAX_LENGTH).optional(),
    hu: z.string().min(1).max(MULTILOC_MAX_LENGTH).optional(),
  })
  .strict();

export const SMART_CITY_DIMENSIONS = ['governance', 'people', 'economy', 'mobility', 'environment', 'living'] as const;
export const PROJECT_STATUSES = [
  'idea',
  'planned',
  'in_preparation',
  'funding_requested',
  'in_progress',
  'completed',
  'suspended',
  'cancelled',
] as const;
export const PRIORITIES = ['priority_project', 'priority', 'long_list'] as const;
export const OPEN_ACTION_CATEGORIES = ['infrastructure', 'platform', 'capacity_building', 'incentives_events', 'research'] as const;
export const BUDGET_BASES = ['one_off', 'per_year', 'per_unit', 'unknown'] as const;
export const KPI_LEVELS = ['key', 'outcome', 'output'] as const;
export const KPI_DIRECTIONS = ['increase', 'decrease', 'reach'] as const;
export const TARGET_KINDS = ['absolute', 'multiplier', 'delta', 'boolean', 'none'] as const;

/**
 * A unit as a code (UCUM; the table and its ro/en/hu labels are in src/shared/units.ts). A free-text unit of an
 * older document ("participants", "mp/locuitor") is read as its code; any other text is refused.
 */
export const UnitCode = z.preprocess(
  (v) => (typeof v === 'string' ? toUnitCode(v) : v),
  z.string().refine((c): boolean => isUnitCode(c), { message: 'unknown unit: use a code from src/shared/units.ts (UCUM), e.g. "%", "ug/m3", "{participant}"' }),
);

const Code = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'letters, digits and . _ / - only');
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const Year = z.number().int().min(1900).max(2100);

const Position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
/** A GeoJSON geometry (RFC 7946, WGS 84): a point or an area. */
export const Geometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Point'), coordinates: Position }).strict(),
  z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(Position).min(4)).min(1) }).strict(),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(Position).min(4)).min(1)).min(1) }).strict(),
  z.object({ type: z.literal('LineString'), coordinates: z.array(Position).min(2) }).strict(),
]);

/** A figure describing the current situation (Timișoara's "status quo", Baia Mare's diagnosis numbers). */
export const StatusQuoFigure = z
  .object({
    label: Multiloc,
    value: z.number().nullable(),
    /** the value exactly as printed, e.g. "33,5%", "5.257,0" */
    valueText: z.string().optional(),
    unit: UnitCode.optional(),
    year: Year.optional(),
    source: z.string().optional(),
    note: z.string().optional(),
  })
  .strict();

export const OpenActionCounts = z
  .object({
    infrastructure: z.number().int().min(0),
    platform: z.number().int().min(0),
    capacity_building: z.number().int().min(0),
    incentives_events: z.number().int().min(0),
    research: z.number().int().min(0),
    note: z.string().optional(),
  })
  .strict();

/** Timișoara's objectives under an ambition; Baia Mare's action directions (D-codes) under an objective. */
export const SubObjective = z
  .object({
    code: Code,
    kind: z.enum(['objective', 'action_direction']),
    title: Multiloc,
    description: Multiloc.optional(),
    note: z.string().optional(),
  })
  .strict();

/** Top level of a strategy: Timișoara's ambitions (A1…A7), Baia Mare's strategic objectives (O1…O6). */
export const Pillar = z
  .object({
    code: Code,
    kind: z.enum(['ambition', 'strategic_objective']),
    title: Multiloc,
    dimension: z.enum(SMART_CITY_DIMENSIONS),
    /** UN Sustainable Development Goals 1–17; empty when the source does not say */
    sdgs: z.array(z.number().int().min(1).max(17)),
    diagnosis: Multiloc.optional(),
    statusQuo: z.array(StatusQuoFigure),
    children: z.array(SubObjective),
    openActionCounts: OpenActionCounts.optional(),
    digitalEnablers: z.array(z.string()).optional(),
    localActorTypes: z.array(z.string()).optional(),
    note: z.string().optional(),
  })
  .strict();

export const Budget = z
  .object({
    amount: z.number().min(0).nullable(),
    currency: z.literal('EUR'),
    basis: z.enum(BUDGET_BASES),
    /** the cell as printed, e.g. "200.000 / an", "cf. SIDU", "N/A" */
    text: z.string().optional(),
  })
  .strict();

export const TimelineEntry = z
  .object({
    date: IsoDate,
    text: Multiloc,
    status: z.enum(PROJECT_STATUSES).optional(),
    author: z.string().optional(),
  })
  .strict();

export const Project = z
  .object({
    code: Code,
    kind: z.enum(['project', 'open_action']),
    title: Multiloc,
    description: Multiloc.optional(),
    /** code of the pillar or sub-objective this project belongs to */
    parent: Code,
    status: z.enum(PROJECT_STATUSES),
    /** maturity exactly as written in the source, e.g. "SF/PT", "Cerere de finanțare", "Idee" */
    maturity: z.string().optional(),
    priority: z.enum(PRIORITIES).nullable(),
    /** priority as printed, e.g. "Listă lungă", "N/A" */
    priorityText: z.string().optional(),
    category: z.enum(OPEN_ACTION_CATEGORIES).optional(),
    budget: Budget,
    horizon: z.string().optional(),
    /** codes from the document's fundingSources list */
    fundingSources: z.array(Code),
    fundingText: z.string().optional(),
    responsible: z.string().optional(),
    partners: z.string().optional(),
    digitalEnablers: z.array(z.string()).optional(),
    localActorTypes: z.array(z.string()).optional(),
    location: Geometry.optional(),
    progress: z.number().min(0).max(100).optional(),
    timeline: z.array(TimelineEntry).optional(),
    /** public: what a citizen needs to know of the project as printed, in the city's language at least */
    remark: Multiloc.optional(),
    /** staff only: the editorial note written while transcribing (never shown to the public) */
    note: z.string().optional(),
  })
  .strict();

export const KpiBaseline = z
  .object({
    /** false means the source says "N/A" or gives no baseline: shown as "not available", never as 0 */
    available: z.boolean(),
    value: z.number().nullable(),
    text: z.string().optional(),
    year: Year.optional(),
    source: z.string().optional(),
  })
  .strict();

export const KpiTarget = z
  .object({
    /** absolute: reach `value`; multiplier: baseline × value (×5); delta: baseline + value (+20); boolean: yes/no */
    kind: z.enum(TARGET_KINDS),
    value: z.number().nullable(),
    /** the target exactly as printed, e.g. "x5", "+20", "35%", "DA" */
    text: z.string().optional(),
    year: Year.optional(),
  })
  .strict();

export const KpiReference = z
  .object({
    label: Multiloc,
    value: z.number().nullable(),
    text: z.string().optional(),
  })
  .strict();

export const Measurement = z
  .object({
    date: IsoDate,
    value: z.number(),
    source: z.string().optional(),
    note: z.string().optional(),
    author: z.string().optional(),
  })
  .strict();

export const Kpi = z
  .object({
    code: Code,
    level: z.enum(KPI_LEVELS),
    /** code of the pillar, sub-objective or project the KPI belongs to */
    scope: Code,
    name: Multiloc,
    unit: UnitCode.optional(),
    direction: z.enum(KPI_DIRECTIONS),
    baseline: KpiBaseline,
    target: KpiTarget,
    /** a second reference value, e.g. Baia Mare's regional average */
    reference: KpiReference.optional(),
    /** the name of a platform metric that computes the measurements, e.g. "air.pm25_annual_mean" */
    automaticMetric: z.string().regex(/^[a-z]+\.[a-z0-9_]+$/).optional(),
    measurements: z.array(Measurement).optional(),
    /** public: what a citizen needs to know of the figures (a value is estimated, a baseline is from another year) */
    remark: Multiloc.optional(),
    /** staff only: the editorial note written while transcribing (never shown to the public) */
    note: z.string().optional(),
  })
  .strict();

export const FundingSource = z.object({ code: Code, name: Multiloc, note: z.string().optional() }).strict();

export const MaturityCriterion = z
  .object({
    code: Code,
    level: z.number().int().min(1).max(5),
    text: Multiloc,
    note: z.string().optional(),
  })
  .strict();

export const MaturityMatrix = z
  .object({
    levels: z.array(z.object({ level: z.number().int().min(1).max(5), name: Multiloc, description: Multiloc.optional() }).strict()),
    pillars: z.array(
      z
        .object({
          code: Code,
          pillar: Code,
          title: Multiloc,
          currentLevel: z.number().int().min(1).max(5).nullable(),
          criteria: z.array(MaturityCriterion),
          note: z.string().optional(),
        })
        .strict(),
    ),
  })
  .strict();

export const StrategyDocument = z
  .object({
    $schema: z.string().optional(),
    format: z.literal('urbia.strategy/1'),
    tenant: z.string().regex(/^[a-z0-9-]+$/),
    strategy: z
      .object({
        title: Multiloc,
        periodStart: Year,
        periodEnd: Year,
        vision: Multiloc,
        mission: Multiloc.optional(),
        motto: Multiloc.optional(),
        status: z.enum(['draft', 'adopted']),
        adoptedOn: IsoDate.optional(),
        source: z
          .object({
            title: z.string(),
            file: z.string().optional(),
            url: z.string().optional(),
            /**
             * Who translated the content in each language other than the source's: the city (`official`), this
             * platform (`platform`, shown to readers as the platform's translation), or both (`official_and_platform`:
             * official wording where the city published one, the platform's elsewhere).
             */
            translations: z.partialRecord(z.enum(['ro', 'en', 'hu']), z.enum(['official', 'platform', 'official_and_platform'])).optional(),
            note: z.string().optional(),
          })
          .strict(),
        note: z.string().optional(),
      })
      .strict(),
    fundingSources: z.array(FundingSource),
    pillars: z.array(Pillar).min(1),
    projects: z.array(Project),
    kpis: z.array(Kpi),
    maturityMatrix: MaturityMatrix.optional(),
    notes: z.array(z.string()).optional(),
  })
  .strict()
  .superRefine((doc, ctx) => {
    // Codes are the identity of every entity: they must be unique and every reference must resolve.
    const containers = new Set<string>();
    const seen = new Map<string, string>();
    const claim = (code: string, path: (string | number)[]) => {
      if (seen.has(code)) ctx.addIssue({ code: 'custom', path, message: `duplicate code "${code}" (first used at ${seen.get(code)})` });
      else seen.set(code, path.join('.'));
    };
    doc.pillars.forEach((p, i) => {
      claim(p.code, ['pillars', i, 'code']);
      containers.add(p.code);
      p.children.forEach((c, j) => {
        claim(c.code, ['pillars', i, 'children', j, 'code']);
        containers.add(c.code);
      });
    });
    const projectCodes = new Set<string>();
    doc.projects.forEach((p, i) => {
      claim(p.code, ['projects', i, 'code']);
      projectCodes.add(p.code);
      if (!containers.has(p.parent)) ctx.addIssue({ code: 'custom', path: ['projects', i, 'parent'], message: `unknown parent "${p.parent}"` });
      if (p.kind === 'open_action' && !p.category) ctx.addIssue({ code: 'custom', path: ['projects', i, 'category'], message: 'an open action needs a category' });
    });
    const funding = new Set(doc.fundingSources.map((f) => f.code));
    doc.projects.forEach((p, i) =>
      p.fundingSources.forEach((f, j) => {
        if (!funding.has(f)) ctx.addIssue({ code: 'custom', path: ['projects', i, 'fundingSources', j], message: `unknown funding source "${f}"` });
      }),
    );
    const kpiCodes = new Set<string>();
    doc.kpis.forEach((k, i) => {
      if (kpiCodes.has(k.code)) ctx.addIssue({ code: 'custom', path: ['kpis', i, 'code'], message: `duplicate KPI code "${k.code}"` });
      kpiCodes.add(k.code);
      if (!containers.has(k.scope) && !projectCodes.has(k.scope)) ctx.addIssue({ code: 'custom', path: ['kpis', i, 'scope'], message: `unknown scope "${k.scope}"` });
      if (k.baseline.available && k.baseline.value === null && k.baseline.text === undefined)
        ctx.addIssue({ code: 'custom', path: ['kpis', i, 'baseline'], message: 'an available baseline needs a value or the printed text' });
    });
    if (doc.strategy.periodEnd < doc.strategy.periodStart) ctx.addIssue({ code: 'custom', path: ['strategy', 'periodEnd'], message: 'ends before it starts' });
  });

export type StrategyDocument = z.infer<typeof StrategyDocument>;

/** Formats zod issues as "$.path.to.field: message" lines, the JSON path the importer reports. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): { path: string; message: string }[] {
  return issues.map((issue) => ({
    path: '$' + issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join(''),
    message: issue.message,
  }));
}

/** The JSON Schema of the strategy document (data/strategies/strategy.schema.json is this, kept in sync by a test). */
export function strategyJsonSchema(): Record<string, unknown> {
  return {
    ...(z.toJSONSchema(StrategyDocument, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' }) as Record<string, unknown>),
    $id: 'https://urbia.dev/schemas/strategy/1.json',
    title: 'Urbia strategy document (urbia.strategy/1)',
  };
}
