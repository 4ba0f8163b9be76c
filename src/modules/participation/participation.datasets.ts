/**
 * Participation's open datasets, declared in its manifest: participatory budget results (with pabulib files),
 * consultation results as aggregates, and anonymised consultation responses.
 */
import { createHash } from 'node:crypto';
import { csvOf, toCsv } from '../../core/csv.js';
import { type GeoFeature, hasRows, type PlatformDatasetDef, tableFiles } from '../opendata/index.js';
import type { TenantRow } from '../tenants/index.js';
import type { ModuleServices } from '../module.js';

export function participationDatasets(participation: ModuleServices['participation']): PlatformDatasetDef[] {
  const datasets: PlatformDatasetDef[] = [];
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
  datasets.push({
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
    available: hasRows(publicBudgets),
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

  // Aggregates only (counts and shares per option, scale value or coded cluster): no free text, no
  // individual answers, no profile.
  const publicSurveys = async (tenant: TenantRow) => (await participation.listSurveys(tenant)).filter((x) => x.status !== 'draft');
  const surveyRows = async (tenant: TenantRow) => {
    const out: { consultation: string; question: string; type: string; respondents: number; answered: number; item: string; count: number; pct: number | null }[] = [];
    for (const sv of await publicSurveys(tenant)) {
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
  datasets.push({
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
    available: hasRows(publicSurveys),
    distributions: tableFiles('results', surveyRows, { indent: 1 }),
  });

  // Individual answers, anonymised: closed questions only, month only, shuffled, and only for closed
  // consultations with at least MIN_RESPONSES responses (fewer could single people out).
  const eligible = async (tenant: TenantRow) =>
    (await participation.listSurveys(tenant)).filter((x) => x.status === 'closed' && Number((x as { responses?: unknown }).responses ?? 0) >= MIN_RESPONSES);
  datasets.push({
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
    available: hasRows(eligible),
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
  return datasets;
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

function pickName(n: unknown): string {
  return typeof n === 'string' ? n : ((n as { ro?: string } | null)?.ro ?? '');
}
