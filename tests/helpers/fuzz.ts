/**
 * A schema-driven fuzz of every write route (POST/PUT/PATCH/DELETE) listed in the app's own OpenAPI
 * document (`/api/openapi.json`), as a signed-in admin of the city (CSRF token sent), so requests reach
 * validation and the services instead of stopping at 401/403.
 *
 * For each route it builds a plausible request from the schema (the "baseline", sent once, which exercises
 * the service's write path), then the families of bad input the outside test found: NUL bytes, lone UTF-16
 * surrogates, integers beyond 32 bits, an empty PATCH, impossible dates, 100,000-character text, deep
 * nesting, broken multipart, and path variants (huge ids, NUL, bad percent-encoding, over-long segments),
 * plus random values from fast-check in random fields. Every request has a deadline (a frozen server is a
 * failure, not a slow test). Around every request that is refused (4xx) it compares how many rows of each
 * table had been changed (counted by row triggers installed for the run): a refused request that changed any
 * table is a partial write.
 *
 * Used by tests/security/fuzz.test.ts (bounded, in `npm test`) and bench/fuzz.bench.ts (longer:
 * `npm run bench -- fuzz`).
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import type { TestApp, TestUser } from './app.js';
import { buildUser } from './app.js';

/** Tables that reads keep up to date; a change there is not a write made by the refused request. */
const READ_BOOKKEEPING = new Set(['opendata_metadata_versions']);

type Schema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  $ref?: string;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  default?: unknown;
};

interface Operation {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  params: { name: string; schema: Schema }[];
  body: Schema | undefined;
  contentTypes: string[];
  multipart: boolean;
}

export interface FuzzOptions {
  /** random (fast-check) requests per route, on top of the fixed families */
  randomPerRoute: number;
  seed: number;
  /** a request that takes longer than this means a frozen server */
  deadlineMs: number;
  log?: (m: string) => void;
}

export interface FuzzFinding {
  route: string;
  family: string;
  status: number;
  detail: string;
}

export interface FuzzReport {
  routes: number;
  requests: number;
  /** responses ≥ 500 */
  serverErrors: FuzzFinding[];
  /** refused (4xx) requests after which some table had changed */
  partialWrites: FuzzFinding[];
  /** requests that did not answer before the deadline */
  hangs: FuzzFinding[];
  /** status counts, e.g. { 400: 812, 404: 77 } */
  statuses: Record<number, number>;
}

// Routes whose success would end the fuzzing session or need a secret only a mailbox has; their bad-input
// families are still sent, only the valid baseline is not.
const NO_BASELINE = [/\/auth\/logout$/, /\/auth\/me$/];

const INT32_OVER = 2147483648;
const TEXT_FAMILIES: [string, string][] = [
  ['nul', 'a\u0000b'],
  ['lone-surrogate', 'a\ud800b'],
  ['lone-low-surrogate', '\udc00'],
  ['long-text', 'x'.repeat(100_000)],
];

function resolve(doc: Record<string, unknown>, s: Schema | undefined): Schema {
  let cur = s ?? {};
  for (let i = 0; cur.$ref && i < 10; i++) {
    const parts = cur.$ref.replace(/^#\//, '').split('/');
    cur = parts.reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], doc) as Schema;
  }
  return cur ?? {};
}

const firstType = (s: Schema) => (Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type);

const PATTERN_CANDIDATES = ['fuzz', 'fuzz-1', 'x1', 'a', 'ro', 'A1', 'A1.P1', 'A1.O1', 'KPI-1', 'fuzz_1', '2026-03-01', '2026-03', 'en', 'FUZZ', '1', 'a1b2c3d4'];

