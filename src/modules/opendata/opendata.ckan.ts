/**
 * A read-only CKAN Action API (`/api/3/action/…`) over every city's catalogue: what CKAN harvesters
 * (ckanext-harvest's CKANHarvester, used by data.gov.ro) and ckanapi call. One organization per city, one
 * group per EU data theme, package names `<city>_<dataset>`. Answers and errors have CKAN's envelope
 * (`{help, success, result}` / `{help, success: false, error: {__type, message | field: [..]}}`, 404 Not Found
 * Error, 409 Validation Error and Search Query Error, 400 for an unknown action). Each action answers GET with
 * query parameters and POST with a JSON body, as CKAN does.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { AppInstance } from '../../core/http.js';
import type { Multiloc } from '../../core/i18n.js';
import type { TenantRow, TenantsService } from '../tenants/index.js';
import { CkanQueryError, type FieldValues, matches, parseFq, parseSort } from './opendata.ckan-query.js';
import { type CkanPackage, presentCkanGroup, presentCkanOrganization, presentCkanPackage } from './opendata.presenter.js';
import { CkanGroupShowQuery, CkanListQuery, CkanPackageListQuery, CkanResponse, CkanSearchQuery, CkanShowQuery } from './opendata.schemas.js';
import type { OpendataService } from './opendata.service.js';
import { DATA_THEMES } from './opendata.vocab.js';

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

export class CkanApi {
  constructor(private readonly deps: { service: OpendataService; tenants: TenantsService; publicUrl(): string }) {}

  private async packages(): Promise<{ tenant: TenantRow; pkg: CkanPackage }[]> {
    const base = this.deps.publicUrl();
    const out: { tenant: TenantRow; pkg: CkanPackage }[] = [];
    for (const tenant of await this.deps.tenants.list()) for (const d of await this.deps.service.catalog(tenant)) out.push({ tenant, pkg: presentCkanPackage(d, tenant, base, tenantTitle(tenant)) });
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
      org: presentCkanOrganization(t, base, tenantTitle(t), all.filter((x) => x.tenant.id === t.id).length),
      packages: all.filter((x) => x.tenant.id === t.id).map((x) => x.pkg),
    }));
  }

  private async groups() {
    const all = (await this.packages()).map((x) => x.pkg);
    return DATA_THEMES.map((t) => {
      const packages = all.filter((p) => p.groups.some((g) => g.name === t.toLowerCase()));
      return { org: presentCkanGroup(t, packages.length), packages };
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

/** CKAN's error envelope for an error thrown in an action (validation, query syntax, not found). */
function ckanError(err: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply, help: string) {
  const send = (status: number, error: Record<string, unknown>) => reply.code(status).type('application/json; charset=utf-8').serializer(JSON.stringify).send({ help, success: false, error });
  if (hasZodFastifySchemaValidationErrors(err)) {
    const fields: Record<string, string[]> = {};
    for (const v of err.validation) (fields[v.instancePath.replace(/^\//, '').split('/')[0] || 'params'] ??= []).push(v.message ?? 'Invalid value');
    return send(409, { __type: 'Validation Error', ...fields });
  }
  if (err instanceof CkanQueryError) return send(409, { __type: 'Search Query Error', message: `Search Query is invalid: ${err.message}` });
  if (err instanceof AppError && err.status === 404) return send(404, { __type: 'Not Found Error', message: 'Not found' });
  if (err instanceof AppError && err.status === 409) return send(409, { __type: 'Validation Error', ...Object.fromEntries((err.errors ?? []).map((e) => [e.field, [e.message]])) });
  if (err instanceof AppError && err.status < 500) return send(err.status, { __type: err.status === 429 ? 'Too Many Requests' : 'Bad Request', message: err.message });
  if ((err as FastifyError).statusCode && (err as FastifyError).statusCode! < 500) return send((err as FastifyError).statusCode!, { __type: 'Bad Request', message: err.message });
  req.log.error({ err }, 'CKAN action failed');
  return send(500, { __type: 'Internal Server Error', message: 'Internal Server Error' });
}

/** The routes: every action by GET (query string) and POST (JSON body), in a scope with CKAN's error shape. */
export async function ckanRoutes(app: AppInstance, api: CkanApi, publicUrl: () => string) {
  await app.register(async (scope: AppInstance) => {
    const help = (action: string) => `${publicUrl()}/api/3/action/help_show?name=${action}`;
    scope.setErrorHandler((err: FastifyError, req, reply) => ckanError(err, req, reply, help(/\/api\/3\/action\/([\w]+)/.exec(req.url)?.[1] ?? 'unknown')));

    const action = <S extends z.ZodType>(name: string, summary: string, input: S, run: (q: z.infer<S>) => unknown) => {
      const handler = async (req: FastifyRequest) => ({ help: help(name), success: true, result: await run(((req.method === 'POST' ? req.body : req.query) ?? {}) as z.infer<S>) });
      const response = { 200: CkanResponse, 404: CkanResponse, 409: CkanResponse };
      scope.get(`/api/3/action/${name}`, { config: { access: 'public' }, schema: { tags: ['ckan'], summary, querystring: input, response }, handler });
      scope.post(`/api/3/action/${name}`, { config: { access: 'public' }, schema: { tags: ['ckan'], summary: `${summary} (POST, JSON body)`, body: input, response }, handler });
    };

    action('package_search', 'CKAN package_search: q, fq (Solr subset: field:value, -negation, OR, AND, parentheses, ranges [a TO *] on metadata_modified/metadata_created, wildcards), sort, rows (≤ 1000), start', CkanSearchQuery, (q) => api.packageSearch(q));
    action('package_show', 'CKAN package_show (id or name = "<city>_<dataset>")', CkanShowQuery, (q) => api.packageShow(q.id));
    action('package_list', 'CKAN package_list (limit, offset)', CkanPackageListQuery, (q) => api.packageList(q));
    action('organization_list', 'CKAN organization_list: one organization per city (all_fields, sort, limit, offset)', CkanListQuery, (q) => api.organizationList(q));
    action('organization_show', 'CKAN organization_show (id; include_datasets)', CkanGroupShowQuery, (q) => api.organizationShow(q));
    action('group_list', 'CKAN group_list: one group per EU data theme in use (all_fields, sort, limit, offset)', CkanListQuery, (q) => api.groupList(q));
    action('group_show', 'CKAN group_show (id = theme in lower case, e.g. "tran"; include_datasets)', CkanGroupShowQuery, (q) => api.groupShow(q));
    action('status_show', 'CKAN status_show', z.object({}), () => api.statusShow());

    scope.route({
      method: ['GET', 'POST'],
      url: '/api/3/action/:action',
      config: { access: 'public' },
      schema: { tags: ['ckan'], summary: 'Any other action: CKAN\'s 400 "Action name not known"', params: z.object({ action: z.string().max(100) }), response: { 400: CkanResponse } },
      handler: async (req, reply) => reply.code(400).send({ help: help('unknown'), success: false, error: { __type: 'Bad Request', message: `Bad request - Action name not known: ${(req.params as { action: string }).action}` } }),
    });
  });
}
