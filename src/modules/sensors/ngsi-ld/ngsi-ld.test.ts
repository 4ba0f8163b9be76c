/**
 * NGSI-LD over real HTTP (app.inject) on both engines. The cases follow ETSI's NGSI-LD conformance test
 * purposes (TP/NGSI-LD/CI/Prov/E/001… create, Prov/BE/003–006 batch, Cons/E/018–019 retrieve and query,
 * clause 6.3.x content negotiation and errors), rewritten for the entity types we serve; each `it` is one
 * check and names the clause or test purpose it comes from. Then the FIWARE AirQualityObserved examples as
 * they are, and the data-integrity rules (pending, boundary, areaServed).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../../../tests/helpers/env.js';
import { useSensorsApp } from '../sensors.test-helpers.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const NGSI_DIR = resolve(repoRoot, '../shared/data/ngsi-ld');
const example = (f: string) => JSON.parse(readFileSync(resolve(NGSI_DIR, f), 'utf8')) as Record<string, unknown>;

const SDM = 'https://raw.githubusercontent.com/smart-data-models/dataModel.Environment/master/context.jsonld';
const CTX_LINK = `<${SDM}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`;
const ERR = 'https://uri.etsi.org/ngsi-ld/errors/';
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

const A = 'urn:ngsi-ld:AirQualityObserved:etsi-A';
const B = 'urn:ngsi-ld:AirQualityObserved:etsi-B';
const C = 'urn:ngsi-ld:NoiseLevelObserved:etsi-C';
const D = 'urn:ngsi-ld:WeatherObserved:etsi-D';

const point = (lon: number, lat: number) => ({ type: 'GeoProperty', value: { type: 'Point', coordinates: [lon, lat] } });
const prop = (value: unknown, extra: Record<string, unknown> = {}) => ({ type: 'Property', value, ...extra });
const entityA = () => ({
  id: A,
  type: 'AirQualityObserved',
  name: prop('Victoriei'),
  address: prop({ addressLocality: 'Timișoara', streetAddress: 'Piața Victoriei' }),
  dateObserved: prop(minutesAgo(30)),
  location: point(21.2257, 45.7537),
  pm25: prop(12, { unitCode: 'GQ' }),
  pm10: prop(20, { unitCode: 'GQ' }),
  temperature: prop(8, { unitCode: 'CEL' }),
  airQualityLevel: prop('good'),
});
const entityB = () => ({ id: B, type: 'AirQualityObserved', dateObserved: prop(minutesAgo(30)), location: point(21.2457, 45.7637), pm25: prop(30, { unitCode: 'GQ' }) });
const entityC = () => ({ id: C, type: 'NoiseLevelObserved', dateObservedFrom: prop(minutesAgo(45)), dateObservedTo: prop(minutesAgo(30)), location: point(21.21, 45.74), LAeq: prop(55, { unitCode: '2N' }), LAmax: prop(71) });
const entityD = () => ({ id: D, type: 'WeatherObserved', dateObserved: prop(minutesAgo(30)), location: point(21.24, 45.748), temperature: prop(5), relativeHumidity: prop(0.8), atmosphericPressure: prop(1013) });
const ld = <T extends object>(e: T) => ({ ...e, '@context': [SDM] });

describe.each(testEngines())('NGSI-LD on %s', (engine) => {
  const { t, keys, staff, citizen } = useSensorsApp(engine);
  let W: Record<string, string>;
  let R: Record<string, string>;

  beforeAll(() => {
    W = { 'x-api-key': keys.timisoara, 'ngsild-tenant': 'timisoara', 'content-type': 'application/ld+json' };
    R = { 'x-api-key': keys.timisoara, 'ngsild-tenant': 'timisoara' };
  });

  const send = (method: 'POST' | 'PATCH' | 'DELETE' | 'GET', url: string, body?: unknown, headers: Record<string, string> = W) =>
    t.app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }) });
  const get = (url: string, headers: Record<string, string> = R) => t.app.inject({ url, headers });
  const ids = (res: LightMyRequestResponse) => (res.json() as { id: string }[]).map((e) => e.id).sort();
  const errType = (res: LightMyRequestResponse) => (res.json() as { type: string }).type;
  const thing = (ngsiId: string) => t.database.db.selectFrom('sensors_things').selectAll().where('ngsi_id', '=', ngsiId).executeTakeFirst();
  const approve = async (ngsiId: string) => {
    const row = await thing(ngsiId);
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/tenants/timisoara/sensors/${row!.id}`, payload: { status: 'active', area: 'Cetate' }, headers: staff.headers });
    expect(res.statusCode).toBe(200);
  };

  // ---------------------------------------------------------------- create (Prov/E/001)

  describe('create entity', () => {
    it('001_01 creates an entity (application/ld+json, @context in the body): 201 and Location', async () => {
      const res = await send('POST', '/ngsi-ld/v1/entities/', ld(entityA()));
      expect(res.statusCode).toBe(201);
      expect(res.headers.location).toBe(`/ngsi-ld/v1/entities/${A}`);
    });
    it('001_02 creates an entity with application/json and the context in a Link header', async () => {
      const res = await send('POST', '/ngsi-ld/v1/entities', entityB(), { ...R, 'content-type': 'application/json', link: CTX_LINK });
      expect(res.statusCode).toBe(201);
    });
    it('001_03 refuses an id that exists: 409 AlreadyExists', async () => {
      const res = await send('POST', '/ngsi-ld/v1/entities', ld(entityA()));
      expect(res.statusCode).toBe(409);
      expect(errType(res)).toBe(`${ERR}AlreadyExists`);
    });
    it('001_04 refuses an id that is not a URI: 400 BadRequestData, nothing stored', async () => {
      const res = await send('POST', '/ngsi-ld/v1/entities', ld({ ...entityA(), id: 'not a uri' }));
      expect(res.statusCode).toBe(400);
      expect(errType(res)).toBe(`${ERR}BadRequestData`);
      expect(await t.database.db.selectFrom('sensors_things').select('id').where('ngsi_id', '=', 'not a uri').executeTakeFirst()).toBeUndefined();
    });
    it('001_05 refuses an entity without type: 400 BadRequestData', async () => {
      const { type: _t, ...rest } = entityA();
      const res = await send('POST', '/ngsi-ld/v1/entities', ld({ ...rest, id: 'urn:ngsi-ld:AirQualityObserved:no-type' }));
      expect([res.statusCode, errType(res)]).toEqual([400, `${ERR}BadRequestData`]);
    });
    it('001_06 refuses a Property without value and a Relationship without object: 400 naming them', async () => {
      const res = await send('POST', '/ngsi-ld/v1/entities', ld({ ...entityA(), id: 'urn:ngsi-ld:AirQualityObserved:bad-attr', airQualityLevel: { type: 'Property' }, refDevice: { type: 'Relationship' } }));
      expect(res.statusCode).toBe(400);
      expect(res.json().detail).toMatch(/airQualityLevel/);
      expect(res.json().detail).toMatch(/refDevice/);
    });
    it('001_07 refuses a body that is not JSON: 400 InvalidRequest', async () => {
      const res = await send('POST', '/ngsi-ld/v1/entities', '{"id": ');
      expect([res.statusCode, errType(res)]).toEqual([400, `${ERR}InvalidRequest`]);
    });
    it('001_08 (6.3.5) refuses @context in an application/json body: 400 BadRequestData', async () => {
      const res = await send('POST', '/ngsi-ld/v1/entities', ld({ ...entityA(), id: 'urn:ngsi-ld:AirQualityObserved:json-ctx' }), { ...R, 'content-type': 'application/json' });
      expect([res.statusCode, errType(res)]).toEqual([400, `${ERR}BadRequestData`]);
    });
    it('001_09 (6.3.5) refuses application/ld+json with a JSON-LD Link header: 400 BadRequestData', async () => {
      const res = await send('POST', '/ngsi-ld/v1/entities', ld({ ...entityA(), id: 'urn:ngsi-ld:AirQualityObserved:ld-link' }), { ...W, link: CTX_LINK });
      expect([res.statusCode, errType(res)]).toEqual([400, `${ERR}BadRequestData`]);
    });
    it('(6.3.5) refuses application/ld+json without @context in the body: 400 BadRequestData', async () => {
      const res = await send('POST', '/ngsi-ld/v1/entities', { ...entityA(), id: 'urn:ngsi-ld:AirQualityObserved:no-ctx' });
      expect([res.statusCode, errType(res)]).toEqual([400, `${ERR}BadRequestData`]);
    });
    it('(6.3.4) refuses a body of another media type: 415', async () => {
      const res = await send('POST', '/ngsi-ld/v1/entities', JSON.stringify(entityA()), { ...R, 'content-type': 'text/plain' });
      expect(res.statusCode).toBe(415);
    });
    it('refuses a type we do not serve (a Building): 400 naming the types we do', async () => {
      const res = await send('POST', '/ngsi-ld/v1/entities', ld({ id: 'urn:ngsi-ld:Building:1', type: 'Building', name: prop('x') }));
      expect(res.statusCode).toBe(400);
      expect(res.json().detail).toMatch(/AirQualityObserved/);
    });
    it('creates NoiseLevelObserved (dateObservedTo as its time) and WeatherObserved entities', async () => {
      expect((await send('POST', '/ngsi-ld/v1/entities', ld(entityC()))).statusCode).toBe(201);
      expect((await send('POST', '/ngsi-ld/v1/entities', ld(entityD()))).statusCode).toBe(201);
    });
    it('asks who writes: anonymous 401, another city\'s key 403, a citizen 403', async () => {
      const body = ld({ ...entityA(), id: 'urn:ngsi-ld:AirQualityObserved:who' });
      const anon = await send('POST', '/ngsi-ld/v1/entities', body, { 'ngsild-tenant': 'timisoara', 'content-type': 'application/ld+json' });
      expect(anon.statusCode).toBe(401);
      expect((await send('POST', '/ngsi-ld/v1/entities', body, { ...W, 'x-api-key': keys.baiaMare })).statusCode).toBe(403);
      const { 'x-api-key': _k, ...noKey } = W;
      expect((await send('POST', '/ngsi-ld/v1/entities', body, { ...noKey, ...citizen.headers })).statusCode).toBe(403);
      expect(await thing('urn:ngsi-ld:AirQualityObserved:who')).toBeUndefined();
    });
    it('a new entity is a pending sensor with no neighbourhood taken from the payload', async () => {
      const row = await thing(A);
      expect(row).toMatchObject({ status: 'pending', area: null, name: 'Victoriei', lat: 45.7537, lon: 21.2257 });
    });
  });

  // ---------------------------------------------------------------- retrieve (Cons/E/018)

  describe('retrieve entity', () => {
    it('018_01 retrieves an entity (normalized; application/json with the context in a Link header)', async () => {
      const res = await get(`/ngsi-ld/v1/entities/${A}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers.link).toContain('rel="http://www.w3.org/ns/json-ld#context"');
      const e = res.json();
      expect(e).toMatchObject({ id: A, type: 'AirQualityObserved', pm25: { type: 'Property', value: 12, unitCode: 'GQ' }, airQualityLevel: { type: 'Property', value: 'good' }, location: point(21.2257, 45.7537) });
      expect(e['@context']).toBeUndefined();
    });
    it('018_02 (6.3.6) answers application/ld+json with @context in the body when asked', async () => {
      const res = await get(`/ngsi-ld/v1/entities/${A}`, { ...R, accept: 'application/ld+json' });
      expect(res.headers['content-type']).toMatch(/^application\/ld\+json/);
      expect(res.json()['@context']).toBeDefined();
    });
    it('018_03 options=keyValues gives the simplified form', async () => {
      const e = (await get(`/ngsi-ld/v1/entities/${A}?options=keyValues`)).json();
      expect(e).toMatchObject({ id: A, type: 'AirQualityObserved', pm25: 12, name: 'Victoriei', location: { type: 'Point', coordinates: [21.2257, 45.7537] } });
    });
    it('018_04 format=simplified likewise, format=normalized the full form', async () => {
      expect((await get(`/ngsi-ld/v1/entities/${A}?format=simplified`)).json().pm10).toBe(20);
      expect((await get(`/ngsi-ld/v1/entities/${A}?format=normalized&options=keyValues`)).json().pm10).toMatchObject({ value: 20 });
    });
    it('018_05 attrs keeps only the attributes named', async () => {
      const e = (await get(`/ngsi-ld/v1/entities/${A}?attrs=pm25,name`)).json();
      expect(Object.keys(e).sort()).toEqual(['id', 'name', 'pm25', 'type']);
    });
    it('018_06 an unknown id: 404 ResourceNotFound', async () => {
      const res = await get('/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityObserved:nope');
      expect([res.statusCode, errType(res)]).toEqual([404, `${ERR}ResourceNotFound`]);
    });
    it('018_07 an id that is not a URI: 400 BadRequestData', async () => {
      const res = await get('/ngsi-ld/v1/entities/not-a-uri');
      expect([res.statusCode, errType(res)]).toEqual([400, `${ERR}BadRequestData`]);
    });
    it('(6.3.6) Accept: text/html is refused: 406 NotAcceptable', async () => {
      const res = await get(`/ngsi-ld/v1/entities/${A}`, { ...R, accept: 'text/html' });
      expect([res.statusCode, errType(res)]).toEqual([406, `${ERR}NotAcceptable`]);
    });
    it('(6.3.6) Accept: application/geo+json gives a GeoJSON Feature', async () => {
      const res = await get(`/ngsi-ld/v1/entities/${A}`, { ...R, accept: 'application/geo+json' });
      expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
      expect(res.json()).toMatchObject({ type: 'Feature', id: A, geometry: { type: 'Point', coordinates: [21.2257, 45.7537] } });
    });
    it('a pending sensor is not public: 404 to anonymous readers until staff approve it', async () => {
      expect((await get(`/ngsi-ld/v1/entities/${A}`, { 'ngsild-tenant': 'timisoara' })).statusCode).toBe(404);
      await approve(A);
      expect((await get(`/ngsi-ld/v1/entities/${A}`, { 'ngsild-tenant': 'timisoara' })).statusCode).toBe(200);
    });
    it('(tenancy) no NGSILD-Tenant: 400; an unknown one: 404 NonexistentTenant', async () => {
      expect((await get(`/ngsi-ld/v1/entities/${A}`, { 'x-api-key': keys.timisoara })).statusCode).toBe(400);
      const res = await get(`/ngsi-ld/v1/entities/${A}`, { ...R, 'ngsild-tenant': 'atlantis' });
      expect([res.statusCode, errType(res)]).toEqual([404, `${ERR}NonexistentTenant`]);
    });
  });

  // ---------------------------------------------------------------- query (Cons/E/019)

  describe('query entities', () => {
    const q = async (query: string, headers: Record<string, string> = R) => {
      const res = await get(`/ngsi-ld/v1/entities?${query}`, headers);
      expect(res.statusCode, res.body).toBe(200);
      return ids(res);
    };
    it('019_01 a query with no id, type, attrs, q or geo-query: 400 BadRequestData', async () => {
      const res = await get('/ngsi-ld/v1/entities');
      expect([res.statusCode, errType(res)]).toEqual([400, `${ERR}BadRequestData`]);
    });
    it('019_02 type', async () => expect(await q('type=AirQualityObserved')).toEqual([A, B]));
    it('019_03 type as a comma list (any of them)', async () => expect(await q('type=AirQualityObserved,NoiseLevelObserved')).toEqual([A, B, C]));
    it('019_04 type as a full IRI', async () => expect(await q(`type=${encodeURIComponent('https://smartdatamodels.org/dataModel.Environment/NoiseLevelObserved')}`)).toEqual([C]));
    it('019_05 id as a comma list', async () => expect(await q(`id=${A},${C}`)).toEqual([A, C]));
    it('019_06 an id that is not a URI: 400', async () => expect((await get('/ngsi-ld/v1/entities?id=nope')).statusCode).toBe(400));
    it('019_07 idPattern', async () => expect(await q(`idPattern=${encodeURIComponent('^urn:ngsi-ld:AirQualityObserved:etsi-.*')}`)).toEqual([A, B]));
    it('019_08 an idPattern that is not a regular expression: 400', async () => {
      for (const pattern of ['(unclosed', 'invalid_entity_id_pattern**']) {
        const res = await get(`/ngsi-ld/v1/entities?idPattern=${encodeURIComponent(pattern)}&type=AirQualityObserved`);
        expect([res.statusCode, errType(res)]).toEqual([400, `${ERR}BadRequestData`]);
        expect(res.json().title).toBeTruthy();
      }
    });
    it('019_09 attrs: entities having one of them, with only those attributes', async () => {
      const res = await get('/ngsi-ld/v1/entities?attrs=LAeq', R);
      expect(ids(res)).toEqual([C]);
      expect(Object.keys(res.json()[0]).sort()).toEqual(['LAeq', 'id', 'type']);
    });
    it('019_10 q with > on a property value', async () => expect(await q(`q=${encodeURIComponent('pm25>20')}`)).toEqual([B]));
    it('019_11 q with >= and < joined by ; (AND)', async () => expect(await q(`q=${encodeURIComponent('pm25>=12;pm25<30')}`)).toEqual([A]));
    it('019_12 q with | (OR) across attributes', async () => expect(await q(`q=${encodeURIComponent('pm25==12|LAeq>50')}`)).toEqual([A, C]));
    it('019_13 q with != (only entities that have the attribute)', async () => expect(await q(`q=${encodeURIComponent('pm25!=12')}`)).toEqual([B]));
    it('019_14 q with a range ..', async () => expect(await q(`q=${encodeURIComponent('pm25==10..20')}`)).toEqual([A]));
    it('019_15 q with a value list', async () => expect(await q(`q=${encodeURIComponent('pm25==12,30')}`)).toEqual([A, B]));
    it('019_16 q on a quoted string', async () => expect(await q(`q=${encodeURIComponent('name=="Victoriei"')}`)).toEqual([A]));
    it('019_17 q into a structured value: address[addressLocality]', async () => expect(await q(`q=${encodeURIComponent('address[addressLocality]=="Timișoara"')}`)).toEqual([A]));
    it('019_18 q with an attribute alone (it exists)', async () => expect(await q('q=temperature')).toEqual([A, D]));
    it('019_19 q with parentheses', async () => expect(await q(`q=${encodeURIComponent('(pm25>20|LAeq>50);location')}`)).toEqual([B, C]));
    it('019_20 q on a sub-attribute (observedAt) with a date-time', async () => expect(await q(`q=${encodeURIComponent(`pm25.observedAt>=${minutesAgo(120)}`)}&type=AirQualityObserved`)).toEqual([A, B]));
    it('019_21 q with the pattern operator ~=', async () => expect(await q(`q=${encodeURIComponent('name~="^Vict"')}`)).toEqual([A]));
    it('019_22 a q that does not parse: 400 BadRequestData', async () => {
      const res = await get(`/ngsi-ld/v1/entities?q=${encodeURIComponent('pm25>>')}`);
      expect([res.statusCode, errType(res)]).toEqual([400, `${ERR}BadRequestData`]);
    });
    const at = encodeURIComponent('[21.2257,45.7537]');
    it('019_23 georel near;maxDistance', async () => expect(await q(`georel=${encodeURIComponent('near;maxDistance==1000')}&geometry=Point&coordinates=${at}`)).toEqual([A]));
    it('019_24 georel near;minDistance', async () => expect(await q(`georel=${encodeURIComponent('near;minDistance==1500')}&geometry=Point&coordinates=${at}`)).toEqual([B, C]));
    const box = encodeURIComponent('[[[21.22,45.75],[21.25,45.75],[21.25,45.77],[21.22,45.77],[21.22,45.75]]]');
    it('019_25 georel within a Polygon', async () => expect(await q(`georel=within&geometry=Polygon&coordinates=${box}`)).toEqual([A, B]));
    it('019_26 georel intersects a Polygon', async () => expect(await q(`georel=intersects&geometry=Polygon&coordinates=${box}&type=AirQualityObserved`)).toEqual([A, B]));
    it('019_27 georel disjoint from a Polygon', async () => expect(await q(`georel=disjoint&geometry=Polygon&coordinates=${box}`)).toEqual([C, D]));
    it('019_28 a geo-query without geometry: 400; a bad georel: 400; near with a Polygon: 400', async () => {
      expect((await get(`/ngsi-ld/v1/entities?georel=within&coordinates=${box}`)).statusCode).toBe(400);
      expect((await get(`/ngsi-ld/v1/entities?georel=beside&geometry=Point&coordinates=${at}`)).statusCode).toBe(400);
      expect((await get(`/ngsi-ld/v1/entities?georel=${encodeURIComponent('near;maxDistance==10')}&geometry=Polygon&coordinates=${box}`)).statusCode).toBe(400);
    });
    it('019_29 limit and count=true: NGSILD-Results-Count and Link rel=next', async () => {
      const res = await get('/ngsi-ld/v1/entities?type=AirQualityObserved,NoiseLevelObserved,WeatherObserved&limit=1&count=true');
      expect(res.json()).toHaveLength(1);
      expect(res.headers['ngsild-results-count']).toBe('4');
      const links = [res.headers.link].flat().join(', ');
      expect(links).toMatch(/offset=1&limit=1>; rel="next"/);
      expect(links).not.toMatch(/rel="prev"/);
    });
    it('019_30 offset: the next page, with Link rel=prev and rel=next', async () => {
      const res = await get('/ngsi-ld/v1/entities?type=AirQualityObserved,NoiseLevelObserved,WeatherObserved&limit=1&offset=1');
      expect(ids(res)).toEqual([B]);
      const links = [res.headers.link].flat().join(', ');
      expect(links).toMatch(/offset=0&limit=1>; rel="prev"/);
      expect(links).toMatch(/offset=2&limit=1>; rel="next"/);
    });
    it('019_31 limit=0 with count=true: no entities, the count only; without count: 400', async () => {
      const res = await get('/ngsi-ld/v1/entities?type=AirQualityObserved&limit=0&count=true');
      expect([res.json(), res.headers['ngsild-results-count']]).toEqual([[], '2']);
      expect((await get('/ngsi-ld/v1/entities?type=AirQualityObserved&limit=0')).statusCode).toBe(400);
    });
    it('019_32 limit over the maximum (1000): 400', async () => expect((await get('/ngsi-ld/v1/entities?type=AirQualityObserved&limit=5000')).statusCode).toBe(400));
    it('019_33 options=keyValues on a query', async () => {
      const res = await get(`/ngsi-ld/v1/entities?id=${C}&options=keyValues`);
      expect(res.json()[0]).toMatchObject({ id: C, type: 'NoiseLevelObserved', LAeq: 55, LAmax: 71 });
    });
    it('019_34 (6.3.6) Accept application/ld+json: every entity carries @context', async () => {
      const res = await get('/ngsi-ld/v1/entities?type=AirQualityObserved', { ...R, accept: 'application/ld+json' });
      expect(res.headers['content-type']).toMatch(/^application\/ld\+json/);
      expect((res.json() as Record<string, unknown>[]).every((e) => e['@context'])).toBe(true);
    });
    it('019_35 (6.3.6) Accept text/html: 406; application/geo+json: a FeatureCollection', async () => {
      expect((await get('/ngsi-ld/v1/entities?type=AirQualityObserved', { ...R, accept: 'text/html' })).statusCode).toBe(406);
      const geo = await get('/ngsi-ld/v1/entities?type=AirQualityObserved', { ...R, accept: 'application/geo+json' });
      expect(geo.json()).toMatchObject({ type: 'FeatureCollection', features: [{ type: 'Feature', id: A }, { type: 'Feature', id: B }] });
    });
    it('anonymous readers see only approved sensors', async () => expect(await q('type=AirQualityObserved,NoiseLevelObserved,WeatherObserved', { 'ngsild-tenant': 'timisoara' })).toEqual([A]));
    it('entityOperations/query: entities selectors, q and geoQ in the body', async () => {
      const body = { type: 'Query', entities: [{ type: 'AirQualityObserved' }, { id: C, type: 'NoiseLevelObserved' }], q: 'pm25>20|LAeq>50', geoQ: { georel: 'within', geometry: 'Polygon', coordinates: [[[21.2, 45.73], [21.26, 45.73], [21.26, 45.77], [21.2, 45.77], [21.2, 45.73]]] } };
      const res = await send('POST', '/ngsi-ld/v1/entityOperations/query?count=true', body, { ...R, 'content-type': 'application/json' });
      expect(res.statusCode, res.body).toBe(200);
      expect(ids(res)).toEqual([B, C]);
      expect(res.headers['ngsild-results-count']).toBe('2');
    });
  });

  // ---------------------------------------------------------------- discovery (clause 5.7.5–5.7.8)

  describe('discovery', () => {
    it('(5.7.5) GET /types lists the entity types present (anonymous readers: those of approved sensors)', async () => {
      expect((await get('/ngsi-ld/v1/types')).json()).toMatchObject({ type: 'EntityTypeList', typeList: ['AirQualityObserved', 'NoiseLevelObserved', 'WeatherObserved'] });
      expect((await get('/ngsi-ld/v1/types', { 'ngsild-tenant': 'timisoara' })).json().typeList).toEqual(['AirQualityObserved']);
    });
    it('(5.7.6) GET /types?details=true gives each type with its attribute names', async () => {
      const list = (await get('/ngsi-ld/v1/types?details=true')).json() as { typeName: string; attributeNames: string[] }[];
      expect(list.find((x) => x.typeName === 'NoiseLevelObserved')?.attributeNames).toEqual(expect.arrayContaining(['LAeq', 'LAmax', 'location']));
    });
    it('(5.7.7) GET /types/{type}: entity count and attribute kinds; an unknown type: 404', async () => {
      const res = (await get('/ngsi-ld/v1/types/AirQualityObserved')).json();
      expect(res).toMatchObject({ type: 'EntityTypeInfo', typeName: 'AirQualityObserved', entityCount: 2 });
      expect(res.attributeDetails).toEqual(expect.arrayContaining([expect.objectContaining({ attributeName: 'location', attributeTypes: ['GeoProperty'] }), expect.objectContaining({ attributeName: 'pm25', attributeTypes: ['Property'] })]));
      expect((await get('/ngsi-ld/v1/types/Building')).statusCode).toBe(404);
    });
    it('(5.7.8) GET /attributes lists attribute names; details=true with the types having them', async () => {
      expect((await get('/ngsi-ld/v1/attributes')).json().attributeList).toEqual(expect.arrayContaining(['LAeq', 'pm25', 'relativeHumidity']));
      const d = (await get('/ngsi-ld/v1/attributes?details=true')).json() as { attributeName: string; typeNames: string[] }[];
      expect(d.find((x) => x.attributeName === 'temperature')?.typeNames).toEqual(['AirQualityObserved', 'WeatherObserved']);
    });
  });

  // ---------------------------------------------------------------- attributes (Prov/E/002, 003)

  describe('update and append attributes', () => {
    it('002_01 PATCH …/attrs updates attributes the entity has: 204, the new reading served', async () => {
      const res = await send('PATCH', `/ngsi-ld/v1/entities/${B}/attrs`, ld({ pm25: prop(33, { observedAt: minutesAgo(10) }) }));
      expect(res.statusCode, res.body).toBe(204);
      expect((await get(`/ngsi-ld/v1/entities/${B}?options=keyValues`)).json().pm25).toBe(33);
    });
    it('002_02 PATCH …/attrs with an attribute the entity lacks: 207 updated / notUpdated', async () => {
      const res = await send('PATCH', `/ngsi-ld/v1/entities/${B}/attrs`, { pm25: prop(34, { observedAt: minutesAgo(9) }), o3: prop(40) }, { ...R, 'content-type': 'application/json' });
      expect(res.statusCode).toBe(207);
      expect(res.json()).toMatchObject({ updated: ['pm25'], notUpdated: [{ attributeName: 'o3' }] });
    });
    it('002_03 PATCH …/attrs of an unknown entity: 404', async () => {
      expect((await send('PATCH', '/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityObserved:nope/attrs', ld({ pm25: prop(1) }))).statusCode).toBe(404);
    });
    it('003_01 POST …/attrs appends: 204, the new attribute served', async () => {
      expect((await send('POST', `/ngsi-ld/v1/entities/${B}/attrs`, ld({ o3: prop(41), airQualityLevel: prop('moderate') }))).statusCode).toBe(204);
      expect((await get(`/ngsi-ld/v1/entities/${B}?options=keyValues`)).json()).toMatchObject({ o3: 41, airQualityLevel: 'moderate' });
    });
    it('003_02 POST …/attrs?options=noOverwrite keeps existing attributes: 207', async () => {
      const res = await send('POST', `/ngsi-ld/v1/entities/${B}/attrs?options=noOverwrite`, ld({ airQualityLevel: prop('poor'), reliability: prop(0.9) }));
      expect(res.statusCode).toBe(207);
      expect(res.json()).toMatchObject({ updated: ['reliability'], notUpdated: [{ attributeName: 'airQualityLevel' }] });
      expect((await get(`/ngsi-ld/v1/entities/${B}?options=keyValues`)).json().airQualityLevel).toBe('moderate');
    });
  });

  describe('partial attribute update, attribute delete, merge, system attributes', () => {
    it('004_01 PATCH …/attrs/{attrId} updates one attribute: 204', async () => {
      expect((await send('PATCH', `/ngsi-ld/v1/entities/${B}/attrs/airQualityLevel`, { value: 'poor' }, { ...R, 'content-type': 'application/json' })).statusCode).toBe(204);
      expect((await get(`/ngsi-ld/v1/entities/${B}?options=keyValues`)).json().airQualityLevel).toBe('poor');
    });
    it('004_02 PATCH …/attrs/{attrId} on a reading: a new observation', async () => {
      expect((await send('PATCH', `/ngsi-ld/v1/entities/${B}/attrs/pm25`, ld({ type: 'Property', value: 35, observedAt: minutesAgo(8) }))).statusCode).toBe(204);
      expect((await get(`/ngsi-ld/v1/entities/${B}?options=keyValues`)).json().pm25).toBe(35);
    });
    it('004_03 PATCH …/attrs/{attrId} for an attribute the entity lacks: 404', async () => {
      const res = await send('PATCH', `/ngsi-ld/v1/entities/${B}/attrs/so2`, { value: 3 }, { ...R, 'content-type': 'application/json' });
      expect([res.statusCode, errType(res)]).toEqual([404, `${ERR}ResourceNotFound`]);
    });
    it('005_01 DELETE …/attrs/{attrId}: 204, then 404; a reading cannot be deleted: 422', async () => {
      expect((await send('DELETE', `/ngsi-ld/v1/entities/${B}/attrs/reliability`, undefined, R)).statusCode).toBe(204);
      expect((await get(`/ngsi-ld/v1/entities/${B}`)).json().reliability).toBeUndefined();
      expect((await send('DELETE', `/ngsi-ld/v1/entities/${B}/attrs/reliability`, undefined, R)).statusCode).toBe(404);
      const res = await send('DELETE', `/ngsi-ld/v1/entities/${B}/attrs/pm25`, undefined, R);
      expect([res.statusCode, errType(res)]).toEqual([422, `${ERR}OperationNotSupported`]);
    });
    it('(5.6.17) PATCH /entities/{id} merges a fragment: 204, existing attributes updated and new ones added', async () => {
      expect((await send('PATCH', `/ngsi-ld/v1/entities/${B}`, ld({ o3: prop(42), source: prop('https://example.org/gateway') }))).statusCode).toBe(204);
      expect((await get(`/ngsi-ld/v1/entities/${B}?options=keyValues`)).json()).toMatchObject({ o3: 42, source: 'https://example.org/gateway', airQualityLevel: 'poor' });
    });
    it('018 options=sysAttrs adds createdAt and modifiedAt', async () => {
      const e = (await get(`/ngsi-ld/v1/entities/${B}?options=sysAttrs`)).json();
      expect(Date.parse(e.createdAt)).toBeLessThanOrEqual(Date.parse(e.modifiedAt));
      expect(Date.now() - Date.parse(e.modifiedAt)).toBeLessThan(60_000);
      expect((await get(`/ngsi-ld/v1/entities/${B}`)).json().createdAt).toBeUndefined();
    });
  });

  // ---------------------------------------------------------------- batch (Prov/BE/003–006)

  describe('batch operations', () => {
    const E = (n: number) => `urn:ngsi-ld:AirQualityObserved:batch-${n}`;
    const aq = (id: string, pm25: number) => ld({ id, type: 'AirQualityObserved', dateObserved: prop(minutesAgo(20)), location: point(21.23, 45.75), pm25: prop(pm25) });
    it('003_01 batch create, all good: 201 with the ids', async () => {
      const res = await send('POST', '/ngsi-ld/v1/entityOperations/create', [aq(E(1), 5), aq(E(2), 6)]);
      expect([res.statusCode, res.json()]).toEqual([201, [E(1), E(2)]]);
    });
    it('003_02 batch create, mixed: 207; the good one written, the existing and the bad listed', async () => {
      const res = await send('POST', '/ngsi-ld/v1/entityOperations/create', [aq(E(3), 7), aq(E(1), 5), { ...aq('nope', 1) }]);
      expect(res.statusCode).toBe(207);
      expect(res.json().success).toEqual([E(3)]);
      const errs = res.json().errors as { entityId: string; error: { type: string } }[];
      expect(errs.map((e) => [e.entityId, e.error.type]).sort()).toEqual([['nope', `${ERR}BadRequestData`], [E(1), `${ERR}AlreadyExists`]]);
      expect(await thing(E(3))).toMatchObject({ status: 'pending' });
    });
    it('003_03 batch create, application/ld+json with a Link header: 400', async () => {
      expect((await send('POST', '/ngsi-ld/v1/entityOperations/create', [aq(E(9), 1)], { ...W, link: CTX_LINK })).statusCode).toBe(400);
    });
    it('003_04 batch create, an entity without @context in an application/ld+json batch: 400', async () => {
      const { '@context': _c, ...bare } = aq(E(9), 1);
      expect((await send('POST', '/ngsi-ld/v1/entityOperations/create', [aq(E(8), 1), bare])).statusCode).toBe(400);
    });
    it('003_05 batch create, a body that is not an array: 400', async () => {
      expect((await send('POST', '/ngsi-ld/v1/entityOperations/create', aq(E(9), 1))).statusCode).toBe(400);
    });
    it('004_01 batch upsert, new and existing: 201 with the created ids only', async () => {
      const res = await send('POST', '/ngsi-ld/v1/entityOperations/upsert', [aq(E(1), 8), aq(E(4), 9)]);
      expect([res.statusCode, res.json()]).toEqual([201, [E(4)]]);
    });
    it('004_02 batch upsert, all existing: 204', async () => {
      expect((await send('POST', '/ngsi-ld/v1/entityOperations/upsert', [aq(E(1), 8), aq(E(4), 9)])).statusCode).toBe(204);
    });
    it('004_03 batch upsert, mixed: 207 and the good one written', async () => {
      const res = await send('POST', '/ngsi-ld/v1/entityOperations/upsert', [aq(E(5), 10), { ...aq(E(6), 1), pm25: prop('lots') }]);
      expect(res.statusCode).toBe(207);
      expect(res.json()).toMatchObject({ success: [E(5)], errors: [{ entityId: E(6), error: { type: `${ERR}BadRequestData` } }] });
      expect(res.json().errors[0].error.detail).toMatch(/pm25/);
      expect(await thing(E(5))).toBeDefined();
      expect(await thing(E(6))).toBeUndefined();
    });
    it('005_01 batch update of existing entities: 204, values changed', async () => {
      const res = await send('POST', '/ngsi-ld/v1/entityOperations/update', [ld({ id: E(1), type: 'AirQualityObserved', pm25: prop(11, { observedAt: minutesAgo(5) }) })]);
      expect(res.statusCode).toBe(204);
      expect((await get(`/ngsi-ld/v1/entities/${E(1)}?options=keyValues`)).json().pm25).toBe(11);
    });
    it('005_02 batch update with an unknown entity: 207 ResourceNotFound for it', async () => {
      const res = await send('POST', '/ngsi-ld/v1/entityOperations/update', [ld({ id: E(1), type: 'AirQualityObserved', pm25: prop(12, { observedAt: minutesAgo(4) }) }), ld({ id: E(77), type: 'AirQualityObserved', pm25: prop(1) })]);
      expect(res.statusCode).toBe(207);
      expect(res.json()).toMatchObject({ success: [E(1)], errors: [{ entityId: E(77), error: { type: `${ERR}ResourceNotFound` } }] });
    });
    it('006_01 batch delete: 204, then the entity is gone (404)', async () => {
      expect((await send('POST', '/ngsi-ld/v1/entityOperations/delete', [E(2), E(3)], { ...R, 'content-type': 'application/json' })).statusCode).toBe(204);
      expect((await get(`/ngsi-ld/v1/entities/${E(2)}`)).statusCode).toBe(404);
    });
    it('006_02 batch delete with an unknown id: 207', async () => {
      const res = await send('POST', '/ngsi-ld/v1/entityOperations/delete', [E(4), E(2)], { ...R, 'content-type': 'application/json' });
      expect(res.statusCode).toBe(207);
      expect(res.json()).toMatchObject({ success: [E(4)], errors: [{ entityId: E(2), error: { type: `${ERR}ResourceNotFound` } }] });
    });
    it('006_03 DELETE /entities/{id}: 204, again 404; the sensor is switched off, its readings kept', async () => {
      expect((await send('DELETE', `/ngsi-ld/v1/entities/${E(5)}`, undefined, R)).statusCode).toBe(204);
      expect((await send('DELETE', `/ngsi-ld/v1/entities/${E(5)}`, undefined, R)).statusCode).toBe(404);
      const row = await t.database.db.selectFrom('sensors_things').select(['id', 'status']).where('name', '=', E(5)).executeTakeFirst();
      expect(row?.status).toBe('inactive');
      const streams = await t.database.db.selectFrom('sensors_datastreams').select('last_value').where('thing_id', '=', row!.id).execute();
      expect(streams.map((s) => s.last_value)).toEqual([10]);
    });
    it('a deleted id can be created again, as a new pending sensor', async () => {
      expect((await send('POST', '/ngsi-ld/v1/entities', aq(E(2), 3))).statusCode).toBe(201);
      expect(await thing(E(2))).toMatchObject({ status: 'pending' });
    });
  });

  describe('what is not offered', () => {
    it('subscriptions, the temporal API and entity replacement: 422 OperationNotSupported', async () => {
      for (const url of ['/ngsi-ld/v1/subscriptions', '/ngsi-ld/v1/temporal/entities']) {
        const res = await get(url);
        expect([res.statusCode, errType(res)]).toEqual([422, `${ERR}OperationNotSupported`]);
      }
      const put = await t.app.inject({ method: 'PUT', url: `/ngsi-ld/v1/entities/${B}`, headers: W, payload: JSON.stringify(ld(entityB())) });
      expect([put.statusCode, errType(put)]).toEqual([422, `${ERR}OperationNotSupported`]);
    });
  });

  // ---------------------------------------------------------------- FIWARE examples and data integrity

  describe('the FIWARE AirQualityObserved examples', () => {
    it('accepts the four examples as they are (NGSI v2 ids made URIs): pending, never public Timișoara sensors', async () => {
      const ldNorm = example('AirQualityObserved.example-normalized.jsonld');
      const ldKv = example('AirQualityObserved.example.jsonld');
      const v2 = example('AirQualityObserved.example-normalized.json');
      const v2kv = example('AirQualityObserved.example.json');
      // NGSI v2's ids are not URIs: refused as NGSI-LD says, then sent again with URI ids
      const refused = await send('POST', '/ngsi-ld/v1/entityOperations/upsert', [v2], { ...R, 'content-type': 'application/json' });
      expect(refused.statusCode).toBe(207);
      expect(refused.json().errors[0].error.detail).toMatch(/URI/);
      const up = await send('POST', '/ngsi-ld/v1/entityOperations/upsert', [ldNorm], W);
      expect([up.statusCode, up.json()]).toEqual([201, [ldNorm.id]]);
      expect((await send('POST', '/ngsi-ld/v1/entityOperations/upsert', [ldKv], W)).statusCode).toBe(204);
      const v2s = [{ ...v2, id: 'urn:ngsi-ld:AirQualityObserved:v2-normalized' }, { ...v2kv, id: 'urn:ngsi-ld:AirQualityObserved:v2-kv' }];
      expect((await send('POST', '/ngsi-ld/v1/entityOperations/upsert', v2s, { ...R, 'content-type': 'application/json' })).statusCode).toBe(201);

      const e = (await get(`/ngsi-ld/v1/entities/${String(ldNorm.id)}`)).json();
      expect(e.no2).toMatchObject({ type: 'Property', value: 69, unitCode: 'GQ' });
      expect(e.co).toMatchObject({ value: 500, unitCode: 'GP' });
      expect(e.relativeHumidity).toMatchObject({ value: 0.54 });
      expect(e.areaServed).toMatchObject({ value: 'Brooklands' });
      expect((await get('/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityObserved:v2-normalized?options=keyValues')).json().no2).toBe(69);

      // none of them is public, on any of our reads
      for (const id of [ldNorm.id, ...v2s.map((x) => x.id)]) expect(await thing(String(id))).toMatchObject({ status: 'pending', area: null });
      const map = (await t.app.inject({ url: '/api/v1/tenants/timisoara/sensors?format=geojson' })).json();
      expect(map.features.map((f: { properties: { ngsiId: string } }) => f.properties.ngsiId)).toEqual([A]);
      const air = (await t.app.inject({ url: '/api/v1/tenants/timisoara/air-quality' })).json();
      expect(air.areas.map((a: { area: string }) => a.area)).not.toContain('Brooklands');
      expect((await get('/ngsi-ld/v1/entities?type=AirQualityObserved', { 'ngsild-tenant': 'timisoara' })).json().map((x: { id: string }) => x.id)).toEqual([A]);
      // the reading is kept for when staff approve it: the 2016 day is there
      const row = await thing(String(ldNorm.id));
      const day = await t.app.inject({ url: `/api/v1/tenants/timisoara/sensors/${row!.id}/series?property=no2&interval=day&from=2016-03-01T00:00:00Z&to=2016-04-01T00:00:00Z`, headers: staff.headers });
      expect(day.json().points).toEqual([expect.objectContaining({ time: '2016-03-15T00:00:00.000Z', value: 69, count: 1 })]);
    });
    it('an approved sensor moved outside the city by an update is pending again', async () => {
      expect((await thing(A))?.status).toBe('active');
      const res = await send('PATCH', `/ngsi-ld/v1/entities/${A}/attrs`, ld({ location: point(-3.7122, 40.4238) }));
      expect(res.statusCode).toBe(204);
      expect(await thing(A)).toMatchObject({ status: 'pending', lon: -3.7122 });
      expect((await get(`/ngsi-ld/v1/entities/${A}`, { 'ngsild-tenant': 'timisoara' })).statusCode).toBe(404);
      const audit = await t.database.db.selectFrom('core_audit_log').select(['action', 'after']).where('action', '=', 'sensors.sensor.updated').where('entity_id', '=', String((await thing(A))!.id)).execute();
      expect(audit.some((a) => (a.after as { status?: string }).status === 'pending')).toBe(true);
    });
  });
});