/** A plausible valid value for a schema (the baseline that the bad values are planted in). */
export function sample(doc: Record<string, unknown>, schema: Schema | undefined, depth = 0): unknown {
  const s = resolve(doc, schema);
  if (depth > 8) return undefined;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  if (s.default !== undefined && depth > 0) return s.default;
  const branches = s.anyOf ?? s.oneOf;
  if (branches) return sample(doc, branches.find((b) => resolve(doc, b).type !== 'null') ?? branches[0], depth + 1);
  if (s.allOf?.length) return sample(doc, s.allOf[0], depth + 1);
  switch (firstType(s)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        const val = sample(doc, v, depth + 1);
        if (val !== undefined) out[k] = val;
      }
      return out;
    }
    case 'array': {
      const n = Math.max(1, s.minItems ?? 0);
      return Array.from({ length: n }, () => sample(doc, s.items, depth + 1));
    }
    case 'string': {
      if (s.format === 'email') return 'fuzz@example.org';
      if (s.format === 'date') return '2026-03-01';
      if (s.format === 'date-time') return '2026-03-01T10:00:00Z';
      if (s.format === 'uri' || s.format === 'url') return 'https://example.org/fuzz';
      if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      if (s.pattern) {
        const re = new RegExp(s.pattern, 'u');
        const hit = PATTERN_CANDIDATES.find((c) => re.test(c) && c.length >= (s.minLength ?? 0) && c.length <= (s.maxLength ?? 1e9));
        if (hit) return hit;
      }
      const min = s.minLength ?? 1;
      return 'fuzz text'.padEnd(min, 'x').slice(0, s.maxLength ?? 1e9);
    }
    case 'integer':
    case 'number': {
      const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
      return Math.min(Math.max(lo, 1), s.maximum ?? 1e9);
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return depth === 0 ? {} : 'fuzz';
  }
}

/** The leaves of a sampled value with the JSON type of their schema, for planting bad values. */
function leaves(doc: Record<string, unknown>, schema: Schema | undefined, value: unknown, path: (string | number)[] = [], out: { path: (string | number)[]; kind: string }[] = []) {
  const s = resolve(doc, schema);
  const branch = s.anyOf ?? s.oneOf;
  if (branch) return leaves(doc, branch.find((b) => resolve(doc, b).type !== 'null') ?? branch[0], value, path, out);
  if (Array.isArray(value)) value.forEach((v, i) => leaves(doc, s.items, v, [...path, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) leaves(doc, s.properties?.[k], v, [...path, k], out);
  else {
    const t = firstType(s);
    const kind = t === 'string' && (s.format === 'date' || s.pattern === '^\\d{4}-\\d{2}-\\d{2}$') ? 'date' : t === 'string' && s.format === 'date-time' ? 'datetime' : (t ?? typeof value);
    out.push({ path, kind });
  }
  return out;
}

function setAt(value: unknown, path: (string | number)[], v: unknown): unknown {
  const copy = structuredClone(value);
  if (!path.length) return v;
  let o = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  o[path[path.length - 1]!] = v;
  return copy;
}

function operations(doc: Record<string, unknown>): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Record<string, unknown>>>)) {
    for (const [m, op] of Object.entries(item)) {
      const method = m.toUpperCase();
      if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) continue;
      const content = ((op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content ?? {}) as Record<string, { schema?: Schema }>;
      const json = content['application/json'];
      const params = ((op.parameters as { in: string; name: string; schema: Schema }[] | undefined) ?? []).filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema }));
      const summary = String(op.summary ?? '');
      ops.push({ method: method as Operation['method'], path, params, body: json?.schema, contentTypes: Object.keys(content), multipart: /multipart/i.test(summary) || Object.keys(content).some((c) => c.startsWith('multipart/')) });
    }
  }
  const rank = { POST: 0, PUT: 1, PATCH: 2, DELETE: 3 } as const;
  return ops.sort((a, b) => rank[a.method] - rank[b.method] || a.path.length - b.path.length);
}

interface FuzzRequest {
  family: string;
  url: string;
  payload?: string | Buffer;
  contentType?: string;
}

