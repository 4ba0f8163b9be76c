/**
 * Drives /open311/v2 the way a client that only knows the GeoReport v2 spec does: raw form-encoded
 * bodies, the api_key as a form field, .json and .xml resources, the spec's error arrays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/helpers/app.js';
import { testEngines } from '../../../tests/helpers/env.js';
import { seedCategories } from './reports.demo.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

describe.each(testEngines())('Open311 GeoReport v2 on %s', (engine) => {
  let t: TestApp;
  let apiKey: string;
  beforeAll(async () => {
    t = await createTestApp(engine);
    const service = t.modules.reports!;
    for (const tenant of await t.services.tenants.list()) await seedCategories(service.db, service.repo, tenant);
    const tm = await t.services.tenants.bySlug('timisoara');
    apiKey = (await t.services.users.createApiKey({ kind: 'system' }, tm, { name: 'city back office', purpose: 'open311' })).secret;
  });
  afterAll(async () => {
    await t?.close();
  });

  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const post = (url: string, body: string) => t.app.inject({ method: 'POST', url, payload: body, headers: FORM });

  it('discovery, services and a service definition in JSON and XML', async () => {
    const d = await get('/open311/v2/discovery.json');
    expect(d.statusCode).toBe(200);
    expect(d.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(d.json()).toMatchObject({ endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url: 'http://urbia.test/open311/v2', type: 'production', formats: ['text/xml', 'application/json'] }] });
    const dx = await get('/open311/v2/discovery.xml');
    expect(dx.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(dx.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<discovery><changeset>/);
    expect(dx.body).toContain('<formats><format>text/xml</format><format>application/json</format></formats>');

    const s = await get('/open311/v2/services.json?jurisdiction_id=timisoara');
    const services = s.json() as { service_code: string; service_name: string; metadata: boolean; type: string; group: string }[];
    expect(services).toHaveLength(15);
    expect(services.find((x) => x.service_code === 'pothole')).toMatchObject({ service_name: 'Gropi și carosabil deteriorat', metadata: true, type: 'realtime', group: 'Drumuri și trotuare' });
    expect((await get('/open311/v2/services.json?jurisdiction_id=timisoara&locale=hu')).json()[0].service_name).toBe('Kátyúk és úttest');
    const sx = await get('/open311/v2/services.xml?jurisdiction_id=baia-mare');
    expect(sx.body).toContain('<services><service><service_code>pothole</service_code>');
    expect(sx.body).toContain('<groups><group>Drumuri și trotuare</group></groups>');

    const def = await get('/open311/v2/services/pothole.json?jurisdiction_id=timisoara');
    expect(def.json()).toMatchObject({ service_code: 'pothole', attributes: [{ variable: true, code: 'size', datatype: 'singlevaluelist', required: true, order: 1, values: [{ key: 'small' }, { key: 'medium' }, { key: 'large' }] }] });
    const defx = await get('/open311/v2/services/pothole.xml?jurisdiction_id=timisoara');
    expect(defx.body).toContain('<service_definition><service_code>pothole</service_code><attributes><attribute><variable>true</variable><code>size</code>');

    // errors: the spec's array, with its HTTP codes
    const missing = await get('/open311/v2/services.json');
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toEqual([{ code: 400, description: expect.stringContaining('jurisdiction_id') }]);
    const unknown = await get('/open311/v2/services.xml?jurisdiction_id=atlantis');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toMatch(/<errors><error><code>404<\/code><description>jurisdiction_id atlantis not found.<\/description><\/error><\/errors>/);
    expect((await get('/open311/v2/services/unicorn.json?jurisdiction_id=timisoara')).statusCode).toBe(404);
  });

  it('POST requests with api_key, read back as JSON and XML, with filters, tokens and updates', async () => {
    const body = 'jurisdiction_id=timisoara&service_code=pothole&lat=45.7489&long=21.2087&description=Groapa+mare+%3Cb%3E%26&attribute%5Bsize%5D=large&email=ion%40example.org&first_name=Ion&media_url=https%3A%2F%2Fcdn.example.org%2Fp.jpg';
    const noKey = await post('/open311/v2/requests.json', body);
    expect(noKey.statusCode).toBe(403);
    expect(noKey.json()[0]).toMatchObject({ code: 403, description: expect.stringContaining('api_key') });
    const badKey = await post('/open311/v2/requests.xml', `api_key=nope&${body}`);
    expect(badKey.statusCode).toBe(403);
    expect(badKey.body).toContain('<errors><error><code>403</code>');

    const noAttr = await post('/open311/v2/requests.json', `api_key=${apiKey}&jurisdiction_id=timisoara&service_code=pothole&lat=45.7489&long=21.2087`);
    expect(noAttr.statusCode).toBe(400);
    expect(noAttr.json()[0].description).toContain('attribute[size]');
    const outside = await post('/open311/v2/requests.json', `api_key=${apiKey}&jurisdiction_id=timisoara&service_code=graffiti&lat=44.43&long=26.10`);
    expect(outside.statusCode).toBe(400);
    expect((await post('/open311/v2/requests.json', `api_key=${apiKey}&jurisdiction_id=timisoara&service_code=graffiti`)).statusCode).toBe(400);
    expect((await post('/open311/v2/requests.json', `api_key=${apiKey}&jurisdiction_id=timisoara&service_code=nope&lat=45.75&long=21.22`)).statusCode).toBe(404);
    // a key of another city is not valid here
    expect((await post('/open311/v2/requests.json', `api_key=${apiKey}&jurisdiction_id=baia-mare&service_code=graffiti&lat=47.65&long=23.56`)).statusCode).toBe(403);

    const ok = await post('/open311/v2/requests.json', `api_key=${apiKey}&${body}`);
    expect(ok.statusCode, ok.body).toBe(200);
    const [created] = ok.json() as { service_request_id: string }[];
    expect(typeof created!.service_request_id).toBe('string');
    const id = created!.service_request_id;

    const okx = await post('/open311/v2/requests.xml', `api_key=${apiKey}&jurisdiction_id=timisoara&service_code=graffiti&address_string=Str.+Alba+Iulia+2%2C+Timi%C8%99oara&description=Graffiti`);
    expect(okx.statusCode).toBe(200);
    expect(okx.body).toMatch(/<service_requests><request><service_request_id>\d+<\/service_request_id>/);

    const one = await get(`/open311/v2/requests/${id}.json`);
    expect(one.json()).toEqual([
      expect.objectContaining({ service_request_id: id, status: 'open', service_code: 'pothole', service_name: 'Gropi și carosabil deteriorat', description: 'Groapa mare <b>&', lat: 45.7489, long: 21.2087, media_url: 'https://cdn.example.org/p.jpg', agency_responsible: 'Direcția Drumuri și Poduri' }),
    ]);
    expect(one.json()[0].requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const onex = await get(`/open311/v2/requests/${id}.xml`);
    expect(onex.body).toContain(`<service_requests><request><service_request_id>${id}</service_request_id><status>open</status>`);
    expect(onex.body).toContain('<description>Groapa mare &lt;b&gt;&amp;</description>');
    expect((await get('/open311/v2/requests/999999999.json')).statusCode).toBe(404);

    const list = await get('/open311/v2/requests.json?jurisdiction_id=timisoara&service_code=pothole&status=open');
    expect(list.json().map((r: { service_request_id: string }) => r.service_request_id)).toEqual([id]);
    expect((await get('/open311/v2/requests.json?jurisdiction_id=timisoara&status=closed')).json()).toEqual([]);
    const byIds = await get(`/open311/v2/requests.xml?jurisdiction_id=timisoara&service_request_id=${id}&status=closed`);
    expect(byIds.body).toContain(`<service_request_id>${id}</service_request_id>`); // the id list overrides other filters
    expect((await get(`/open311/v2/requests.json?service_request_id=${id}`)).json().map((r: { service_request_id: string }) => r.service_request_id)).toEqual([id]);
    const old = await get('/open311/v2/requests.json?jurisdiction_id=timisoara&start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z');
    expect(old.json()).toEqual([]);
    const tooWide = await get('/open311/v2/requests.json?jurisdiction_id=timisoara&start_date=2020-01-01T00:00:00Z&end_date=2020-12-01T00:00:00Z');
    expect(tooWide.statusCode).toBe(400);
    expect((await get('/open311/v2/requests.json?jurisdiction_id=timisoara&start_date=yesterday')).statusCode).toBe(400);

    // tokens: every request has one
    const report = await t.modules.reports!.repo.byId(id);
    expect((await get(`/open311/v2/tokens/${report!.token}.json`)).json()).toEqual([{ service_request_id: id, token: report!.token }]);

    // a back office posts an update (FixMyStreet extension); it shows in servicerequestupdates and the request
    const upd = `api_key=${apiKey}&jurisdiction_id=timisoara&service_request_id=${id}&update_id=BO-1&updated_datetime=2026-11-23T10%3A00%3A00%2B02%3A00&status=FIXED&description=Reparat`;
    const u1 = await post('/open311/v2/servicerequestupdates.json', upd);
    expect(u1.statusCode, u1.body).toBe(200);
    expect(typeof u1.json()[0].update_id).toBe('string');
    expect((await post('/open311/v2/servicerequestupdates.json', upd)).statusCode).toBe(400); // same update_id again
    expect((await post('/open311/v2/servicerequestupdates.json', `api_key=${apiKey}&jurisdiction_id=timisoara&update_id=X&status=FIXED`)).json()[0].description).toContain('service_request_id');

    const closed = await get(`/open311/v2/requests/${id}.json`);
    expect(closed.json()[0].status).toBe('closed');
    expect((await get(`/open311/v2/requests/${id}.json?extended_statuses=true`)).json()[0].status).toBe('fixed');
    const updates = await get('/open311/v2/servicerequestupdates.xml?jurisdiction_id=timisoara');
    expect(updates.body).toContain('<service_request_updates><request_update><update_id>');
    expect(updates.body).toContain(`<service_request_id>${id}</service_request_id><status>FIXED</status>`);
    const uj = (await get('/open311/v2/servicerequestupdates.json?jurisdiction_id=timisoara')).json() as { status: string; description: string }[];
    expect(uj.map((x) => x.description)).toContain('Reparat');
  });
});
