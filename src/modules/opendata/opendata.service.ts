/**
 * The catalogue: platform datasets registered by modules (generated on request from their data, so they
 * are always current) and datasets staff upload; search with facets; files; previews; map layers.
 */
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { TtlCache } from '../../core/cache.js';
import { invalidateOnEvents, onCacheChange } from '../../core/cachebus.js';
import { notFound } from '../../core/errors.js';
import type { Multiloc } from '../../core/i18n.js';
import type { Storage } from '../../core/storage.js';
import type { ConsoleCounter, OverviewBlock } from '../module.js';
import type { TenantRow } from '../tenants/index.js';
import { type CatalogDataset, type CatalogQuery, type Facet, type FileContent, filePath, fromUpload } from './opendata.catalog.js';
import { detectDelimiter, readHead, readStream, readText } from './opendata.files.js';
import type { DistributionDef, FeatureCollectionDef, GeoFeature, PlatformDatasetDef } from './opendata.registry.js';
import { collectionAcross, datasetAcross, type MembersOf } from './opendata.metro.js';
import type { OpendataRepository, UploadRow } from './opendata.repository.js';
import type { RdfDataset } from './dcat/dcat.rdf.js';
import { UploadsService } from './uploads/uploads.service.js';
import { FORMATS, normalizeText } from './opendata.vocab.js';

/**
 * How long a city's described platform datasets are kept. Describing them asks every module for its data's
 * presence, dates and files (about a hundred statements for a city), so the description is kept and dropped
 * at once whenever any event is emitted in any process (a module's data changed); a change that emits no
 * event (a sensor's new readings moving `modified`) shows within this time.
 */
export const CATALOGUE_TTL_MS = 30_000;
export const CATALOGUE_TOPIC = 'opendata.catalogue';

export class OpendataService {
  private readonly platformDefs = new Map<string, PlatformDatasetDef>();
  private readonly collectionDefs = new Map<string, FeatureCollectionDef>();
  /** the modules' declared datasets, gathered at first use (see `declareLater`) */
  private pending: (() => PlatformDatasetDef[]) | undefined;
  /** an uploaded GeoJSON's features, by upload and content (so a new file is read again), the 20 last used */
  private readonly geoCache = new TtlCache<string, GeoFeature[]>(20, Infinity);
  /** each city's platform datasets as described (see CATALOGUE_TTL_MS); an area's depend on its members', so any change drops them all */
  private readonly described = new TtlCache<number, CatalogDataset[]>(1_000, CATALOGUE_TTL_MS);
  /** map layers an area serves as its members' layers joined */
  private readonly metroCollections = new Set<string>();

  /** staff uploads: stored, described, published */
  readonly uploads: UploadsService;

  constructor(
    private readonly deps: { repo: OpendataRepository; storage: Storage; dataDir: string; tenantName(t: TenantRow): string; members?: MembersOf },
  ) {
    this.uploads = new UploadsService({ ...deps, isPlatformDataset: (id) => this.platform.has(id) });
    invalidateOnEvents(CATALOGUE_TOPIC, '*');
    onCacheChange(CATALOGUE_TOPIC, () => this.described.clear());
  }

  /**
   * The datasets modules declare in their manifests are gathered at first use, not when this service is made:
   * by then every module has its service, whatever its place in the registry.
   */
  declareLater(source: () => PlatformDatasetDef[]): void {
    this.pending = source;
  }

  private get platform(): Map<string, PlatformDatasetDef> {
    const source = this.pending;
    this.pending = undefined;
    if (source) for (const def of source()) this.registerPlatformDataset(def);
    return this.platformDefs;
  }

  private get collections(): Map<string, FeatureCollectionDef> {
    void this.platform;
    return this.collectionDefs;
  }

