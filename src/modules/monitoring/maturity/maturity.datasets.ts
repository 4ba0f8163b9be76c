/**
 * The monitoring module's open datasets, declared through the open-data module's service API (generated on
 * request): the maturity matrix rounds (published ones) and the progress of projects per reporting period
 * (approved progress reports). Nothing personal: no authors, no internal risks or comments of the review.
 */
import { SYSTEM } from '../../../core/actor.js';
import { toCsv } from '../../../core/csv.js';
import { hasRows, latestOf, type PlatformDatasetDef } from '../../opendata/index.js';
import type { TenantRow } from '../../tenants/index.js';
import { presentReportList } from '../progress-reports/progress-reports.presenter.js';
import type { ProgressReportsService } from '../progress-reports/progress-reports.service.js';
import { presentRoundList, presentRoundView } from './maturity.presenter.js';
import type { MaturityService } from './maturity.service.js';

export function maturityDatasets(svc: { maturity: MaturityService; reports: ProgressReportsService }): PlatformDatasetDef[] {
  const out: PlatformDatasetDef[] = [];
  const list = async (t: TenantRow) => presentRoundList(await svc.maturity.list(SYSTEM, t));
  const rounds = async (t: TenantRow) => {
    const published = (await list(t)).items.filter((r) => r.status === 'published');
    return Promise.all(published.map(async (r) => presentRoundView(await svc.maturity.get(SYSTEM, t, r.id))));
  };
  out.push({
    id: 'maturity-rounds',
    module: 'monitoring',
    title: { ro: 'Matricea de maturitate smart city: evaluări', en: 'Smart city maturity matrix: assessment rounds', hu: 'Okosváros-érettségi mátrix: értékelési fordulók' },
    description: {
      ro: 'Rundele publicate de autoevaluare a matricei de maturitate: pentru fiecare criteriu (pilon, nivel 1–5) starea (atins, în curs, prognozat 2030, neînceput), dovezile și comentariul; nivelul atins pe fiecare pilon.',
      en: 'The published self-assessment rounds of the maturity matrix: for each criterion (pillar, level 1–5) its state (achieved, in progress, forecast for 2030, not started), evidence and comment; the level reached per pillar.',
      hu: 'Az érettségi mátrix közzétett önértékelési fordulói: minden kritériumra (pillér, 1–5. szint) az állapot (teljesült, folyamatban, 2030-ra tervezett, nem kezdődött el), a bizonyítékok és a megjegyzés; az egyes pillérek elért szintje.',
    },
    themes: ['GOVE', 'TECH'],
    keywords: { ro: ['matrice de maturitate', 'smart city', 'autoevaluare'], en: ['maturity matrix', 'smart city', 'self-assessment'] },
    frequency: 'ANNUAL',
    available: async (t) => (await list(t)).items.some((r) => r.status === 'published'),
    modified: async (t) => latestOf((await list(t)).items.map((r) => r.publishedAt)),
    distributions: [
      {
        id: 'maturity-criteria',
        format: 'CSV',
        generate: async (t) =>
          toCsv(
            (await rounds(t)).flatMap((r) => r.pillars.flatMap((p) => p.criteria.map((c) => ({ r, p, c })))),
            [
              { header: 'round_id', value: (x) => x.r.id },
              { header: 'round', value: (x) => x.r.name.ro },
              { header: 'published_at', value: (x) => x.r.publishedAt },
              { header: 'reconstructed', value: (x) => String(x.r.reconstructed) },
              { header: 'pillar', value: (x) => x.p.code },
              { header: 'criterion', value: (x) => x.c.code },
              { header: 'level', value: (x) => x.c.level },
              { header: 'text_ro', value: (x) => x.c.text.ro },
              { header: 'state', value: (x) => x.c.state },
              { header: 'evidence_ro', value: (x) => x.c.evidence.text?.ro ?? null },
              { header: 'evidence_links', value: (x) => x.c.evidence.links.map((l) => `${l.type}:${l.ref}${l.property ? `:${l.property}` : ''}`).join(' ') },
              { header: 'comment_ro', value: (x) => x.c.comment?.ro ?? null },
            ],
          ),
      },
      {
        id: 'maturity-levels',
        format: 'CSV',
        generate: async (t) =>
          toCsv(
            (await rounds(t)).flatMap((r) => r.pillars.map((p) => ({ r, p }))),
            [
              { header: 'round_id', value: (x) => x.r.id },
              { header: 'round', value: (x) => x.r.name.ro },
              { header: 'published_at', value: (x) => x.r.publishedAt },
              { header: 'pillar', value: (x) => x.p.code },
              { header: 'pillar_title', value: (x) => x.p.title.ro },
              { header: 'level_reached', value: (x) => x.p.levelReached },
              { header: 'level_with_in_progress', value: (x) => x.p.levelInProgress },
              { header: 'level_2030', value: (x) => x.p.level2030 },
              { header: 'previous_level', value: (x) => x.p.previousLevel },
            ],
          ),
      },
      { id: 'maturity-rounds', format: 'JSON', generate: async (t) => JSON.stringify((await rounds(t)).map(({ abilities: _a, ...r }) => r)) },
    ],
  });

  const approved = async (t: TenantRow) => presentReportList(await svc.reports.list(SYSTEM, t, { status: 'approved' })).items;
  out.push({
    id: 'project-progress',
    module: 'monitoring',
    title: { ro: 'Progresul proiectelor pe perioade de raportare', en: 'Progress of projects per reporting period', hu: 'A projektek előrehaladása beszámolási időszakonként' },
    description: {
      ro: 'Rapoartele de progres aprobate ale proiectelor strategiei: perioada, stadiul proiectului, procentul realizat, cheltuielile până la zi față de buget, reperele atinse și valorile indicatorilor raportate.',
      en: "The approved progress reports of the strategy's projects: period, project status, % complete, spend to date against budget, milestones reached and the KPI values reported.",
      hu: 'A stratégia projektjeinek jóváhagyott előrehaladási jelentései: időszak, projektállapot, teljesítés százalékban, eddigi költés a költségvetéshez képest, elért mérföldkövek és a jelentett mutatóértékek.',
    },
    themes: ['GOVE', 'ECON'],
    keywords: { ro: ['raport de progres', 'proiecte', 'monitorizare'], en: ['progress report', 'projects', 'monitoring'] },
    frequency: 'IRREG',
    available: hasRows(approved),
    modified: async (t) => latestOf((await approved(t)).map((r) => r.approvedAt)),
    distributions: [
      {
        id: 'project-progress',
        format: 'CSV',
        generate: async (t) =>
          toCsv(await approved(t), [
            { header: 'report_number', value: (r) => r.number },
            { header: 'project', value: (r) => r.project.code },
            { header: 'project_title', value: (r) => r.project.title?.ro ?? null },
            { header: 'period_start', value: (r) => r.periodStart },
            { header: 'period_end', value: (r) => r.periodEnd },
            { header: 'project_status', value: (r) => r.projectStatus },
            { header: 'progress_percent', value: (r) => r.progress },
            { header: 'spend_to_date_eur', value: (r) => r.spendToDate },
            { header: 'budget_eur', value: (r) => r.budget },
            { header: 'milestones_reached', value: (r) => r.milestonesReached.join('; ') },
            { header: 'kpi_values', value: (r) => r.kpiValues.map((k) => `${k.kpi}=${k.value}`).join('; ') },
            { header: 'approved_at', value: (r) => r.approvedAt },
          ]),
      },
    ],
  });
  return out;
}
