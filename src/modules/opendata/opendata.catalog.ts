/**
 * What the catalogue holds, whatever its source: a dataset (generated from platform data, or uploaded by
 * staff) with its files, and the queries and answers around it.
 */
import type { Readable } from 'node:stream';
import type { Multiloc } from '../../core/i18n.js';
import type { TenantRow } from '../tenants/index.js';
import type { UploadRow } from './opendata.repository.js';
import { FORMATS, type FormatCode } from './opendata.vocab.js';

export interface CatalogDistribution {
  id: string;
  format: FormatCode;
  mediaType: string;
  title: Multiloc | null;
  byteSize: number | null;
  /** path of the file on this server (absolute URL = public URL + path) */
  path: string;
  fileName: string;
}

export interface CatalogDataset {
  id: string;
  kind: 'platform' | 'upload';
  source: string;
  uploadId: string | null;
  title: Multiloc;
  description: Multiloc;
  themes: string[];
  keywords: { value: string; lang: string }[];
  publisher: string;
  license: string;
  frequency: string;
  temporal: { start: string | null; end: string | null } | null;
  issued: string | null;
  modified: string | null;
  published: boolean;
  collectionId: string | null;
  distributions: CatalogDistribution[];
}

export interface CatalogQuery {
  q?: string | undefined;
  theme?: string[] | undefined;
  format?: string[] | undefined;
  publisher?: string[] | undefined;
  keyword?: string[] | undefined;
  page?: number | undefined;
  perPage?: number | undefined;
}

export interface Facet {
  value: string;
  count: number;
}

export interface UploadDescribe {
  title?: Multiloc | undefined;
  description?: Multiloc | undefined;
  themes?: string[] | undefined;
  keywords?: string[] | undefined;
  publisher?: string | null | undefined;
  license?: string | undefined;
  frequency?: string | undefined;
  temporalStart?: string | null | undefined;
  temporalEnd?: string | null | undefined;
}

export interface FileContent {
  body: string | Buffer | Readable;
  mediaType: string;
  fileName: string;
  etag: string;
  lastModified: Date | null;
  size: number | null;
}

export const filePath = (tenant: TenantRow, datasetId: string, fileName: string) => `/api/v1/tenants/${tenant.slug}/opendata/datasets/${datasetId}/files/${fileName}`;

/** An uploaded dataset as a catalogue entry; its publisher is the city (`tenantName`) unless staff named another. */
export function fromUpload(tenant: TenantRow, u: UploadRow, tenantName: string): CatalogDataset {
  const fileName = `${u.slug}.${FORMATS[u.format].ext}`;
  return {
    id: u.slug,
    kind: 'upload',
    source: 'upload',
    uploadId: u.id,
    title: u.title as Multiloc,
    description: u.description as Multiloc,
    themes: u.themes,
    keywords: u.keywords.map((value) => ({ value, lang: 'ro' })),
    publisher: u.publisher ?? tenantName,
    license: u.license,
    frequency: u.frequency,
    temporal: u.temporal_start || u.temporal_end ? { start: u.temporal_start, end: u.temporal_end } : null,
    issued: u.issued_at ? u.issued_at.toISOString() : null,
    modified: u.updated_at.toISOString(),
    published: u.published,
    collectionId: u.format === 'GEOJSON' ? u.slug : null,
    distributions: [{ id: u.slug, format: u.format, mediaType: u.media_type, title: null, byteSize: Number(u.byte_size), path: filePath(tenant, u.slug, fileName), fileName }],
  };
}
