/**
 * The CKAN Action API driven the way ckanext-harvest's CKANHarvester (harvesters/ckanharvester.py, used by
 * data.gov.ro) drives a remote CKAN: the gather stage builds `fq` from its organisation/group filters and, after
 * a successful job, `metadata_modified:[<gather_started − 1 h>Z TO *]` (Python's isoformat, microseconds),
 * pages with `rows=100&start=…&sort=id asc` (encoded like Python's urlencode) until a page is empty, drops
 * duplicates; with remote_orgs/remote_groups = create it calls organization_show/group_show. Then each package
 * is read again with package_show (what ckanapi and the older harvesters do).
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../core/actor.js';
import { cacheChanged } from '../../../core/cachebus.js';
import { CATALOGUE_TOPIC } from '../opendata.service.js';
import { createTestApp, importTimisoaraStrategy, type TestApp } from '../../../../tests/helpers/app.js';
import { testEngines } from '../../../../tests/helpers/env.js';

interface Pkg {
  id: string;
  name: string;
  title: string;
  metadata_modified: string;
  organization: { name: string };
  groups: { name: string }[];
  resources: { url: string; format: string }[];
}
interface HarvestConfig {
  organizations_filter_include?: string[];
  organizations_filter_exclude?: string[];
  groups_filter_include?: string[];
  groups_filter_exclude?: string[];
}

/** Python's datetime.isoformat() of a naive UTC time: microseconds, no zone. */
const pyIso = (d: Date) => d.toISOString().replace(/(\.\d{3})Z$/, '$1000');

