import { Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import type { TenantRow } from '../../tenants/index.js';
import { catalogQuads, type RdfDataset, toRdfXml, toTurtle } from './dcat.rdf.js';

const tenant = { id: 1, slug: 'oras', name: { ro: 'Orașul <Test> & „Co”' }, centre_lat: 45.75, centre_lon: 21.22, boundary: { type: 'Polygon', coordinates: [[[21.1, 45.7], [21.3, 45.7], [21.3, 45.8], [21.1, 45.7]]] }, created_at: new Date('2026-01-01') } as unknown as TenantRow;
const dataset = (i: number): RdfDataset => ({
  id: `set-${i}`,
  title: { ro: `Set "${i}" – ăîșț` },
  description: { ro: 'Descriere cu <xml> & ghilimele "duble"\nși linie nouă' },
  themes: ['GOVE'],
  keywords: [{ value: 'k', lang: 'ro' }],
  publisher: null,
  license: 'CC_BY_4_0',
  frequency: 'DAILY',
  temporal: { start: '2026-01-01', end: null },
  issued: '2026-01-01T00:00:00.000Z',
  modified: null,
  landingPage: `http://x.test/oras/opendata/set-${i}`,
  distributions: [{ id: 'f-csv', format: 'CSV', title: null, byteSize: 10, downloadUrl: `http://x.test/f/${i}.csv`, license: 'CC_BY_4_0', modified: null }],
});

describe('DCAT writers', () => {
  it('pages a large catalogue with Hydra and escapes text safely in Turtle and RDF/XML', async () => {
    const c = { base: 'http://x.test', tenant };
    const quads = catalogQuads(c, [1, 2, 3].map(dataset), { page: 2, perPage: 3, total: 250, url: 'http://x.test/dcat/oras/catalog.ttl' }, { issued: null, modified: null });
    const parsed = new Parser().parse(await toTurtle(quads));
    const hydra = (p: string) => parsed.find((q) => q.predicate.value === `http://www.w3.org/ns/hydra/core#${p}`)?.object.value;
    expect(hydra('totalItems')).toBe('250');
    expect(hydra('next')).toBe('http://x.test/dcat/oras/catalog.ttl?page=3');
    expect(hydra('previous')).toBe('http://x.test/dcat/oras/catalog.ttl');
    expect(hydra('last')).toBe('http://x.test/dcat/oras/catalog.ttl?page=84');
    expect(parsed.some((q) => q.object.value === 'Descriere cu <xml> & ghilimele "duble"\nși linie nouă')).toBe(true);
    const xml = toRdfXml(quads);
    expect(xml).not.toContain('<xml>');
    expect(xml).toContain('Orașul &lt;Test&gt; &amp; „Co”');
  });
});