  /** Registers a dataset generated from platform data (called by the opendata module for each module). */
  registerPlatformDataset(def: PlatformDatasetDef): void {
    if (!/^[a-z0-9-]+$/.test(def.id)) throw new Error(`dataset id "${def.id}" must be URL-safe`);
    if (this.platform.has(def.id)) throw new Error(`dataset "${def.id}" is registered twice`);
    // DCAT-AP: a dataset needs a theme (mandatory in the EU's profile for data.europa.eu) and should have keywords.
    if (!def.themes.length || !def.keywords.ro.length) throw new Error(`dataset "${def.id}" needs at least one theme and one Romanian keyword`);
    if (!def.title.ro || !def.description.ro) throw new Error(`dataset "${def.id}" needs a Romanian title and description`);
    this.platform.set(def.id, def);
    this.described.clear();
    if (def.collection) this.registerCollection(def.collection);
    if (def.collection && def.acrossMembers) this.metroCollections.add(def.collection.id);
  }

  /** What a tenant publishes of a dataset: a metropolitan area, its members' data joined when the dataset allows. */
  private view(tenant: TenantRow, def: PlatformDatasetDef): PlatformDatasetDef {
    return tenant.kind === 'area' && def.acrossMembers && this.deps.members ? datasetAcross(def, this.deps.members) : def;
  }

  /** Registers a map layer served over OGC API – Features. */
  registerCollection(def: FeatureCollectionDef): void {
    if (this.collections.has(def.id)) throw new Error(`collection "${def.id}" is registered twice`);
    this.collections.set(def.id, def);
  }

  /** A platform dataset's distributions for a tenant: the fixed ones, then the tenant-dependent ones. */
  private async distributionsOf(tenant: TenantRow, def: PlatformDatasetDef): Promise<DistributionDef[]> {
    return [...def.distributions, ...((await def.tenantDistributions?.(tenant)) ?? [])];
  }

  /** The generator behind one distribution of a platform dataset. */
  private async generatorOf(tenant: TenantRow, datasetId: string, dist: { id: string; format: string }): Promise<DistributionDef> {
    const gen = (await this.distributionsOf(tenant, this.view(tenant, this.platform.get(datasetId)!))).find((x) => x.id === dist.id && x.format === dist.format);
    if (!gen) throw notFound('file');
    return gen;
  }

  platformDatasets(): PlatformDatasetDef[] {
    return [...this.platform.values()];
  }

  // ——— the catalogue ———

