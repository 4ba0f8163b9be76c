import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { SYSTEM } from '../../core/actor.js';
import { generateReports, seedCategories } from '../reports/index.js';
import { PROPERTY_NAMES } from '../../shared/sensor-properties.js';
import { seedParticipationDemo } from '../participation/participation.demo.js';
import { JsonLdParser } from 'jsonld-streaming-parser';
import { Parser, type Quad } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, problem, type TestApp, type TestUser } from '../../../tests/helpers/app.js';
import { testEngines } from '../../../tests/helpers/env.js';
import { queryCounter } from '../../../tests/helpers/queries.js';

const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

function multipart(filename: string, content: string | Buffer, field = 'file') {
  const boundary = '----urbiatest' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, Buffer.from(content), tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function parseStream(parser: NodeJS.ReadWriteStream, text: string): Promise<Quad[]> {
  return new Promise((resolve, reject) => {
    const out: Quad[] = [];
    parser.on('data', (q: Quad) => out.push(q));
    parser.on('error', reject);
    parser.on('end', () => resolve(out));
    Readable.from([text]).pipe(parser as unknown as NodeJS.WritableStream);
  });
}

/** Every mandatory DCAT-AP property (3.0.1 / 2.1.1 SHACL) on Catalog, Dataset, Distribution and Agent. */
function checkMandatory(quads: Quad[]) {
  const objects = (s: string, p: string) => quads.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object);
  const ofType = (t: string) => [...new Set(quads.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === t).map((q) => q.subject.value))];
  const catalogs = ofType(DCAT + 'Catalog');
  for (const c of catalogs) {
    expect(objects(c, DCT + 'title').length, 'catalog title').toBeGreaterThan(0);
    expect(objects(c, DCT + 'description').length, 'catalog description').toBeGreaterThan(0);
    const pubs = objects(c, DCT + 'publisher');
    expect(pubs.length, 'catalog has exactly one publisher').toBe(1);
    expect(objects(pubs[0]!.value, FOAF + 'name').length, 'publisher foaf:name').toBeGreaterThan(0);
    expect(objects(pubs[0]!.value, RDF_TYPE).map((o) => o.value)).toContain(FOAF + 'Agent');
  }
  const datasets = ofType(DCAT + 'Dataset');
  for (const d of datasets) {
    expect(objects(d, DCT + 'title').length, `${d} title`).toBeGreaterThan(0);
    expect(objects(d, DCT + 'description').length, `${d} description`).toBeGreaterThan(0);
    // at least one theme from the EU data-theme vocabulary
    expect(objects(d, DCAT + 'theme').some((o) => o.value.startsWith('http://publications.europa.eu/resource/authority/data-theme/')), `${d} theme`).toBe(true);
    for (const p of objects(d, DCT + 'publisher')) expect(objects(p.value, FOAF + 'name').length).toBeGreaterThan(0);
  }
  const dists = ofType(DCAT + 'Distribution');
  for (const x of dists) {
    expect(objects(x, DCAT + 'accessURL').length, `${x} accessURL`).toBeGreaterThan(0);
    expect(objects(x, DCT + 'format')[0]?.value).toMatch(/^http:\/\/publications\.europa\.eu\/resource\/authority\/file-type\//);
    expect(objects(x, DCT + 'license')[0]?.value).toMatch(/^http:\/\/publications\.europa\.eu\/resource\/authority\/licence\//);
  }
  return { catalogs, datasets, dists };
}

describe.each(testEngines())('open data on %s', (engine) => {
  let t: TestApp;
  let staff: TestUser;
  let citizen: TestUser;
  beforeAll(async () => {
    t = await createTestApp(engine);
    staff = await buildUser(t, { timisoara: ['staff'] }, { displayName: 'Ioana Testescu-Personal', email: 'ioana.personal@example.org' });
    citizen = await buildUser(t, { timisoara: ['citizen'] });
    const doc = JSON.parse(readFileSync('data/strategies/timisoara-2022-2027.json', 'utf8')) as unknown;
    const tm = await t.services.tenants.bySlug('timisoara');
    await t.modules.strategy!.importDocument(SYSTEM, tm, doc);
    // Reports and a sensor whose owner is a person: both must reach the datasets without personal data.
    await seedCategories(t.modules.reports!.db, t.modules.reports!.repo, tm);
    await generateReports(t.database.db, tm, 25, { prefix: 'T', spanDays: 30, source: 'demo' });
    await seedParticipationDemo(t.database.db, t.modules.participation!);
    await t.modules.sensors!.createSensor(SYSTEM, tm, { name: 'Senzor Piața Unirii', owner: 'Ioana Testescu-Personal', lat: 45.758, lon: 21.229, properties: [PROPERTY_NAMES[0]!] });
  });
  afterAll(async () => {
    await t?.close();
  });

  const upload = (user: TestUser, filename: string, content: string | Buffer, tenant = 'timisoara') => {
    const m = multipart(filename, content);
    return t.app.inject({ method: 'POST', url: `/api/v1/tenants/${tenant}/opendata/uploads`, payload: m.payload, headers: { ...m.headers, ...user.headers } });
  };

  it('uploads a CSV (401 → 403 → 415 → 201), describes and publishes it with audit, and serves it with its type', async () => {
    const csv = 'parcare,locuri,lat,lon\nPiața Unirii,120,45.758,21.229\nIulius,800,45.766,21.227\n';
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/tenants/timisoara/opendata/uploads', ...multipart('a.csv', csv) })).statusCode).toBe(401);
    expect((await upload(citizen, 'a.csv', csv)).statusCode).toBe(403);
    const fake = await upload(staff, 'raport.pdf', 'not a pdf at all');
    expect(fake.statusCode).toBe(415);
    expect(problem(fake).errors?.[0]?.field).toBe('file');
    expect((await upload(staff, 'bad.csv', 'a,b\n1,2,3\n')).statusCode).toBe(415);
    expect((await upload(staff, 'virus.exe', 'MZ')).statusCode).toBe(415);

    const res = await upload(staff, 'Parcari publice.csv', csv);
    expect(res.statusCode).toBe(201);
    const d = res.json();
    expect(d).toMatchObject({ id: 'parcari-publice', kind: 'upload', published: false, distributions: [{ format: 'CSV', mediaType: 'text/csv', byteSize: Buffer.byteLength(csv) }] });

    // unpublished: invisible to the public
    expect((await t.app.inject({ url: '/api/v1/tenants/timisoara/opendata/datasets/parcari-publice' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/tenants/timisoara/opendata/uploads/parcari-publice/publish', headers: staff.headers })).statusCode).toBe(409); // no theme yet

    const bad = await t.app.inject({ method: 'PATCH', url: '/api/v1/tenants/timisoara/opendata/uploads/parcari-publice', headers: staff.headers, payload: { themes: ['NOPE'], owner: 'x' } });
    expect(bad.statusCode).toBe(400);
    const described = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/tenants/timisoara/opendata/uploads/parcari-publice',
      headers: staff.headers,
      payload: { title: { ro: 'Parcări publice', en: 'Public car parks' }, description: { ro: 'Parcările publice și numărul de locuri.', en: 'Public car parks and their spaces.' }, themes: ['TRAN'], keywords: ['parcări', 'mobilitate'], temporalStart: '2026-01-01' },
    });
    expect(described.statusCode).toBe(200);
    const pub = await t.app.inject({ method: 'POST', url: '/api/v1/tenants/timisoara/opendata/uploads/parcari-publice/publish', headers: staff.headers });
    expect(pub.statusCode).toBe(200);
    expect(pub.json().published).toBe(true);

    const audit = await t.database.db.selectFrom('core_audit_log').select(['action']).where('entity_type', '=', 'opendata_dataset').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['opendata.dataset.uploaded', 'opendata.dataset.updated', 'opendata.dataset.published']));
    const events = await t.database.db.selectFrom('core_outbox').select('type').where('type', 'like', 'opendata.%').execute();
    expect(events.map((e) => e.type)).toContain('opendata.dataset.published');

    const file = await t.app.inject({ url: '/api/v1/tenants/timisoara/opendata/datasets/parcari-publice/files/parcari-publice.csv' });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(file.body).toBe(csv);
    const again = await t.app.inject({ url: '/api/v1/tenants/timisoara/opendata/datasets/parcari-publice/files/parcari-publice.csv', headers: { 'if-none-match': String(file.headers.etag) } });
    expect(again.statusCode).toBe(304);

    const preview = await t.app.inject({ url: '/api/v1/tenants/timisoara/opendata/datasets/parcari-publice/preview' });
    expect(preview.json().table).toMatchObject({ columns: ['parcare', 'locuri', 'lat', 'lon'], rows: [['Piața Unirii', '120', '45.758', '21.229'], ['Iulius', '800', '45.766', '21.227']] });
  });

  it('uploads a GeoJSON that becomes a map layer, and XLSX/PDF/ZIP checked by content', async () => {
    const gj = { type: 'FeatureCollection', features: [1, 2, 3].map((i) => ({ type: 'Feature', id: `s${i}`, geometry: { type: 'Point', coordinates: [21.2 + i / 100, 45.75] }, properties: { nume: `Stație ${i}` } })) };
    const res = await upload(staff, 'statii-incarcare.geojson', JSON.stringify(gj));
    expect(res.statusCode).toBe(201);
    expect(res.json().distributions[0].mediaType).toBe('application/geo+json');
    await t.app.inject({ method: 'PATCH', url: '/api/v1/tenants/timisoara/opendata/uploads/statii-incarcare', headers: staff.headers, payload: { themes: ['ENER', 'TRAN'], title: { ro: 'Stații de încărcare' } } });
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/tenants/timisoara/opendata/uploads/statii-incarcare/publish', headers: staff.headers })).statusCode).toBe(200);
    const preview = await t.app.inject({ url: '/api/v1/tenants/timisoara/opendata/datasets/statii-incarcare/preview' });
    expect(preview.json().map.features).toHaveLength(3);

    expect((await upload(staff, 'x.geojson', '{"type":"Topology"}')).statusCode).toBe(415);
    expect((await upload(staff, 'doc.pdf', Buffer.from('%PDF-1.7\n%âãÏÓ\n'))).statusCode).toBe(201);
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('\x14\x00[Content_Types].xml xl/workbook.xml')]);
    expect((await upload(staff, 'buget.xlsx', zip)).statusCode).toBe(201);
    expect((await upload(staff, 'arhiva.zip', zip)).statusCode).toBe(201);
    expect((await upload(staff, 'fake.xlsx', Buffer.from('hello'))).statusCode).toBe(415);
    // uploads of one city are not another's
    expect((await upload(staff, 'a.csv', 'a,b\n1,2\n', 'baia-mare')).statusCode).toBe(403);
  });

  it('searches the catalogue with facets, diacritics-insensitive', async () => {
    const all = (await t.app.inject({ url: '/api/v1/tenants/timisoara/opendata/datasets' })).json();
    expect(all.items.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining(['parcari-publice', 'statii-incarcare', 'city-boundary']));
    expect(all.items.map((d: { id: string }) => d.id)).not.toContain('doc'); // unpublished
    const found = (await t.app.inject({ url: '/api/v1/tenants/timisoara/opendata/datasets?q=PARCARI' })).json();
    expect(found.items.map((d: { id: string }) => d.id)).toEqual(['parcari-publice']);
    const byTheme = (await t.app.inject({ url: '/api/v1/tenants/timisoara/opendata/datasets?theme=ENER' })).json();
    expect(byTheme.items.map((d: { id: string }) => d.id)).toEqual(['statii-incarcare']);
    // a facet counts as if its own filter were off: every theme stays choosable
    expect(byTheme.facets.theme).toEqual(expect.arrayContaining([{ value: 'ENER', count: 1 }]));
    expect(byTheme.facets.theme.find((f: { value: string }) => f.value === 'TRAN').count).toBeGreaterThanOrEqual(2);
    expect((await t.app.inject({ url: '/api/v1/tenants/timisoara/opendata/datasets?format=GEOJSON&keyword=parcări' })).json().total).toBe(0);
    expect((await t.app.inject({ url: '/api/v1/tenants/timisoara/opendata/datasets?sort=x' })).statusCode).toBe(400);
  });

  it('writes a DCAT-AP catalogue that real RDF parsers read, with every mandatory property, in Turtle, JSON-LD and RDF/XML', async () => {
    const ttl = await t.app.inject({ url: '/dcat/timisoara/catalog.ttl' });
    expect(ttl.statusCode).toBe(200);
    expect(ttl.headers['content-type']).toBe('text/turtle; charset=utf-8');
    const quads = new Parser().parse(ttl.body);
    const { catalogs, datasets, dists } = checkMandatory(quads);
    expect(catalogs).toEqual(['http://urbia.test/dcat/timisoara/catalog']);
    expect(datasets).toEqual(expect.arrayContaining(['http://urbia.test/dcat/timisoara/dataset/parcari-publice', 'http://urbia.test/dcat/timisoara/dataset/city-boundary']));
    expect(dists.length).toBeGreaterThanOrEqual(datasets.length);
    expect(quads.some((q) => q.predicate.value === 'http://www.w3.org/ns/hydra/core#totalItems')).toBe(true);
    const dl = quads.find((q) => q.subject.value.endsWith('parcari-publice/distribution/parcari-publice-csv') && q.predicate.value === DCAT + 'downloadURL');
    expect(dl?.object.value).toBe('http://urbia.test/api/v1/tenants/timisoara/opendata/datasets/parcari-publice/files/parcari-publice.csv');

    const jsonld = await t.app.inject({ url: '/dcat/timisoara/catalog.jsonld' });
    expect(jsonld.headers['content-type']).toBe('application/ld+json; charset=utf-8');
    const fromJsonLd = await parseStream(new JsonLdParser() as unknown as NodeJS.ReadWriteStream, jsonld.body);
    checkMandatory(fromJsonLd);
    expect(fromJsonLd.length).toBe(quads.length);

    const rdf = await t.app.inject({ url: '/dcat/timisoara/catalog.rdf' });
    expect(rdf.headers['content-type']).toBe('application/rdf+xml; charset=utf-8');
    const fromXml = await parseStream(new RdfXmlParser() as unknown as NodeJS.ReadWriteStream, rdf.body);
    checkMandatory(fromXml);
    expect(fromXml.length).toBe(quads.length);

    const one = await t.app.inject({ url: '/dcat/timisoara/dataset/parcari-publice.ttl' });
    const oneQuads = new Parser().parse(one.body);
    expect(checkMandatory(oneQuads).datasets).toEqual(['http://urbia.test/dcat/timisoara/dataset/parcari-publice']);
    expect(oneQuads.filter((q) => q.predicate.value === DCT + 'title').map((q) => q.object.value)).toEqual(expect.arrayContaining(['Parcări publice', 'Public car parks']));
    expect((await t.app.inject({ url: '/dcat/timisoara/dataset/doc.ttl' })).statusCode).toBe(404); // unpublished
    expect((await t.app.inject({ url: '/dcat/timisoara/catalog.xml' })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/dcat/nowhere/catalog.ttl' })).statusCode).toBe(404);
  });

  it('answers CKAN package_search and package_show in CKAN\'s envelope', async () => {
    const s = (await t.app.inject({ url: '/api/3/action/package_search?fq=organization:timisoara&q=parcari' })).json();
    expect(s).toMatchObject({ success: true, result: { count: 1, results: [{ name: 'timisoara_parcari-publice', organization: { name: 'timisoara' }, license_id: 'cc-by-4.0' }] } });
    expect(s.result.results[0].resources[0]).toMatchObject({ format: 'CSV', mimetype: 'text/csv', url: 'http://urbia.test/api/v1/tenants/timisoara/opendata/datasets/parcari-publice/files/parcari-publice.csv' });
    const show = await t.app.inject({ url: '/api/3/action/package_show?id=timisoara_parcari-publice' });
    expect(show.json()).toMatchObject({ success: true, result: { title: 'Parcări publice', tags: [{ name: 'parcări' }, { name: 'mobilitate' }] } });
    const missing = await t.app.inject({ url: '/api/3/action/package_show?id=timisoara_nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ success: false, error: { __type: 'Not Found Error' } });
    expect((await t.app.inject({ url: '/api/3/action/package_search?fq=res_format:GEOJSON' })).json().result.count).toBeGreaterThanOrEqual(2);
  });

  it('serves OGC API – Features: landing, conformance, collections, items with bbox/datetime/limit/next, single items, 400 on unknown parameters', async () => {
    const landing = await t.app.inject({ url: '/ogc/timisoara/' });
    expect(landing.json().links.map((l: { rel: string }) => l.rel)).toEqual(expect.arrayContaining(['self', 'service-desc', 'conformance', 'data']));
    expect((await t.app.inject({ url: '/ogc/timisoara/conformance?f=json' })).json().conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson');
    const cols = (await t.app.inject({ url: '/ogc/timisoara/collections' })).json();
    expect(cols.collections.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(['boundary', 'statii-incarcare']));
    const items = await t.app.inject({ url: '/ogc/timisoara/collections/statii-incarcare/items?limit=2' });
    expect(items.headers['content-type']).toContain('application/geo+json');
    const page1 = items.json();
    expect(page1).toMatchObject({ type: 'FeatureCollection', numberMatched: 3, numberReturned: 2 });
    const next = page1.links.find((l: { rel: string }) => l.rel === 'next').href.replace('http://urbia.test', '');
    const page2 = (await t.app.inject({ url: next })).json();
    expect(page2.features.map((f: { id: string }) => f.id)).toEqual(['s3']);
    expect(page2.links.some((l: { rel: string }) => l.rel === 'next')).toBe(false);
    const boxed = (await t.app.inject({ url: '/ogc/timisoara/collections/statii-incarcare/items?bbox=21.205,45.7,21.225,45.8' })).json();
    expect(boxed.features.map((f: { id: string }) => f.id)).toEqual(['s1', 's2']);
    expect((await t.app.inject({ url: '/ogc/timisoara/collections/statii-incarcare/items?datetime=2026-01-01T00:00:00Z/..' })).json().numberMatched).toBe(3);
    expect((await t.app.inject({ url: '/ogc/timisoara/collections/statii-incarcare/items/s2' })).json()).toMatchObject({ type: 'Feature', id: 's2', properties: { nume: 'Stație 2' } });
    expect((await t.app.inject({ url: '/ogc/timisoara/collections/statii-incarcare/items/zz' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/ogc/timisoara/collections/statii-incarcare/items?colour=red' })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/ogc/timisoara/collections/statii-incarcare/items?bbox=1,2,3' })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/ogc/timisoara/collections/statii-incarcare/items?datetime=yesterday' })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/ogc/timisoara/collections/nope/items' })).statusCode).toBe(404);
  });

  it('publishes the strategy projects, KPIs and measurements, and a project change shows at once', async () => {
    const url = '/api/v1/tenants/timisoara/opendata/datasets/strategy-projects/files/projects.csv';
    const before = await t.app.inject({ url });
    expect(before.statusCode).toBe(200);
    expect(before.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = before.body.trim().split('\r\n');
    expect(lines[0]).toContain('code,kind,title_ro');
    expect(lines).toHaveLength(86); // header + Timișoara's 85 projects
    expect(before.headers['last-modified']).toBeTruthy();

    const tm = await t.services.tenants.bySlug('timisoara');
    const changedAt = Date.now();
    await t.modules.strategy!.updateProject(SYSTEM, tm, 'A1.P1', { title: { ro: 'Titlu schimbat pentru test', en: 'Changed title' }, location: { type: 'Point', coordinates: [21.2257, 45.7537] } });
    const after = await t.app.inject({ url, headers: { 'if-none-match': String(before.headers.etag) } });
    expect(after.statusCode).toBe(200); // the old copy is stale
    expect(after.body).toContain('Titlu schimbat pentru test');
    expect(Date.now() - changedAt).toBeLessThan(60_000);
    expect(after.headers.etag).not.toBe(before.headers.etag);

    const items = (await t.app.inject({ url: '/ogc/timisoara/collections/projects/items' })).json();
    expect(items.features.map((f: { id: string }) => f.id)).toContain('A1.P1');
    const gj = (await t.app.inject({ url: '/api/v1/tenants/timisoara/opendata/datasets/strategy-projects/files/projects.geojson' })).json();
    expect(gj.features.find((f: { id: string }) => f.id === 'A1.P1').properties.title_ro).toBe('Titlu schimbat pentru test');
    const kpis = await t.app.inject({ url: '/api/v1/tenants/timisoara/opendata/datasets/strategy-kpis/files/kpis.json' });
    expect(kpis.json().length).toBeGreaterThan(50);
    expect((await t.app.inject({ url: '/api/v1/tenants/baia-mare/opendata/datasets/strategy-projects' })).statusCode).toBe(404); // no strategy loaded there
    const pb = await t.app.inject({ url: '/api/v1/tenants/timisoara/opendata/datasets/participatory-budget-results/files/latest.pb' });
    expect(pb.statusCode).toBe(200);
    expect(pb.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(pb.body).toMatch(/^META\r?\nkey;value/);
  });

  it('keeps the described catalogue between reads (not one statement per dataset), and a change that emits an event shows at once', async () => {
    const list = '/api/v1/tenants/timisoara/opendata/datasets?perPage=100';
    const counter = queryCounter(t);
    const first = (await t.app.inject({ url: list })).json();
    counter.reset();
    const again = (await t.app.inject({ url: list })).json();
    expect(again).toEqual(first);
    // describing the platform datasets asks every module (about a hundred statements); kept, a read is the uploads' list
    expect(counter.count).toBeLessThanOrEqual(2);
    counter.reset();
    expect((await t.app.inject({ url: '/api/v1/tenants/timisoara/opendata/datasets/strategy-projects' })).statusCode).toBe(200);
    expect(counter.count).toBeLessThanOrEqual(2);

    const modifiedOf = (body: { items: { id: string; modified: string | null }[] }) => body.items.find((d) => d.id === 'strategy-projects')?.modified;
    const before = modifiedOf(first);
    const tm = await t.services.tenants.bySlug('timisoara');
    await new Promise((r) => setTimeout(r, 5)); // the change's time must differ from the last one's at millisecond precision
    await t.modules.strategy!.updateProject(SYSTEM, tm, 'A1.P2', { title: { ro: 'Alt titlu, pentru catalog', en: 'Another title' } });
    const after = modifiedOf((await t.app.inject({ url: list })).json());
    expect(after && before && after > before).toBe(true);
    expect((await t.app.inject({ url: '/api/v1/tenants/timisoara/opendata/datasets/strategy-projects' })).json().modified).toBe(after);
  });

  it('counts published datasets for the KPI metric', async () => {
    const tm = await t.services.tenants.bySlug('timisoara');
    const n = await t.metrics.compute('opendata.datasets_published', tm.id, { from: '2026-01-01', to: '2100-01-01' });
    const published = (await t.app.inject({ url: '/api/v1/tenants/timisoara/opendata/datasets?perPage=100' })).json().total;
    expect(n).toBe(published);
    expect(await t.metrics.compute('opendata.datasets_published', tm.id, { from: '2000-01-01', to: '2001-01-01' })).toBe(0);
    // Timișoara's "+20 open datasets" KPI (A1.K5) is automatic with this metric, and finds it registered.
    const kpi = (await t.modules.strategy!.kpis(tm.id, {})).find((k) => k.automatic?.metric === 'opendata.datasets_published');
    expect(kpi?.code).toBe('A1.K5');
    expect(kpi?.automatic?.registered).toBe(true);
  });

  it('publishes a .pb for every budget, and anonymised responses of closed consultations with at least 10 responses', async () => {
    const tm = await t.services.tenants.bySlug('timisoara');
    const budgets = (await t.modules.participation!.listBudgets(tm)).filter((b) => b.status !== 'draft');
    expect(budgets.length).toBeGreaterThan(1);
    const pbDataset = (await t.app.inject({ url: '/api/v1/tenants/timisoara/opendata/datasets/participatory-budget-results' })).json();
    const pbFiles = pbDataset.distributions.filter((x: { format: string }) => x.format === 'PB').map((x: { fileName: string }) => x.fileName);
    expect(pbFiles).toEqual(expect.arrayContaining(['latest.pb', ...budgets.map((b) => `budget-${b.slug}.pb`)]));
    for (const b of budgets) {
      const res = await t.app.inject({ url: `/api/v1/tenants/timisoara/opendata/datasets/participatory-budget-results/files/budget-${b.slug}.pb` });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe((await t.modules.participation!.exportPb(tm, b.slug, 'greedy')).text);
    }
    const csv = (await t.app.inject({ url: '/api/v1/tenants/timisoara/opendata/datasets/participatory-budget-results/files/results.csv' })).body;
    for (const b of budgets) expect(csv).toContain(b.slug);

    // A consultation with free text and a declared profile naming a person, 12 responses; and one with 3.
    const questions = [
      { key: 'transport', type: 'single' as const, title: { ro: 'Transport' }, required: false, options: [{ key: 'bus', label: { ro: 'Autobuz' } }, { key: 'bike', label: { ro: 'Bicicletă' } }] },
      { key: 'nota', type: 'scale' as const, title: { ro: 'Notă' }, required: false, min: 1, max: 12 },
      { key: 'parere', type: 'long_text' as const, title: { ro: 'Părere' }, required: false },
      { key: 'nume', type: 'short_text' as const, title: { ro: 'Nume' }, required: false },
      { key: 'teme', type: 'multiple' as const, title: { ro: 'Teme' }, required: false, options: [{ key: 'verde', label: { ro: 'Verde' } }, { key: 'apa', label: { ro: 'Apă' } }] },
      { key: 'voturi', type: 'allocation' as const, title: { ro: 'Voturi' }, required: false, votes: 3, options: [{ key: 'x', label: { ro: 'X' } }, { key: 'y', label: { ro: 'Y' } }] },
      { key: 'grila', type: 'matrix' as const, title: { ro: 'Grilă' }, required: false, rows: [{ key: 'curatenie', label: { ro: 'Curățenie' } }], options: [{ key: 'bine', label: { ro: 'Bine' } }, { key: 'rau', label: { ro: 'Rău' } }] },
    ];
    const survey = (slug: string) => ({ slug, title: { ro: `Consultare ${slug}`, en: `Consultation ${slug}` }, description: { ro: 'test' }, audience: 'anyone' as const, anonymous: true, status: 'open' as const, questions });
    const p = t.modules.participation!;
    await p.createSurvey(SYSTEM, tm, survey('parere-test'));
    await p.createSurvey(SYSTEM, tm, survey('mic-test'));
    const answer = (i: number) => ({ transport: i % 2 ? 'bus' : 'bike', nota: i + 1, parere: 'Scrieți-mi la maria.popescu@example.com, sunt Maria Popescu din Fabric', nume: 'Maria Popescu', teme: ['verde', 'apa'], voturi: { x: 2, y: 1 }, grila: { curatenie: 'rau' } });
    for (let i = 0; i < 12; i++) await p.respond({ kind: 'anonymous' }, tm, 'parere-test', { answers: answer(i), browserToken: `token-parere-${i}`, profile: { cartier: 'Fabric', nume: 'Maria Popescu' } });
    for (let i = 0; i < 3; i++) await p.respond({ kind: 'anonymous' }, tm, 'mic-test', { answers: answer(i), browserToken: `token-mic-${i}`, profile: { cartier: 'Fabric' } });
    const list = async () => (await t.app.inject({ url: '/api/v1/tenants/timisoara/opendata/datasets/consultation-responses' }));
    // Open consultations are not published yet.
    const open = await list();
    expect(open.statusCode === 404 || !open.json().distributions.some((x: { fileName: string }) => x.fileName === 'responses-parere-test.csv')).toBe(true);
    for (const slug of ['parere-test', 'mic-test']) await p.surveys.setSurveyStatus(SYSTEM, tm, slug, 'closed');

    const d = (await list()).json();
    expect(d.description.ro).toContain('mai puțin de 10 răspunsuri');
    expect(d.description.en).toContain('fewer than 10 responses');
    const files = d.distributions.map((x: { fileName: string }) => x.fileName);
    expect(files).toContain('responses-parere-test.csv');
    expect(files).not.toContain('responses-mic-test.csv'); // 3 responses: suppressed
    // The demo's 2021 consultation was reconstructed from its published totals: its file says so.
    const rebuilt = d.distributions.find((x: { fileName: string }) => x.fileName !== 'responses-parere-test.csv');
    expect(rebuilt.title.en).toContain('reconstructed from the published results');
    const rebuiltCsv = (await t.app.inject({ url: rebuilt.downloadUrl })).body.trim().split(/\r?\n/);
    expect(rebuiltCsv.length).toBeGreaterThan(10);
    expect(rebuiltCsv[0]).toMatch(/^(\uFEFF)?month,/);
    expect((await t.app.inject({ url: '/api/v1/tenants/timisoara/opendata/datasets/consultation-responses/files/responses-mic-test.csv' })).statusCode).toBe(404);
    const url = '/api/v1/tenants/timisoara/opendata/datasets/consultation-responses/files/responses-parere-test.csv';
    const res = await t.app.inject({ url });
    expect(res.statusCode).toBe(200);
    const lines = res.body.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('month,transport,nota,teme,voturi.x,voturi.y,grila.curatenie');
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(12);
    for (const r of rows) expect(r[0]).toMatch(/^\d{4}-\d{2}$/);
    expect(rows[0]!.slice(3)).toEqual(['verde|apa', '2', '1', 'rau']);
    const order = rows.map((r) => Number(r[2]));
    expect([...order].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(order).not.toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]); // not the submission order
    expect((await t.app.inject({ url })).body).toBe(res.body); // the same order every time
    for (const secret of ['Maria', 'Popescu', 'maria.popescu', '@', 'Fabric', 'token-parere', 'Scrieți']) expect(res.body).not.toContain(secret);
  });

  it('never puts personal data in any distribution of any dataset', async () => {
    for (const tenant of ['timisoara', 'baia-mare']) {
      const all = (await t.app.inject({ url: `/api/v1/tenants/${tenant}/opendata/datasets?perPage=100` })).json();
      const platform = all.items.filter((d: { kind: string }) => d.kind === 'platform');
      expect(platform.length).toBeGreaterThan(0);
      if (tenant === 'timisoara') expect(platform.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining(['strategy-projects', 'strategy-kpis', 'reports', 'sensors', 'city-boundary', 'participatory-budget-results', 'consultation-results', 'consultation-responses', 'sensor-rollups-daily', 'sensor-rollups-hourly']));
      for (const d of all.items) {
        for (const dist of d.distributions) {
          const res = await t.app.inject({ url: dist.downloadUrl });
          expect(res.statusCode, dist.downloadUrl).toBe(200);
          const body = res.body;
          expect(body, `${dist.downloadUrl}: an email address`).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/);
          expect(body, `${dist.downloadUrl}: an IPv4 address`).not.toMatch(/\b(?:\d{1,3}\.){3}\d{1,3}\b/);
          expect(body, `${dist.downloadUrl}: an IPv6 address`).not.toMatch(/\b(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}\b/i);
          for (const secret of [staff.email, citizen.email, 'Testescu', staff.id, citizen.id, 'password', 'session', 'Maria Popescu', 'Popescu', 'maria.popescu', 'token-parere', 'token-mic']) expect(body, `${dist.downloadUrl}: ${secret}`).not.toContain(secret);
        }
      }
    }
  });
});
