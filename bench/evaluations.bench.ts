/**
 * Evaluation reports (issue 14): Timișoara's state-of-the-city report for the whole strategy — gathering
 * the period's data into a stored version ("generate"), then rendering it as HTML and as PDF — time and peak
 * memory, next to rendering a bare HTML page of the same length (a template over the same number of
 * characters, escaped) measured in the same run. PGlite (the default engine); the data: the real strategy
 * with measurements on every key KPI, recommendations with answers.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYSTEM } from '../src/core/actor.js';
import { loadConfig } from '../src/core/config.js';
import { ROOT_DIR } from '../src/core/version.js';
import type { ReportSnapshot } from '../src/modules/monitoring/evaluations/evaluations.report-data.js';
import { esc } from '../src/modules/monitoring/evaluations/evaluations.report-html.js';
import { renderReport } from '../src/modules/monitoring/evaluations/evaluations.reports.service.js';
import { seedTenants } from '../src/modules/tenants/index.js';
import { startServer } from '../src/server.js';
import { type BenchContext, type BenchResult, percentile } from './lib.js';

/** Runs `fn` n times; returns the median time (ms) and the peak of heap + external memory above the start (MB). */
async function measure(n: number, fn: () => Promise<unknown> | unknown): Promise<{ ms: number; peakMb: number }> {
  const times: number[] = [];
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.external;
  };
  const start = used();
  let peak = start;
  const sampler = setInterval(() => (peak = Math.max(peak, used())), 2);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
    peak = Math.max(peak, used());
  }
  clearInterval(sampler);
  return { ms: percentile(times, 50), peakMb: Math.max(0, peak - start) / 1024 / 1024 };
}

/** A bare HTML page of `length` characters: paragraphs of escaped text in a template, nothing else. */
function barePage(length: number): string {
  const para = 'Timișoara — indicatori, proiecte și recomandări <&> ';
  const parts: string[] = ['<!doctype html><html lang="ro"><head><meta charset="utf-8"><title>Raport</title></head><body><main>'];
  let size = parts[0]!.length;
  while (size < length) {
    const p = `<p>${esc(para)}</p>`;
    parts.push(p);
    size += p.length;
  }
  parts.push('</main></body></html>');
  return parts.join('');
}

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const n = ctx.quick ? 3 : 10;
  const config = loadConfig({ URBIA_DATA_DIR: mkdtempSync(join(tmpdir(), 'urbia-bench-')), PORT: '0', LOG_LEVEL: 'silent', URBIA_RATE_LIMITS: 'false' });
  let evaluationId = 0;
  const server = await startServer(config, {
    serveWeb: false,
    logger: false,
    beforeListen: async (built) => {
      await seedTenants(built.services.tenants);
      const tenant = await built.services.tenants.bySlug('timisoara');
      const doc = JSON.parse(readFileSync(join(ROOT_DIR, 'data/strategies/timisoara-2022-2027.json'), 'utf8')) as { tenant: string; kpis: { code: string; level: string; baseline: { value: number | null } }[] };
      const strategy = built.modules.strategy!;
      await strategy.importDocument(SYSTEM, tenant, doc);
      // Quarterly values for every key KPI over two years, so each gets its chart.
      for (const k of doc.kpis.filter((x) => x.level === 'key')) {
        const b = k.baseline.value ?? 1;
        for (let q = 0; q < 8; q++) await strategy.addMeasurement(SYSTEM, tenant, k.code, { date: `${2025 + Math.floor(q / 4)}-${String((q % 4) * 3 + 3).padStart(2, '0')}-28`, value: Math.round(b * (1 + q / 20) * 100) / 100 });
      }
      const ev = built.modules.monitoring!.evaluations;
      const round = await ev.create(SYSTEM, tenant, { type: 'annual', title: { ro: 'Starea orașului 2026 (bench)' }, periodStart: '2026-01-01', periodEnd: '2026-12-31', scope: [] });
      evaluationId = round.row.id;
      for (let i = 1; i <= 8; i++) {
        const r = await ev.createRecommendation(SYSTEM, tenant, round.row.id, { text: { ro: `Recomandarea ${i}: îmbunătățirea raportării pentru ambiția A${(i % 7) + 1}, cu date deschise și termene clare.` }, addressedTo: 'PMT', status: 'open' });
        await ev.answerRecommendation(SYSTEM, tenant, round.row.id, r.row.id, { answer: { ro: 'Acceptată; termen: trimestrul următor.' }, status: 'accepted' });
      }
    },
  });
  try {
    const ev = server.modules.monitoring!.evaluations;
    const tenant = await server.services.tenants.bySlug('timisoara');
    const generate = await measure(ctx.quick ? 2 : 5, () => ev.generate(SYSTEM, tenant, evaluationId));
    const row = await server.database.db.selectFrom('monitoring_evaluation_reports').select('data').where('evaluation_id', '=', evaluationId).orderBy('version', 'desc').limit(1).executeTakeFirstOrThrow();
    const data = row.data as ReportSnapshot;
    const html = (await renderReport(data, 'state_of_the_city', 'ro', 'html')) as string;
    const pdf = (await renderReport(data, 'state_of_the_city', 'ro', 'pdf')) as Buffer;
    const bare = barePage(html.length);
    const baseline = await measure(n * 10, () => barePage(html.length));
    const htmlRun = await measure(n, () => renderReport(data, 'state_of_the_city', 'ro', 'html'));
    const pdfRun = await measure(n, () => renderReport(data, 'state_of_the_city', 'ro', 'pdf'));
    const base = { name: 'bare HTML page of the same length', value: baseline.ms };
    const details = { kpis: data.kpis.length, charts: data.charts.length, recommendations: data.recommendations.length };
    return [
      { name: 'evaluations: generate (gather + store a version), Timișoara', value: generate.ms, unit: 'ms', baseline: base, details: { ...details, peakMb: generate.peakMb.toFixed(1) } },
      { name: 'evaluations: state-of-the-city report as HTML', value: htmlRun.ms, unit: 'ms', baseline: base, details: { chars: html.length, peakMb: htmlRun.peakMb.toFixed(1), barePeakMb: baseline.peakMb.toFixed(1), bareChars: bare.length } },
      { name: 'evaluations: state-of-the-city report as PDF', value: pdfRun.ms, unit: 'ms', baseline: base, details: { bytes: pdf.length, peakMb: pdfRun.peakMb.toFixed(1) } },
    ];
  } finally {
    await server.close();
  }
}
