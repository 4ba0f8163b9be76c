/**
 * The catalogue as RDF (DCAT-AP 3 / 2.1.1 compatible): quads built once with n3's DataFactory, then written
 * as Turtle (n3's writer), JSON-LD and RDF/XML (both written here from the same quads: a flat node list is
 * all a harvester needs, and writing it ourselves keeps two heavy libraries out of the server; the tests
 * parse both back with independent parsers).
 */
import { DataFactory, Writer, type NamedNode, type Quad, type Quad_Subject } from 'n3';
import type { Multiloc } from '../../../core/i18n.js';
import type { TenantRow } from '../../tenants/index.js';
import * as V from '../opendata.vocab.js';
import { normalizeText } from '../opendata.vocab.js';

const { namedNode, literal, blankNode, quad } = DataFactory;

export const PREFIXES = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  dcatap: 'http://data.europa.eu/r5r/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  adms: 'http://www.w3.org/ns/adms#',
  locn: 'http://www.w3.org/ns/locn#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  hydra: 'http://www.w3.org/ns/hydra/core#',
  gsp: 'http://www.opengis.net/ont/geosparql#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
} as const;
type Prefix = keyof typeof PREFIXES;
const p = (curie: `${Prefix}:${string}`) => {
  const [pre, local] = curie.split(':') as [Prefix, string];
  return namedNode(PREFIXES[pre] + local);
};
const RDF_TYPE = p('rdf:type');

export interface RdfDistribution {
  id: string;
  format: V.FormatCode;
  title: Multiloc | null;
  byteSize: number | null;
  downloadUrl: string;
  license: string;
  modified: string | null;
}

export interface RdfDataset {
  id: string;
  title: Multiloc;
  description: Multiloc;
  themes: string[];
  keywords: { value: string; lang: string }[];
  publisher: string | null;
  license: string;
  frequency: string;
  temporal: { start: string | null; end: string | null } | null;
  issued: string | null;
  modified: string | null;
  landingPage: string;
  distributions: RdfDistribution[];
}

export interface CatalogPage {
  page: number;
  perPage: number;
  total: number;
  /** the URL of this page without the page parameter */
  url: string;
}

export interface RdfContext {
  base: string;
  tenant: TenantRow;
}

export const catalogUri = (c: RdfContext) => `${c.base}/dcat/${c.tenant.slug}/catalog`;
export const datasetUri = (c: RdfContext, id: string) => `${c.base}/dcat/${c.tenant.slug}/dataset/${id}`;
export const distributionUri = (c: RdfContext, datasetId: string, distId: string) => `${datasetUri(c, datasetId)}/distribution/${distId}`;
/** The city as publisher; another publisher named on an upload gets `/publisher/{slug of its name}`. */
export const publisherUri = (c: RdfContext, name: string | null = null) => `${c.base}/dcat/${c.tenant.slug}/publisher${name ? `/${agentSlug(name)}` : ''}`;
export const agentSlug = (name: string) => normalizeText(name).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'agent';

function langLiterals(s: Quad_Subject, pred: ReturnType<typeof p>, text: Multiloc | Readonly<Record<string, string>>): Quad[] {
  return (Object.entries(text) as [string, string | undefined][]).filter(([, v]) => v).map(([lang, v]) => quad(s, pred, literal(v!, lang)));
}

/**
 * A link to a resource together with the class DCAT-AP's range shapes expect of it (and its labels, where a
 * shape asks for one): the data then validates without loading the EU vocabularies next to it.
 */
function link(s: Quad_Subject, pred: `${Prefix}:${string}`, iri: string, cls: `${Prefix}:${string}`, labels?: { pred: `${Prefix}:${string}`; text: Readonly<Record<string, string>> }): Quad[] {
  const o = namedNode(iri);
  const out = [quad(s, p(pred), o), quad(o, RDF_TYPE, p(cls))];
  if (labels) out.push(...langLiterals(o, p(labels.pred), labels.text));
  return out;
}

/** A date or date-time as the right xsd literal. */
function dateLiteral(v: string) {
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? literal(v, p('xsd:date')) : literal(new Date(v).toISOString(), p('xsd:dateTime'));
}

