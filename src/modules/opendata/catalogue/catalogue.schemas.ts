import { z } from 'zod';
import { Dataset, DatasetParams } from '../opendata.schemas.js';

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
