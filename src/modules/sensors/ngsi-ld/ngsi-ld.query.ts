/**
 * The NGSI-LD query language (GS CIM 009 clause 4.9) and geo-queries (clause 4.10), evaluated on entities in
 * the normalized form. Pure functions: parsing errors are NgsiErrors (400 BadRequestData) naming the problem.
 *
 * q:  `a==1;b>2|(c!="x";d)` — `;` is AND and binds tighter than `|` (OR); parentheses group; a term is an
 *     attribute path alone (it exists) or `path op value`, op one of == != > >= < <= ~= !~=; `==`/`!=` also
 *     take a list (`1,2,3`) or a range (`10..20`). A path is `attr`, `attr.subAttr` (e.g. `pm25.observedAt`,
 *     `pm25.unitCode`) or `attr[key.key]` into a structured value (`address[addressLocality]`).
 *     Values: numbers, "quoted strings", true/false, ISO date-times, and unquoted URIs/words.
 * geo: `georel` near;maxDistance==m | near;minDistance==m | within | contains | intersects | equals |
 *     disjoint | overlaps, with `geometry` (Point, MultiPoint, LineString, MultiLineString, Polygon,
 *     MultiPolygon) and `coordinates` (JSON), on `geoproperty` (default `location`).
 */
import { boxAround, pointInRing } from '../../../core/geo.js';
import { badData } from './ngsi-ld.errors.js';
import { shortName } from './ngsi-ld.parse.js';
import type { ThingFilter } from './ngsi-ld.repository.js';

export type Entity = Record<string, unknown>;

type Value = { kind: 'number'; n: number } | { kind: 'string'; s: string } | { kind: 'bool'; b: boolean } | { kind: 'date'; t: number; s: string };
type Rhs = { kind: 'one'; v: Value } | { kind: 'list'; vs: Value[] } | { kind: 'range'; lo: Value; hi: Value } | { kind: 'pattern'; re: RegExp };
interface Path {
  attr: string;
  sub: string[];
  inner: string[];
}
type Node = { op: 'and' | 'or'; items: Node[] } | { op: 'term'; path: Path; cmp?: string; rhs?: Rhs };

export type QueryExpr = Node;