  private async fromPlatform(tenant: TenantRow, ownDef: PlatformDatasetDef, versions?: Map<string, { fingerprint: string; changedAt: Date }>): Promise<CatalogDataset | null> {
    const def = this.view(tenant, ownDef);
    if (def.available && !(await def.available(tenant))) return null;
    const d = await this.describePlatform(tenant, def);
    // The metadata (title, themes, list of files…) changes without the data's own modified date moving: a new
    // budget adds a .pb file. Its last change is recorded, so CKAN's metadata_modified and dct:modified move.
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([d.title, d.description, d.themes, d.keywords, d.frequency, d.license, d.collectionId, d.distributions.map((x) => [x.id, x.format, x.title])]))
      .digest('hex');
    const known = (versions ?? (await this.deps.repo.metadataVersions(tenant.id))).get(def.id);
    const changedAt = known?.fingerprint === fingerprint ? known.changedAt : await this.deps.repo.recordMetadataVersion(tenant.id, def.id, fingerprint);
    if (!d.modified || changedAt.toISOString() > d.modified) d.modified = changedAt.toISOString();
    return d;
  }

  private async describePlatform(tenant: TenantRow, def: PlatformDatasetDef): Promise<CatalogDataset> {
    const modified = (await def.modified?.(tenant)) ?? null;
    // Without a known coverage, the data covers the time the platform has held it for the city: from the
    // city's start on the platform until today, as it is generated on request (DCAT-AP recommends dct:temporal).
    const temporal = (await def.temporal?.(tenant)) ?? { start: tenant.created_at.toISOString().slice(0, 10), end: new Date().toISOString().slice(0, 10) };
    return {
      id: def.id,
      kind: 'platform',
      source: def.module,
      uploadId: null,
      title: def.title,
      description: def.description,
      themes: def.themes,
      keywords: [...def.keywords.ro.map((value) => ({ value, lang: 'ro' })), ...(def.keywords.en ?? []).map((value) => ({ value, lang: 'en' }))],
      publisher: this.deps.tenantName(tenant),
      license: 'CC_BY_4_0',
      frequency: def.frequency,
      temporal,
      issued: tenant.created_at.toISOString(),
      modified: modified ? modified.toISOString() : null,
      published: true,
      collectionId: def.collection?.id ?? null,
      distributions: (await this.distributionsOf(tenant, def)).map((d) => {
        const fileName = `${d.id}.${FORMATS[d.format].ext}`;
        return { id: d.id, format: d.format, mediaType: FORMATS[d.format].mediaType, title: d.title ?? null, byteSize: null, path: filePath(tenant, def.id, fileName), fileName };
      }),
    };
  }

  /** Every dataset of a tenant: published ones for the public; staff also see unpublished uploads. */
  async catalog(tenant: TenantRow, opts: { includeUnpublished?: boolean } = {}): Promise<CatalogDataset[]> {
    const platform = await this.platformCatalog(tenant);
    const uploads = (await this.deps.repo.list(tenant.id, { publishedOnly: !opts.includeUnpublished })).map((u) => fromUpload(tenant, u, this.deps.tenantName(tenant)));
    return [...platform, ...uploads];
  }

  /** The city's platform datasets that have data, described (kept: see CATALOGUE_TTL_MS). */
  private platformCatalog(tenant: TenantRow): Promise<CatalogDataset[]> {
    return this.described.get(tenant.id, async () => {
      const versions = await this.deps.repo.metadataVersions(tenant.id);
      return (await Promise.all([...this.platform.values()].map((d) => this.fromPlatform(tenant, d, versions)))).filter((d): d is CatalogDataset => d !== null);
    });
  }

  async search(tenant: TenantRow, q: CatalogQuery) {
    const all = await this.catalog(tenant);
    const terms = q.q ? normalizeText(q.q).split(/\s+/).filter(Boolean) : [];
    const text = (d: CatalogDataset) => normalizeText([...Object.values(d.title), ...Object.values(d.description), ...d.keywords.map((k) => k.value), d.id, d.publisher].join(' '));
    const matchesText = all.filter((d) => terms.every((t) => text(d).includes(t)));
    const filters = {
      theme: (d: CatalogDataset) => d.themes,
      format: (d: CatalogDataset) => [...new Set(d.distributions.map((x) => x.format as string))],
      publisher: (d: CatalogDataset) => [d.publisher],
      keyword: (d: CatalogDataset) => [...new Set(d.keywords.map((k) => k.value))],
    } as const;
    type F = keyof typeof filters;
    const chosen: Record<F, string[]> = { theme: q.theme ?? [], format: q.format ?? [], publisher: q.publisher ?? [], keyword: q.keyword ?? [] };
    const passes = (d: CatalogDataset, except?: F) => (Object.keys(filters) as F[]).every((f) => f === except || chosen[f].length === 0 || chosen[f].some((v) => filters[f](d).includes(v)));
    const results = matchesText.filter((d) => passes(d));
    // Each facet counts the datasets that match every other chosen filter (the usual faceted search).
    const facets = {} as Record<F, Facet[]>;
    for (const f of Object.keys(filters) as F[]) {
      const counts = new Map<string, number>();
      for (const d of matchesText.filter((x) => passes(x, f))) for (const v of filters[f](d)) counts.set(v, (counts.get(v) ?? 0) + 1);
      facets[f] = [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)).slice(0, 30);
    }
    const perPage = q.perPage ?? 20;
    const page = q.page ?? 1;
    results.sort((a, b) => (b.modified ?? '').localeCompare(a.modified ?? '') || a.id.localeCompare(b.id));
    return { total: results.length, page, perPage, items: results.slice((page - 1) * perPage, page * perPage), facets };
  }

  /** One dataset; `fresh`: described now rather than as kept (a file's Last-Modified must match its body). */
  async dataset(tenant: TenantRow, id: string, opts: { includeUnpublished?: boolean; fresh?: boolean } = {}): Promise<CatalogDataset> {
    const def = this.platform.get(id);
    if (def) {
      const d = opts.fresh ? await this.fromPlatform(tenant, def) : (await this.platformCatalog(tenant)).find((x) => x.id === id);
      if (d) return d;
      throw notFound('dataset');
    }
    const u = await this.deps.repo.bySlug(tenant.id, id);
    if (!u || (!u.published && !opts.includeUnpublished)) throw notFound('dataset');
    return fromUpload(tenant, u, this.deps.tenantName(tenant));
  }

  /** The content of one file of a dataset, with validators for conditional requests. */
  async file(tenant: TenantRow, datasetId: string, fileName: string, opts: { includeUnpublished?: boolean } = {}): Promise<FileContent> {
    const d = await this.dataset(tenant, datasetId, { ...opts, fresh: true });
    const dist = d.distributions.find((x) => x.fileName === fileName);
    if (!dist) throw notFound('file');
    if (d.kind === 'upload') {
      const u = (await this.deps.repo.bySlug(tenant.id, d.id))!;
      return { body: await readStream(this.deps.storage, u.storage_path), mediaType: u.media_type, fileName, etag: `"${u.sha256}"`, lastModified: u.updated_at, size: Number(u.byte_size) };
    }
    const gen = await this.generatorOf(tenant, d.id, dist);
    const body = await gen.generate(tenant);
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
    return { body, mediaType: dist.mediaType, fileName, etag, lastModified: d.modified ? new Date(d.modified) : null, size: Buffer.byteLength(body) };
  }

  /** A first look at a dataset: the first rows of its CSV and the features of its GeoJSON. */
  async preview(tenant: TenantRow, id: string, opts: { includeUnpublished?: boolean } = {}) {
    const d = await this.dataset(tenant, id, opts);
    const out: { table: { columns: string[]; rows: string[][]; truncated: boolean } | null; map: { features: GeoFeature[]; truncated: boolean } | null } = { table: null, map: null };
    const csv = d.distributions.find((x) => x.format === 'CSV');
    if (csv) {
      let text: string;
      let cut = false;
      if (d.kind === 'upload') {
        const u = (await this.deps.repo.bySlug(tenant.id, d.id))!;
        const buf = await readHead(this.deps.storage, u.storage_path, 256 * 1024);
        cut = buf.length < Number(u.byte_size);
        text = buf.toString('utf8').replace(/^\uFEFF/, '');
        if (cut) text = text.slice(0, text.lastIndexOf('\n'));
      } else text = String(await (await this.generatorOf(tenant, d.id, csv)).generate(tenant)).replace(/^\uFEFF/, '');
      const rows = parse(text, { skip_empty_lines: true, relax_column_count: true, delimiter: detectDelimiter(text.split(/\r?\n/)[0] ?? '') }) as string[][];
      const [header = [], ...body] = rows;
      out.table = { columns: header, rows: body.slice(0, 50), truncated: cut || body.length > 50 };
    }
    const geo = d.collectionId ? await this.features(tenant, d.collectionId).catch(() => null) : null;
    if (geo) out.map = { features: geo.slice(0, 1000), truncated: geo.length > 1000 };
    return { dataset: d, ...out };
  }

  // ——— map layers ———

  async listCollections(tenant: TenantRow): Promise<FeatureCollectionDef[]> {
    const out = [...this.collections.values()];
    for (const u of await this.deps.repo.list(tenant.id, { publishedOnly: true })) {
      if (u.format !== 'GEOJSON') continue;
      out.push({ id: u.slug, title: u.title as Multiloc, description: u.description as Multiloc, features: (t) => this.uploadFeatures(t, u) });
    }
    return out;
  }

  async collection(tenant: TenantRow, id: string): Promise<FeatureCollectionDef> {
    const c = (await this.listCollections(tenant)).find((x) => x.id === id);
    if (!c) throw notFound('collection');
    return tenant.kind === 'area' && this.metroCollections.has(id) && this.deps.members ? collectionAcross(c, this.deps.members) : c;
  }

  async features(tenant: TenantRow, collectionId: string): Promise<GeoFeature[]> {
    return (await this.collection(tenant, collectionId)).features(tenant);
  }

  private uploadFeatures(_tenant: TenantRow, u: UploadRow): Promise<GeoFeature[]> {
    return this.geoCache.get(`${u.id}:${u.sha256}`, async () => {
      const text = await readText(this.deps.storage, u.storage_path);
      if (text === null) return [];
      const data = JSON.parse(text) as { type: string; features?: unknown[] };
      const list = (data.type === 'Feature' ? [data] : (data.features ?? [])) as { id?: string | number; geometry: GeoFeature['geometry']; properties?: Record<string, unknown> | null }[];
      return list.map((f, i) => ({ id: f.id !== undefined ? String(f.id) : String(i + 1), geometry: f.geometry ?? null, properties: f.properties ?? {} }));
    });
  }


  // ——— metric ———

  /** Datasets published by the end of a period: platform datasets with data plus uploads published by then. */
  async publishedCount(tenant: TenantRow, before: string): Promise<number> {
    let n = 0;
    for (const own of this.platform.values()) {
      const def = this.view(tenant, own);
      if (tenant.created_at < new Date(before) && (!def.available || (await def.available(tenant)))) n++;
    }
    return n + (await this.deps.repo.countPublished(tenant.id, before));
  }

  /** Counters for the staff console: uploads still in draft. */
  async consoleCounters(tenant: TenantRow): Promise<ConsoleCounter[]> {
    const drafts = await this.deps.repo.countDrafts(tenant.id);
    return [{ key: 'uploadsDraft', count: drafts, tone: drafts > 0 ? 'attention' : 'info' }];
  }

  /** The city page's block: how many datasets are open and the newest published files. */
  async overview(tenant: TenantRow, now = new Date()): Promise<OverviewBlock[]> {
    const [count, newest] = await Promise.all([this.publishedCount(tenant, now.toISOString()), this.deps.repo.newestPublished(tenant.id, 3)]);
    return [
      {
        key: 'datasets',
        path: 'opendata',
        headline: 'published',
        figures: [{ key: 'published', value: count, unit: 'count' }],
        items: newest.map((u) => ({ title: u.title as Multiloc, path: `opendata/${u.slug}`, date: u.issued_at ? u.issued_at.toISOString() : null })),
      },
    ];
  }

  /** The catalogue as the RDF writer wants it. */
  toRdf(d: CatalogDataset, base: string, tenant: TenantRow): RdfDataset {
    return {
      id: d.id,
      title: d.title,
      description: d.description,
      themes: d.themes,
      keywords: d.keywords,
      publisher: d.publisher === this.deps.tenantName(tenant) ? null : d.publisher,
      license: d.license,
      frequency: d.frequency,
      temporal: d.temporal,
      issued: d.issued,
      modified: d.modified,
      landingPage: `${base}/${tenant.slug}/opendata/${d.id}`,
      distributions: d.distributions.map((x) => ({ id: x.fileName.replace('.', '-'), format: x.format, title: x.title, byteSize: x.byteSize, downloadUrl: base + x.path, license: d.license, modified: d.modified })),
    };
  }
}
