/** What several resources' schemas share: the path parameters and the catalogue's dataset (`OpendataDataset`). */
import { z } from 'zod';
import { MultilocSchema } from '../../core/i18n.js';

export const TenantParams = z.strictObject({ tenant: z.string().regex(/^[a-z0-9-]+$/) });
export const DatasetParams = TenantParams.extend({ id: z.string().regex(/^[a-z0-9-]{1,80}$/) });

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

/** A calendar date (uploads' temporal coverage, DCAT's modified_since). */
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
