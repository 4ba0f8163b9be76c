/**
 * The strategy's open datasets (projects, KPIs and their measurements), declared in the strategy manifest;
 * the open-data catalogue generates their files on request from the strategy's service API.
 */
import { type GeoFeature, geoJsonFile, latestOf, type PlatformDatasetDef, tableFiles } from '../opendata/index.js';
import type { TenantRow } from '../tenants/index.js';
import type { ModuleServices } from '../module.js';

export function strategyDatasets(strategy: ModuleServices['strategy']): PlatformDatasetDef[] {
  const datasets: PlatformDatasetDef[] = [];
  type Project = Awaited<ReturnType<typeof strategy.allProjects>>[number];
  const projects = (tenant: TenantRow) => strategy.allProjects(tenant.id, {});
  const hasStrategy = async (tenant: TenantRow) => (await strategy.listProjects(tenant.id, { limit: 1 })).total > 0;
  const lastUpdate = async (tenant: TenantRow) => latestOf((await projects(tenant)).map((p) => p.updatedAt));
  const projectRow = (p: Project) => ({
    code: p.code,
    kind: p.kind,
    title_ro: p.title.ro,
    title_en: p.title.en ?? null,
    pillar: p.pillar.code,
    dimension: p.pillar.dimension,
    parent: (p.parent as { code?: string } | null)?.code ?? null,
    status: p.status,
    priority: p.priority,
    category: p.category ?? null,
    budget_eur: p.budget.amount ?? null,
    budget_basis: p.budget.basis ?? null,
    horizon: p.horizon ?? null,
    funding_sources: p.fundingSources.map((f) => f.code).join(' '),
    responsible: p.responsible ?? null,
    partners: p.partners ?? null,
    progress_percent: p.progress,
    kpi_count: p.kpiCount,
    updated_at: p.updatedAt,
    lat: p.location ? centroid(p.location)?.[1] ?? null : null,
    lon: p.location ? centroid(p.location)?.[0] ?? null : null,
  });
  const projectFeatures = async (tenant: TenantRow): Promise<GeoFeature[]> =>
    (await projects(tenant))
      .filter((p) => p.location)
      .map((p) => {
        const { lat: _lat, lon: _lon, ...props } = projectRow(p);
        return { id: p.code, geometry: p.location as GeoFeature['geometry'], properties: props, time: { start: p.updatedAt, end: p.updatedAt } };
      });
  datasets.push({
    id: 'strategy-projects',
    module: 'strategy',
    title: { ro: 'Proiectele strategiei de oraș inteligent', en: 'Smart city strategy projects', hu: 'Az okosváros-stratégia projektjei' },
    description: {
      ro: 'Proiectele și acțiunile deschise ale strategiei de oraș inteligent și transformare digitală: stadiu, prioritate, buget, orizont, surse de finanțare, responsabili, progres și locație. Actualizat automat la fiecare modificare.',
      en: 'The projects and open actions of the smart city and digital transformation strategy: status, priority, budget, horizon, funding sources, responsible bodies, progress and location. Updated automatically on every change.',
      hu: 'Az okosváros- és digitális átalakulási stratégia projektjei és nyitott akciói: állapot, prioritás, költségvetés, időtáv, finanszírozás, felelősök, előrehaladás és helyszín.',
    },
    themes: ['GOVE', 'REGI', 'TECH'],
    keywords: { ro: ['strategie', 'oraș inteligent', 'proiecte', 'transformare digitală'], en: ['strategy', 'smart city', 'projects'] },
    frequency: 'UPDATE_CONT',
    modified: lastUpdate,
    available: hasStrategy,
    distributions: [
      ...tableFiles('projects', async (t) => (await projects(t)).map(projectRow), { indent: 1 }),
      geoJsonFile('projects', projectFeatures),
    ],
    collection: { id: 'projects', title: { ro: 'Proiecte', en: 'Projects' }, description: { ro: 'Proiectele strategiei care au o locație.', en: 'Strategy projects that have a location.' }, features: projectFeatures },
  });

  const kpiRows = async (tenant: TenantRow) =>
    (await strategy.kpis(tenant.id, {})).map((k) => ({
      code: k.code,
      level: k.level,
      scope: (k.scope as { code?: string } | null)?.code ?? null,
      pillar: k.pillar.code,
      name_ro: k.name.ro,
      name_en: k.name.en ?? null,
      unit: k.unit ?? null,
      direction: k.direction,
      baseline: JSON.stringify(k.baseline),
      target: JSON.stringify(k.target),
      target_value: k.targetValue,
      latest_date: k.latest?.date ?? null,
      latest_value: k.latest?.value ?? null,
      progress_percent: k.progress,
      status: k.status,
      automatic_metric: k.automatic?.metric ?? null,
      measurements: k.measurementCount,
    }));
  datasets.push({
    id: 'strategy-kpis',
    module: 'strategy',
    title: { ro: 'Indicatorii strategiei (KPI)', en: 'Strategy key performance indicators (KPIs)', hu: 'A stratégia mutatói (KPI)' },
    description: {
      ro: 'Indicatorii cheie, de rezultat și de realizare ai strategiei: valoare de referință, țintă, ultima măsurătoare, progres și stare (pe drum / la risc / în afara țintei).',
      en: 'The strategy\'s key, outcome and output indicators: baseline, target, latest measurement, progress and status (on track / at risk / off track).',
    },
    themes: ['GOVE', 'REGI'],
    keywords: { ro: ['indicatori', 'KPI', 'monitorizare', 'strategie'], en: ['indicators', 'KPI', 'monitoring'] },
    frequency: 'UPDATE_CONT',
    // Never strategy.kpis() here: an automatic KPI computes opendata.datasets_published, which asks this.
    available: hasStrategy,
    distributions: [
      ...tableFiles('kpis', kpiRows, { indent: 1 }),
    ],
  });

  // Measurements without their author (a person's name): KPI, date, value, source, automatic or not.
  const measurementRows = async (tenant: TenantRow) => {
    const out: { kpi: string; date: string; value: number; unit: string | null; source: string | null; automatic: boolean }[] = [];
    for (const k of await strategy.kpis(tenant.id, {})) {
      if (k.measurementCount === 0) continue;
      const m = await strategy.measurements(tenant.id, k.code);
      for (const x of m.items) out.push({ kpi: k.code, date: x.date, value: x.value, unit: m.unit ?? null, source: x.source ?? null, automatic: x.automatic });
    }
    return out;
  };
  datasets.push({
    id: 'strategy-kpi-measurements',
    module: 'strategy',
    title: { ro: 'Măsurătorile indicatorilor strategiei', en: 'Strategy KPI measurements', hu: 'A stratégiai mutatók mérései' },
    description: {
      ro: 'Seria de timp a valorilor măsurate pentru fiecare indicator, cu sursa datelor; valorile automate sunt calculate de platformă.',
      en: 'The time series of measured values for each indicator, with the data source; automatic values are computed by the platform.',
    },
    themes: ['GOVE', 'REGI'],
    keywords: { ro: ['indicatori', 'măsurători', 'serie de timp'], en: ['indicators', 'measurements', 'time series'] },
    frequency: 'UPDATE_CONT',
    available: hasStrategy,
    distributions: [
      ...tableFiles('measurements', measurementRows, { header: ['kpi', 'date', 'value', 'unit', 'source', 'automatic'], indent: 1 }),
    ],
  });
  return datasets;
}

/** The mean of a geometry's positions: a point to put in a CSV's lat/lon columns. */
function centroid(g: unknown): [number, number] | null {
  const pts: number[][] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x) && typeof x[0] === 'number') pts.push(x as number[]);
    else if (Array.isArray(x)) x.forEach(walk);
  };
  walk((g as { coordinates?: unknown }).coordinates);
  if (!pts.length) return null;
  return [pts.reduce((a, p) => a + p[0]!, 0) / pts.length, pts.reduce((a, p) => a + p[1]!, 0) / pts.length];
}
