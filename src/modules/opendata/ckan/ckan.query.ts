/**
 * The part of Solr's query syntax that CKAN clients put in `package_search`'s `fq` and `sort`, evaluated over
 * our package dicts (a city has tens of datasets, so no index is needed). What ckanext-harvest sends:
 * `-organization:x` (one per excluded organisation), `organization:a OR organization:b`, the same with
 * `groups:`, and `metadata_modified:[2026-01-01T10:00:00.123456Z TO *]` for incremental harvests, all joined by
 * spaces. Grammar (Lucene's, with one documented simplification: clauses side by side are ANDed — CKAN's
 * schema sets the default operator to AND — and OR binds tighter than that implicit AND, which is what
 * harvesters mean by `organization:a OR organization:b metadata_modified:[…]`):
 *
 *   query  := and+                       (clauses side by side, or joined by AND / &&, must all match)
 *   and    := or (("OR" | "||") or)*
 *   or     := ("-" | "+" | "NOT" | "!")? atom
 *   atom   := "(" query ")" | "*:*" | field ":" value
 *   value  := "quoted" | [a TO b] | {a TO b} | [a TO b} | word (with * and ? wildcards) | "(" value (OR value)* ")"
 */

export class CkanQueryError extends Error {}

type Value = { kind: 'term'; text: string; quoted: boolean } | { kind: 'range'; from: string; to: string; fromIncl: boolean; toIncl: boolean } | { kind: 'any'; values: Value[] };
export type Node = { kind: 'and'; items: Node[] } | { kind: 'or'; items: Node[] } | { kind: 'not'; item: Node } | { kind: 'all' } | { kind: 'field'; field: string; value: Value };

/** Field name → the values a package has for it (strings, or ISO dates for the date fields). */
export type FieldValues = (field: string) => string[] | undefined;

const DATE_FIELDS = new Set(['metadata_modified', 'metadata_created']);
/** Fields whose values are compared without regard to case (CKAN lower-cases res_format in its facets). */
const CASELESS = new Set(['res_format', 'text', 'title', 'notes']);