const MAX_Q = 2000;
const OPS = ['==', '!=', '>=', '<=', '~=', '!~=', '>', '<'];
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Parses a q expression; throws BadRequestData naming what is wrong. */
export function parseQ(q: string): QueryExpr {
  if (q.length > MAX_Q) throw badData(`q: longer than ${MAX_Q} characters`);
  let i = 0;
  const fail = (msg: string): never => {
    throw badData(`q: ${msg} at position ${i + 1} of "${q.slice(0, 200)}"`);
  };
  const peek = () => q[i];

  function orExpr(depth: number): Node {
    if (depth > 20) fail('too deeply nested');
    const items = [andExpr(depth)];
    while (peek() === '|') {
      i++;
      items.push(andExpr(depth));
    }
    return items.length === 1 ? items[0]! : { op: 'or', items };
  }
  function andExpr(depth: number): Node {
    const items = [atom(depth)];
    while (peek() === ';') {
      i++;
      items.push(atom(depth));
    }
    return items.length === 1 ? items[0]! : { op: 'and', items };
  }
  function atom(depth: number): Node {
    if (peek() === '(') {
      i++;
      const n = orExpr(depth + 1);
      if (peek() !== ')') fail('")" expected');
      i++;
      return n;
    }
    return term();
  }
  function term(): Node {
    const start = i;
    // the attribute: up to an operator or a separator; brackets hold a path into a structured value
    while (i < q.length && !'=!<>~;|()'.includes(q[i]!)) {
      if (q[i] === '[') {
        const close = q.indexOf(']', i);
        if (close < 0) fail('"]" expected');
        i = close + 1;
      } else i++;
    }
    const path = parsePath(q.slice(start, i).trim());
    const op = OPS.find((o) => q.startsWith(o, i));
    if (!op) {
      if (i < q.length && !';|)'.includes(q[i]!)) fail('an operator (==, !=, >, >=, <, <=, ~=, !~=) expected');
      return { op: 'term', path };
    }
    i += op.length;
    const vStart = i;
    let quoted = false;
    while (i < q.length) {
      const ch = q[i]!;
      if (ch === '"' && q[i - 1] !== '\\') quoted = !quoted;
      else if (!quoted && (ch === ';' || ch === '|' || ch === ')')) break;
      i++;
    }
    if (quoted) fail('unterminated string');
    const raw = q.slice(vStart, i).trim();
    if (!raw) fail('a value expected');
    return { op: 'term', path, cmp: op, rhs: parseRhs(op, raw, fail) };
  }
  function parsePath(s: string): Path {
    if (!s) fail('an attribute name expected');
    const b = s.indexOf('[');
    const main = b < 0 ? s : s.slice(0, b);
    const inner = b < 0 ? [] : s.slice(b + 1, -1).split('.').filter(Boolean);
    if (b >= 0 && (!s.endsWith(']') || inner.length === 0)) fail('a path into a value is written attr[key] or attr[key.key]');
    // a full IRI keeps its dots; a short name's dots separate sub-attributes (pm25.observedAt)
    const parts = /^[a-z][a-z0-9+.-]*:\/\//i.test(main) ? [main] : main.split('.');
    if (parts.some((p) => !p || /[\s"',[\]{}]/.test(p))) fail(`"${main.slice(0, 60)}" is not an attribute name`);
    return { attr: shortName(parts[0]!), sub: parts.slice(1), inner };
  }

  const expr = orExpr(0);
  if (i < q.length) fail(`unexpected "${q[i]}"`);
  return expr;
}

function parseValue(raw: string, fail: (m: string) => never): Value {
  const s = raw.trim();
  if (s.startsWith('"')) {
    if (!s.endsWith('"') || s.length < 2) fail('unterminated string');
    return { kind: 'string', s: s.slice(1, -1).replace(/\\"/g, '"') };
  }
  if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(s)) return { kind: 'number', n: Number(s) };
  if (s === 'true' || s === 'false') return { kind: 'bool', b: s === 'true' };
  if (ISO.test(s)) {
    const t = Date.parse(/T/.test(s) && !/(Z|[+-]\d{2}:?\d{2})$/.test(s) ? `${s}Z` : s);
    if (!Number.isNaN(t)) return { kind: 'date', t, s };
  }
  if (!/^[\p{L}\p{N}_:/#.\-+@%]+$/u.test(s)) fail(`"${s.slice(0, 40)}" is not a value (quote strings: "text")`);
  return { kind: 'string', s };
}

/** Splits on a separator outside quotes. */
function splitOutside(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let k = 0; k < s.length; k++) {
    if (s[k] === '"' && s[k - 1] !== '\\') quoted = !quoted;
    if (!quoted && s.startsWith(sep, k)) {
      out.push(cur);
      cur = '';
      k += sep.length - 1;
    } else cur += s[k];
  }
  out.push(cur);
  return out;
}

function parseRhs(op: string, raw: string, fail: (m: string) => never): Rhs {
  if (op === '~=' || op === '!~=') {
    const src = raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
    // nested quantifiers ((a+)+, (a*)*…) backtrack exponentially: refused rather than run
    if (src.length > 200 || /\([^)]*[+*}][^)]*\)\s*[+*{]/.test(src)) fail('this pattern is too complex');
    try {
      return { kind: 'pattern', re: new RegExp(src.replace(/^\(\?i\)/, ''), src.startsWith('(?i)') ? 'i' : '') };
    } catch {
      return fail('not a valid regular expression');
    }
  }
  const range = splitOutside(raw, '..');
  if (range.length > 2) fail('a range has two ends (a..b)');
  if (range.length === 2) {
    if (op !== '==' && op !== '!=') fail('a range (a..b) only goes with == or !=');
    return { kind: 'range', lo: parseValue(range[0]!, fail), hi: parseValue(range[1]!, fail) };
  }
  const list = splitOutside(raw, ',');
  if (list.length > 1) {
    if (op !== '==' && op !== '!=') fail('a list (a,b,c) only goes with == or !=');
    return { kind: 'list', vs: list.map((x) => parseValue(x, fail)) };
  }
  return { kind: 'one', v: parseValue(raw, fail) };
}

/** The values an attribute path designates in a normalized entity (a Relationship's value is its object). */
function resolve(e: Entity, p: Path): unknown[] | undefined {
  const attr = e[p.attr];
  if (attr === undefined) return undefined;
  const instances = Array.isArray(attr) ? attr : [attr];
  const out: unknown[] = [];
  for (const inst of instances) {
    if (inst === null || typeof inst !== 'object') continue;
    let cur: unknown = inst;
    for (const s of p.sub) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[s] : undefined;
    if (cur === undefined) continue;
    let v: unknown = cur && typeof cur === 'object' && !Array.isArray(cur) ? ((cur as Record<string, unknown>).value ?? (cur as Record<string, unknown>).object ?? cur) : cur;
    for (const k of p.inner) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
    if (v !== undefined) out.push(v);
  }
  return out.length ? out : undefined;
}

/** -1/0/1, or null when the two cannot be compared (different kinds). */
function compare(actual: unknown, v: Value): number | null {
  if (v.kind === 'number') return typeof actual === 'number' ? Math.sign(actual - v.n) : null;
  if (v.kind === 'bool') return typeof actual === 'boolean' ? (actual === v.b ? 0 : actual ? 1 : -1) : null;
  if (v.kind === 'date') {
    if (typeof actual !== 'string') return null;
    const t = Date.parse(/T/.test(actual) && !/(Z|[+-]\d{2}:?\d{2})$/.test(actual) ? `${actual}Z` : actual);
    return Number.isNaN(t) ? (actual === v.s ? 0 : null) : Math.sign(t - v.t);
  }
  return typeof actual === 'string' ? (actual < v.s ? -1 : actual > v.s ? 1 : 0) : null;
}

function matchOne(actual: unknown, cmp: string, rhs: Rhs): boolean {
  if (rhs.kind === 'pattern') return typeof actual === 'string' && rhs.re.test(actual);
  if (rhs.kind === 'list') return rhs.vs.some((v) => compare(actual, v) === 0);
  if (rhs.kind === 'range') {
    const lo = compare(actual, rhs.lo);
    const hi = compare(actual, rhs.hi);
    return lo !== null && hi !== null && lo >= 0 && hi <= 0;
  }
  const c = compare(actual, rhs.v);
  if (c === null) return false;
  return cmp === '==' ? c === 0 : cmp === '>' ? c > 0 : cmp === '>=' ? c >= 0 : cmp === '<' ? c < 0 : cmp === '<=' ? c <= 0 : c !== 0;
}

/** Whether a normalized entity satisfies a parsed q expression. */
export function matchesQ(e: Entity, n: QueryExpr): boolean {
  if (n.op !== 'term') return n.op === 'and' ? n.items.every((x) => matchesQ(e, x)) : n.items.some((x) => matchesQ(e, x));
  const values = resolve(e, n.path);
  if (!values) return false;
  if (!n.cmp || !n.rhs) return true;
  // a value that is an array matches when one of its members does
  const flat = values.flatMap((v) => (Array.isArray(v) ? v : [v]));
  if (n.cmp === '!=' || n.cmp === '!~=') return !flat.some((v) => matchOne(v, n.cmp === '!=' ? '==' : '~=', n.rhs!));
  return flat.some((v) => matchOne(v, n.cmp!, n.rhs!));
}

// ---- geo-queries ----

export interface GeoQuery {
  rel: 'near' | 'within' | 'contains' | 'intersects' | 'equals' | 'disjoint' | 'overlaps';
  maxDistance?: number;
  minDistance?: number;
  geometry: { type: string; coordinates: unknown };
  geoproperty: string;
}

const GEOMETRIES = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'];

function isPosition(c: unknown): c is [number, number] {
  return Array.isArray(c) && c.length >= 2 && c.length <= 3 && c.every((x) => typeof x === 'number' && Number.isFinite(x)) && Math.abs(c[0] as number) <= 180 && Math.abs(c[1] as number) <= 90;
}
function isRing(r: unknown): r is [number, number][] {
  return Array.isArray(r) && r.length >= 4 && r.every(isPosition) && r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1];
}
function validCoordinates(type: string, c: unknown): boolean {
  switch (type) {
    case 'Point':
      return isPosition(c);
    case 'MultiPoint':
      return Array.isArray(c) && c.length > 0 && c.every(isPosition);
    case 'LineString':
      return Array.isArray(c) && c.length >= 2 && c.every(isPosition);
    case 'MultiLineString':
      return Array.isArray(c) && c.length > 0 && c.every((l) => validCoordinates('LineString', l));
    case 'Polygon':
      return Array.isArray(c) && c.length > 0 && c.every(isRing);
    case 'MultiPolygon':
      return Array.isArray(c) && c.length > 0 && c.every((p) => validCoordinates('Polygon', p));
  }
  return false;
}

/**
 * Reads georel/geometry/coordinates/geoproperty (as the GET parameters or the POST query's `geoQ`); null
 * when none is given, BadRequestData when they are incomplete or wrong.
 */
export function parseGeoQuery(p: { georel?: string | undefined; geometry?: string | undefined; coordinates?: unknown; geoproperty?: string | undefined }): GeoQuery | null {
  if (p.georel === undefined && p.geometry === undefined && p.coordinates === undefined) return null;
  if (!p.georel || !p.geometry || p.coordinates === undefined) throw badData('A geo-query needs georel, geometry and coordinates together.');
  const m = /^(near|within|contains|intersects|equals|disjoint|overlaps)(?:;(maxDistance|minDistance)==(\d+(?:\.\d+)?))?$/.exec(p.georel.trim());
  if (!m) throw badData(`georel: "${p.georel.slice(0, 60)}" is not one of near;maxDistance==m, near;minDistance==m, within, contains, intersects, equals, disjoint, overlaps`);
  const rel = m[1] as GeoQuery['rel'];
  if (rel === 'near' && !m[2]) throw badData('georel: near needs ;maxDistance==<metres> or ;minDistance==<metres>');
  if (rel !== 'near' && m[2]) throw badData('georel: a distance only goes with near');
  if (!GEOMETRIES.includes(p.geometry)) throw badData(`geometry: one of ${GEOMETRIES.join(', ')}`);
  if (rel === 'near' && p.geometry !== 'Point') throw badData('geometry: near needs a Point');
  let coordinates = p.coordinates;
  if (typeof coordinates === 'string') {
    try {
      coordinates = JSON.parse(coordinates.trim().startsWith('[') ? coordinates : `[${coordinates}]`);
    } catch {
      throw badData('coordinates: must be a JSON array, e.g. [21.2257,45.7537]');
    }
  }
  if (!validCoordinates(p.geometry, coordinates)) throw badData(`coordinates: not a valid ${p.geometry} ([lon, lat] positions; polygon rings closed, at least 4 positions)`);
  const out: GeoQuery = { rel, geometry: { type: p.geometry, coordinates }, geoproperty: shortName(p.geoproperty ?? 'location') };
  if (m[2] === 'maxDistance') out.maxDistance = Number(m[3]);
  if (m[2] === 'minDistance') out.minDistance = Number(m[3]);
  return out;
}

/** Great-circle distance in metres (mean Earth radius). */
export function haversine(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const r = (d: number) => (d * Math.PI) / 180;
  const a = Math.sin(r(lat2 - lat1) / 2) ** 2 + Math.cos(r(lat1)) * Math.cos(r(lat2)) * Math.sin(r(lon2 - lon1) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(a)));
}

const EPS = 1e-9;
function onSegment(x: number, y: number, a: [number, number], b: [number, number]): boolean {
  const cross = (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]);
  if (Math.abs(cross) > EPS) return false;
  return x >= Math.min(a[0], b[0]) - EPS && x <= Math.max(a[0], b[0]) + EPS && y >= Math.min(a[1], b[1]) - EPS && y <= Math.max(a[1], b[1]) + EPS;
}
function inPolygon(x: number, y: number, rings: [number, number][][]): 'inside' | 'edge' | 'outside' {
  for (const ring of rings) for (let k = 1; k < ring.length; k++) if (onSegment(x, y, ring[k - 1]!, ring[k]!)) return 'edge';
  const [outer, ...holes] = rings;
  return outer && pointInRing(x, y, outer) && !holes.some((h) => pointInRing(x, y, h)) ? 'inside' : 'outside';
}

