/**
 * A metropolitan area's datasets across its members (#13): a dataset marked `acrossMembers` is published by
 * an area as the union of its member cities' and communes' files, each row and feature with the member's
 * `city` (its slug), so "reports across the metropolitan area" is one download and one map layer. The members'
 * own generators make each part: nothing here knows what a report or a sensor is.
 */
import { parse } from 'csv-parse/sync';
import { toCsv } from '../../core/csv.js';
import type { Multiloc } from '../../core/i18n.js';
import type { TenantRow } from '../tenants/index.js';
import type { DistributionDef, FeatureCollectionDef, GeoFeature, PlatformDatasetDef } from './opendata.registry.js';
import type { FormatCode } from './opendata.vocab.js';

export type MembersOf = (area: TenantRow) => Promise<TenantRow[]>;

/** Formats whose files can be joined row by row (a .pb file per budget cannot: it stays with its city). */
const JOINABLE = new Set<FormatCode>(['CSV', 'JSON', 'GEOJSON']);

const ACROSS: Multiloc = {
  ro: 'Pentru zona metropolitană: datele tuturor localităților membre, fiecare rând cu localitatea lui (coloana city).',
  en: 'For the metropolitan area: the data of every member city and commune, each row with its member (column city).',
  hu: 'Az agglomerációra: minden tagtelepülés adatai, minden sor a saját településével (city oszlop).',
};

/** Each member's value, in the members' order. */
async function eachMember<T>(members: MembersOf, area: TenantRow, fn: (m: TenantRow) => Promise<T>): Promise<[TenantRow, T][]> {
  const list = await members(area);
  const out: [TenantRow, T][] = [];
  // one member at a time: a large area must not open a generator per member at once
  for (const m of list) out.push([m, await fn(m)]);
  return out;
}

/** Joins the members' files of one format into one, each row or feature tagged with the member's slug. */
export function joinFiles(format: FormatCode, all: [TenantRow, string | Buffer][]): string {
  // a member without data for it adds nothing
  const parts = all.filter(([, body]) => String(body).replace(/^\uFEFF/, '').trim() !== '');
  if (format === 'CSV') {
    const header: string[] = ['city'];
    const rows: Record<string, string>[] = [];
    for (const [m, body] of parts) {
      const text = String(body).replace(/^\uFEFF/, '');
      // one parse: the header row names the columns and joins the united header on its way
      const records = parse(text, { skip_empty_lines: true, columns: (first: string[]) => (first.forEach((h) => header.includes(h) || header.push(h)), first) }) as Record<string, string>[];
      for (const r of records) rows.push({ ...r, city: m.slug });
    }
    return toCsv(rows, header.map((h) => ({ header: h, value: (r: Record<string, string>) => r[h] ?? null })));
  }
  if (format === 'GEOJSON') {
    const features: unknown[] = [];
    for (const [m, body] of parts) {
      const fc = JSON.parse(String(body)) as { features?: { id?: string | number; properties?: Record<string, unknown> }[] };
      for (const f of fc.features ?? []) features.push({ ...f, ...(f.id !== undefined ? { id: `${m.slug}:${f.id}` } : {}), properties: { city: m.slug, ...(f.properties ?? {}) } });
    }
    return JSON.stringify({ type: 'FeatureCollection', features });
  }
  // JSON: arrays of records are concatenated; anything else is keyed by the member
  const values = parts.map(([m, body]) => [m, JSON.parse(String(body))] as const);
  if (values.every(([, v]) => Array.isArray(v)))
    return JSON.stringify(values.flatMap(([m, v]) => (v as unknown[]).map((x) => (x && typeof x === 'object' && !Array.isArray(x) ? { city: m.slug, ...x } : { city: m.slug, value: x }))));
  return JSON.stringify(Object.fromEntries(values.map(([m, v]) => [m.slug, v])));
}

/** The members' map layer as one, feature ids prefixed by the member (`timisoara:42`) so `/items/{id}` resolves. */
export function collectionAcross(c: FeatureCollectionDef, members: MembersOf): FeatureCollectionDef {
  return {
    ...c,
    features: async (area) =>
      (await eachMember(members, area, (m) => c.features(m))).flatMap(([m, fs]) => fs.map((f): GeoFeature => ({ ...f, id: `${m.slug}:${f.id}`, properties: { city: m.slug, ...f.properties } }))),
  };
}

/** The view of a dataset that an area publishes: its members' data joined. */
export function datasetAcross(def: PlatformDatasetDef, members: MembersOf): PlatformDatasetDef {
  const joined = (d: DistributionDef): DistributionDef => ({
    ...d,
    generate: async (area) => joinFiles(d.format, await eachMember(members, area, async (m) => ((!def.available || (await def.available(m))) ? d.generate(m) : ''))),
  });
  const { temporal: _ownTemporal, tenantDistributions: _perCity, ...rest } = def;
  return {
    ...rest,
    description: Object.fromEntries(Object.entries(def.description).map(([l, text]) => [l, `${text} ${ACROSS[l as keyof Multiloc] ?? ACROSS.ro}`])) as Multiloc,
    available: async (area) => (await eachMember(members, area, async (m) => !def.available || def.available(m))).some(([, ok]) => ok),
    ...(def.modified
      ? {
          modified: async (area) => {
            const times = (await eachMember(members, area, (m) => def.modified!(m))).map(([, t]) => t).filter((t): t is Date => t !== null);
            return times.length ? new Date(Math.max(...times.map((t) => t.getTime()))) : null;
          },
        }
      : {}),
    distributions: def.distributions.filter((d) => JOINABLE.has(d.format)).map(joined),
    ...(def.collection ? { collection: collectionAcross(def.collection, members) } : {}),
  };
}
