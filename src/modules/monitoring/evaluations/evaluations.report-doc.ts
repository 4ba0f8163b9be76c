/**
 * A report as a document: headings, paragraphs, tables and charts, in one language, built from a stored
 * snapshot. The HTML and the PDF renderers both draw this document, so the two formats say the same thing.
 * Every value is plain text here; each renderer inserts it as text (escaped in HTML, drawn as text in PDF).
 */
import { type Locale, type Multiloc, pick } from '../../../core/i18n.js';
import { PROJECT_STATUS_TEXT } from '../../strategy/index.js';
import { EVALUATION_TYPE_TEXT, KPI_STATUS_TEXT, RECOMMENDATION_STATUS_TEXT, rt } from './evaluations.messages.js';
import type { ChartData, Figure, ReportSnapshot } from './evaluations.report-data.js';
import type { ReportKind } from './evaluations.schemas.js';

export interface TableBlock {
  t: 'table';
  caption: string;
  head: string[];
  rows: string[][];
  /** columns aligned right (numbers) */
  numeric: boolean[];
  /** relative column widths (PDF) */
  widths: number[];
}
export interface ChartBlock {
  t: 'chart';
  id: string;
  title: string;
  /** the chart's text alternative */
  alt: string;
  unit: string | null;
  points: { label: string; value: number }[];
  baseline: number | null;
  target: number | null;
  labels: { baseline: string; target: string; value: string; date: string };
  fmt: (v: number) => string;
}
export type Block = { t: 'p'; text: string } | { t: 'note'; text: string } | { t: 'h3'; text: string } | TableBlock | ChartBlock;

export interface ReportSection {
  id: string;
  title: string;
  blocks: Block[];
}

export interface ReportDoc {
  lang: Locale;
  title: string;
  city: string;
  subtitle: string;
  /** lines under the title: period, version, generated, scope */
  meta: string[];
  notes: string[];
  sections: ReportSection[];
  labels: { contents: string; page: (n: number, total: number) => string; skip: string };
}

const INTL: Record<Locale, string> = { ro: 'ro-RO', en: 'en-GB', hu: 'hu-HU' };

