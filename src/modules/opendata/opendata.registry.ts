/**
 * What a module publishes: platform datasets (DCAT metadata + distributions whose content is generated
 * from the module's data for a tenant, on request) and map layers (feature collections served over
 * OGC API – Features). Generators read other modules only through their service APIs.
 */
import type { Multiloc } from '../../core/i18n.js';
import type { TenantRow } from '../tenants/index.js';
import type { DataTheme, FormatCode, Frequency } from './opendata.vocab.js';

export interface GeoFeature {
  /** stable across requests: `/items/{id}` must resolve */
  id: string;
  geometry: { type: string; coordinates: unknown } | null;
  properties: Record<string, unknown>;
  /**
   * the feature's time for the `datetime` filter (ISO 8601): an instant is start = end; end null = still
   * ongoing (open-ended); no time = always matches (OGC API – Features Part 1 /req/core/fc-time-response C)
   */
  time?: { start: string | null; end: string | null };
}

export interface FeatureCollectionDef {
  /** URL-safe id, e.g. "projects" */
  id: string;
  title: Multiloc;
  description: Multiloc;
  features(tenant: TenantRow): Promise<GeoFeature[]>;
}

export interface DistributionDef {
  /** unique within the dataset; also the file name's stem, e.g. "projects" → projects.csv */
  id: string;
  format: FormatCode;
  title?: Multiloc;
  /** the file's content for a tenant; never personal data */
  generate(tenant: TenantRow): Promise<string | Buffer>;
}

export interface PlatformDatasetDef {
  /** URL-safe and unique in the catalogue, e.g. "strategy-projects" */
  id: string;
  /** the module it comes from (shown as the source) */
  module: string;
  title: Multiloc;
  description: Multiloc;
  themes: DataTheme[];
  keywords: { ro: string[]; en?: string[] };
  frequency: Frequency;
  /** temporal coverage for a tenant (ISO dates), when known */
  temporal?(tenant: TenantRow): Promise<{ start: string | null; end: string | null } | null>;
  /** when the data last changed for a tenant; drives dct:modified and Last-Modified */
  modified?(tenant: TenantRow): Promise<Date | null>;
  /** whether this tenant has any data for it (an empty dataset is not published) */
  available?(tenant: TenantRow): Promise<boolean>;
  distributions: DistributionDef[];
  /** distributions that depend on the tenant's data (one per budget, one per consultation…), after the fixed ones */
  tenantDistributions?(tenant: TenantRow): Promise<DistributionDef[]>;
  /** a map layer for the same data (also served over OGC API – Features) */
  collection?: FeatureCollectionDef;
  /**
   * a metropolitan area publishes it too, as its members' data joined (opendata.metro.ts): for data that
   * belongs to a place (reports, sensors, budgets), not for a city's own documents (its strategy)
   */
  acrossMembers?: boolean;
}