/** How a point relates to the query geometry: inside (or on it), on its boundary only, or apart. */
function relate(x: number, y: number, g: { type: string; coordinates: unknown }): 'inside' | 'edge' | 'outside' {
  const c = g.coordinates;
  const same = (p: [number, number]) => Math.abs(p[0] - x) < EPS && Math.abs(p[1] - y) < EPS;
  switch (g.type) {
    case 'Point':
      return same(c as [number, number]) ? 'inside' : 'outside';
    case 'MultiPoint':
      return (c as [number, number][]).some(same) ? 'inside' : 'outside';
    case 'LineString':
    case 'MultiLineString': {
      const lines = (g.type === 'LineString' ? [c] : c) as [number, number][][];
      return lines.some((l) => l.some((_, k) => k > 0 && onSegment(x, y, l[k - 1]!, l[k]!))) ? 'inside' : 'outside';
    }
    case 'Polygon':
    case 'MultiPolygon': {
      const polys = (g.type === 'Polygon' ? [c] : c) as [number, number][][][];
      let best: 'inside' | 'edge' | 'outside' = 'outside';
      for (const p of polys) {
        const r = inPolygon(x, y, p);
        if (r === 'inside') return 'inside';
        if (r === 'edge') best = 'edge';
      }
      return best;
    }
  }
  return 'outside';
}

