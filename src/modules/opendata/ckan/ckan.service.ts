/**
 * A read-only CKAN Action API (`/api/3/action/…`) over every city's catalogue: what CKAN harvesters
 * (ckanext-harvest's CKANHarvester, used by data.gov.ro) and ckanapi call. One organization per city, one
 * group per EU data theme, package names `<city>_<dataset>`. Answers and errors have CKAN's envelope
 * (`{help, success, result}` / `{help, success: false, error: {__type, message | field: [..]}}`, 404 Not Found
 * Error, 409 Validation Error and Search Query Error, 400 for an unknown action). Each action answers GET with
 * query parameters and POST with a JSON body, as CKAN does (the routes: opendata.ckan.routes.ts).
 *
 * The actions search, filter and sort CKAN's own records (a package's fields are what `fq` names), so this
 * service works on the CKAN shapes; the routes hand it the presenters that make them.
 */
import type { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import type { Multiloc } from '../../../core/i18n.js';
import type { TenantRow, TenantsService } from '../../tenants/index.js';
import { type FieldValues, matches, parseFq, parseSort } from './ckan.query.js';
import type { CkanPackage, presentCkanGroup, presentCkanOrganization, presentCkanPackage } from './ckan.presenter.js';
import type { CkanGroupShowQuery, CkanListQuery, CkanPackageListQuery, CkanSearchQuery } from './ckan.schemas.js';
import type { OpendataService } from '../opendata.service.js';
import { DATA_THEMES } from '../opendata.vocab.js';

/** CKAN's `ckan.search.rows_max` default: larger `rows` are cut to it, as CKAN does. */
export const CKAN_ROWS_MAX = 1000;
const API_VERSION_CLAIMED = '2.10.0';

const tenantTitle = (t: TenantRow) => (t.name as Multiloc).ro;
const truthy = (v: unknown) => v === true || v === 'true' || v === 'True' || v === '1';

/** The values a package has for each field `fq` may name (undefined: not a field, a query error). */
function fieldValues(p: CkanPackage): FieldValues {
  return (field) => {
    switch (field) {
      case 'organization':
      case 'owner_org':
        return [p.organization.name];
      case 'tags':
        return p.tags.map((t) => t.name);
      case 'groups':
        return p.groups.map((g) => g.name);
      case 'res_format':
        return p.resources.map((r) => r.format);
      case 'res_url':
        return p.resources.map((r) => r.url);
      case 'id':
      case 'name':
        return [p.name];
      case 'title':
        return [p.title];
      case 'notes':
        return [p.notes];
      case 'text':
        return [p.name, p.title, p.notes, ...p.tags.map((t) => t.name)];
      case 'license_id':
        return [p.license_id];
      case 'metadata_modified':
        return [p.metadata_modified];
      case 'metadata_created':
        return [p.metadata_created];
      case 'type':
      case 'dataset_type':
        return [p.type];
      case 'state':
        return [p.state];
      case 'capacity':
        return ['public'];
      default:
        return undefined;
    }
  };
}

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/** How a dataset, a city and a theme look in CKAN (ckan.presenter.ts, given by the routes). */
export interface CkanPresenters {
  pkg: typeof presentCkanPackage;
  organization: typeof presentCkanOrganization;
  group: typeof presentCkanGroup;
}

export class CkanApi {
  constructor(private readonly deps: { service: OpendataService; tenants: TenantsService; publicUrl(): string; present: CkanPresenters }) {}

  private async packages(): Promise<{ tenant: TenantRow; pkg: CkanPackage }[]> {
    const base = this.deps.publicUrl();
    const out: { tenant: TenantRow; pkg: CkanPackage }[] = [];
    for (const tenant of await this.deps.tenants.list()) for (const d of await this.deps.service.catalog(tenant)) out.push({ tenant, pkg: this.deps.present.pkg(d, tenant, base, tenantTitle(tenant)) });
    return out;
  }

  async packageSearch(q: z.infer<typeof CkanSearchQuery>) {
    const query = q.q?.trim() ?? '';
    // q: free words (all must appear, accents ignored), or Solr syntax when it names fields ("tags:parcari").
    const qNode = /^[\w.]+:/.test(query.replace(/^[-+(]+/, '')) && query !== '*:*' ? parseFq(query) : null;
    const words = qNode || query === '*:*' ? [] : fold(query).split(/\s+/).filter(Boolean);
    const fq = parseFq(q.fq ?? '');
    const sort = parseSort(q.sort ?? 'score desc, metadata_modified desc');
    const rows = Math.min(q.rows ?? 10, CKAN_ROWS_MAX);
    const start = q.start ?? 0;
    const now = new Date();
    const found = (await this.packages())
      .map((x) => x.pkg)
      .filter((p) => {
        const v = fieldValues(p);
        if (words.length && !words.every((w) => fold([p.title, p.notes, p.name, ...p.tags.map((t) => t.name)].join(' ')).includes(w))) return false;
        if (qNode && !matches(qNode, v, now)) return false;
        return matches(fq, v, now);
      });
    const key = (p: CkanPackage, f: string) => (f === 'title' || f === 'title_string' ? fold(p.title) : f === 'metadata_modified' ? p.metadata_modified : f === 'metadata_created' ? p.metadata_created : f === 'score' ? '' : p.name);
    found.sort((a, b) => {
      for (const s of sort) {
        const c = key(a, s.field).localeCompare(key(b, s.field));
        if (c) return s.desc ? -c : c;
      }
      return a.name.localeCompare(b.name); // a total order, so paging with start/rows is stable
    });
    return { count: found.length, sort: q.sort ?? 'score desc, metadata_modified desc', facets: {}, search_facets: {}, results: found.slice(start, start + rows) };
  }

  async packageShow(id: string) {
    const p = (await this.packages()).find((x) => x.pkg.id === id || x.pkg.name === id);
    if (!p) throw new AppError(404, 'not_found', 'Not found');
    return p.pkg;
  }

  async packageList(q: z.infer<typeof CkanPackageListQuery>) {
    const names = (await this.packages()).map((x) => x.pkg.name).sort();
    const offset = q.offset ?? 0;
    return q.limit === undefined ? names.slice(offset) : names.slice(offset, offset + q.limit);
  }

  private async organizations() {
    const all = await this.packages();
    const base = this.deps.publicUrl();
    return (await this.deps.tenants.list()).map((t) => ({
      org: this.deps.present.organization(t, base, tenantTitle(t), all.filter((x) => x.tenant.id === t.id).length),
      packages: all.filter((x) => x.tenant.id === t.id).map((x) => x.pkg),
    }));
  }

  private async groups() {
    const all = (await this.packages()).map((x) => x.pkg);
    return DATA_THEMES.map((t) => {
      const packages = all.filter((p) => p.groups.some((g) => g.name === t.toLowerCase()));
      return { org: this.deps.present.group(t, packages.length), packages };
    }).filter((g) => g.packages.length > 0);
  }

  private list<T extends { org: { name: string; title: string; package_count: number } }>(items: T[], q: z.infer<typeof CkanListQuery>) {
    const [field = 'name', dir = 'asc'] = (q.sort ?? 'name asc').trim().split(/\s+/);
    if (!['name', 'title', 'package_count'].includes(field) || !/^(asc|desc)$/i.test(dir)) throw new AppError(409, 'validation_error', 'Validation Error', [{ field: 'sort', message: `Cannot sort by field "${field}"` }]);
    const key = field as 'name' | 'title' | 'package_count';
    const sorted = [...items].sort((a, b) => {
      const c = key === 'package_count' ? a.org.package_count - b.org.package_count : fold(a.org[key]).localeCompare(fold(b.org[key]));
      return dir.toLowerCase() === 'desc' ? -c : c;
    });
    const offset = q.offset ?? 0;
    const page = sorted.slice(offset, q.limit === undefined ? undefined : offset + q.limit);
    return truthy(q.all_fields) ? page.map((x) => x.org) : page.map((x) => x.org.name);
  }

  async organizationList(q: z.infer<typeof CkanListQuery>) {
    return this.list(await this.organizations(), q);
  }

  async groupList(q: z.infer<typeof CkanListQuery>) {
    return this.list(await this.groups(), q);
  }

  private show(items: { org: { id: string; name: string }; packages: CkanPackage[] }[], q: z.infer<typeof CkanGroupShowQuery>) {
    const hit = items.find((x) => x.org.id === q.id || x.org.name === q.id);
    if (!hit) throw new AppError(404, 'not_found', 'Not found');
    return truthy(q.include_datasets) ? { ...hit.org, packages: hit.packages } : hit.org;
  }

  async organizationShow(q: z.infer<typeof CkanGroupShowQuery>) {
    return this.show(await this.organizations(), q);
  }

  async groupShow(q: z.infer<typeof CkanGroupShowQuery>) {
    return this.show(await this.groups(), q);
  }

  statusShow() {
    return {
      site_title: 'Urbia',
      site_url: this.deps.publicUrl(),
      site_description: 'Urbia open data (DCAT-AP, CKAN Action API subset, OGC API – Features)',
      ckan_version: API_VERSION_CLAIMED,
      error_emails_to: null,
      locale_default: 'ro',
      extensions: ['urbia'],
    };
  }
}