/** Values for path parameters: ids and codes created by earlier baselines, else plausible ones. */
class ParamBook {
  private seen = new Map<string, string>();
  remember(collectionPath: string, body: unknown) {
    const b = body as Record<string, unknown> | undefined;
    if (!b || typeof b !== 'object') return;
    for (const k of ['id', 'code', 'slug']) {
      const v = b[k];
      if ((typeof v === 'string' || typeof v === 'number') && !this.seen.has(`${collectionPath}#${k}`)) this.seen.set(`${collectionPath}#${k}`, String(v));
    }
  }
  value(path: string, name: string, schema: Schema): string {
    if (name === 'tenant') return 'timisoara';
    const before = path.slice(0, path.indexOf(`{${name}}`)).replace(/\/$/, '');
    for (const k of [name, 'id', 'code', 'slug']) {
      const v = this.seen.get(`${before}#${k}`);
      if (v) return v;
    }
    const s = schema ?? {};
    return s.type === 'integer' || s.type === 'number' ? '1' : (String(sample({}, s)) || 'x1');
  }
}

function fill(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, n: string) => values[n] ?? 'x1');
}

function familiesFor(doc: Record<string, unknown>, op: Operation, baseUrl: string, pathValues: Record<string, string>, baseline: unknown, randomValues: unknown[]): FuzzRequest[] {
  const reqs: FuzzRequest[] = [];
  const json = (family: string, body: unknown, url = baseUrl) => reqs.push({ family, url, payload: JSON.stringify(body), contentType: 'application/json' });
  if (op.body) {
    const ls = leaves(doc, op.body, baseline);
    const strings = ls.filter((l) => l.kind === 'string' || l.kind === 'date' || l.kind === 'datetime').slice(0, 4);
    for (const [family, text] of TEXT_FAMILIES) for (const l of family === 'long-text' ? strings.slice(0, 2) : strings) json(`${family}:${l.path.join('.')}`, setAt(baseline, l.path, text));
    for (const l of ls.filter((x) => x.kind === 'integer' || x.kind === 'number').slice(0, 4)) {
      json(`int-over-32bit:${l.path.join('.')}`, setAt(baseline, l.path, INT32_OVER));
      json(`int-under-32bit:${l.path.join('.')}`, setAt(baseline, l.path, -INT32_OVER - 1));
    }
    for (const l of ls.filter((x) => x.kind === 'date' || x.kind === 'datetime')) json(`impossible-date:${l.path.join('.')}`, setAt(baseline, l.path, l.kind === 'date' ? '2026-02-30' : '2026-02-30T10:00:00Z'));
    // a key that is not valid text, and deep nesting
    if (baseline && typeof baseline === 'object' && !Array.isArray(baseline)) json('nul-in-key', { ...baseline, 'k\u0000': 1 });
    reqs.push({ family: 'deep-nesting', url: baseUrl, payload: '{"a":' + '['.repeat(3000) + ']'.repeat(3000) + '}', contentType: 'application/json' });
    reqs.push({ family: 'raw-surrogate-json', url: baseUrl, payload: JSON.stringify(baseline).replace(/"fuzz/g, '"\\udfff'), contentType: 'application/json' });
    ls.slice(0, 6).forEach((l, i) => {
      const v = randomValues[i % Math.max(1, randomValues.length)];
      if (randomValues.length) json(`fast-check:${l.path.join('.')}`, setAt(baseline, l.path, v));
    });
    for (let i = 6; i < randomValues.length; i++) json('fast-check:(body)', randomValues[i]);
  }
  if (op.method === 'PATCH') json('empty-patch', {});
  if (op.multipart || (!op.body && (op.method === 'POST' || op.method === 'PUT'))) {
    const b = 'fuzzboundary';
    reqs.push({ family: 'multipart-truncated', url: baseUrl, payload: `--${b}\r\nContent-Disposition: form-data; name="title"\r\n\r\nabc`, contentType: `multipart/form-data; boundary=${b}` });
    reqs.push({ family: 'multipart-no-boundary', url: baseUrl, payload: 'garbage', contentType: 'multipart/form-data' });
    reqs.push({ family: 'multipart-bad-header', url: baseUrl, payload: `--${b}\r\nContent-Disposition: form-data; name\u0000="x"; filename="\u0000.jpg"\r\n\r\n\u0000\r\n--${b}--\r\n`, contentType: `multipart/form-data; boundary=${b}` });
    reqs.push({ family: 'multipart-nul-field', url: baseUrl, payload: `--${b}\r\nContent-Disposition: form-data; name="title"\r\n\r\na\u0000b\r\n--${b}--\r\n`, contentType: `multipart/form-data; boundary=${b}` });
  }
  // path variants: every parameter, one at a time
  for (const p of op.params) {
    const variants: [string, string][] =
      p.name === 'tenant'
        ? [['tenant-nul', 'tim%00isoara'], ['tenant-surrogate', '%ED%A0%80'], ['tenant-bad-percent', '%E0%A4%A'], ['tenant-long', 'a'.repeat(300)]]
        : [['id-over-32bit', '2147483648'], ['id-huge', '99999999999999999999999'], ['id-negative', '-1'], ['id-nul', '1%00'], ['id-surrogate', '%ED%A0%80'], ['id-bad-percent', '%zz'], ['id-long', 'x'.repeat(300)], ['id-float', '1.5e308']];
    for (const [family, v] of variants) reqs.push({ family: `${family}:${p.name}`, url: fill(op.path, { ...pathValues, [p.name]: v }), ...(op.body ? { payload: JSON.stringify(baseline), contentType: 'application/json' } : {}) });
  }
  return reqs;
}

/**
 * Row triggers on every watched table count the rows each statement really changed, so whether a request wrote
 * anything is one read of a small table per request instead of hashing every table (which took most of the
 * fuzz's time). The counts are written in the request's own transaction: a rolled-back write rolls its count
 * back too, exactly as a hash would not see it. An UPDATE that leaves a row as it was is not a write.
 */
export async function installWriteCounter(t: TestApp, tables: string[]): Promise<void> {
  const db = t.database.db;
  await sql`create table if not exists fuzz_writes (t text primary key, n bigint not null)`.execute(db);
  await sql`create or replace function fuzz_count_write() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and old is not distinct from new then return null; end if;
      insert into fuzz_writes values (tg_table_name, 1) on conflict (t) do update set n = fuzz_writes.n + 1;
      return null;
    end $$`.execute(db);
  // Partitions inherit their parent's row trigger; only top-level tables get one.
  const top = await sql<{ name: string }>`select relname as name from pg_class where relkind in ('r', 'p') and not relispartition and relnamespace = current_schema()::regnamespace`.execute(db);
  const watched = new Set(tables);
  for (const { name } of top.rows) {
    if (!watched.has(name)) continue;
    await sql`create trigger fuzz_count_write after insert or update or delete on ${sql.table(name)} for each row execute function fuzz_count_write()`.execute(db);
    await sql`create trigger fuzz_count_truncate after truncate on ${sql.table(name)} for each statement execute function fuzz_count_write()`.execute(db);
  }
}

export async function removeWriteCounter(t: TestApp, tables: string[]): Promise<void> {
  const db = t.database.db;
  for (const name of tables) {
    await sql`drop trigger if exists fuzz_count_write on ${sql.table(name)}`.execute(db);
    await sql`drop trigger if exists fuzz_count_truncate on ${sql.table(name)}`.execute(db);
  }
  await sql`drop function if exists fuzz_count_write() cascade`.execute(db);
  await sql`drop table if exists fuzz_writes`.execute(db);
}

/** How many rows each table has had changed so far. */
export async function fingerprint(t: TestApp): Promise<Map<string, string>> {
  const r = await sql<{ t: string; n: string }>`select t, n::text as n from fuzz_writes`.execute(t.database.db);
  return new Map(r.rows.map((row) => [row.t, row.n]));
}

function diff(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k));
}

// Tables that change on any authenticated request (a session's last use), not because of the request's input.
const VOLATILE = new Set(['users_sessions', 'core_migrations', 'core_migrations_lock']);

export async function runFuzz(t: TestApp, options: FuzzOptions): Promise<FuzzReport> {
  const log = options.log ?? (() => undefined);
  // Deliveries would write (inbox rows, outbox marks) between two fingerprints: stop them.
  await t.worker.stop();
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as Record<string, unknown>;
  const ops = operations(doc);
  const tables = (await t.database.db.introspection.getTables()).map((x) => x.name).filter((n) => !VOLATILE.has(n));
  await installWriteCounter(t, tables);
  let admin: TestUser = await buildUser(t, { timisoara: ['admin'], 'baia-mare': ['admin'] });
  const book = new ParamBook();
  const report: FuzzReport = { routes: ops.length, requests: 0, serverErrors: [], partialWrites: [], hangs: [], statuses: {} };
  const random = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.integer(),
    fc.double(),
    fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e21, '2026-02-30', '\u0000', '\ud800', '', ' ', null, true, [], {}),
    fc.array(fc.string({ unit: 'binary', maxLength: 5 }), { maxLength: 3 }),
    fc.dictionary(fc.string({ unit: 'binary', maxLength: 5 }), fc.string({ unit: 'binary', maxLength: 5 }), { maxKeys: 3 }),
  );
  let seed = options.seed;

  // The fingerprint after one request is the one before the next (nothing else writes meanwhile).
  let last: Map<string, string> | undefined;
  const send = async (op: Operation, r: FuzzRequest, checkWrites: boolean) => {
    const route = `${op.method} ${op.path}`;
    const before = checkWrites ? (last ?? (await fingerprint(t))) : undefined;
    last = undefined;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'hang'>((res) => (timer = setTimeout(() => res('hang'), options.deadlineMs)));
    const res = await Promise.race([
      t.app.inject({ method: op.method, url: r.url, headers: { ...admin.headers, ...(r.contentType ? { 'content-type': r.contentType } : {}) }, ...(r.payload !== undefined ? { payload: r.payload } : {}) }),
      deadline,
    ]);
    clearTimeout(timer);
    report.requests++;
    if (res === 'hang') {
      report.hangs.push({ route, family: r.family, status: 0, detail: `no answer within ${options.deadlineMs} ms` });
      throw new Error(`${route} (${r.family}) did not answer within ${options.deadlineMs} ms: the server is frozen`);
    }
    report.statuses[res.statusCode] = (report.statuses[res.statusCode] ?? 0) + 1;
    if (res.statusCode >= 500) report.serverErrors.push({ route, family: r.family, status: res.statusCode, detail: res.body.slice(0, 300) });
    if (checkWrites) last = await fingerprint(t);
    if (before && last && res.statusCode >= 400 && res.statusCode < 500) {
      // opendata_metadata_versions is bookkeeping a catalogue READ writes (when a dataset's metadata last changed, for
      // incremental CKAN harvests; docs/opendata.md), so a refused read-only CKAN POST may touch it: not a partial write.
      const changed = diff(before, last).filter((name) => !READ_BOOKKEEPING.has(name));
      if (changed.length) report.partialWrites.push({ route, family: r.family, status: res.statusCode, detail: `tables changed: ${changed.join(', ')}` });
    }
    // a request that ended the session (or the admin itself): sign a new admin in and go on
    if (res.statusCode === 401 || (res.statusCode < 300 && /\/auth\/(logout|me)$/.test(op.path))) {
      admin = await buildUser(t, { timisoara: ['admin'], 'baia-mare': ['admin'] });
      last = undefined;
    }
    return res;
  };

  for (const op of ops) {
    const pathValues = Object.fromEntries(op.params.map((p) => [p.name, book.value(op.path, p.name, p.schema)]));
    const url = fill(op.path, pathValues);
    const baseline = op.body ? sample(doc, op.body) : undefined;
    if (!NO_BASELINE.some((re) => re.test(op.path))) {
      const res = await send(op, { family: 'baseline', url, ...(baseline !== undefined ? { payload: JSON.stringify(baseline), contentType: 'application/json' } : {}) }, true);
      if (res.statusCode < 300 && op.method === 'POST') book.remember(op.path, res.headers['content-type']?.toString().includes('json') ? res.json() : undefined);
    }
    const randomValues = options.randomPerRoute > 0 ? fc.sample(random, { numRuns: options.randomPerRoute, seed: seed++ }) : [];
    for (const r of familiesFor(doc, op, url, pathValues, baseline, randomValues)) await send(op, r, true);
    log(`${op.method} ${op.path}: ${report.requests} requests so far`);
  }
  await removeWriteCounter(t, tables);
  return report;
}
