/**
 * The catalogue validated with the official DCAT-AP SHACL shapes (SEMICeu/DCAT-AP, in ../shared/data/dcat-ap)
 * by a real SHACL engine (rdf-validate-shacl), in the three syntaxes we serve, with every platform dataset
 * the test city has and published uploads (one with a byte size, a temporal range and its own publisher).
 * Datasets other modules register are in the same catalogue, so they are validated too.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { DatasetCore } from '@rdfjs/types';
import { JsonLdParser } from 'jsonld-streaming-parser';
import { Parser, type Quad } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../core/actor.js';
import { seedParticipationDemo } from '../../participation/participation.demo.js';
import { generateReports, seedCategories } from '../../reports/index.js';
import { PROPERTY_NAMES } from '../../../shared/sensor-properties.js';
import { createTestApp, importTimisoaraStrategy, type TestApp } from '../../../../tests/helpers/app.js';
import { testEngines } from '../../../../tests/helpers/env.js';

const SHAPES_DIR = resolve(process.cwd(), '../shared/data/dcat-ap');
const SH = 'http://www.w3.org/ns/shacl#';

/** The shape sets of the "Done when": 3.0.1 in full, 2.1.1 core + range (+ its recommendations). */
const SHAPE_SETS = {
  '3.0.1': ['3.0.1_shacl_dcat-ap-SHACL.ttl', '3.0.1_html_shacl_shapes.ttl', '3.0.1_html_shacl_range.ttl', '3.0.1_html_shacl_shapes_recommended.ttl'],
  '2.1.1': ['2.1.1_dcat-ap_2.1.1_shacl_shapes.ttl', '2.1.1_dcat-ap_2.1.1_shacl_range.ttl', '2.1.1_dcat-ap_2.1.1_shacl_shapes_recommended.ttl'],
} as const;

function loadShapes(files: readonly string[]): Quad[] {
  return files.flatMap((f) => new Parser().parse(readFileSync(resolve(SHAPES_DIR, f), 'utf8')));
}

function parseStream(parser: NodeJS.ReadWriteStream, text: string): Promise<Quad[]> {
  return new Promise((res, rej) => {
    const out: Quad[] = [];
    parser.on('data', (q: Quad) => out.push(q));
    parser.on('error', rej);
    parser.on('end', () => res(out));
    Readable.from([text]).pipe(parser as unknown as NodeJS.WritableStream);
  });
}

interface Finding {
  severity: string;
  focus: string;
  path: string;
  message: string;
  value: string;
  component: string;
}

async function validate(shapes: Quad[], data: Quad[]): Promise<Finding[]> {
  const v = new SHACLValidator(shapes as unknown as DatasetCore);
  const report = await v.validate(v.factory.dataset(data));
  return report.results.map((r) => ({
    severity: (r.severity?.value ?? '').replace(SH, ''),
    focus: r.focusNode?.value ?? '',
    path: r.path?.value ?? '',
    message: r.message.map((m) => m.value).join(' / '),
    value: (r.term as { value?: string } | null)?.value ?? '',
    component: r.sourceConstraintComponent?.value ?? '',
  }));
}

const BYTE_SIZE = 'http://www.w3.org/ns/dcat#byteSize';
const DATATYPE = `${SH}DatatypeConstraintComponent`;

