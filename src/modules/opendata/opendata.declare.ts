/**
 * What every module's `*.datasets.ts` repeats when it declares a platform dataset: a table of rows offered as
 * CSV and JSON, a map layer offered as GeoJSON, "published when it has rows" and "modified when the newest row
 * changed". One implementation, so the files of every dataset are written the same way.
 */
import { csvOf } from '../../core/csv.js';
import { featureCollectionJson } from '../../core/geo.js';
import type { TenantRow } from '../tenants/index.js';
import type { DistributionDef, GeoFeature } from './opendata.registry.js';

/** Rows of a dataset for a tenant, read from the declaring module's service on each request. */
export type RowsOf<R> = (tenant: TenantRow) => Promise<R[]>;

export interface TableFileOptions {
  /** the CSV header when there are no rows (with rows it is the first row's keys) */
  header?: readonly string[];
  /** JSON indentation; none gives one line */
  indent?: number;
}

/** A table as two files with the same stem: CSV (header from the first row's keys) and JSON (the rows as they are). */
export function tableFiles<R extends Record<string, unknown>>(id: string, rows: RowsOf<R>, options: TableFileOptions = {}): DistributionDef[] {
  return [
    { id, format: 'CSV', generate: async (t) => csvOf(await rows(t), options.header ? [...options.header] : undefined) },
    { id, format: 'JSON', generate: async (t) => JSON.stringify(await rows(t), null, options.indent) },
  ];
}

/** A map layer's features as a GeoJSON FeatureCollection file. */
export function geoJsonFile(id: string, features: RowsOf<GeoFeature>): DistributionDef {
  return { id, format: 'GEOJSON', generate: async (t) => featureCollectionJson(await features(t)) };
}

/** For `available`: a dataset is published for a tenant only when it has rows there. */
export function hasRows(rows: RowsOf<unknown>): (tenant: TenantRow) => Promise<boolean> {
  return async (t) => (await rows(t)).length > 0;
}

/** For `modified`: the latest of some ISO 8601 timestamps (absent ones skipped), or null when there is none. */
export function latestOf(times: readonly (string | null | undefined)[]): Date | null {
  const at = times.filter((x): x is string => !!x).sort();
  return at.length ? new Date(at[at.length - 1]!) : null;
}