function bboxOf(tenant: TenantRow): [number, number, number, number] | null {
  const b = tenant.boundary as { type: string; coordinates: unknown } | null;
  if (!b) return null;
  const pts: number[][] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x) && typeof x[0] === 'number') pts.push(x as number[]);
    else if (Array.isArray(x)) x.forEach(walk);
  };
  walk(b.coordinates);
  if (!pts.length) return null;
  const xs = pts.map((q) => q[0]!);
  const ys = pts.map((q) => q[1]!);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** The publisher as a foaf:Agent with its own IRI (which dereferences: GET /dcat/{city}/publisher[/{slug}]). */
export function publisherQuads(c: RdfContext, name: string | null): { node: NamedNode; quads: Quad[] } {
  const node = namedNode(publisherUri(c, name));
  if (!name) {
    return {
      node,
      quads: [
        quad(node, RDF_TYPE, p('foaf:Agent')),
        ...langLiterals(node, p('foaf:name'), c.tenant.name as Multiloc),
        ...link(node, 'dct:type', V.PUBLISHER_LOCAL_AUTHORITY, 'skos:Concept', { pred: 'skos:prefLabel', text: V.CONCEPT_LABELS.localAuthority }),
        ...link(node, 'foaf:homepage', `${c.base}/${c.tenant.slug}`, 'foaf:Document'),
      ],
    };
  }
  // Another body named by staff on an upload: its kind (ADMS publisher type) is not known, so none is stated.
  return { node, quads: [quad(node, RDF_TYPE, p('foaf:Agent')), quad(node, p('foaf:name'), literal(name, 'ro'))] };
}

function spatialQuads(c: RdfContext, s: Quad_Subject): Quad[] {
  const country = namedNode(V.COUNTRY_ROU);
  const out: Quad[] = [...link(s, 'dct:spatial', V.COUNTRY_ROU, 'dct:Location'), quad(country, p('dcat:bbox'), literal(V.COUNTRY_ROU_BBOX, p('gsp:wktLiteral'))), quad(country, p('dcat:centroid'), literal(V.COUNTRY_ROU_CENTROID, p('gsp:wktLiteral')))];
  const bbox = bboxOf(c.tenant);
  if (bbox) {
    const loc = blankNode(`loc-${c.tenant.slug}`);
    const [x1, y1, x2, y2] = bbox;
    const wkt = `POLYGON((${x1} ${y1},${x2} ${y1},${x2} ${y2},${x1} ${y2},${x1} ${y1}))`;
    out.push(quad(s, p('dct:spatial'), loc), quad(loc, RDF_TYPE, p('dct:Location')), quad(loc, p('dcat:bbox'), literal(wkt, p('gsp:wktLiteral'))));
    out.push(quad(loc, p('dcat:centroid'), literal(`POINT(${c.tenant.centre_lon} ${c.tenant.centre_lat})`, p('gsp:wktLiteral'))));
  }
  return out;
}

/** The licence as a dct:LicenseDocument (the EU licence NAL's IRI). */
function licenseLink(s: Quad_Subject, code: string): Quad[] {
  const out = link(s, 'dct:license', V.licenseUri(code), 'dct:LicenseDocument');
  for (const t of V.LICENSE_TYPES[code as V.LicenseCode] ?? []) out.push(...link(namedNode(V.licenseUri(code)), 'dct:type', V.LICENSE_TYPE + t.code, 'skos:Concept', { pred: 'skos:prefLabel', text: { en: t.label } }));
  return out;
}

