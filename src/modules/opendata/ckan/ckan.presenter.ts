/** Catalogue entries, the city and a theme as CKAN's dicts (package, organization, group). The only place that knows CKAN's wire format. */
import type { TenantRow } from '../../tenants/index.js';
import type { CatalogDataset } from '../opendata.catalog.js';
import { ckanName } from '../opendata.presenter.js';
import { type DataTheme, FORMATS, THEME_LABELS, themeUri } from '../opendata.vocab.js';

const CKAN_LICENSES: Record<string, { id: string; title: string; url: string }> = {
  CC_BY_4_0: { id: 'cc-by-4.0', title: 'Creative Commons Attribution 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
  CC0: { id: 'cc-zero', title: 'Creative Commons CCZero', url: 'https://creativecommons.org/publicdomain/zero/1.0/' },
  CC_BYSA_4_0: { id: 'cc-by-sa-4.0', title: 'Creative Commons Attribution Share-Alike 4.0', url: 'https://creativecommons.org/licenses/by-sa/4.0/' },
  OGL_ROU_1_0: { id: 'OGL-ROU-1.0', title: 'Open Government Licence Romania 1.0', url: 'https://data.gov.ro/base/images/logoinst/OGL-ROU-1.0.pdf' },
};

/** A date as CKAN writes it: ISO 8601 in UTC without the zone, with microseconds ("2026-01-01T10:00:00.123000"). */
export const ckanDate = (iso: string | Date): string => (typeof iso === 'string' ? new Date(iso) : iso).toISOString().replace(/(\.\d{3})Z$/, '$1000');

/** The city as a CKAN organization dict. */
export function presentCkanOrganization(tenant: TenantRow, base: string, tenantTitle: string, packageCount: number) {
  return {
    id: tenant.slug,
    name: tenant.slug,
    title: tenantTitle,
    display_name: tenantTitle,
    description: `${tenantTitle}: ${base}/${tenant.slug}/opendata`,
    type: 'organization',
    is_organization: true,
    state: 'active',
    approval_status: 'approved',
    image_url: '',
    image_display_url: '',
    created: ckanDate(tenant.created_at),
    package_count: packageCount,
  };
}

/** An EU data theme as a CKAN group dict (groups are the themes, named in lower case: "tran"). */
export function presentCkanGroup(theme: string, packageCount: number) {
  const label = THEME_LABELS[theme as DataTheme];
  return {
    id: theme.toLowerCase(),
    name: theme.toLowerCase(),
    title: label?.ro ?? theme,
    display_name: label?.ro ?? theme,
    description: label ? `${label.en} (${themeUri(theme)})` : themeUri(theme),
    type: 'group',
    is_organization: false,
    state: 'active',
    approval_status: 'approved',
    image_url: '',
    image_display_url: '',
    package_count: packageCount,
  };
}

/** A CKAN 2.x package dict (the subset harvesters and ckanapi read). */
export function presentCkanPackage(d: CatalogDataset, tenant: TenantRow, base: string, tenantTitle: string) {
  const lic = CKAN_LICENSES[d.license] ?? CKAN_LICENSES.CC_BY_4_0!;
  const name = ckanName(tenant, d.id);
  const created = ckanDate(d.issued ?? tenant.created_at);
  const modified = d.modified ? ckanDate(d.modified) : created;
  return {
    id: name,
    name,
    title: d.title.ro,
    notes: d.description.ro,
    type: 'dataset',
    state: 'active',
    private: false,
    isopen: true,
    url: `${base}/${tenant.slug}/opendata/${d.id}`,
    license_id: lic.id,
    license_title: lic.title,
    license_url: lic.url,
    metadata_created: created,
    metadata_modified: modified,
    author: d.publisher,
    maintainer: tenantTitle,
    owner_org: tenant.slug,
    organization: presentCkanOrganization(tenant, base, tenantTitle, 0),
    tags: d.keywords.map((k) => ({ name: k.value, display_name: k.value, state: 'active' })),
    num_tags: d.keywords.length,
    groups: d.themes.map((t) => { const g = presentCkanGroup(t, 0); return { id: g.id, name: g.name, title: g.title, display_name: g.display_name, description: g.description, image_display_url: '' }; }),
    extras: [
      { key: 'uri', value: `${base}/dcat/${tenant.slug}/dataset/${d.id}` },
      { key: 'theme', value: JSON.stringify(d.themes.map((t) => themeUri(t))) },
      { key: 'frequency', value: `http://publications.europa.eu/resource/authority/frequency/${d.frequency}` },
      { key: 'language', value: JSON.stringify(['http://publications.europa.eu/resource/authority/language/RON']) },
      ...(d.temporal?.start ? [{ key: 'temporal_start', value: d.temporal.start }] : []),
      ...(d.temporal?.end ? [{ key: 'temporal_end', value: d.temporal.end }] : []),
    ],
    resources: d.distributions.map((x, i) => ({
      id: `${name}_${x.id}_${FORMATS[x.format].ext}`,
      package_id: name,
      name: x.title?.ro ?? x.fileName,
      description: '',
      url: base + x.path,
      format: FORMATS[x.format].nal,
      mimetype: x.mediaType,
      size: x.byteSize,
      position: i,
      state: 'active',
      created,
      last_modified: d.modified ? ckanDate(d.modified) : null,
    })),
    num_resources: d.distributions.length,
  };
}
export type CkanPackage = ReturnType<typeof presentCkanPackage>;
