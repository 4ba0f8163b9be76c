/**
 * The open dataset of evaluation recommendations (DCAT-AP, like the other platform datasets): each
 * recommendation of a published round with its addressee, status, reason and answer. No personal data
 * (who recorded or answered it is left out).
 */
import { hasRows, type PlatformDatasetDef, tableFiles } from '../../opendata/index.js';
import type { TenantRow } from '../../tenants/index.js';
import type { EvaluationsService } from './evaluations.service.js';

const COLUMNS = ['evaluation_id', 'evaluation_type', 'evaluation_title', 'period_start', 'period_end', 'number', 'text_ro', 'text_en', 'text_hu', 'addressed_to', 'status', 'rejection_reason', 'answer_ro', 'answer_en', 'answered_at', 'updated_at', 'demo'] as const;
const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function evaluationDatasets(evaluations: EvaluationsService): PlatformDatasetDef[] {
  const out: PlatformDatasetDef[] = [];
  const rows = async (tenant: TenantRow) =>
    (await evaluations.publishedRecommendations(tenant.id)).map((r) => ({
      evaluation_id: r.evaluation_id,
      evaluation_type: r.type,
      evaluation_title: r.evaluation_title.ro,
      period_start: r.period_start,
      period_end: r.period_end,
      number: r.number,
      text_ro: r.text.ro,
      text_en: r.text.en ?? null,
      text_hu: r.text.hu ?? null,
      addressed_to: r.addressed_to,
      status: r.status,
      rejection_reason: r.reason,
      answer_ro: r.answer?.ro ?? null,
      answer_en: r.answer?.en ?? null,
      answered_at: iso(r.answered_at),
      updated_at: iso(r.updated_at as Date),
      demo: r.demo,
    }));
  out.push({
    id: 'evaluation-recommendations',
    module: 'monitoring',
    title: { ro: 'Recomandările evaluărilor strategiei', en: 'Strategy evaluation recommendations', hu: 'A stratégia értékeléseinek ajánlásai' },
    description: {
      ro: 'Recomandările organismului de coordonare (steering) din rundele de evaluare publicate ale strategiei: cui sunt adresate, stadiul (deschisă, acceptată, realizată, respinsă cu motiv) și răspunsul primăriei.',
      en: "The steering body's recommendations from the strategy's published evaluation rounds: who they are addressed to, their status (open, accepted, done, rejected with a reason) and the city's answer.",
      hu: 'A koordináló testület ajánlásai a stratégia közzétett értékelési köreiből: címzett, állapot (nyitott, elfogadva, teljesítve, indoklással elutasítva) és a város válasza.',
    },
    themes: ['GOVE'],
    keywords: { ro: ['evaluare', 'recomandări', 'monitorizare', 'strategie'], en: ['evaluation', 'recommendations', 'monitoring'] },
    frequency: 'IRREG',
    available: hasRows(rows),
    // The header is written even when no recommendation is published yet; with rows it is their keys, in this order.
    distributions: tableFiles('recommendations', rows, { header: COLUMNS, indent: 1 }),
  });
  return out;
}