function distributionQuads(c: RdfContext, d: RdfDataset, dist: RdfDistribution): Quad[] {
  const ds = namedNode(distributionUri(c, d.id, dist.id));
  const q: Quad[] = [quad(ds, RDF_TYPE, p('dcat:Distribution'))];
  q.push(quad(ds, p('dcat:accessURL'), namedNode(d.landingPage)), quad(ds, p('dcat:downloadURL'), namedNode(dist.downloadUrl)));
  q.push(...link(ds, 'dct:format', V.fileTypeUri(dist.format), 'dct:MediaTypeOrExtent'));
  q.push(...link(ds, 'dcat:mediaType', V.mediaTypeUri(dist.format), 'dct:MediaType'));
  q.push(...licenseLink(ds, dist.license));
  q.push(...link(ds, 'dcatap:availability', V.AVAILABILITY_STABLE, 'skos:Concept', { pred: 'skos:prefLabel', text: V.CONCEPT_LABELS.availabilityStable }));
  const title = dist.title ?? { ro: `${d.title.ro} (${V.FORMATS[dist.format].nal})`, ...(d.title.en ? { en: `${d.title.en} (${V.FORMATS[dist.format].nal})` } : {}) };
  q.push(...langLiterals(ds, p('dct:title'), title));
  q.push(quad(ds, p('dct:description'), literal(`${V.FORMATS[dist.format].nal}: ${d.title.ro}`, 'ro')));
  // DCAT-AP 3.x's datatype (2.1.1 said xsd:decimal; no value satisfies both: docs/opendata.md).
  if (dist.byteSize !== null) q.push(quad(ds, p('dcat:byteSize'), literal(String(dist.byteSize), p('xsd:nonNegativeInteger'))));
  if (dist.modified) q.push(quad(ds, p('dct:modified'), dateLiteral(dist.modified)));
  return q;
}

export function datasetQuads(c: RdfContext, d: RdfDataset): Quad[] {
  const s = namedNode(datasetUri(c, d.id));
  const q: Quad[] = [quad(s, RDF_TYPE, p('dcat:Dataset')), ...langLiterals(s, p('dct:title'), d.title), ...langLiterals(s, p('dct:description'), d.description)];
  q.push(quad(s, p('dct:identifier'), literal(d.id)));
  for (const kw of d.keywords) q.push(quad(s, p('dcat:keyword'), literal(kw.value, kw.lang)));
  for (const t of d.themes) {
    q.push(...link(s, 'dcat:theme', V.themeUri(t), 'skos:Concept', { pred: 'skos:prefLabel', text: V.THEME_LABELS[t as V.DataTheme] ?? { en: t } }));
    q.push(quad(namedNode(V.themeUri(t)), p('skos:inScheme'), namedNode(V.DATA_THEME_SCHEME)), ...themeSchemeQuads());
  }
  const pub = publisherQuads(c, d.publisher);
  q.push(quad(s, p('dct:publisher'), pub.node), ...pub.quads);
  const cp = blankNode(`contact-${c.tenant.slug}`);
  q.push(quad(s, p('dcat:contactPoint'), cp), quad(cp, RDF_TYPE, p('vcard:Kind')), quad(cp, RDF_TYPE, p('vcard:Organization')), quad(cp, p('vcard:fn'), literal((c.tenant.name as Multiloc).ro)));
  q.push(quad(cp, p('vcard:hasURL'), namedNode(`${c.base}/${c.tenant.slug}`)));
  q.push(...link(s, 'dct:accrualPeriodicity', V.frequencyUri(d.frequency), 'dct:Frequency'));
  q.push(...link(s, 'dct:accessRights', V.ACCESS_PUBLIC, 'dct:RightsStatement'));
  q.push(...link(s, 'dct:language', V.LANG_RON, 'dct:LinguisticSystem'));
  q.push(...link(s, 'dcat:landingPage', d.landingPage, 'foaf:Document'));
  q.push(...spatialQuads(c, s));
  if (d.temporal && (d.temporal.start || d.temporal.end)) {
    const t = blankNode(`period-${d.id}`);
    q.push(quad(s, p('dct:temporal'), t), quad(t, RDF_TYPE, p('dct:PeriodOfTime')));
    if (d.temporal.start) q.push(quad(t, p('dcat:startDate'), dateLiteral(d.temporal.start)));
    if (d.temporal.end) q.push(quad(t, p('dcat:endDate'), dateLiteral(d.temporal.end)));
  }
  if (d.issued) q.push(quad(s, p('dct:issued'), dateLiteral(d.issued)));
  if (d.modified) q.push(quad(s, p('dct:modified'), dateLiteral(d.modified)));
  for (const dist of d.distributions) q.push(quad(s, p('dcat:distribution'), namedNode(distributionUri(c, d.id, dist.id))), ...distributionQuads(c, d, dist));
  return unique(q);
}