describe.each(testEngines())('CKAN Action API harvested like ckanext-harvest on %s', (engine) => {
  let t: TestApp;
  let requests = 0;
  const get = async (url: string) => {
    requests++;
    return t.app.inject({ url });
  };

  /** CKANHarvester._search_for_datasets, step for step (rows is 100 there; smaller here to page). */
  async function searchForDatasets(fqTerms: string[], rows = 100): Promise<Pkg[]> {
    const params = new URLSearchParams({ rows: String(rows), start: '0', sort: 'id asc' });
    if (fqTerms.length) params.set('fq', fqTerms.join(' '));
    const pkgs: Pkg[] = [];
    const ids = new Set<string>();
    let previous: string | null = null;
    for (;;) {
      const res = await get(`/api/3/action/package_search?${params.toString()}`);
      expect(res.statusCode, res.body).toBe(200);
      if (previous !== null && res.body === previous) throw new Error("The paging doesn't seem to work");
      previous = res.body;
      const page = (JSON.parse(res.body) as { result: { results: Pkg[] } }).result.results;
      const fresh = page.filter((p) => !ids.has(p.id));
      page.forEach((p) => ids.add(p.id));
      pkgs.push(...fresh);
      if (page.length === 0) break;
      params.set('start', String(Number(params.get('start')) + rows));
    }
    return pkgs;
  }

  /** CKANHarvester.gather_stage's fq terms and incremental window. */
  function fqTerms(config: HarvestConfig, lastJobStarted: Date | null, marginMs = 3_600_000): string[] {
    const terms: string[] = [];
    if (config.organizations_filter_include?.length) terms.push(config.organizations_filter_include.map((o) => `organization:${o}`).join(' OR '));
    else if (config.organizations_filter_exclude?.length) terms.push(...config.organizations_filter_exclude.map((o) => `-organization:${o}`));
    if (config.groups_filter_include?.length) terms.push(config.groups_filter_include.map((g) => `groups:${g}`).join(' OR '));
    else if (config.groups_filter_exclude?.length) terms.push(...config.groups_filter_exclude.map((g) => `-groups:${g}`));
    if (lastJobStarted) terms.push(`metadata_modified:[${pyIso(new Date(lastJobStarted.getTime() - marginMs))}Z TO *]`);
    return terms;
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    const tm = await importTimisoaraStrategy(t);
    const bm = await t.services.tenants.bySlug('baia-mare');
    const od = t.modules.opendata!;
    const publish = async (tenant: typeof tm, filename: string, content: string, themes: ('TRAN' | 'ENVI' | 'GOVE')[]) => {
      const d = await od.uploads.upload(SYSTEM, tenant, { filename, stream: Readable.from([Buffer.from(content)]) });
      await od.uploads.describe(SYSTEM, tenant, d.id, { themes, keywords: ['test'] });
      await od.uploads.setPublished(SYSTEM, tenant, d.id, true);
    };
    await publish(tm, 'parcari.csv', 'a,b\n1,2\n', ['TRAN']);
    await publish(tm, 'arbori.csv', 'a,b\n1,2\n', ['ENVI']);
    await publish(bm, 'autobuze.csv', 'a,b\n1,2\n', ['TRAN']);
    // Three days ago: older than any incremental window below.
    await t.database.db.updateTable('opendata_uploads').set({ updated_at: new Date(Date.now() - 3 * 86_400_000), issued_at: new Date(Date.now() - 3 * 86_400_000) }).where('slug', '=', 'arbori').execute();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gathers every package, excluding or including organisations and groups, paging by start/rows sorted by id', async () => {
    const all = await searchForDatasets(fqTerms({}, null));
    const names = all.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['timisoara_parcari', 'timisoara_arbori', 'timisoara_strategy-projects', 'baia-mare_autobuze', 'baia-mare_city-boundary']));
    expect(names).toEqual([...names].sort()); // sort=id asc
    expect(new Set(names).size).toBe(names.length);
    const listed = (await get('/api/3/action/package_list')).json().result as string[];
    expect([...names].sort()).toEqual(listed);

    // the same with pages of 3: same packages, each once
    const paged = await searchForDatasets(fqTerms({}, null), 3);
    expect(paged.map((p) => p.name)).toEqual(names);

    const noBaiaMare = await searchForDatasets(fqTerms({ organizations_filter_exclude: ['baia-mare'] }, null));
    expect(noBaiaMare.length).toBe(names.filter((n) => n.startsWith('timisoara_')).length);
    expect(noBaiaMare.every((p) => p.organization.name === 'timisoara')).toBe(true);
    const neither = await searchForDatasets(fqTerms({ organizations_filter_exclude: ['baia-mare', 'timisoara'] }, null));
    expect(neither).toEqual([]);
    const both = await searchForDatasets(fqTerms({ organizations_filter_include: ['baia-mare', 'timisoara'] }, null));
    expect(both.map((p) => p.name)).toEqual(names);
    const one = await searchForDatasets(fqTerms({ organizations_filter_include: ['baia-mare'] }, null));
    expect(one.map((p) => p.organization.name)).toEqual(one.map(() => 'baia-mare'));
    expect(one.length).toBeGreaterThan(0);

    const transport = await searchForDatasets(fqTerms({ groups_filter_include: ['tran'] }, null));
    expect(transport.map((p) => p.name)).toEqual(expect.arrayContaining(['timisoara_parcari', 'baia-mare_autobuze']));
    expect(transport.every((p) => p.groups.some((g) => g.name === 'tran'))).toBe(true);
    const notTransport = await searchForDatasets(fqTerms({ groups_filter_exclude: ['tran'] }, null));
    expect(notTransport.length + transport.length).toBe(names.length);
  });

  it('harvests incrementally: only packages modified since the last job (with and without the harvester\'s 1 h margin)', async () => {
    // A platform dataset whose list of files grows with the city's data (as budgets add .pb files).
    const files = ['2025'];
    t.modules.opendata!.registerPlatformDataset({
      id: 'test-growing', module: 'test', title: { ro: 'Crește' }, description: { ro: 'Un fișier pe an' }, themes: ['GOVE'], keywords: { ro: ['test'] }, frequency: 'ANNUAL', distributions: [],
      available: async (tenant) => tenant.slug === 'timisoara',
      tenantDistributions: async () => files.map((y) => ({ id: `an-${y}`, format: 'CSV' as const, generate: async () => `an\n${y}\n` })),
    });
    const full = await searchForDatasets(fqTerms({}, null));
    expect(full.map((p) => p.name)).toContain('timisoara_test-growing');
    const jobStarted = new Date();
    await new Promise((r) => setTimeout(r, 20));
    const tm = await t.services.tenants.bySlug('timisoara');
    await t.modules.opendata!.uploads.describe(SYSTEM, tm, 'parcari', { title: { ro: 'Parcări (actualizat)' } });

    // exactly since the job started: the one change
    const exact = await searchForDatasets(fqTerms({}, jobStarted, 0));
    expect(exact.map((p) => p.name)).toEqual(['timisoara_parcari']);
    expect(exact[0]!.title).toBe('Parcări (actualizat)');
    // a new file in a platform dataset moves its metadata_modified, in the other city's datasets nothing moves
    files.push('2026');
    // the change behind a new file (a budget added) emits an event, which drops the kept catalogue: as that event would
    await cacheChanged(t.database.db, CATALOGUE_TOPIC, tm.id);
    const grown = await searchForDatasets(fqTerms({}, jobStarted, 0));
    expect(grown.map((p) => p.name)).toEqual(['timisoara_parcari', 'timisoara_test-growing']);
    expect(grown[1]!.resources.map((r) => r.url.split('/').pop())).toEqual(['an-2025.csv', 'an-2026.csv']);
    expect((await searchForDatasets(fqTerms({}, new Date(), 0))).length).toBe(0); // recorded once, not on every read
    // the harvester's real request (an hour earlier): everything touched in the last hour, never the old upload
    const window = await searchForDatasets(fqTerms({}, jobStarted));
    expect(window.map((p) => p.name)).toContain('timisoara_parcari');
    expect(window.map((p) => p.name)).not.toContain('timisoara_arbori');
    expect(window.length).toBeLessThan(full.length);
    for (const p of window) expect(Date.parse(`${p.metadata_modified}Z`)).toBeGreaterThanOrEqual(jobStarted.getTime() - 3_600_000);
    // combined with the organisation filters
    expect((await searchForDatasets(fqTerms({ organizations_filter_exclude: ['timisoara'] }, jobStarted, 0))).length).toBe(0);
    expect((await searchForDatasets(fqTerms({ organizations_filter_include: ['baia-mare', 'timisoara'] }, jobStarted, 0))).map((p) => p.name)).toEqual(['timisoara_parcari', 'timisoara_test-growing']);
    // nothing changed since now: an empty first page, which the harvester reads as "no updates"
    const res = await get(`/api/3/action/package_search?${new URLSearchParams({ fq: `metadata_modified:[${pyIso(new Date(Date.now() + 1000))}Z TO *]`, rows: '100', start: '0' }).toString()}`);
    expect(res.json()).toMatchObject({ success: true, result: { count: 0, results: [] } });
  });

  it('reads each package, its organisation and groups again (package_show, organization_show, group_show)', async () => {
    const all = await searchForDatasets(fqTerms({ organizations_filter_include: ['timisoara'] }, null));
    const before = requests;
    for (const p of all) {
      const show = await get(`/api/3/action/package_show?id=${encodeURIComponent(p.id)}`);
      expect(show.statusCode).toBe(200);
      const body = show.json();
      expect(body.help).toMatch(/\/api\/3\/action\/help_show\?name=package_show$/);
      expect(body.success).toBe(true);
      expect(body.result).toEqual(p);
      for (const r of body.result.resources) expect(r.url).toMatch(/^http:\/\/urbia\.test\/api\/v1\/tenants\/timisoara\/opendata\/datasets\//);
    }
    expect(requests - before).toBe(all.length);
    const org = (await get('/api/3/action/organization_show?id=timisoara')).json();
    expect(org).toMatchObject({ success: true, result: { name: 'timisoara', is_organization: true, package_count: all.length } });
    expect(org.result.packages).toBeUndefined();
    expect((await get('/api/3/action/organization_show?id=timisoara&include_datasets=true')).json().result.packages).toHaveLength(all.length);
    expect((await get('/api/3/action/group_show?id=tran')).json().result).toMatchObject({ name: 'tran', is_organization: false });
    expect((await get('/api/3/action/organization_list')).json().result).toEqual(['baia-mare', 'timisoara']);
    const orgs = (await get('/api/3/action/organization_list?all_fields=true&sort=package_count%20desc')).json().result;
    expect(orgs[0]).toMatchObject({ name: 'timisoara', package_count: all.length });
    const groups = (await get('/api/3/action/group_list')).json().result as string[];
    expect(groups).toEqual(expect.arrayContaining(['tran', 'envi', 'gove']));
    expect(groups).toEqual([...groups].sort());
    expect((await get('/api/3/action/status_show')).json().result).toMatchObject({ site_url: 'http://urbia.test', ckan_version: expect.stringMatching(/^2\./) });
  });

  it('sorts, filters by range, wildcard and text, and answers POST with a JSON body like ckanapi', async () => {
    const search = async (params: Record<string, string>) => (await get(`/api/3/action/package_search?${new URLSearchParams(params).toString()}`)).json().result;
    const byModified = await search({ sort: 'metadata_modified desc', rows: '1000' });
    const mods = byModified.results.map((p: Pkg) => p.metadata_modified);
    expect(mods).toEqual([...mods].sort().reverse());
    const byName = (await search({ sort: 'name asc', rows: '5', start: '2' })).results.map((p: Pkg) => p.name);
    const allNames = (await search({ sort: 'name desc', rows: '1000' })).results.map((p: Pkg) => p.name).reverse();
    expect(byName).toEqual(allNames.slice(2, 7));
    expect((await search({ rows: '5000' })).results.length).toBe(Math.min(allNames.length, 1000)); // rows clamped to 1000 like CKAN
    const old = await search({ fq: 'metadata_modified:[* TO NOW-2DAYS]' });
    expect(old.results.map((p: Pkg) => p.name)).toEqual(['timisoara_arbori']);
    expect((await search({ fq: 'metadata_modified:{* TO NOW-2DAYS}' })).count).toBe(1);
    expect((await search({ fq: 'name:timisoara_str*' })).results.map((p: Pkg) => p.name)).toEqual(expect.arrayContaining(['timisoara_strategy-projects']));
    expect((await search({ fq: 'organization:(baia-mare OR nobody) AND groups:tran' })).results.map((p: Pkg) => p.name)).toEqual(['baia-mare_autobuze']);
    expect((await search({ fq: '+organization:timisoara -res_format:csv' })).results.every((p: Pkg) => p.resources.every((r) => r.format !== 'CSV'))).toBe(true);
    expect((await search({ q: 'tags:test', fq: 'NOT organization:timisoara' })).results.map((p: Pkg) => p.name)).toEqual(['baia-mare_autobuze']);
    expect((await search({ q: 'PARCARI actualizat' })).results.map((p: Pkg) => p.name)).toEqual(['timisoara_parcari']);

    const post = await t.app.inject({ method: 'POST', url: '/api/3/action/package_search', payload: { fq: 'organization:baia-mare', rows: 2, sort: 'name asc' } });
    expect(post.statusCode).toBe(200);
    expect(post.json().result.results.map((p: Pkg) => p.organization.name)).toEqual(['baia-mare', 'baia-mare']);
    expect((await t.app.inject({ method: 'POST', url: '/api/3/action/package_show', payload: { id: 'baia-mare_autobuze' } })).json().result.name).toBe('baia-mare_autobuze');
  });

  it('answers errors in CKAN\'s shape: 404 Not Found Error, 409 Validation Error and Search Query Error, 400 for an unknown action', async () => {
    const missing = await get('/api/3/action/package_show?id=timisoara_nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ success: false, help: expect.stringContaining('package_show'), error: { __type: 'Not Found Error', message: 'Not found' } });
    const noId = await get('/api/3/action/package_show');
    expect(noId.statusCode).toBe(409);
    expect(noId.json()).toMatchObject({ success: false, error: { __type: 'Validation Error', id: [expect.any(String)] } });
    const badRows = await get('/api/3/action/package_search?rows=many');
    expect(badRows.statusCode).toBe(409);
    expect(badRows.json().error).toMatchObject({ __type: 'Validation Error', rows: [expect.any(String)] });
    for (const fq of ['organization:', 'metadata_modified:[yesterday TO *]', 'colour:red', 'organization:(a OR b', 'metadata_modified:[2026-01-01 *]']) {
      const res = await get(`/api/3/action/package_search?${new URLSearchParams({ fq }).toString()}`);
      expect(res.statusCode, fq).toBe(409);
      expect(res.json().error.__type, fq).toBe('Search Query Error');
    }
    const sort = await get('/api/3/action/package_search?sort=colour%20asc');
    expect([sort.statusCode, sort.json().error.__type]).toEqual([409, 'Search Query Error']);
    expect((await get('/api/3/action/organization_show?id=nowhere')).statusCode).toBe(404);
    expect((await get('/api/3/action/group_show?id=nope')).json().error.__type).toBe('Not Found Error');
    const unknown = await get('/api/3/action/package_create');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ success: false, error: { __type: 'Bad Request', message: 'Bad request - Action name not known: package_create' } });
  });
});
