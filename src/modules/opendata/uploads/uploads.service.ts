/**
 * Datasets staff upload: the file stored first (and taken away again if its row is refused), then described,
 * published and withdrawn, each change audited with its event.
 */
import type { Readable } from 'node:stream';
import type { Actor } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { conflict, notFound } from '../../../core/errors.js';
import { emit } from '../../../core/events.js';
import type { Multiloc } from '../../../core/i18n.js';
import type { Storage } from '../../../core/storage.js';
import type { TenantRow } from '../../tenants/index.js';
import { type CatalogDataset, fromUpload, type UploadDescribe } from '../opendata.catalog.js';
import { storeUpload } from '../opendata.files.js';
import type { OpendataRepository, UploadRow } from '../opendata.repository.js';
import { FORMATS, normalizeText } from '../opendata.vocab.js';

declare module '../../../core/events.js' {
  interface EventMap {
    'opendata.dataset.uploaded': { datasetId: string; slug: string };
    'opendata.dataset.updated': { datasetId: string; slug: string };
    'opendata.dataset.published': { datasetId: string; slug: string };
    'opendata.dataset.unpublished': { datasetId: string; slug: string };
  }
}

function slugify(s: string): string {
  return (
    normalizeText(s)
      .replace(/\.[a-z0-9]+$/, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'set-date'
  );
}

export class UploadsService {
  constructor(
    private readonly deps: { repo: OpendataRepository; storage: Storage; dataDir: string; tenantName(t: TenantRow): string; isPlatformDataset(id: string): boolean },
  ) {}

  private entry(tenant: TenantRow, u: UploadRow): CatalogDataset {
    return fromUpload(tenant, u, this.deps.tenantName(tenant));
  }

  async list(tenant: TenantRow): Promise<CatalogDataset[]> {
    return (await this.deps.repo.list(tenant.id, { publishedOnly: false })).map((u) => this.entry(tenant, u));
  }

  async upload(actor: Actor, tenant: TenantRow, file: { filename: string; stream: Readable & { truncated?: boolean } }): Promise<CatalogDataset> {
    const stored = await storeUpload(this.deps.storage, this.deps.dataDir, tenant.slug, file.filename, file.stream);
    const base = slugify(file.filename);
    const title = file.filename.replace(/\.[a-z0-9]+$/i, '').replace(/[_-]+/g, ' ').trim() || file.filename;
    // the file is stored first; a refused row takes it away again, so no file is left without its dataset
    const undo = (e: unknown) => this.deps.storage.delete(stored.relative).then(() => Promise.reject(e), () => Promise.reject(e));
    return this.deps.repo.transaction(async (trx) => {
      let slug = base;
      for (let i = 2; (await this.deps.repo.bySlug(tenant.id, slug, trx)) || this.deps.isPlatformDataset(slug); i++) slug = `${base}-${i}`;
      const row = await this.deps.repo.insert(
        {
          tenant_id: tenant.id,
          slug,
          title: JSON.stringify({ ro: title }),
          description: JSON.stringify({ ro: title }),
          themes: [],
          keywords: [],
          filename: file.filename.slice(0, 255),
          format: stored.format,
          media_type: FORMATS[stored.format].mediaType,
          byte_size: stored.size,
          sha256: stored.sha256,
          storage_path: stored.relative,
          search_text: normalizeText(title),
          created_by: actor.kind === 'user' ? actor.user.id : null,
        },
        trx,
      );
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'opendata.dataset.uploaded', entityType: 'opendata_dataset', entityId: row.id, after: { slug, filename: row.filename, format: row.format, byteSize: stored.size, sha256: stored.sha256 } });
      await emit(trx, 'opendata.dataset.uploaded', { datasetId: row.id, slug }, tenant.id);
      return this.entry(tenant, row);
    }).catch(undo);
  }

  async describe(actor: Actor, tenant: TenantRow, slug: string, body: UploadDescribe): Promise<CatalogDataset> {
    return this.deps.repo.transaction(async (trx) => {
      const before = await this.lockUpload(tenant, slug, trx);
      const title = (body.title ?? before.title) as Multiloc;
      const description = (body.description ?? before.description) as Multiloc;
      const keywords = body.keywords ?? before.keywords;
      const row = await this.deps.repo.update(
        before.id,
        {
          ...(body.title ? { title: JSON.stringify(body.title) } : {}),
          ...(body.description ? { description: JSON.stringify(body.description) } : {}),
          ...(body.themes ? { themes: body.themes } : {}),
          ...(body.keywords ? { keywords: body.keywords } : {}),
          ...(body.publisher !== undefined ? { publisher: body.publisher } : {}),
          ...(body.license ? { license: body.license } : {}),
          ...(body.frequency ? { frequency: body.frequency } : {}),
          ...(body.temporalStart !== undefined ? { temporal_start: body.temporalStart } : {}),
          ...(body.temporalEnd !== undefined ? { temporal_end: body.temporalEnd } : {}),
          search_text: normalizeText([...Object.values(title), ...Object.values(description), ...keywords].join(' ')),
        },
        trx,
      );
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'opendata.dataset.updated', entityType: 'opendata_dataset', entityId: row.id, before: this.auditShape(before), after: this.auditShape(row) });
      await emit(trx, 'opendata.dataset.updated', { datasetId: row.id, slug }, tenant.id);
      return this.entry(tenant, row);
    });
  }

  async setPublished(actor: Actor, tenant: TenantRow, slug: string, published: boolean): Promise<CatalogDataset> {
    return this.deps.repo.transaction(async (trx) => {
      const before = await this.lockUpload(tenant, slug, trx);
      if (published && before.themes.length === 0) throw conflict('Choose at least one theme before publishing.', 'themes_required');
      const row = before.published === published ? before : await this.deps.repo.update(before.id, { published, ...(published && !before.issued_at ? { issued_at: new Date() } : {}) }, trx);
      if (before.published !== published) {
        const action = published ? 'opendata.dataset.published' : 'opendata.dataset.unpublished';
        await writeAudit(trx, actor, { tenantId: tenant.id, action, entityType: 'opendata_dataset', entityId: row.id, before: { published: before.published }, after: { published } });
        await emit(trx, action, { datasetId: row.id, slug }, tenant.id);
      }
      return this.entry(tenant, row);
    });
  }

  private async lockUpload(tenant: TenantRow, slug: string, trx: Parameters<OpendataRepository['update']>[2]): Promise<UploadRow> {
    const locked = await this.deps.repo.lockBySlug(tenant.id, slug, trx);
    if (!locked) throw notFound('dataset');
    return locked;
  }

  private auditShape(u: UploadRow) {
    return { title: u.title, description: u.description, themes: u.themes, keywords: u.keywords, publisher: u.publisher, license: u.license, frequency: u.frequency, temporalStart: u.temporal_start, temporalEnd: u.temporal_end };
  }
}