function themeSchemeQuads(): Quad[] {
  const scheme = namedNode(V.DATA_THEME_SCHEME);
  return [quad(scheme, RDF_TYPE, p('skos:ConceptScheme')), ...langLiterals(scheme, p('dct:title'), V.CONCEPT_LABELS.dataThemeScheme)];
}

/** Each triple once (the same licence, theme or language is linked from many datasets). */
export function unique(quads: Quad[]): Quad[] {
  const seen = new Set<string>();
  const key = (t: Quad['object']) => `${t.termType}|${t.value}|${t.termType === 'Literal' ? `${t.language}|${t.datatype.value}` : ''}`;
  return quads.filter((x) => {
    const k = `${key(x.subject)} ${x.predicate.value} ${key(x.object)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function catalogQuads(c: RdfContext, datasets: RdfDataset[], page: CatalogPage | null, meta: { issued: string | null; modified: string | null }): Quad[] {
  const s = namedNode(catalogUri(c));
  const name = c.tenant.name as Multiloc;
  const q: Quad[] = [
    quad(s, RDF_TYPE, p('dcat:Catalog')),
    ...langLiterals(s, p('dct:title'), { ro: `Date deschise – ${name.ro}`, en: `Open data – ${name.en ?? name.ro}`, hu: `Nyílt adatok – ${name.hu ?? name.ro}` }),
    ...langLiterals(s, p('dct:description'), {
      ro: `Seturile de date deschise publicate de ${name.ro} pe platforma Urbia: strategie, indicatori, participare, sesizări, senzori și fișiere încărcate.`,
      en: `Open datasets published by ${name.en ?? name.ro} on the Urbia platform: strategy, KPIs, participation, reports, sensors and uploaded files.`,
    }),
  ];
  const pub = publisherQuads(c, null);
  q.push(quad(s, p('dct:publisher'), pub.node), ...pub.quads);
  q.push(...link(s, 'foaf:homepage', `${c.base}/${c.tenant.slug}/opendata`, 'foaf:Document'));
  for (const lang of [V.LANG_RON, V.LANG_ENG, V.LANG_HUN]) q.push(...link(s, 'dct:language', lang, 'dct:LinguisticSystem'));
  q.push(...licenseLink(s, 'CC_BY_4_0'));
  q.push(...link(s, 'dcat:themeTaxonomy', V.DATA_THEME_SCHEME, 'skos:ConceptScheme'), ...themeSchemeQuads());
  q.push(...spatialQuads(c, s));
  if (meta.issued) q.push(quad(s, p('dct:issued'), dateLiteral(meta.issued)));
  if (meta.modified) q.push(quad(s, p('dct:modified'), dateLiteral(meta.modified)));
  for (const d of datasets) {
    q.push(quad(s, p('dcat:dataset'), namedNode(datasetUri(c, d.id))));
    q.push(...datasetQuads(c, d));
  }
  if (page) {
    // Hydra paging as ckanext-dcat writes it (older property names, which harvesters accept) plus the new ones.
    const h = namedNode(page.page === 1 ? page.url : `${page.url}?page=${page.page}`);
    const last = Math.max(1, Math.ceil(page.total / page.perPage));
    const at = (n: number) => literal(n === 1 ? page.url : `${page.url}?page=${n}`);
    q.push(quad(h, RDF_TYPE, p('hydra:PagedCollection')), quad(h, p('hydra:totalItems'), literal(String(page.total), p('xsd:integer'))));
    q.push(quad(h, p('hydra:itemsPerPage'), literal(String(page.perPage), p('xsd:integer'))));
    q.push(quad(h, p('hydra:firstPage'), at(1)), quad(h, p('hydra:lastPage'), at(last)));
    q.push(quad(h, p('hydra:first'), namedNode(at(1).value)), quad(h, p('hydra:last'), namedNode(at(last).value)));
    if (page.page < last) q.push(quad(h, p('hydra:nextPage'), at(page.page + 1)), quad(h, p('hydra:next'), namedNode(at(page.page + 1).value)));
    if (page.page > 1) q.push(quad(h, p('hydra:previousPage'), at(page.page - 1)), quad(h, p('hydra:previous'), namedNode(at(page.page - 1).value)));
  }
  return unique(q);
}

export function toTurtle(quads: Quad[]): Promise<string> {
  const writer = new Writer({ prefixes: PREFIXES });
  writer.addQuads(quads);
  return new Promise((resolve, reject) => writer.end((err, out: string) => (err ? reject(err) : resolve(out))));
}

function compact(iri: string): string {
  for (const [pre, ns] of Object.entries(PREFIXES)) if (iri.startsWith(ns) && /^[A-Za-z_][\w-]*$/.test(iri.slice(ns.length))) return `${pre}:${iri.slice(ns.length)}`;
  return iri;
}

function bySubject(quads: Quad[]): Map<string, { subject: Quad_Subject; quads: Quad[] }> {
  const m = new Map<string, { subject: Quad_Subject; quads: Quad[] }>();
  for (const x of quads) {
    const key = `${x.subject.termType}|${x.subject.value}`;
    const e = m.get(key) ?? { subject: x.subject, quads: [] };
    e.quads.push(x);
    m.set(key, e);
  }
  return m;
}

/** JSON-LD 1.1: one @context with our prefixes and a flat @graph of nodes (what jsonld.flatten would give). */
export function toJsonLd(quads: Quad[]): Record<string, unknown> {
  const graph: Record<string, unknown>[] = [];
  for (const { subject, quads: qs } of bySubject(quads).values()) {
    const node: Record<string, unknown> = { '@id': subject.termType === 'BlankNode' ? `_:${subject.value}` : subject.value };
    const types: string[] = [];
    for (const x of qs) {
      if (x.predicate.equals(RDF_TYPE)) {
        types.push(compact(x.object.value));
        continue;
      }
      const key = compact(x.predicate.value);
      const o = x.object;
      let value: Record<string, string>;
      if (o.termType === 'NamedNode') value = { '@id': o.value };
      else if (o.termType === 'BlankNode') value = { '@id': `_:${o.value}` };
      else if (o.termType === 'Literal' && o.language) value = { '@value': o.value, '@language': o.language };
      else if (o.termType === 'Literal' && o.datatype.value !== `${PREFIXES.xsd}string`) value = { '@value': o.value, '@type': compact(o.datatype.value) };
      else value = { '@value': o.value };
      ((node[key] ??= []) as unknown[]).push(value);
    }
    if (types.length) node['@type'] = types;
    graph.push(node);
  }
  return { '@context': { ...PREFIXES }, '@graph': graph };
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** RDF/XML with one rdf:Description per subject (the striped-flat form every RDF/XML parser reads). */
export function toRdfXml(quads: Quad[]): string {
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>', `<rdf:RDF ${Object.entries(PREFIXES).map(([k, v]) => `xmlns:${k}="${v}"`).join(' ')}>`];
  for (const { subject, quads: qs } of bySubject(quads).values()) {
    const about = subject.termType === 'BlankNode' ? `rdf:nodeID="${xmlEscape(subject.value)}"` : `rdf:about="${xmlEscape(subject.value)}"`;
    out.push(`  <rdf:Description ${about}>`);
    for (const x of qs) {
      const tag = compact(x.predicate.value);
      if (!/^[a-z]+:[A-Za-z_][\w-]*$/.test(tag)) throw new Error(`predicate ${x.predicate.value} has no prefix`);
      const o = x.object;
      if (o.termType === 'NamedNode') out.push(`    <${tag} rdf:resource="${xmlEscape(o.value)}"/>`);
      else if (o.termType === 'BlankNode') out.push(`    <${tag} rdf:nodeID="${xmlEscape(o.value)}"/>`);
      else if (o.termType === 'Literal') {
        const attr = o.language ? ` xml:lang="${o.language}"` : o.datatype.value !== `${PREFIXES.xsd}string` ? ` rdf:datatype="${xmlEscape(o.datatype.value)}"` : '';
        out.push(`    <${tag}${attr}>${xmlEscape(o.value)}</${tag}>`);
      }
    }
    out.push('  </rdf:Description>');
  }
  out.push('</rdf:RDF>', '');
  return out.join('\n');
}
