/**
 * The strategy document and its published revisions: validate and import a document (replacing the city's
 * strategy in one transaction), start from the blank template, export the tables back to a document, publish
 * a revision (a snapshot) and diff any two. The strategy service presents the revisions.
 */
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import type { Database } from '../../../core/db.js';
import { conflict, forbidden, notFound, validationFailed } from '../../../core/errors.js';
import { emit } from '../../../core/events.js';
import type { Multiloc } from '../../../core/i18n.js';
import type { TenantRow } from '../../tenants/index.js';
import { diffDocuments } from '../strategy.diff.js';
import { describeIssues, StrategyDocument } from '../strategy.document.js';
import { documentHash, exportDocument, importDocument } from '../strategy.io.js';
import type * as S from '../strategy.schemas.js';
import { authorName, StrategyWriter } from '../strategy.writer.js';

type Q = Transaction<Database> | Kysely<Database>;

export interface ImportResult {
  skipped: boolean;
  hash: string;
  counts?: { pillars: number; objectives: number; projects: number; kpis: number; measurements: number };
}

export class StrategyDocuments extends StrategyWriter {
  /** Validates a parsed JSON value as a strategy document; throws 400 with the JSON path of each error. */
  parseDocument(json: unknown): StrategyDocument {
    const parsed = StrategyDocument.safeParse(json);
    if (!parsed.success) {
      const errors = describeIssues(parsed.error.issues);
      throw validationFailed(
        errors.map((e) => ({ field: e.path, message: e.message })),
        `The strategy document is not valid (${errors.length} error${errors.length === 1 ? '' : 's'}).`,
      );
    }
    return parsed.data;
  }

  /**
   * Imports a document as the tenant's strategy, replacing the current one in one transaction (nothing is
   * half-imported). With `skipIfSame`, a document identical to the last one imported is skipped.
   */
  async importDocument(actor: Actor, tenant: TenantRow, json: unknown, opts: { skipIfSame?: boolean; progress?: (msg: string) => void } = {}): Promise<ImportResult> {
    const doc = this.parseDocument(json);
    if (doc.tenant !== tenant.slug) throw validationFailed([{ field: '$.tenant', message: `the document is for "${doc.tenant}", not "${tenant.slug}"` }]);
    const hash = documentHash(doc);
    if (opts.skipIfSame) {
      const current = await this.repo.strategy(tenant.id);
      if (current?.content_hash === hash) return { skipped: true, hash };
    }
    const counts = await this.repo.transaction(async (trx) => {
      const c = await importDocument(this.deps.io, trx, tenant.id, doc, opts.progress);
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'strategy.document.imported', entityType: 'strategy', entityId: tenant.slug, after: { hash, ...c } });
      await emit(trx, 'strategy.document.imported', { tenantId: tenant.id, hash, projects: c.projects, kpis: c.kpis }, tenant.id);
      return c;
    });
    return { skipped: false, hash, counts };
  }

  /**
   * Starts a city's strategy from the blank template (a draft with one ambition to rename), checked by the
   * same schema as an imported document. Refused when the city has a strategy already.
   */
  async startBlank(actor: Actor, tenant: TenantRow, now = new Date()): Promise<ImportResult> {
    if (!this.canEdit(actor, tenant.id)) throw forbidden();
    if (await this.repo.version(tenant.id)) throw conflict('This city has a strategy already.', 'strategy_exists');
    return this.importDocument(actor, tenant, blankStrategyDocument(tenant.slug, tenant.name as Multiloc, now.getUTCFullYear()));
  }

  async exportDocument(tenant: TenantRow, q?: Q): Promise<StrategyDocument> {
    const doc = await exportDocument(this.deps.io, q ?? this.repo.db, tenant.id, tenant.slug);
    if (!doc) throw notFound('strategy');
    return doc;
  }

  async publishRevision(actor: Actor, tenant: TenantRow, input: z.infer<typeof S.RevisionCreateBody>) {
    return this.repo.transaction(async (trx) => {
      const document = await this.exportDocument(tenant, trx);
      const row = await this.edits.insertRevision(trx, { tenant_id: tenant.id, name: input.name, note: input.note ?? null, document: JSON.stringify(document), created_by: actor.kind === 'user' ? actor.user.id : null, author_name: authorName(actor) });
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'strategy.revision.published', entityType: 'strategy_revision', entityId: String(row.id), after: input });
      await emit(trx, 'strategy.revision.published', { tenantId: tenant.id, id: row.id, name: input.name }, tenant.id);
      return (await this.repo.revisions(tenant.id, trx)).find((r) => r.id === row.id)!;
    });
  }

  revisions(tenantId: number) {
    return this.repo.revisions(tenantId);
  }

  async revisionDocument(tenant: TenantRow, ref: string): Promise<{ id: number | null; name: string; document: StrategyDocument }> {
    if (ref === 'current') return { id: null, name: 'current', document: await this.exportDocument(tenant) };
    const row = await this.repo.revision(tenant.id, Number(ref));
    if (!row) throw notFound('revision');
    return { id: row.id, name: row.name, document: row.document as StrategyDocument };
  }

  async diff(tenant: TenantRow, a: string, b: string): Promise<z.infer<typeof S.RevisionDiffResponse>> {
    const [from, to] = await Promise.all([this.revisionDocument(tenant, a), this.revisionDocument(tenant, b)]);
    const changes = diffDocuments(from.document, to.document);
    const count = (c: string) => changes.filter((x) => x.change === c).length;
    return { from: { id: from.id, name: from.name }, to: { id: to.id, name: to.name }, summary: { added: count('added'), removed: count('removed'), changed: count('changed') }, changes };
  }
}

/** The blank template: a draft strategy with one ambition, in three languages, for staff to fill in the editor. */
export function blankStrategyDocument(slug: string, name: Multiloc, year: number): StrategyDocument {
  const city = (l: 'ro' | 'en' | 'hu') => name[l] ?? name.ro;
  return {
    format: 'urbia.strategy/1',
    tenant: slug,
    strategy: {
      title: { ro: `Strategia de oraș inteligent — ${city('ro')}`, en: `Smart city strategy — ${city('en')}`, hu: `Okosváros-stratégia — ${city('hu')}` },
      periodStart: year,
      periodEnd: year + 7,
      vision: { ro: 'Viziunea orașului (de completat).', en: "The city's vision (to be written).", hu: 'A város jövőképe (kitöltendő).' },
      status: 'draft',
      source: { title: 'Urbia blank template' },
    },
    fundingSources: [],
    pillars: [{ code: 'A1', kind: 'ambition', title: { ro: 'Prima ambiție', en: 'First ambition', hu: 'Első célkitűzés' }, dimension: 'governance', sdgs: [], statusQuo: [], children: [] }],
    projects: [],
    kpis: [],
  };
}
