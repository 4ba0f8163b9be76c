/**
 * "Type an address": the per-city gazetteer (staff CSV import, all or nothing, errors by line and field;
 * the CLI), the public geocode endpoint (diacritics-insensitive word prefixes, inside the city only), the
 * external Nominatim-compatible geocoder used only when the gazetteer has no match — a tiny real HTTP
 * server started here answers in Nominatim's JSON format — and Open311 address_string geocoding.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, problem, type TestApp, type TestUser } from '../../../../tests/helpers/app.js';
import { testEngines } from '../../../../tests/helpers/env.js';
import { openDatabase } from '../../../core/db.js';
import { migrateToLatest } from '../../../core/migrate.js';
import { ROOT_DIR } from '../../../core/version.js';
import { createTenantsService, seedTenants } from '../../tenants/index.js';
import { seedCategories, seedGazetteer } from '../reports.demo.js';
import { normaliseLabel, parseGazetteerCsv, queryWords } from './gazetteer.geocoder.js';

const GOOD_CSV = [
  'label;lat;lon;kind',
  'Piața Victoriei;45.7540;21.2256;place',
  'Bulevardul Revoluției din 1989;45.7566;21.2320;street',
  'Calea Şagului;45.7380;21.2080;strada', // cedilla ş, as old files have it; "strada" is an alias of street
  'Strada Alba Iulia 2;45.7552;21.2270;address',
  '"Piața Unirii, Timișoara";45,7579;21,2290;', // quoted comma in the label, decimal commas, no kind → place
].join('\n');

/** A Nominatim stand-in: /search?q=…&format=jsonv2 answers like nominatim.openstreetmap.org does. */
function nominatim(): Promise<{ server: Server; url: string; requests: URL[]; userAgents: string[] }> {
  const requests: URL[] = [];
  const userAgents: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(url);
    userAgents.push(String(req.headers['user-agent']));
    const q = url.searchParams.get('q') ?? '';
    if (url.pathname !== '/search' || url.searchParams.get('format') !== 'jsonv2') return res.writeHead(400).end('[]');
    if (q === 'boom') return res.writeHead(500, { 'content-type': 'text/plain' }).end('overloaded');
    const body = /paris/i.test(q)
      ? [
          // inside Timișoara
          { place_id: 1, lat: '45.7587123', lon: '21.2371456', category: 'highway', type: 'residential', display_name: 'Strada Paris, Fabric, Timișoara, Timiș, 300000, România', name: 'Strada Paris' },
          // a Strada Paris in Bucharest: outside the city, must not be offered
          { place_id: 2, lat: '44.4562', lon: '26.0957', category: 'highway', type: 'residential', display_name: 'Strada Paris, Sector 1, București, România', name: 'Strada Paris' },
        ]
      : [];
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, userAgents })));
}

it('normalises labels and queries without diacritics, expanding street abbreviations', () => {
  expect(normaliseLabel('Calea Şagului / Piața Țării, Nagybánya–Ő')).toBe('calea sagului piata tarii nagybanya o');
  expect(queryWords('Bd. Revoluției')).toEqual(['bulevardul', 'revolutiei']);
  expect(queryWords('b-dul 16 Decembrie')).toEqual(['bulevardul', '16', 'decembrie']);
  expect(queryWords('%_\\')).toEqual([]);
});

it('reads an Overpass CSV export of named streets (name, @lat, @lon, highway), one entry per street', () => {
  // what `[out:csv(name, ::lat, ::lon, highway; true; ",")]; … way[highway][name]; out center;` prints
  const overpass = ['name,@lat,@lon,highway', 'Strada Paris,45.7587,21.2371,residential', 'Strada Paris,45.7590,21.2380,residential', 'Piața Traian,45.7598,21.2509,', 'Strada Paris,45.7300,21.1900,residential'].join('\n');
  const { rows, errors } = parseGazetteerCsv(overpass, { boundary: null });
  expect(errors).toEqual([]);
  expect(rows).toEqual([
    { label: 'Strada Paris', kind: 'street', lat: 45.7587, lon: 21.2371 },
    { label: 'Piața Traian', kind: 'place', lat: 45.7598, lon: 21.2509 },
    { label: 'Strada Paris', kind: 'street', lat: 45.73, lon: 21.19 }, // another street of that name, 4 km away
  ]);
});

