import { describe, expect, it } from 'vitest';
import { CkanQueryError, matches, parseFq, parseSort } from './ckan.query.js';

const pkg = (org: string, groups: string[], modified: string) => (field: string) =>
  ({ organization: [org], groups, metadata_modified: [modified], name: [`${org}_x`], res_format: ['CSV'], text: ['Parcări publice'] })[field];

describe('CKAN fq (Solr subset)', () => {
  const a = pkg('a', ['tran'], '2026-03-01T10:00:00.500000');
  const b = pkg('b', ['envi'], '2025-12-31T23:59:59.999999');
  const both = (fq: string) => [a, b].map((p) => matches(parseFq(fq), p, new Date('2026-06-01T00:00:00Z')));

  it('negates, ORs, ANDs side-by-side clauses, and groups', () => {
    expect(both('-organization:a')).toEqual([false, true]);
    expect(both('organization:a OR organization:b')).toEqual([true, true]);
    expect(both('organization:a OR organization:b metadata_modified:[2026-01-01T00:00:00Z TO *]')).toEqual([true, false]);
    expect(both('-organization:a -organization:b')).toEqual([false, false]);
    expect(both('organization:(a OR b) AND NOT groups:envi')).toEqual([true, false]);
    expect(both('(organization:a AND groups:envi) OR organization:b')).toEqual([false, true]);
    expect(both('')).toEqual([true, true]);
    expect(both('*:*')).toEqual([true, true]);
  });

  it('compares dates with CKAN\'s fractions of a second, inclusive and exclusive, with NOW date math', () => {
    expect(both('metadata_modified:[2026-03-01T10:00:00.500000Z TO *]')).toEqual([true, false]);
    expect(both('metadata_modified:{2026-03-01T10:00:00.500000Z TO *]')).toEqual([false, false]);
    expect(both('metadata_modified:[* TO 2026-01-01]')).toEqual([false, true]);
    expect(both('metadata_modified:[NOW-3MONTHS TO NOW]')).toEqual([true, false]);
    expect(both('metadata_modified:[NOW-1YEAR/DAY TO NOW-5DAYS]')).toEqual([true, true]);
    expect(() => parseFq('x:[a TO b')).toThrow(CkanQueryError);
  });

  it('matches wildcards, quoted phrases and caseless formats and text', () => {
    expect(both('name:a_*')).toEqual([true, false]);
    expect(both('res_format:csv')).toEqual([true, true]);
    expect(both('text:"parcari publice"')).toEqual([false, false]); // the text field is not accent-folded
    expect(both('text:"Parcări"')).toEqual([true, true]);
  });

  it('refuses what it cannot read, naming the problem', () => {
    for (const bad of ['organization:', 'organization:(a OR b', '"open', 'justtext', 'x:[a b]']) expect(() => parseFq(bad), bad).toThrow(CkanQueryError);
    expect(() => matches(parseFq('colour:red'), a)).toThrow(/undefined field colour/);
    expect(() => matches(parseFq('metadata_modified:[NOW/DAY-1YEAR TO *]'), a)).toThrow(CkanQueryError);
    expect(parseSort('metadata_modified desc, name asc')).toEqual([{ field: 'metadata_modified', desc: true }, { field: 'name', desc: false }]);
    expect(() => parseSort('colour asc')).toThrow(CkanQueryError);
    expect(() => parseSort('name sideways')).toThrow(CkanQueryError);
  });
});
