/** Catalogue entries → the API's shape (CKAN's is in ckan/ckan.presenter.ts). The only place that knows that wire format. */
import type { TenantRow } from '../tenants/index.js';
import type { GeoFeature } from './opendata.registry.js';
import type { CatalogDataset } from './opendata.catalog.js';
import { licenseUri } from './opendata.vocab.js';

export function presentDataset(d: CatalogDataset, tenant: TenantRow) {
  return {
    id: d.id,
    kind: d.kind,
    source: d.source,
    title: d.title,
    description: d.description,
    themes: d.themes,
    keywords: d.keywords,
    publisher: d.publisher,
    license: d.license,
    licenseUrl: licenseUri(d.license),
    frequency: d.frequency,
    temporal: d.temporal,
    issued: d.issued,
    modified: d.modified,
    published: d.published,
    collectionId: d.collectionId,
    distributions: d.distributions.map((x) => ({ id: x.id, format: x.format, mediaType: x.mediaType, title: x.title, byteSize: x.byteSize, downloadUrl: x.path, fileName: x.fileName })),
    links: {
      dcatTurtle: `/dcat/${tenant.slug}/dataset/${d.id}.ttl`,
      dcatJsonLd: `/dcat/${tenant.slug}/dataset/${d.id}.jsonld`,
      dcatRdfXml: `/dcat/${tenant.slug}/dataset/${d.id}.rdf`,
      ckan: `/api/3/action/package_show?id=${ckanName(tenant, d.id)}`,
      ogcItems: d.collectionId ? `/ogc/${tenant.slug}/collections/${d.collectionId}/items` : null,
    },
  };
}

export function presentFeature(f: GeoFeature) {
  return { type: 'Feature' as const, id: f.id, geometry: f.geometry, properties: f.properties };
}

/** CKAN package names are unique on the site: the tenant and the dataset id, joined by "_". */
export const ckanName = (tenant: TenantRow, id: string) => `${tenant.slug}_${id}`;