/** Whether a normalized entity's geoproperty (a Point) satisfies the geo-query. */
export function matchesGeo(e: Entity, g: GeoQuery): boolean {
  const attr = e[g.geoproperty] as { value?: { type?: string; coordinates?: unknown } } | undefined;
  const v = attr?.value;
  if (!v || v.type !== 'Point' || !isPosition(v.coordinates)) return false;
  const [x, y] = v.coordinates;
  if (g.rel === 'near') {
    const [qx, qy] = g.geometry.coordinates as [number, number];
    const d = haversine(x, y, qx, qy);
    return g.maxDistance !== undefined ? d <= g.maxDistance : d >= (g.minDistance ?? 0);
  }
  const r = relate(x, y, g.geometry);
  switch (g.rel) {
    case 'within':
      return r === 'inside';
    case 'intersects':
      return r !== 'outside';
    case 'disjoint':
      return r === 'outside';
    case 'equals':
    case 'contains':
      // a point contains or equals only the same point
      return g.geometry.type === 'Point' && r === 'inside';
    case 'overlaps':
      return false; // two geometries of which one is a point never overlap (they must share dimension)
  }
  return false;
}

/** A lat/lon box every match of the geo-query lies in (prefilter on the index), or undefined when there is none. */
export function geoBox(g: GeoQuery): ThingFilter['bbox'] {
  if (g.geoproperty !== 'location') return undefined;
  if (g.rel === 'near') {
    const [lon, lat] = g.geometry.coordinates as [number, number];
    return g.maxDistance !== undefined ? boxAround(lat, lon, g.maxDistance + 1) : undefined;
  }
  if (g.rel !== 'within' && g.rel !== 'intersects' && g.rel !== 'equals' && g.rel !== 'contains') return undefined;
  const pts: number[][] = [];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') pts.push(c as number[]);
    else if (Array.isArray(c)) c.forEach(walk);
  };
  walk(g.geometry.coordinates);
  const eps = 1e-9;
  return { minLon: Math.min(...pts.map((p) => p[0]!)) - eps, maxLon: Math.max(...pts.map((p) => p[0]!)) + eps, minLat: Math.min(...pts.map((p) => p[1]!)) - eps, maxLat: Math.max(...pts.map((p) => p[1]!)) + eps };
}