describe.each(testEngines())('address search on %s', (engine) => {
  let t: TestApp;
  let staff: TestUser;
  let citizen: TestUser;
  let geo: Awaited<ReturnType<typeof nominatim>>;
  let apiKey: string;
  const base = '/api/v1/tenants/timisoara';
  const search = (q: string) => t.app.inject({ url: `${base}/geocode?q=${encodeURIComponent(q)}` });
  const labels = async (q: string) => {
    const res = await search(q);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as { label: string }[]).map((i) => i.label);
  };
  const importCsv = (csv: string, headers: Record<string, string>, query = '') =>
    t.app.inject({ method: 'POST', url: `${base}/reports/gazetteer${query}`, payload: csv, headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' } });

  beforeAll(async () => {
    geo = await nominatim();
    t = await createTestApp(engine, { URBIA_GEOCODER_URL: geo.url });
    const service = t.modules.reports!;
    for (const tenant of await t.services.tenants.list()) await seedCategories(service.db, service.repo, tenant);
    staff = await buildUser(t, { timisoara: ['staff'] });
    citizen = await buildUser(t, { timisoara: ['citizen'] });
    apiKey = (await t.services.users.createApiKey({ kind: 'system' }, await t.services.tenants.bySlug('timisoara'), { name: 'back office', purpose: 'open311' })).secret;
  });
  afterAll(async () => {
    await t?.close();
    geo?.server.close();
  });

  it('staff load a gazetteer CSV: all rows or none, every error with its line and field; audited', async () => {
    expect((await importCsv(GOOD_CSV, citizen.headers)).statusCode).toBe(403);
    expect((await importCsv(GOOD_CSV, {})).statusCode).toBe(401);

    const bad = ['label,lat,lon,kind', 'Piața Victoriei,45.7540,21.2256,place', ',45.75,21.22,place', 'Undeva,north,21.22,street', 'Altundeva,45.75,21.22,castle', 'București,44.4268,26.1025,place'].join('\n');
    const res = await importCsv(bad, staff.headers);
    expect(res.statusCode).toBe(400);
    const fields = problem(res).errors!.map((e) => e.field);
    expect(fields).toEqual(['lines[3].label', 'lines[4].lat', 'lines[5].kind', 'lines[6].lat']);
    expect(problem(res).errors![3]!.message).toBe("line 6: lat is outside the city's boundary");
    const missing = await importCsv('name,latitude\nX,45.75', staff.headers);
    expect(problem(missing).errors).toEqual([expect.objectContaining({ field: 'header', code: 'invalid_header' })]);
    expect((await t.app.inject({ url: `${base}/reports/gazetteer`, headers: staff.headers })).json()).toEqual({ rows: 0, externalGeocoder: true });

    const ok = await importCsv(GOOD_CSV, staff.headers, '?source=registru.csv');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ rows: 5, replaced: true });
    expect((await t.app.inject({ url: `${base}/reports/gazetteer`, headers: staff.headers })).json().rows).toBe(5);
    const audit = await t.database.db.selectFrom('core_audit_log').select(['action', 'actor_user_id']).where('entity_type', '=', 'gazetteer').execute();
    expect(audit).toEqual([{ action: 'reports.gazetteer.imported', actor_user_id: staff.id }]);

    // append adds; replace (the default) starts again
    expect((await importCsv('label,lat,lon\nParcul Rozelor,45.7510,21.2318', staff.headers, '?mode=append')).json()).toEqual({ rows: 1, replaced: false });
    expect((await t.app.inject({ url: `${base}/reports/gazetteer`, headers: staff.headers })).json().rows).toBe(6);
    // Baia Mare's gazetteer is its own
    expect((await t.app.inject({ url: '/api/v1/tenants/baia-mare/geocode?q=victoriei' })).json().items).toEqual([]);
  });

  it('finds places by word beginnings, with or without diacritics, best match first', async () => {
    const asked = geo.requests.length;
    expect(await labels('piata victoriei')).toEqual(['Piața Victoriei']);
    expect(await labels('PIAȚA VIC')).toEqual(['Piața Victoriei']);
    expect(await labels('bd. revolutiei')).toEqual(['Bulevardul Revoluției din 1989']);
    expect(await labels('sagului')).toEqual(['Calea Şagului']);
    expect(await labels('Șag')).toEqual(['Calea Şagului']);
    expect(await labels('alba iulia 2')).toEqual(['Strada Alba Iulia 2']);
    expect(await labels('piata')).toEqual(['Piața Victoriei', 'Piața Unirii, Timișoara']); // shorter label first
    expect(await labels('ctoriei')).toEqual([]); // the middle of a word is not a match: but see the geocoder below
    const one = (await search('unirii')).json().items[0];
    expect(one).toEqual({ label: 'Piața Unirii, Timișoara', kind: 'place', lat: 45.7579, lon: 21.229, source: 'gazetteer' });
    // the geocoder is asked only without a gazetteer match
    expect(geo.requests.slice(asked).map((r) => r.searchParams.get('q')).filter((q) => q !== 'ctoriei')).toEqual([]);
    expect((await search('')).statusCode).toBe(400);
    expect((await search('x'.repeat(101))).statusCode).toBe(400);
  });

  it('asks the external geocoder when the gazetteer has no match, keeping only places inside the city', async () => {
    await new Promise((r) => setTimeout(r, 1100)); // one request a second at most
    const before = geo.requests.length;
    const res = await search('Strada Paris');
    expect(res.json().items).toEqual([{ label: 'Strada Paris, Fabric, Timișoara', kind: 'street', lat: 45.7587123, lon: 21.2371456, source: 'geocoder' }]);
    const asked = geo.requests.at(-1)!;
    expect(geo.requests.length).toBe(before + 1);
    expect(asked.searchParams.get('q')).toBe('Strada Paris');
    expect(asked.searchParams.get('bounded')).toBe('1');
    expect(asked.searchParams.get('viewbox')).toBe('21.1118,45.8342,21.3272,45.6839'); // the bounding box of Timișoara's UAT
    expect(geo.userAgents.at(-1)).toMatch(/^Urbia\/\d+\.\d+\.\d+ \(http:\/\/urbia\.test\)$/);
    // the same question again is answered from the cache
    expect((await search('strada paris')).json().items).toHaveLength(1);
    expect(geo.requests.length).toBe(before + 1);
    // a failing geocoder means no suggestions, not an error
    await new Promise((r) => setTimeout(r, 1100));
    const boom = await search('boom');
    expect(boom.statusCode).toBe(200);
    expect(boom.json().items).toEqual([]);
    expect(geo.requests.at(-1)!.searchParams.get('q')).toBe('boom');
  });

  it('Open311: a request with only address_string is placed by the same search; no match keeps the address alone', async () => {
    const post = (body: string) => t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: `api_key=${apiKey}&jurisdiction_id=timisoara&service_code=graffiti&${body}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const found = await post('address_string=Str.+Alba+Iulia+2%2C+Timi%C8%99oara%2C+Rom%C3%A2nia&description=Graffiti');
    expect(found.statusCode, found.body).toBe(200);
    const a = (await t.app.inject({ url: `/open311/v2/requests/${found.json()[0].service_request_id}.json` })).json()[0];
    expect(a).toMatchObject({ lat: 45.7552, long: 21.227, address: 'Str. Alba Iulia 2, Timișoara, România' });
    const lost = await post('address_string=Strada+Nic%C4%83ieri+99&description=Graffiti');
    expect(lost.statusCode, lost.body).toBe(200);
    const b = (await t.app.inject({ url: `/open311/v2/requests/${lost.json()[0].service_request_id}.json` })).json()[0];
    expect(b).toMatchObject({ address: 'Strada Nicăieri 99' });
    expect(b.lat ?? null).toBeNull();
  });

  it('the demo gazetteer loads once, inside the city, and is never loaded over a real one', async () => {
    const service = t.modules.reports!;
    const bm = await t.services.tenants.bySlug('baia-mare');
    await seedGazetteer(service, bm);
    const n = await service.gazetteer.size(bm);
    expect(n).toBeGreaterThan(10);
    await seedGazetteer(service, bm);
    expect(await service.gazetteer.size(bm)).toBe(n);
    expect((await t.app.inject({ url: '/api/v1/tenants/baia-mare/geocode?q=turnul' })).json().items[0].label).toBe('Turnul lui Ștefan');
    const tm = await t.services.tenants.bySlug('timisoara');
    await seedGazetteer(service, tm); // Timișoara has staff's gazetteer: untouched
    expect(await service.gazetteer.size(tm)).toBe(6);
  });

  it('the address search is rate limited per client', async () => {
    let last = 200;
    for (let i = 0; i < 125 && last === 200; i++) last = (await t.app.inject({ url: '/api/v1/tenants/baia-mare/geocode?q=gara', remoteAddress: '10.9.8.7' })).statusCode;
    expect(last).toBe(429);
  });
});

describe('urbia reports gazetteer import', { timeout: 180_000 }, () => {
  it('stores all rows with progress output, or none with each error by line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'urbia-gaz-'));
    const db = await openDatabase({ dataDir: dir });
    await migrateToLatest(db.db);
    await seedTenants(createTenantsService(db.db));
    await db.close();
    const run = (file: string, ...extra: string[]) =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(process.execPath, [join(ROOT_DIR, 'bin', 'urbia.js'), 'reports', 'gazetteer', 'import', file, '--tenant', 'timisoara', ...extra], { env: { ...process.env, URBIA_DATA_DIR: dir, LOG_LEVEL: 'warn', DATABASE_URL: '' }, cwd: ROOT_DIR });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d));
        child.stderr.on('data', (d: Buffer) => (err += d));
        child.on('exit', (code) => resolve({ code, out, err }));
      });
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'label,lat,lon\nPiața Victoriei,45.7540,21.2256\nNicăieri,45.75,\n');
    const r1 = await run(bad);
    expect(r1.code).toBe(1);
    expect(r1.err).toContain('nothing was stored');
    expect(r1.err).toContain('line 3: lon must be a longitude');
    const good = join(dir, 'good.csv');
    writeFileSync(good, GOOD_CSV);
    const r2 = await run(good);
    expect(r2.err + r2.out).toContain('stored 5/5 rows (100 %)');
    expect(r2.code, r2.err).toBe(0);
    expect(r2.out).toContain('Replaced the gazetteer of timisoara: 5 rows');
    const check = await openDatabase({ dataDir: dir });
    const rows = await check.db.selectFrom('reports_gazetteer').select(['label', 'source']).orderBy('label').execute();
    await check.close();
    expect(rows.map((r) => r.label)).toEqual(['Bulevardul Revoluției din 1989', 'Calea Şagului', 'Piața Unirii, Timișoara', 'Piața Victoriei', 'Strada Alba Iulia 2']);
    expect(rows[0]!.source).toBe('good.csv');
    // the real metropolitan file: refused as a whole (rows outside the city), loaded with --skip-outside
    const real = join(ROOT_DIR, 'data', 'geo', 'timisoara_zm_gazetteer.csv');
    const r3 = await run(real, '--skip-outside');
    expect(r3.code, r3.err).toBe(0);
    expect(r3.err).toContain('stored 1000/');
    expect(r3.out).toMatch(/Replaced the gazetteer of timisoara: \d{4} rows from .* \(\d+ rows outside the city skipped\)\./);
  });
});
