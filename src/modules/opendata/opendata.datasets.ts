/**
 * The platform datasets: what each module's data becomes in the catalogue. Each generator reads its module
 * only through that module's service API (ctx.modules.*) or a core service, and leaves personal data out.
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../../core/actor.js';
import { toCsv } from '../../core/csv.js';
import type { Multiloc } from '../../core/i18n.js';
import type { ModuleContext } from '../module.js';
import type { TenantRow } from '../tenants/index.js';
import type { GeoFeature } from './opendata.registry.js';
import type { OpendataService } from './opendata.service.js';

/** Registers every dataset whose source module is present in this installation. */
export function registerPlatformDatasets(service: OpendataService, ctx: ModuleContext): string[] {
  const registered: string[] = [];
  const add = (def: Parameters<OpendataService['registerPlatformDataset']>[0]) => {
    service.registerPlatformDataset(def);
    registered.push(def.id);
  };

  // The city's administrative boundary (core tenants data): always there, and a map layer of its own.
  add({
    id: 'city-boundary',
    module: 'tenants',
    title: { ro: 'Limita administrativă a orașului', en: 'City administrative boundary', hu: 'A város közigazgatási határa' },
    description: {
      ro: 'Conturul unității administrativ-teritoriale folosit de platformă pentru hărți, ca GeoJSON (WGS84).',
      en: 'The outline of the administrative unit the platform uses for its maps, as GeoJSON (WGS84).',
      hu: 'A közigazgatási egység körvonala, amelyet a platform a térképeihez használ, GeoJSON formátumban (WGS84).',
    },
    themes: ['REGI', 'GOVE'],
    keywords: { ro: ['limită administrativă', 'hartă'], en: ['administrative boundary', 'map'] },
    frequency: 'IRREG',
    available: async (tenant) => tenant.boundary !== null,
    distributions: [
      {
        id: 'boundary',
        format: 'GEOJSON',
        generate: async (tenant) =>
          JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', id: tenant.slug, geometry: tenant.boundary, properties: { name: (tenant.name as Multiloc).ro, slug: tenant.slug } }] }),
      },
      {
        id: 'boundary',
        format: 'CSV',
        generate: async (tenant) => toCsv([tenant], [
          { header: 'slug', value: (t) => t.slug },
          { header: 'name', value: (t) => (t.name as Multiloc).ro },
          { header: 'centre_lat', value: (t) => t.centre_lat },
          { header: 'centre_lon', value: (t) => t.centre_lon },
        ]),
      },
    ],
    collection: {
      id: 'boundary',
      title: { ro: 'Limita administrativă', en: 'Administrative boundary' },
      description: { ro: 'Conturul orașului.', en: 'The city outline.' },
      features: async (tenant) => (tenant.boundary ? [{ id: tenant.slug, geometry: tenant.boundary as { type: string; coordinates: unknown }, properties: { name: (tenant.name as Multiloc).ro } }] : []),
    },
  });

  const strategy = ctx.modules.strategy;
  if (strategy) {
    type Project = Awaited<ReturnType<typeof strategy.allProjects>>[number];
    const projects = (tenant: TenantRow) => strategy.allProjects(tenant.id, {});
    const hasStrategy = async (tenant: TenantRow) => (await strategy.listProjects(tenant.id, { limit: 1 })).total > 0;
    const lastUpdate = async (tenant: TenantRow) => {
      const times = (await projects(tenant)).map((p) => p.updatedAt).sort();
      return times.length ? new Date(times[times.length - 1]!) : null;
    };
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
    add({
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
        { id: 'projects', format: 'CSV', generate: async (t) => csvOf((await projects(t)).map(projectRow)) },
        { id: 'projects', format: 'JSON', generate: async (t) => JSON.stringify((await projects(t)).map(projectRow), null, 1) },
        { id: 'projects', format: 'GEOJSON', generate: async (t) => geojsonOf(await projectFeatures(t)) },
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
    add({
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
        { id: 'kpis', format: 'CSV', generate: async (t) => csvOf(await kpiRows(t)) },
        { id: 'kpis', format: 'JSON', generate: async (t) => JSON.stringify(await kpiRows(t), null, 1) },
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
    add({
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
        { id: 'measurements', format: 'CSV', generate: async (t) => csvOf(await measurementRows(t), ['kpi', 'date', 'value', 'unit', 'source', 'automatic']) },
        { id: 'measurements', format: 'JSON', generate: async (t) => JSON.stringify(await measurementRows(t), null, 1) },
      ],
    });
  }

  const reports = ctx.modules.reports;
  if (reports) {
    // Only what a public map shows: no title, description, address, photos or anything about the reporter;
    // the position is rounded to about 10 m.
    const reportRows = async (tenant: TenantRow) =>
      (await reports.list({ tenantId: tenant.id, staff: false, limit: 100_000, sort: 'oldest' })).map((r) => ({
        id: String(r.id),
        category: r.category_code,
        category_name: pickName(r.category_name),
        status: r.status,
        lat: r.lat === null ? null : Math.round(Number(r.lat) * 1e4) / 1e4,
        lon: r.lon === null ? null : Math.round(Number(r.lon) * 1e4) / 1e4,
        created_at: new Date(r.created_at).toISOString(),
        updated_at: new Date(r.updated_at).toISOString(),
        fixed_at: r.fixed_at ? new Date(r.fixed_at).toISOString() : null,
        closed_at: r.closed_at ? new Date(r.closed_at).toISOString() : null,
        supporters: r.supporters,
      }));
    const reportFeatures = async (tenant: TenantRow): Promise<GeoFeature[]> =>
      (await reportRows(tenant))
        .filter((r) => r.lat !== null && r.lon !== null)
        .map(({ lat, lon, ...props }) => ({ id: props.id, geometry: { type: 'Point', coordinates: [lon, lat] }, properties: props, time: { start: props.created_at, end: props.closed_at ?? null } }));
    add({
      id: 'reports',
      module: 'reports',
      acrossMembers: true,
      title: { ro: 'Sesizările cetățenilor (fără date personale)', en: 'Citizen problem reports (no personal data)', hu: 'Lakossági bejelentések (személyes adatok nélkül)' },
      description: {
        ro: 'Problemele semnalate de cetățeni (gropi, iluminat, salubritate…): categorie, stare, date și poziție rotunjită. Fără text liber, adrese, fotografii sau date despre autori.',
        en: 'Problems reported by citizens (potholes, lighting, waste…): category, status, dates and a rounded position. No free text, addresses, photos or data about the reporters.',
      },
      themes: ['REGI', 'GOVE', 'TRAN'],
      keywords: { ro: ['sesizări', 'probleme urbane', 'Open311'], en: ['problem reports', 'Open311'] },
      frequency: 'UPDATE_CONT',
      available: async (t) => (await reports.count({ tenantId: t.id, staff: false, limit: 1 })) > 0,
      distributions: [
        { id: 'reports', format: 'CSV', generate: async (t) => csvOf(await reportRows(t)) },
        { id: 'reports', format: 'GEOJSON', generate: async (t) => geojsonOf(await reportFeatures(t)) },
      ],
      collection: { id: 'reports', title: { ro: 'Sesizări', en: 'Problem reports' }, description: { ro: 'Sesizările publice, fără date personale.', en: 'Public problem reports without personal data.' }, features: reportFeatures },
    });

    // The neighbourhoods the report statistics use, where the city has real polygons (Timișoara's 31
    // cartiere from OpenStreetMap: ODbL, credited in the dataset and on every feature).
    const neighbourhoodFeatures = async (tenant: TenantRow): Promise<GeoFeature[]> => {
      const areas = reports.neighbourhoods(tenant);
      if (!areas) return [];
      const today = new Date(new Date().toISOString().slice(0, 10));
      const counts = new Map((await reports.statsByArea(tenant, new Date(today.getTime() - 365 * 86_400_000), new Date(today.getTime() + 86_400_000))).map((r) => [r.area, Number(r.submitted)]));
      return areas.items.map((a) => ({ id: a.code, geometry: a.boundary ?? null, properties: { code: a.code, name: a.name, label_lat: a.lat, label_lon: a.lon, reports_last_365_days: counts.get(a.code) ?? 0, source: areas.attribution } }));
    };
    add({
      id: 'neighbourhoods',
      module: 'reports',
      title: { ro: 'Cartierele orașului', en: 'City neighbourhoods', hu: 'A város negyedei' },
      description: {
        ro: 'Contururile cartierelor folosite de statistica sesizărilor (GeoJSON, WGS84), cu numărul de sesizări din ultimele 365 de zile. Sursa: OpenStreetMap (place=suburb), © OpenStreetMap contributors, ODbL 1.0.',
        en: 'The outlines of the neighbourhoods the report statistics use (GeoJSON, WGS84), with the number of reports in the last 365 days. Source: OpenStreetMap (place=suburb), © OpenStreetMap contributors, ODbL 1.0.',
        hu: 'A bejelentési statisztikák által használt negyedek körvonala (GeoJSON, WGS84), az elmúlt 365 nap bejelentéseinek számával. Forrás: OpenStreetMap (place=suburb), © OpenStreetMap contributors, ODbL 1.0.',
      },
      themes: ['REGI'],
      keywords: { ro: ['cartiere', 'limite', 'OpenStreetMap'], en: ['neighbourhoods', 'boundaries', 'OpenStreetMap'] },
      frequency: 'IRREG',
      available: async (t) => !!reports.neighbourhoods(t),
      distributions: [
        { id: 'neighbourhoods', format: 'GEOJSON', generate: async (t) => geojsonOf(await neighbourhoodFeatures(t)) },
        { id: 'neighbourhoods', format: 'CSV', generate: async (t) => csvOf((await neighbourhoodFeatures(t)).map((f) => f.properties)) },
      ],
      collection: { id: 'neighbourhoods', title: { ro: 'Cartiere', en: 'Neighbourhoods', hu: 'Negyedek' }, description: { ro: 'Cartierele (OpenStreetMap, ODbL 1.0).', en: 'Neighbourhoods (OpenStreetMap, ODbL 1.0).', hu: 'Negyedek (OpenStreetMap, ODbL 1.0).' }, features: neighbourhoodFeatures },
    });
  }

  const sensors = ctx.modules.sensors;
  if (sensors) {
    // The public sensor list: no owner (a citizen may host a sensor at home).
    const sensorFeatures = async (tenant: TenantRow): Promise<GeoFeature[]> =>
      (await sensors.listSensors(tenant, SYSTEM_PUBLIC)).map(({ thing, streams }) => ({
        id: String(thing.id),
        geometry: thing.lat !== null && thing.lon !== null ? { type: 'Point', coordinates: [thing.lon, thing.lat] } : null,
        properties: {
          name: thing.name,
          area: thing.area ?? null,
          properties: streams.map((s) => s.property).join(' '),
          last_observation: streams.map((s) => s.last_time).filter(Boolean).map((x) => new Date(x as Date).toISOString()).sort().pop() ?? null,
        },
      }));
    add({
      id: 'sensors',
      module: 'sensors',
      acrossMembers: true,
      title: { ro: 'Rețeaua de senzori de calitate a aerului', en: 'Air quality sensor network', hu: 'Levegőminőség-mérő hálózat' },
      description: {
        ro: 'Senzorii publici ai orașului: nume, zonă, poziție și mărimile măsurate (PM2.5, PM10, temperatură…).',
        en: 'The city\'s public sensors: name, area, position and what they measure (PM2.5, PM10, temperature…).',
      },
      themes: ['ENVI', 'TECH'],
      keywords: { ro: ['senzori', 'calitatea aerului', 'PM2.5'], en: ['sensors', 'air quality'] },
      frequency: 'UPDATE_CONT',
      available: async (t) => (await sensors.listSensors(t, SYSTEM_PUBLIC)).length > 0,
      distributions: [
        { id: 'sensors', format: 'GEOJSON', generate: async (t) => geojsonOf(await sensorFeatures(t)) },
        { id: 'sensors', format: 'CSV', generate: async (t) => csvOf((await sensorFeatures(t)).map((f) => ({ id: f.id, ...f.properties, lon: (f.geometry?.coordinates as number[] | undefined)?.[0] ?? null, lat: (f.geometry?.coordinates as number[] | undefined)?.[1] ?? null }))) },
      ],
      collection: { id: 'sensors', title: { ro: 'Senzori', en: 'Sensors' }, description: { ro: 'Senzorii publici.', en: 'Public sensors.' }, features: sensorFeatures },
    });
  }

  if (sensors) {
    // Roll-ups as the sensors service computes them (mean, min, max, count per bucket), for every public
    // sensor and observed property: the last 366 days per day, the last 30 days per hour.
    const rollups = async (tenant: TenantRow, interval: 'day' | 'hour') => {
      const out: { sensor: string; property: string; unit: string | null; time: string; mean: number; min: number | null; max: number | null; count: number }[] = [];
      for (const { thing, streams } of await sensors.listSensors(tenant, SYSTEM_PUBLIC))
        for (const st of streams) {
          const r = await sensors.series(tenant, SYSTEM_PUBLIC, Number(thing.id), { property: st.property, interval });
          for (const p of r.points) out.push({ sensor: String(thing.id), property: st.property, unit: st.unit ?? null, time: p.time.toISOString(), mean: Math.round(p.value * 1000) / 1000, min: p.min, max: p.max, count: p.count });
        }
      return out;
    };
    for (const [interval, ro, en, freq] of [
      ['day', 'zilnice', 'daily', 'DAILY'],
      ['hour', 'orare', 'hourly', 'HOURLY'],
    ] as const) {
      add({
        id: `sensor-rollups-${en}`,
        module: 'sensors',
        acrossMembers: true,
        title: { ro: `Măsurători ${ro} ale senzorilor (medii, minime, maxime)`, en: `Sensor measurements, ${en} (mean, min, max)`, hu: interval === 'day' ? 'Érzékelőmérések napi összesítése' : 'Érzékelőmérések óránkénti összesítése' },
        description: {
          ro: `Valorile ${ro} pentru fiecare senzor public și mărime (PM2.5, PM10, temperatură…): media, minimul, maximul și numărul de observații; ${interval === 'day' ? 'ultimele 366 de zile' : 'ultimele 30 de zile'}.`,
          en: `The ${en} values for each public sensor and quantity (PM2.5, PM10, temperature…): mean, minimum, maximum and number of observations; ${interval === 'day' ? 'the last 366 days' : 'the last 30 days'}.`,
        },
        themes: ['ENVI', 'HEAL'],
        keywords: { ro: ['calitatea aerului', 'senzori', 'PM2.5', 'serie de timp'], en: ['air quality', 'sensors', 'time series'] },
        frequency: freq,
        available: async (t) => (await sensors.listSensors(t, SYSTEM_PUBLIC)).length > 0,
        distributions: [
          { id: `rollups-${en}`, format: 'CSV', generate: async (t) => csvOf(await rollups(t, interval), ['sensor', 'property', 'unit', 'time', 'mean', 'min', 'max', 'count']) },
          { id: `rollups-${en}`, format: 'JSON', generate: async (t) => JSON.stringify(await rollups(t, interval)) },
        ],
      });
    }
  }

  const participation = ctx.modules.participation;
  if (participation) {
    const publicBudgets = async (tenant: TenantRow) => (await participation.listBudgets(tenant)).filter((b) => b.status !== 'draft');
    // Per project: votes and whether the greedy rule funds it; ballots are never listed here (the .pb file
    // has them with numbered, anonymous voter ids, as pabulib publishes them).
    const resultRows = async (tenant: TenantRow) => {
      const out: { budget: string; budget_status: string; project: string; title_ro: string; cost: number; votes: number; selected: boolean; lat: number | null; lon: number | null }[] = [];
      for (const b of await publicBudgets(tenant)) {
        const r = await participation.results(tenant, b.slug, 'greedy');
        for (const p of r.projects) out.push({ budget: b.slug, budget_status: b.status, project: p.project.code, title_ro: p.project.title.ro, cost: Number(p.project.cost), votes: p.votes, selected: p.selected, lat: p.project.lat, lon: p.project.lon });
      }
      return out;
    };
    const budgetFeatures = async (tenant: TenantRow): Promise<GeoFeature[]> =>
      (await resultRows(tenant))
        .filter((r) => r.lat !== null && r.lon !== null)
        .map(({ lat, lon, ...props }) => ({ id: `${props.budget}-${props.project}`, geometry: { type: 'Point', coordinates: [lon, lat] }, properties: props }));
    add({
      id: 'participatory-budget-results',
      module: 'participation',
      acrossMembers: true,
      title: { ro: 'Rezultatele bugetării participative', en: 'Participatory budgeting results', hu: 'A részvételi költségvetés eredményei' },
      description: {
        ro: 'Proiectele propuse la bugetarea participativă, costul, voturile primite și dacă sunt finanțate; fișierul .pb (formatul pabulib) conține și buletinele anonime pentru verificarea independentă a rezultatului.',
        en: 'The projects put to the participatory budget, their cost, the votes they received and whether they are funded; the .pb file (pabulib format) also has the anonymous ballots so the outcome can be checked independently.',
      },
      themes: ['GOVE', 'ECON', 'SOCI'],
      keywords: { ro: ['buget participativ', 'vot', 'pabulib'], en: ['participatory budgeting', 'vote'] },
      frequency: 'UPDATE_CONT',
      available: async (t) => (await publicBudgets(t)).length > 0,
      distributions: [
        { id: 'results', format: 'CSV', title: { ro: 'Toate bugetele participative (CSV)', en: 'All participatory budgets (CSV)' }, generate: async (t) => csvOf(await resultRows(t)) },
        {
          id: 'latest',
          format: 'PB',
          title: { ro: 'Ultimul buget participativ (pabulib .pb)', en: 'Latest participatory budget (pabulib .pb)' },
          generate: async (t) => {
            const [latest] = await publicBudgets(t);
            return latest ? (await participation.exportPb(t, latest.slug, 'greedy')).text : '';
          },
        },
      ],
      // One pabulib file for every budget (voting or closed), named after the budget: `budget-<slug>.pb`.
      tenantDistributions: async (t) =>
        (await publicBudgets(t)).map((b) => ({
          id: `budget-${fileStem(b.slug)}`,
          format: 'PB' as const,
          title: { ro: `${pickName(b.title)} (pabulib .pb)`, en: `${(b.title as { en?: string } | null)?.en ?? pickName(b.title)} (pabulib .pb)` },
          generate: async (tenant: TenantRow) => (await participation.exportPb(tenant, b.slug, 'greedy')).text,
        })),
      collection: { id: 'budget-projects', title: { ro: 'Proiecte de buget participativ', en: 'Participatory budget projects' }, description: { ro: 'Proiectele cu locație.', en: 'Projects with a location.' }, features: budgetFeatures },
    });
  }

  if (participation) {
    // Aggregates only (counts and shares per option, scale value or coded cluster): no free text, no
    // individual answers, no profile.
    const surveyRows = async (tenant: TenantRow) => {
      const out: { consultation: string; question: string; type: string; respondents: number; answered: number; item: string; count: number; pct: number | null }[] = [];
      for (const sv of (await participation.listSurveys(tenant)).filter((x) => x.status !== 'draft')) {
        const r = await participation.surveyResults(tenant, sv.slug);
        for (const q of r.questions as { key: string; type: string; n: number; options?: { key: string; count: number; pct?: number }[]; distribution?: { value: number; count: number; pct: number }[]; codes?: { label: string; n: number; pct: number }[] }[]) {
          const base = { consultation: sv.slug, question: q.key, type: q.type, respondents: r.respondents, answered: q.n };
          for (const o of q.options ?? []) out.push({ ...base, item: o.key, count: o.count, pct: o.pct ?? null });
          for (const d of q.distribution ?? []) out.push({ ...base, item: String(d.value), count: d.count, pct: d.pct });
          for (const c of q.codes ?? []) out.push({ ...base, item: `cluster: ${c.label}`, count: c.n, pct: c.pct });
        }
      }
      return out;
    };
    add({
      id: 'consultation-results',
      module: 'participation',
      title: { ro: 'Rezultatele consultărilor publice', en: 'Public consultation results', hu: 'A nyilvános konzultációk eredményei' },
      description: {
        ro: 'Rezultatele agregate ale consultărilor: pentru fiecare întrebare, numărul și procentul răspunsurilor pe variante, distribuția notelor și grupările răspunsurilor libere. Fără răspunsuri individuale.',
        en: 'Aggregated consultation results: for each question, the number and share of answers per option, the distribution of scores and the clusters of open answers. No individual answers.',
      },
      themes: ['GOVE', 'SOCI'],
      keywords: { ro: ['consultare publică', 'chestionar', 'participare'], en: ['public consultation', 'survey'] },
      frequency: 'UPDATE_CONT',
      available: async (t) => (await participation.listSurveys(t)).some((x) => x.status !== 'draft'),
      distributions: [
        { id: 'results', format: 'CSV', generate: async (t) => csvOf(await surveyRows(t)) },
        { id: 'results', format: 'JSON', generate: async (t) => JSON.stringify(await surveyRows(t), null, 1) },
      ],
    });
  }

  if (participation) {
    // Individual answers, anonymised: closed questions only, month only, shuffled, and only for closed
    // consultations with at least MIN_RESPONSES responses (fewer could single people out).
    const eligible = async (tenant: TenantRow) =>
      (await participation.listSurveys(tenant)).filter((x) => x.status === 'closed' && Number((x as { responses?: unknown }).responses ?? 0) >= MIN_RESPONSES);
    add({
      id: 'consultation-responses',
      module: 'participation',
      title: { ro: 'Răspunsurile anonimizate la consultările publice', en: 'Anonymised public consultation responses', hu: 'A nyilvános konzultációk anonimizált válaszai' },
      description: {
        ro: `Câte un fișier CSV pentru fiecare consultare încheiată, cu un rând pentru fiecare răspuns: doar întrebările cu variante (alegeri, note, clasamente, împărțiri de voturi, grile) și luna răspunsului. Nu conțin răspunsuri scrise liber, date despre respondenți (vârstă, cartier…), identificatori sau ora răspunsului, iar rândurile sunt amestecate, nu în ordinea în care au fost trimise. Consultările cu mai puțin de ${MIN_RESPONSES} răspunsuri nu sunt publicate, pentru că respondenții ar putea fi recunoscuți.`,
        en: `One CSV file for each closed consultation, one row per response: only the questions with set answers (choices, scores, rankings, vote allocations, grids) and the month of the response. There are no free-text answers, no data about the respondents (age, neighbourhood…), no identifiers and no time of day, and the rows are shuffled, not in the order they were sent. Consultations with fewer than ${MIN_RESPONSES} responses are not published, because their respondents could be recognised.`,
      },
      themes: ['GOVE', 'SOCI'],
      keywords: { ro: ['consultare publică', 'chestionar', 'răspunsuri anonimizate', 'microdate'], en: ['public consultation', 'survey', 'anonymised responses', 'microdata'] },
      frequency: 'UPDATE_CONT',
      available: async (t) => (await eligible(t)).length > 0,
      distributions: [],
      tenantDistributions: async (t) =>
        (await eligible(t)).map((sv) => ({
          id: `responses-${fileStem(sv.slug)}`,
          format: 'CSV' as const,
          // A reconstructed consultation's rows were rebuilt from its published totals, not collected: say so.
          title: sv.reconstructed
            ? { ro: `${pickName(sv.title)}: răspunsuri reconstruite din rezultatele publicate`, en: `${(sv.title as { en?: string } | null)?.en ?? pickName(sv.title)}: responses reconstructed from the published results` }
            : { ro: `${pickName(sv.title)}: răspunsuri anonimizate`, en: `${(sv.title as { en?: string } | null)?.en ?? pickName(sv.title)}: anonymised responses` },
          generate: async (tenant: TenantRow) => anonymisedResponses(await participation.exportRows(tenant, sv.slug)),
        })),
    });
  }

  return registered;
}

/** A consultation with fewer responses than this publishes no individual answers. */
export const MIN_RESPONSES = 10;

type ClosedQuestion = { key: string; type: string; options?: { key: string }[]; rows?: { key: string }[] };

/**
 * The response-level CSV of one consultation: closed questions only (one column per question; one per option
 * for allocations and per row for grids), the month, no profile, no free text, no ids; rows sorted by a hash
 * of their own content, so the order says nothing about when or by whom they were sent.
 */
export function anonymisedResponses(exp: { survey: { slug: string; questions: ClosedQuestion[] }; rows: { date: string; answers: Record<string, unknown> }[] }): string {
  const CLOSED = new Set(['single', 'multiple', 'scale', 'ranking', 'allocation', 'matrix']);
  const questions = exp.survey.questions.filter((q) => CLOSED.has(q.type));
  const columns: { header: string; value(a: Record<string, unknown>): string | number | null }[] = [];
  // Only option keys and numbers leave: a stored value that is not one of the question's options (an imported
  // or reconstructed answer with text in it) is dropped, so no free text can slip through a closed question.
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  for (const q of questions) {
    const options = new Set((q.options ?? []).map((o) => o.key));
    const opt = (v: unknown) => (typeof v === 'string' && options.has(v) ? v : null);
    const obj = (a: Record<string, unknown>) => (a[q.key] && typeof a[q.key] === 'object' && !Array.isArray(a[q.key]) ? (a[q.key] as Record<string, unknown>) : null);
    if (q.type === 'allocation') for (const o of q.options ?? []) columns.push({ header: `${q.key}.${o.key}`, value: (a) => (obj(a) ? (num(obj(a)![o.key]) ?? 0) : null) });
    else if (q.type === 'matrix') for (const r of q.rows ?? []) columns.push({ header: `${q.key}.${r.key}`, value: (a) => opt(obj(a)?.[r.key]) });
    else if (q.type === 'multiple' || q.type === 'ranking') columns.push({ header: q.key, value: (a) => (Array.isArray(a[q.key]) ? (a[q.key] as unknown[]).filter((x) => opt(x) !== null).join('|') : null) });
    else if (q.type === 'scale') columns.push({ header: q.key, value: (a) => num(a[q.key]) });
    else columns.push({ header: q.key, value: (a) => opt(a[q.key]) });
  }
  const rows = exp.rows.map((r) => [r.date.slice(0, 7), ...columns.map((c) => c.value(r.answers))]);
  const key = (r: unknown[]) => createHash('sha256').update(exp.survey.slug + '\n' + JSON.stringify(r)).digest('hex');
  const keyed = rows.map((r) => ({ r, k: key(r) })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  const header = ['month', ...columns.map((c) => c.header)];
  return toCsv(keyed.map((x) => x.r), header.map((h, i) => ({ header: h, value: (r: (string | number | null)[]) => r[i] ?? null })));
}

/** A slug as a file-name stem (URL-safe). */
function fileStem(slug: string): string {
  return slug.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}

/** An anonymous caller: the sensors a visitor may see. */
const SYSTEM_PUBLIC: Actor = { kind: 'anonymous' };

function pickName(n: unknown): string {
  return typeof n === 'string' ? n : ((n as { ro?: string } | null)?.ro ?? '');
}

/** CSV from flat objects; the header is the keys of the first row. */
function csvOf(rows: Record<string, unknown>[], header: string[] = []): string {
  const keys = rows[0] ? Object.keys(rows[0]) : header;
  return toCsv(rows, keys.map((k) => ({ header: k, value: (r: Record<string, unknown>) => (r[k] === null || r[k] === undefined ? null : (r[k] as string | number | boolean)) })));
}

function geojsonOf(features: GeoFeature[]): string {
  return JSON.stringify({ type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', id: f.id, geometry: f.geometry, properties: f.properties })) });
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
