import { z } from 'zod';
import { MultilocSchema } from '../../core/i18n.js';
import { DATA_THEMES, FREQUENCIES, LICENSES } from './opendata.vocab.js';

export const TenantParams = z.strictObject({ tenant: z.string().regex(/^[a-z0-9-]+$/) });
export const DatasetParams = TenantParams.extend({ id: z.string().regex(/^[a-z0-9-]{1,80}$/) });
export const FileParams = DatasetParams.extend({ file: z.string().regex(/^[a-z0-9-]{1,80}\.[a-z]{2,8}$/) });

const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? undefined : [v].flat().filter(Boolean)));

export const DatasetSearchQuery = z.strictObject({
  q: z.string().max(200).optional(),
  theme: list,
  format: list,
  publisher: list,
  keyword: list,
  page: z.coerce.number().int().min(1).max(1000).optional(),
  perPage: z.coerce.number().int().min(1).max(100).optional(),
});

const Distribution = z.object({
  id: z.string(),
  format: z.string(),
  mediaType: z.string(),
  title: MultilocSchema.nullable(),
  byteSize: z.number().nullable(),
  downloadUrl: z.string(),
  fileName: z.string(),
});

export const Dataset = z
  .object({
    id: z.string(),
    kind: z.enum(['platform', 'upload']),
    source: z.string(),
    title: MultilocSchema,
    description: MultilocSchema,
    themes: z.array(z.string()),
    keywords: z.array(z.object({ value: z.string(), lang: z.string() })),
    publisher: z.string(),
    license: z.string(),
    licenseUrl: z.string(),
    frequency: z.string(),
    temporal: z.object({ start: z.string().nullable(), end: z.string().nullable() }).nullable(),
    issued: z.string().nullable(),
    modified: z.string().nullable(),
    published: z.boolean(),
    collectionId: z.string().nullable(),
    distributions: z.array(Distribution),
    links: z.object({ dcatTurtle: z.string(), dcatJsonLd: z.string(), dcatRdfXml: z.string(), ckan: z.string(), ogcItems: z.string().nullable() }),
  })
  .meta({ id: 'OpendataDataset' });

const FacetList = z.array(z.object({ value: z.string(), count: z.number() }));
export const DatasetSearchResponse = z.object({
  total: z.number(),
  page: z.number(),
  perPage: z.number(),
  items: z.array(Dataset),
  facets: z.object({ theme: FacetList, format: FacetList, publisher: FacetList, keyword: FacetList }),
});

const Feature = z.object({
  type: z.literal('Feature'),
  id: z.string(),
  geometry: z.object({ type: z.string(), coordinates: z.unknown() }).nullable(),
  properties: z.record(z.string(), z.unknown()),
});

export const DatasetPreviewResponse = z.object({
  dataset: Dataset,
  table: z.object({ columns: z.array(z.string()), rows: z.array(z.array(z.string())), truncated: z.boolean() }).nullable(),
  map: z.object({ features: z.array(Feature), truncated: z.boolean() }).nullable(),
});

export const UploadListResponse = z.object({ items: z.array(Dataset) });

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
export const UploadDescribeBody = z.strictObject({
  title: MultilocSchema.optional(),
  description: MultilocSchema.optional(),
  themes: z.array(z.enum(DATA_THEMES)).max(13).optional(),
  keywords: z.array(z.string().trim().min(1).max(60)).max(30).optional(),
  publisher: z.string().trim().min(1).max(200).nullable().optional(),
  license: z.enum(LICENSES).optional(),
  frequency: z.enum(FREQUENCIES).optional(),
  temporalStart: isoDate.nullable().optional(),
  temporalEnd: isoDate.nullable().optional(),
});

const ckanFlag = z.union([z.boolean(), z.enum(['true', 'false', 'True', 'False', '1', '0'])]).optional();
export const CkanSearchQuery = z.object({
  q: z.string().max(500).optional(),
  fq: z.string().max(2000).optional(),
  rows: z.coerce.number().int().min(0).optional(),
  start: z.coerce.number().int().min(0).optional(),
  sort: z.string().max(200).optional(),
});
export const CkanShowQuery = z.object({ id: z.string().min(1).max(200) });
export const CkanPackageListQuery = z.object({ limit: z.coerce.number().int().min(0).optional(), offset: z.coerce.number().int().min(0).optional() });
export const CkanListQuery = CkanPackageListQuery.extend({ all_fields: ckanFlag, sort: z.string().max(100).optional() });
export const CkanGroupShowQuery = CkanShowQuery.extend({ include_datasets: ckanFlag });
export const CkanResponse = z.object({ help: z.string(), success: z.boolean(), result: z.unknown().optional(), error: z.unknown().optional() });

export const DcatCatalogParams = z.strictObject({ tenant: z.string().regex(/^[a-z0-9-]+$/), format: z.enum(['ttl', 'jsonld', 'rdf']) });
export const DcatDatasetParams = DcatCatalogParams.extend({ id: z.string().regex(/^[a-z0-9-]{1,80}$/) });
export const DcatResourceParams = TenantParams.extend({ id: z.string().regex(/^[a-z0-9-]{1,80}$/) });
export const DcatDistributionParams = DcatResourceParams.extend({ distribution: z.string().regex(/^[a-z0-9-]{1,100}$/) });
export const DcatAgentParams = TenantParams.extend({ agent: z.string().regex(/^[a-z0-9-]{1,80}$/) });
/** An RFC 9457 problem (what the error handler sends). */
export const ProblemJson = z.object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string().optional(), code: z.string().optional() }).loose();
export const DcatCatalogQuery = z.strictObject({ page: z.coerce.number().int().min(1).optional(), modified_since: isoDate.optional() });