export function parseFq(input: string): Node {
  let i = 0;
  const s = input;
  const ws = () => {
    while (i < s.length && /\s/.test(s[i]!)) i++;
  };
  const fail = (what: string): never => {
    throw new CkanQueryError(`${what} at position ${i + 1} of "${s.slice(0, 200)}"`);
  };
  const keyword = (k: string) => {
    ws();
    if (s.startsWith(k, i) && (i + k.length >= s.length || /[\s(]/.test(s[i + k.length]!))) {
      i += k.length;
      return true;
    }
    return false;
  };
  const word = () => {
    const start = i;
    while (i < s.length && !/[\s()[\]{}"]/.test(s[i]!)) {
      if (s[i] === '\\') i++;
      i++;
    }
    return s.slice(start, i).replace(/\\(.)/g, '$1');
  };
  const quoted = () => {
    i++; // opening quote
    let out = '';
    while (i < s.length && s[i] !== '"') {
      if (s[i] === '\\') i++;
      out += s[i] ?? '';
      i++;
    }
    if (s[i] !== '"') fail('an unclosed quote');
    i++;
    return out;
  };
  const bound = () => {
    ws();
    return s[i] === '"' ? quoted() : word();
  };
  const value = (): Value => {
    ws();
    const c = s[i];
    if (c === '"') return { kind: 'term', text: quoted(), quoted: true };
    if (c === '[' || c === '{') {
      i++;
      const from = bound();
      if (!keyword('TO')) fail('a range without TO');
      const to = bound();
      ws();
      const close = s[i];
      if (close !== ']' && close !== '}') fail('an unclosed range');
      i++;
      return { kind: 'range', from, to, fromIncl: c === '[', toIncl: close === ']' };
    }
    if (c === '(') {
      i++;
      const values: Value[] = [value()];
      for (;;) {
        ws();
        if (s[i] === ')') {
          i++;
          break;
        }
        if (i >= s.length) fail('an unclosed parenthesis');
        if (!keyword('OR')) keyword('||');
        values.push(value());
      }
      return { kind: 'any', values };
    }
    const text = word();
    if (!text) fail('a missing value');
    return { kind: 'term', text, quoted: false };
  };
  const atom = (): Node => {
    ws();
    if (s[i] === '(') {
      i++;
      const inner = query(')');
      if (s[i] !== ')') fail('an unclosed parenthesis');
      i++;
      return inner;
    }
    if (s.startsWith('*:*', i)) {
      i += 3;
      return { kind: 'all' };
    }
    const m = /^([A-Za-z_][\w.]*):/.exec(s.slice(i));
    if (!m) fail('a clause that is not field:value');
    i += m![0].length;
    return { kind: 'field', field: m![1]!, value: value() };
  };
  const unary = (): Node => {
    ws();
    if (s[i] === '-' || s[i] === '!') {
      i++;
      return { kind: 'not', item: atom() };
    }
    if (s[i] === '+') {
      i++;
      return atom();
    }
    if (keyword('NOT')) return { kind: 'not', item: atom() };
    return atom();
  };
  const or = (): Node => {
    const items = [unary()];
    while (keyword('OR') || keyword('||')) items.push(unary());
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  };
  const query = (until?: string): Node => {
    const items: Node[] = [];
    for (;;) {
      ws();
      if (i >= s.length || (until && s[i] === until)) break;
      if (items.length && !keyword('AND')) keyword('&&');
      items.push(or());
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  };
  const node = query();
  ws();
  if (i < s.length) fail('unexpected text');
  return node;
}

/** A bound of a date range: an ISO date-time (any fraction of a second), `*`, or Solr's NOW with date math. */
function dateBound(v: string, now: Date): number {
  if (v === '*') return NaN;
  const math = /^NOW((?:[+-]\d+(?:YEARS?|MONTHS?|DAYS?|HOURS?|MINUTES?|SECONDS?))*)(?:\/(DAY|HOUR))?$/.exec(v);
  if (math) {
    const d = new Date(now);
    for (const [, sign, n, unit] of math[1]!.matchAll(/([+-])(\d+)([A-Z]+)/g)) {
      const k = (sign === '-' ? -1 : 1) * Number(n);
      const u = unit!.replace(/S$/, '');
      if (u === 'YEAR') d.setUTCFullYear(d.getUTCFullYear() + k);
      else if (u === 'MONTH') d.setUTCMonth(d.getUTCMonth() + k);
      else d.setTime(d.getTime() + k * { DAY: 86_400_000, HOUR: 3_600_000, MINUTE: 60_000, SECOND: 1000 }[u as 'DAY']!);
    }
    if (math[2] === 'DAY') d.setUTCHours(0, 0, 0, 0);
    if (math[2] === 'HOUR') d.setUTCMinutes(0, 0, 0);
    return d.getTime();
  }
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(v);
  if (!m) throw new CkanQueryError(`"${v}" is not a date (use 2026-01-01T00:00:00Z, * or NOW-1DAY)`);
  const ms = m[3] ? Number(`0.${m[3]}`) * 1000 : 0;
  const t = Date.parse(`${m[1]}T${m[2] ?? '00:00:00'}${m[4] && m[4] !== 'Z' ? m[4] : 'Z'}`);
  if (!Number.isFinite(t)) throw new CkanQueryError(`"${v}" is not a date`);
  return t + Math.floor(ms);
}

const wildcard = (text: string, caseless: boolean) => new RegExp(`^${text.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, caseless ? 'i' : '');

function matchValue(field: string, value: Value, have: string[], now: Date): boolean {
  if (value.kind === 'any') return value.values.some((v) => matchValue(field, v, have, now));
  if (value.kind === 'range') {
    if (DATE_FIELDS.has(field)) {
      const from = dateBound(value.from, now);
      const to = dateBound(value.to, now);
      return have.some((h) => {
        const t = Date.parse(h.endsWith('Z') || /[+-]\d{2}:\d{2}$/.test(h) ? h : `${h}Z`);
        return (Number.isNaN(from) || (value.fromIncl ? t >= from : t > from)) && (Number.isNaN(to) || (value.toIncl ? t <= to : t < to));
      });
    }
    return have.some((h) => (value.from === '*' || (value.fromIncl ? h >= value.from : h > value.from)) && (value.to === '*' || (value.toIncl ? h <= value.to : h < value.to)));
  }
  const caseless = CASELESS.has(field);
  if (DATE_FIELDS.has(field)) {
    const t = dateBound(value.text, now);
    return have.some((h) => Date.parse(h.endsWith('Z') ? h : `${h}Z`) === t);
  }
  if (value.text === '*') return have.length > 0;
  if (!value.quoted && /[*?]/.test(value.text)) {
    const re = wildcard(value.text, caseless);
    return have.some((h) => re.test(h));
  }
  if (field === 'text' || field === 'title' || field === 'notes') return have.some((h) => h.toLowerCase().includes(value.text.toLowerCase()));
  return have.some((h) => (caseless ? h.toLowerCase() === value.text.toLowerCase() : h === value.text));
}

/** Whether a package matches a parsed query; an unknown field is an error (as Solr's "undefined field"). */
export function matches(node: Node, values: FieldValues, now = new Date()): boolean {
  switch (node.kind) {
    case 'all':
      return true;
    case 'and':
      return node.items.every((n) => matches(n, values, now));
    case 'or':
      return node.items.some((n) => matches(n, values, now));
    case 'not':
      return !matches(node.item, values, now);
    case 'field': {
      const have = values(node.field);
      if (have === undefined) throw new CkanQueryError(`undefined field ${node.field}`);
      return matchValue(node.field, node.value, have, now);
    }
  }
}

/** The fields of `sort` we can order by, and the value to compare. */
export const SORT_FIELDS = ['id', 'name', 'title', 'title_string', 'metadata_modified', 'metadata_created', 'score'] as const;

/** Parses `sort` ("metadata_modified desc, name asc"); `score` (relevance) is the same for every package here. */
export function parseSort(sort: string): { field: (typeof SORT_FIELDS)[number]; desc: boolean }[] {
  return sort
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
    .map((part) => {
      const [field = '', dir = 'asc', ...rest] = part.split(/\s+/);
      if (!(SORT_FIELDS as readonly string[]).includes(field) || !/^(asc|desc)$/i.test(dir) || rest.length) throw new CkanQueryError(`Can't sort by "${part}": use ${SORT_FIELDS.join(', ')} with asc or desc`);
      return { field: field as (typeof SORT_FIELDS)[number], desc: dir.toLowerCase() === 'desc' };
    });
}
