/**
 * An evaluation round's reports as HTML and PDF, rendered from a stored version's snapshot. The published
 * version is public; other versions (and, on a draft round, the latest one) are for staff and steering.
 */
import type { z } from 'zod';
import type { Actor } from '../../../core/actor.js';
import { TtlCache } from '../../../core/cache.js';
import { forbidden, notFound, unauthorized } from '../../../core/errors.js';
import type { Locale } from '../../../core/i18n.js';
import type { TenantRow } from '../../tenants/index.js';
import { mayReadDrafts } from './evaluations.policy.js';
import type { ReportSnapshot } from './evaluations.report-data.js';
import { buildReportDoc } from './evaluations.report-doc.js';
import { renderReportHtml } from './evaluations.report-html.js';
import { renderReportPdf } from './evaluations.report-pdf.js';
import type { EvaluationsRepository } from './evaluations.repository.js';
import type * as S from './evaluations.schemas.js';
import type { EvaluationsService } from './evaluations.service.js';

export interface EvaluationReportsDeps {
  repo: EvaluationsRepository;
  evaluations: EvaluationsService;
}

/** how many rendered reports are kept in memory */
const RENDER_CACHE_SIZE = 24;

export class EvaluationReportsService {
  /**
   * Rendered reports, keyed by round, version, kind, language, format and draft mark. A stored version never
   * changes (a new "generate" makes a new version), so an entry never goes stale: no time to live, only the bound.
   */
  private readonly rendered = new TtlCache<string, Buffer | string>(RENDER_CACHE_SIZE, Infinity);

  constructor(private readonly deps: EvaluationReportsDeps) {}

  /**
   * A report version rendered as HTML or PDF. Without `version`: the published version, or (for staff and
   * steering, on a draft round) the latest one. Versions other than the published one are for staff and
   * steering only.
   */
  report(actor: Actor, tenant: TenantRow, id: number, query: z.infer<typeof S.ReportQuery>, format: 'html'): Promise<{ body: string; filename: string }>;
  report(actor: Actor, tenant: TenantRow, id: number, query: z.infer<typeof S.ReportQuery>, format: 'pdf'): Promise<{ body: Buffer; filename: string }>;
  async report(actor: Actor, tenant: TenantRow, id: number, query: z.infer<typeof S.ReportQuery>, format: 'html' | 'pdf'): Promise<{ body: string | Buffer; filename: string }> {
    const { row, viewer: v } = await this.deps.evaluations.readable(actor, tenant, id);
    let version = query.version ?? row.published_version ?? undefined;
    if (version !== row.published_version && !mayReadDrafts(v)) throw v.signedIn ? forbidden('Only the published report is public.') : unauthorized('Only the published report is public.');
    if (version === undefined) {
      const versions = (await this.deps.repo.versions([row.id])).get(row.id) ?? [];
      version = versions[0]?.version;
    }
    const stored = version !== undefined ? await this.deps.repo.report(row.id, version) : undefined;
    if (!stored) throw notFound(query.version ? 'report version' : 'report (generate it first)');
    const lang: Locale = query.lang ?? tenant.default_locale;
    const draft = row.published_version !== version;
    const filename = `${tenant.slug}-${query.kind === 'evaluation' ? 'evaluare' : 'starea-orasului'}-${row.id}-v${version}-${lang}.${format}`;
    const key = `${row.id}:${version}:${query.kind}:${lang}:${format}:${draft}`;
    const body = await this.rendered.get(key, () => renderReport(stored.data, query.kind, lang, format, draft));
    return { body, filename };
  }
}

/** Renders a stored snapshot (also used by the bench). */
export async function renderReport(data: ReportSnapshot, kind: S.ReportKind, lang: Locale, format: 'html' | 'pdf', draft = false): Promise<string | Buffer> {
  const doc = buildReportDoc(data, kind, lang, { draft });
  return format === 'html' ? renderReportHtml(doc) : renderReportPdf(doc, { generatedAt: data.generatedAt });
}