describe.each(testEngines())('DCAT-AP (SHACL, dereferencing) on %s', (engine) => {
  let t: TestApp;
  const shapes = { '3.0.1': loadShapes(SHAPE_SETS['3.0.1']), '2.1.1': loadShapes(SHAPE_SETS['2.1.1']) };
  beforeAll(async () => {
    t = await createTestApp(engine);
    const tm = await importTimisoaraStrategy(t);
    await seedCategories(t.modules.reports!.db, t.modules.reports!.repo, tm);
    await generateReports(t.database.db, tm, 10, { prefix: 'S', spanDays: 30, source: 'demo' });
    await seedParticipationDemo(t.database.db, t.modules.participation!);
    await t.modules.sensors!.createSensor(SYSTEM, tm, { name: 'Senzor', lat: 45.758, lon: 21.229, properties: [PROPERTY_NAMES[0]!] });
    const od = t.modules.opendata!;
    await od.uploads.upload(SYSTEM, tm, { filename: 'parcari.csv', stream: Readable.from([Buffer.from('parcare,locuri\nUnirii,120\n')]) });
    await od.uploads.describe(SYSTEM, tm, 'parcari', { title: { ro: 'Parcări', en: 'Car parks' }, themes: ['TRAN'], keywords: ['parcări'], temporalStart: '2026-01-01', temporalEnd: '2026-12-31', publisher: 'Societatea de Transport Public Timișoara' });
    await od.uploads.setPublished(SYSTEM, tm, 'parcari', true);
    const gj = { type: 'FeatureCollection', features: [{ type: 'Feature', id: 'a', geometry: { type: 'Point', coordinates: [21.2, 45.75] }, properties: { n: 1 } }] };
    await od.uploads.upload(SYSTEM, tm, { filename: 'statii.geojson', stream: Readable.from([Buffer.from(JSON.stringify(gj))]) });
    await od.uploads.describe(SYSTEM, tm, 'statii', { themes: ['ENER'], license: 'CC0', frequency: 'IRREG', keywords: ['energie'], temporalStart: '2025-06-01', temporalEnd: '2026-06-01' });
    await od.uploads.setPublished(SYSTEM, tm, 'statii', true);
  });
  afterAll(async () => {
    await t?.close();
  });

  const read = {
    ttl: async (body: string) => new Parser().parse(body),
    jsonld: (body: string) => parseStream(new JsonLdParser() as unknown as NodeJS.ReadWriteStream, body),
    rdf: (body: string) => parseStream(new RdfXmlParser() as unknown as NodeJS.ReadWriteStream, body),
  };

  for (const format of ['ttl', 'jsonld', 'rdf'] as const) {
    it(`the catalogue as ${format} has zero violations of DCAT-AP 3.0.1 (all shapes) and 2.1.1 (shapes, range; byteSize's datatype excepted)`, async () => {
      const res = await t.app.inject({ url: `/dcat/timisoara/catalog.${format}` });
      expect(res.statusCode).toBe(200);
      const data = await read[format](res.body);
      const types = (iri: string) => new Set(data.filter((q) => q.predicate.value.endsWith('22-rdf-syntax-ns#type') && q.object.value === iri).map((q) => q.subject.value));
      expect(types('http://www.w3.org/ns/dcat#Dataset').size).toBeGreaterThan(8);
      // the published uploads are in, with a byte size (the one datatype 2.1.1 and 3.x disagree on)
      expect(data.some((q) => q.predicate.value === BYTE_SIZE)).toBe(true);

      const v3 = await validate(shapes['3.0.1'], data);
      const v2 = await validate(shapes['2.1.1'], data);
      const violations3 = v3.filter((f) => f.severity === 'Violation');
      const byteSize2 = v2.filter((f) => f.severity === 'Violation' && f.path === BYTE_SIZE);
      const violations2 = v2.filter((f) => f.severity === 'Violation' && f.path !== BYTE_SIZE);
      const summary = (fs: Finding[]) => [...new Set(fs.map((f) => `${f.severity} ${f.path} ${f.message} (${f.value})`))];
      console.info(`[shacl ${engine} ${format}] 3.0.1: ${violations3.length} violations, ${v3.length - violations3.length} warnings; 2.1.1: ${violations2.length} violations (+${byteSize2.length} byteSize datatype), ${v2.length - violations2.length - byteSize2.length} warnings`);
      expect(summary(violations3)).toEqual([]);
      expect(summary(violations2)).toEqual([]);
      // the only 2.1.1 exception: dcat:byteSize written as 3.x's xsd:nonNegativeInteger, not 2.1.1's xsd:decimal
      expect(byteSize2.map((f) => f.component)).toEqual(data.filter((q) => q.predicate.value === BYTE_SIZE).map(() => DATATYPE));
      // Recommended properties: all filled, except the kind (ADMS publisher type) of a publisher other than the
      // city that staff name on an upload, which we do not know.
      const otherPublisher = (f: Finding) => f.focus.startsWith('http://urbia.test/dcat/timisoara/publisher/') && f.path === 'http://purl.org/dc/terms/type';
      expect(summary(v3.filter((f) => f.severity !== 'Violation' && !otherPublisher(f)))).toEqual([]);
      expect(summary(v2.filter((f) => f.severity !== 'Violation' && !otherPublisher(f)))).toEqual([]);
    });
  }

  it('dereferences every IRI of the catalogue under /dcat/ (catalogue, datasets, distributions, publishers) by content negotiation', async () => {
    const base = 'http://urbia.test';
    const catalog = new Parser().parse((await t.app.inject({ url: '/dcat/timisoara/catalog.ttl' })).body);
    const ours = [...new Set(catalog.flatMap((q) => [q.subject, q.object]).filter((x) => x.termType === 'NamedNode' && x.value.startsWith(`${base}/dcat/`) && !x.value.includes('catalog.ttl')).map((x) => x.value))];
    for (const kind of ['/catalog', '/dataset/', '/distribution/', '/publisher']) expect(ours.some((iri) => iri.includes(kind)), kind).toBe(true);
    for (const iri of ours) {
      const res = await t.app.inject({ url: iri.slice(base.length), headers: { accept: 'text/turtle' } });
      expect(res.statusCode, iri).toBe(200);
      expect(res.headers['content-type']).toBe('text/turtle; charset=utf-8');
      expect(res.headers.vary).toContain('Accept');
      expect(new Parser().parse(res.body).some((q) => q.subject.value === iri), `${iri} describes itself`).toBe(true);
    }

    // the three syntaxes by Accept (q-values honoured), Turtle by default, browsers to the web app, 406 otherwise
    const cat = (accept?: string) => t.app.inject({ url: '/dcat/timisoara/catalog', headers: accept ? { accept } : {} });
    expect((await cat()).headers['content-type']).toBe('text/turtle; charset=utf-8');
    expect((await cat('*/*')).headers['content-type']).toBe('text/turtle; charset=utf-8');
    const jsonld = await cat('application/ld+json');
    expect(jsonld.headers['content-type']).toBe('application/ld+json; charset=utf-8');
    expect((await read.jsonld(jsonld.body)).some((q) => q.subject.value === `${base}/dcat/timisoara/catalog`)).toBe(true);
    const xml = await cat('text/turtle;q=0.5, application/rdf+xml');
    expect(xml.headers['content-type']).toBe('application/rdf+xml; charset=utf-8');
    expect((await read.rdf(xml.body)).some((q) => q.subject.value === `${base}/dcat/timisoara/catalog`)).toBe(true);
    const browser = await cat('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
    expect(browser.statusCode).toBe(303);
    expect(browser.headers.location).toBe('/timisoara/opendata');
    const ds = await t.app.inject({ url: '/dcat/timisoara/dataset/parcari', headers: { accept: 'text/html' } });
    expect([ds.statusCode, ds.headers.location]).toEqual([303, '/timisoara/opendata/parcari']);
    const dist = await t.app.inject({ url: '/dcat/timisoara/dataset/parcari/distribution/parcari-csv', headers: { accept: 'text/html' } });
    expect([dist.statusCode, dist.headers.location]).toEqual([303, '/timisoara/opendata/parcari']);
    const png = await cat('image/png');
    expect(png.statusCode).toBe(406);
    expect(png.headers['content-type']).toContain('application/problem+json');
    expect((await cat('text/turtle;q=0')).statusCode).toBe(406);

    // the other publisher named on an upload is an Agent of its own, with its name
    const other = await t.app.inject({ url: '/dcat/timisoara/publisher/societatea-de-transport-public-timisoara', headers: { accept: 'text/turtle' } });
    expect(new Parser().parse(other.body).find((q) => q.predicate.value === 'http://xmlns.com/foaf/0.1/name')?.object.value).toBe('Societatea de Transport Public Timișoara');

    for (const url of ['/dcat/timisoara/dataset/nope', '/dcat/timisoara/dataset/parcari/distribution/nope-csv', '/dcat/timisoara/publisher/nobody', '/dcat/nowhere/catalog']) expect((await t.app.inject({ url })).statusCode, url).toBe(404);
    const od = t.modules.opendata!;
    const tm = await t.services.tenants.bySlug('timisoara');
    await od.uploads.upload(SYSTEM, tm, { filename: 'ciorna.csv', stream: Readable.from([Buffer.from('a,b\n1,2\n')]) });
    expect((await t.app.inject({ url: '/dcat/timisoara/dataset/ciorna' })).statusCode).toBe(404); // not published
  });

  it('one dataset\'s own document validates too (3.0.1 and 2.1.1)', async () => {
    const res = await t.app.inject({ url: '/dcat/timisoara/dataset/parcari', headers: { accept: 'application/rdf+xml' } });
    const data = await read.rdf(res.body);
    expect((await validate(shapes['3.0.1'], data)).filter((f) => f.severity === 'Violation')).toEqual([]);
    expect((await validate(shapes['2.1.1'], data)).filter((f) => f.severity === 'Violation' && f.path !== BYTE_SIZE)).toEqual([]);
  });
});