export function formatters(lang: Locale) {
  const num = new Intl.NumberFormat(INTL[lang], { maximumFractionDigits: 2 });
  const date = (iso: string) => new Intl.DateTimeFormat(INTL[lang], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso.slice(0, 10)}T12:00:00Z`));
  return { num: (v: number) => num.format(v), date };
}

/** Builds the document of a report kind in a language from a snapshot. */
export function buildReportDoc(s: ReportSnapshot, kind: ReportKind, lang: Locale, opts: { draft: boolean }): ReportDoc {
  const f = formatters(lang);
  const T = (k: Parameters<typeof rt>[0], vars?: Record<string, string | number>) => rt(k, lang, vars);
  const L = (m: Multiloc | null | undefined) => (m ? pick(m, lang) : '');
  const n = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : f.num(v));
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${f.num(v)} %`);
  const period = `${f.date(s.evaluation.periodStart)} – ${f.date(s.evaluation.periodEnd)}`;
  const city = L(s.city);
  const scope = s.evaluation.scope.length ? s.evaluation.scope.map((c) => (c.title ? `${c.code} ${L(c.title)}` : c.code)).join('; ') : T('wholeStrategy');

  const sections: ReportSection[] = [];
  const add = (id: string, title: string, blocks: Block[]) => sections.push({ id, title, blocks });

  add('about', T('summary'), [
    { t: 'p', text: T('summaryText', { start: f.date(s.evaluation.periodStart), end: f.date(s.evaluation.periodEnd) }) },
    {
      t: 'table',
      caption: T('summary'),
      head: ['', ''],
      rows: [
        [T('type'), EVALUATION_TYPE_TEXT[s.evaluation.type]![lang]],
        [T('strategy'), `${L(s.strategy.title)} (${s.strategy.periodStart}–${s.strategy.periodEnd})`],
        [T('period'), period],
        [T('scope'), scope],
        [T('version'), String(s.version)],
        [T('generated'), f.date(s.generatedAt)],
      ],
      numeric: [false, false],
      widths: [1, 3],
    },
  ]);

  const findings = () =>
    add('findings', T('findings'), s.findings.length ? s.findings.flatMap((x): Block[] => [{ t: 'h3', text: x.title ? `${x.scope} — ${L(x.title)}` : x.scope }, ...paragraphs(L(x.text))]) : [{ t: 'p', text: T('none') }]);

  const recommendations = () =>
    add(
      'recommendations',
      T('recommendations'),
      s.recommendations.length
        ? s.recommendations.flatMap((r): Block[] => [
            { t: 'h3', text: `${T('recommendation', { n: r.number })} — ${RECOMMENDATION_STATUS_TEXT[r.status]![lang]}` },
            ...paragraphs(L(r.text)),
            { t: 'p', text: `${T('addressedTo')}: ${r.addressedTo}` },
            ...(r.reason ? [{ t: 'p' as const, text: `${T('reason')}: ${r.reason}` }] : []),
            { t: 'p', text: `${T('answer')}: ${r.answer ? L(r.answer) : T('noAnswer')}` },
          ])
        : [{ t: 'p', text: T('none') }],
    );

  const data = () => {
    // KPIs: the table, then a chart (with its data table) per key KPI.
    const kpiBlocks: Block[] = [
      {
        t: 'table',
        caption: T('kpiTable'),
        head: [T('code'), T('indicator'), T('baseline'), T('target'), T('value'), T('progress'), T('status')],
        rows: s.kpis.map((k) => [
          k.code,
          `${L(k.name)}${k.unit ? ` (${k.unit})` : ''}`,
          k.baseline !== null ? n(k.baseline) : (k.baselineText ?? '—'),
          k.target !== null ? n(k.target) : (k.targetText ?? '—'),
          k.value !== null ? n(k.value) : T('noData'),
          pct(k.progress),
          KPI_STATUS_TEXT[k.status]![lang],
        ]),
        numeric: [false, false, true, true, true, true, false],
        widths: [0.9, 3.2, 1.1, 1, 1, 0.9, 1.1],
      },
    ];
    if (s.charts.length) kpiBlocks.push({ t: 'h3', text: T('kpiCharts') }, ...s.charts.map((c) => chartBlock(c, lang)));
    add('kpis', T('kpis'), kpiBlocks);

    const statuses = Object.entries(s.projects.statusCounts).sort((a, b) => b[1] - a[1]);
    add('projects', T('projects'), [
      { t: 'table', caption: T('projectCounts', { total: s.projects.total }), head: [T('status'), T('count')], rows: statuses.map(([st, c]) => [PROJECT_STATUS_TEXT[st]?.[lang] ?? st, n(c)]), numeric: [false, true], widths: [3, 1] },
      s.projects.changes.length
        ? {
            t: 'table',
            caption: T('changes'),
            head: [T('date'), T('project'), T('change')],
            rows: s.projects.changes.map((c) => [f.date(c.date), `${c.project} ${L(c.title)}`, `${c.status ? `${PROJECT_STATUS_TEXT[c.status]?.[lang] ?? c.status}. ` : ''}${L(c.text)}`]),
            numeric: [false, false, false],
            widths: [1.1, 2, 3.5],
          }
        : { t: 'p', text: `${T('changes')}: ${T('none')}` },
    ]);

    add(
      'progress-reports',
      T('progressReports'),
      s.progressReports.length
        ? s.progressReports.flatMap((r): Block[] => [
            { t: 'h3', text: `${T('progressReport', { n: r.number })} — ${r.project} ${L(r.title)}` },
            { t: 'p', text: `${T('period')}: ${f.date(r.periodStart)} – ${f.date(r.periodEnd)}. ${T('status')}: ${PROJECT_STATUS_TEXT[r.projectStatus]?.[lang] ?? r.projectStatus}${r.progress !== null ? `, ${pct(r.progress)}` : ''}.` },
            ...paragraphs(L(r.narrative)),
          ])
        : [{ t: 'p', text: T('none') }],
    );

    add(
      'maturity',
      T('maturity'),
      s.maturity
        ? [
            s.maturity.round
              ? {
                  t: 'p',
                  text: T(s.maturity.round.previous ? 'maturityRoundPrev' : 'maturityRound', {
                    name: L(s.maturity.round.name),
                    date: f.date(s.maturity.round.publishedAt),
                    previous: s.maturity.round.previous ? L(s.maturity.round.previous.name) : '',
                  }),
                }
              : { t: 'note', text: T('maturityNote') },
            ...(s.maturity.round?.reconstructed ? [{ t: 'note' as const, text: T('maturityReconstructed') }] : []),
            {
              t: 'table',
              caption: T('maturity'),
              head: [T('pillar'), T('level'), T('criteria'), T('change_')],
              rows: s.maturity.pillars.map((p) => {
                const lv = s.maturity!.levels.find((l) => l.level === p.level);
                const change = p.previous === undefined || p.previous === null || p.level === null ? '—' : p.level - p.previous > 0 ? `+${p.level - p.previous}` : String(p.level - p.previous);
                return [`${p.code} ${L(p.title)}`, p.level === null ? '—' : `${p.level}${lv ? ` — ${L(lv.name)}` : ''}`, n(p.criteria), change];
              }),
              numeric: [false, false, true, false],
              widths: [3, 2, 0.8, 0.8],
            },
          ]
        : [{ t: 'p', text: T('noMaturity') }],
    );

    const p = s.participation;
    add('participation', T('participation'), [
      figureTable(T('participation'), [T('figure'), T('value')], [
        [T('consultations'), n(p.consultations)],
        [T('participants'), n(p.participants)],
        [T('largestConsultation'), n(p.largestConsultation)],
        [T('budgets'), n(p.budgets)],
        [T('budgetVoters'), n(p.budgetVoters)],
        [T('winners'), n(p.winners)],
      ]),
    ]);
    const r = s.problemReports;
    add('problem-reports', T('problemReports'), [
      figureTable(T('problemReports'), [T('figure'), T('value')], [
        [T('submitted'), n(r.submitted)],
        [T('medianDays'), n(r.medianDaysToFix)],
        [T('withinTarget'), r.shareFixedWithinTarget === null ? '—' : pct(Math.round(r.shareFixedWithinTarget * 1000) / 10)],
      ]),
    ]);
    const airRow = (label: string, x: Figure) => {
      const meets = x.value === null || x.target === null || x.target === undefined ? '—' : x.value <= x.target ? T('yes') : T('no');
      const source = x.targetSource?.startsWith('kpi:') ? T('kpiTarget', { code: x.targetSource.slice(4) }) : T('euLimit');
      return [label, n(x.value), n(x.target), meets, source];
    };
    add('air', T('air'), [
      {
        t: 'table',
        caption: T('air'),
        head: [T('figure'), T('value'), T('target'), T('meets'), T('limitSource')],
        rows: [airRow(T('pm25'), s.air.pm25), airRow(T('pm10'), s.air.pm10), airRow(T('daysOver'), s.air.daysOverLimit)],
        numeric: [false, true, true, false, false],
        widths: [2.6, 0.9, 0.9, 0.9, 2.4],
      },
    ]);
    add('open-data', T('openData'), [
      figureTable(T('openData'), [T('figure'), T('value')], [
        [T('datasetsStart'), n(s.openData.atStart)],
        [T('datasetsEnd'), n(s.openData.atEnd)],
      ]),
    ]);
  };

  if (kind === 'evaluation') {
    findings();
    recommendations();
    data();
  } else {
    data();
    recommendations();
  }

  const notes = [...(s.evaluation.demo ? [T('demo')] : []), ...(opts.draft ? [T('draft')] : [])];
  return {
    lang,
    title: kind === 'evaluation' ? `${T('evaluationReport')}: ${L(s.evaluation.title)}` : `${T('stateOfTheCity')} — ${city}`,
    city,
    subtitle: kind === 'evaluation' ? `${city} — ${EVALUATION_TYPE_TEXT[s.evaluation.type]![lang]}` : L(s.evaluation.title),
    meta: [`${T('period')}: ${period}`, `${T('scope')}: ${scope}`, `${T('version')} ${s.version} — ${T('generated')} ${f.date(s.generatedAt)}`],
    notes,
    sections,
    labels: { contents: T('contents'), page: (p, total) => T('page', { n: p, total }), skip: T('skip') },
  };

  function figureTable(caption: string, head: string[], rows: string[][]): TableBlock {
    return { t: 'table', caption, head, rows, numeric: [false, true], widths: [3, 1] };
  }
}

function paragraphs(text: string): Block[] {
  return text
    .split(/\n{2,}/)
    .map((x) => x.trim())
    .filter(Boolean)
    .map((x) => ({ t: 'p', text: x }));
}

function chartBlock(c: ChartData, lang: Locale): ChartBlock {
  const f = formatters(lang);
  const name = `${c.kpi} ${pick(c.name, lang)}`;
  const first = c.points[0]!;
  const last = c.points[c.points.length - 1]!;
  return {
    t: 'chart',
    id: `chart-${c.kpi.replace(/[^A-Za-z0-9_-]/g, '-')}`,
    title: `${name}${c.unit ? ` (${c.unit})` : ''}`,
    alt: rt('chartAlt', lang, { name, n: c.points.length, first: f.date(first.date), last: f.date(last.date), value: f.num(last.value) }),
    unit: c.unit,
    points: c.points.map((p) => ({ label: f.date(p.date), value: p.value })),
    baseline: c.baseline,
    target: c.target,
    labels: { baseline: rt('baseline', lang), target: rt('target', lang), value: rt('value', lang), date: rt('date', lang) },
    fmt: f.num,
  };
}
