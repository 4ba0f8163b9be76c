/**
 * Drives /open311/v2 the way a client that only knows the GeoReport v2 spec does: raw form-encoded
 * bodies, the api_key as a form field, .json and .xml resources, the spec's error arrays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/helpers/app.js';
import { testEngines } from '../../../../tests/helpers/env.js';
import sharp from 'sharp';
import { seedCategories } from '../reports.demo.js';
import { jpegWithGps, multipart } from '../reports.test-helpers.js';

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

  it('takes requests as real clients send them: query-string jurisdiction and key, address_id alone, multipart with media', async () => {
    // an Open311 client library: jurisdiction_id (and the key) in the query string, the rest form-encoded
    const q = await post(`/open311/v2/requests.json?jurisdiction_id=timisoara&api_key=${apiKey}`, 'service_code=graffiti&lat=45.7537&long=21.2257&description=Tag+pe+zid');
    expect(q.statusCode, q.body).toBe(200);
    const qid = (q.json() as { service_request_id: string }[])[0]!.service_request_id;
    expect((await get(`/open311/v2/requests/${qid}.json`)).json()[0]).toMatchObject({ service_code: 'graffiti', description: 'Tag pe zid', lat: 45.7537 });
    // only the jurisdiction in the query, the key in the body; a wrong key in the body wins over a good one in the query
    expect((await post('/open311/v2/requests.json?jurisdiction_id=timisoara', `api_key=${apiKey}&service_code=graffiti&lat=45.75&long=21.22`)).statusCode).toBe(200);
    expect((await post(`/open311/v2/requests.json?jurisdiction_id=timisoara&api_key=${apiKey}`, 'api_key=wrong&service_code=graffiti&lat=45.75&long=21.22')).statusCode).toBe(403);
    expect((await post(`/open311/v2/requests.json?jurisdiction_id=baia-mare&api_key=${apiKey}`, 'service_code=graffiti&lat=47.65&long=23.56')).statusCode).toBe(403);

    // address_id alone: stored as given and returned
    const a = await post('/open311/v2/requests.xml', `api_key=${apiKey}&jurisdiction_id=timisoara&service_code=graffiti&address_id=RO-TM-ADR-000123&description=Zid`);
    expect(a.statusCode, a.body).toBe(200);
    const aid = /<service_request_id>(\d+)<\/service_request_id>/.exec(a.body)![1]!;
    const ar = (await get(`/open311/v2/requests/${aid}.json`)).json()[0];
    expect(ar).toMatchObject({ service_request_id: aid, address_id: 'RO-TM-ADR-000123', lat: null, long: null });
    expect((await post('/open311/v2/requests.json', `api_key=${apiKey}&jurisdiction_id=timisoara&service_code=graffiti&address_id=${'x'.repeat(101)}`)).statusCode).toBe(400);

    // multipart/form-data with a photo in `media` (FixMyStreet with upload_files on), jurisdiction in the query
    const photo = await jpegWithGps();
    const m = multipart({ api_key: apiKey, service_code: 'pothole', lat: '45.7489', long: '21.2087', 'attribute[size]': 'small', description: 'Groapă cu poză', first_name: 'Ana' }, [{ name: 'media', filename: 'groapa.jpg', type: 'image/jpeg', data: photo }]);
    const mp = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json?jurisdiction_id=timisoara', ...m });
    expect(mp.statusCode, mp.body).toBe(200);
    const mid = (mp.json() as { service_request_id: string }[])[0]!.service_request_id;
    const mr = (await get(`/open311/v2/requests/${mid}.json`)).json()[0] as { media_url: string; description: string };
    expect(mr.description).toBe('Groapă cu poză');
    expect(mr.media_url).toMatch(new RegExp(`^http://urbia.test/api/v1/tenants/timisoara/reports/${mid}/photos/[0-9a-f-]+$`));
    const file = await get(new URL(mr.media_url).pathname);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect((await sharp(file.rawPayload).metadata()).exif).toBeUndefined(); // re-encoded, GPS gone
    // a file that is not an image, and a multipart without a key: the spec's errors, nothing stored
    const before = (await t.modules.reports!.repo.photos([mid])).length;
    const notImg = multipart({ api_key: apiKey, service_code: 'graffiti', lat: '45.75', long: '21.22' }, [{ name: 'media', filename: 'x.jpg', type: 'image/jpeg', data: Buffer.from('not an image') }]);
    const ni = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json?jurisdiction_id=timisoara', ...notImg });
    expect(ni.statusCode).toBe(400);
    expect(ni.json()[0].description).toContain('media');
    const noKey = multipart({ service_code: 'graffiti', lat: '45.75', long: '21.22' });
    expect((await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json?jurisdiction_id=timisoara', ...noKey })).statusCode).toBe(403);
    const broken = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json?jurisdiction_id=timisoara', payload: '--x\r\nnonsense', headers: { 'content-type': 'multipart/form-data; boundary=x' } });
    expect(broken.statusCode).toBe(400);
    expect((await t.modules.reports!.repo.photos([mid])).length).toBe(before);
    expect((await post('/open311/v2/requests.json', 'x=1')).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: '{}', headers: { 'content-type': 'application/json' } })).statusCode).toBe(400);
  });

  it('honours repeated and comma-list parameters', async () => {
    const mk = async (code: string) => (await post('/open311/v2/requests.json', `api_key=${apiKey}&jurisdiction_id=timisoara&service_code=${code}&lat=45.75&long=21.23`)).json()[0].service_request_id as string;
    const open1 = await mk('graffiti');
    const toClose = await mk('graffiti');
    const tm = await t.services.tenants.bySlug('timisoara');
    await t.modules.reports!.triage.act({ kind: 'system' }, tm, toClose, { status: 'closed' });
    const ids = async (qs: string) => ((await get(`/open311/v2/requests.json?jurisdiction_id=timisoara&${qs}`)).json() as { service_request_id: string }[]).map((r) => r.service_request_id);
    const repeated = await ids('status=open&status=closed');
    expect(repeated).toEqual(expect.arrayContaining([open1, toClose]));
    expect((await ids('status=open,closed')).sort()).toEqual([...repeated].sort());
    expect(await ids('status=closed')).toContain(toClose);
    expect(await ids('status=closed')).not.toContain(open1);
    expect(await ids('status=open')).not.toContain(toClose);
    expect((await ids('service_code=graffiti&service_code=pothole')).sort()).toEqual((await ids('service_code=graffiti,pothole')).sort());
    expect(await ids('service_code=pothole')).not.toContain(open1);
    expect((await ids(`service_request_id=${open1}&service_request_id=${toClose}`)).sort()).toEqual([open1, toClose].sort());
    const bad = await get('/open311/v2/requests.json?jurisdiction_id=timisoara&status=open&status=sideways');
    expect(bad.statusCode).toBe(400);
  });

  it('servicerequestupdates: each update once, the status as it was then, the posted updated_datetime', async () => {
    const id = (await post('/open311/v2/requests.json', `api_key=${apiKey}&jurisdiction_id=timisoara&service_code=graffiti&lat=45.76&long=21.23`)).json()[0].service_request_id as string;
    const tm = await t.services.tenants.bySlug('timisoara');
    // a comment made here while the report is still open
    await t.modules.reports!.triage.act({ kind: 'system' }, tm, id, { publicUpdate: 'Am primit sesizarea.' });
    const t1 = new Date(Date.now() - 3 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const t2 = new Date(Date.now() - 3600_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
    const u1 = await post('/open311/v2/servicerequestupdates.json', `api_key=${apiKey}&jurisdiction_id=timisoara&service_request_id=${id}&update_id=BO-77-1&updated_datetime=${encodeURIComponent(t1)}&status=INVESTIGATING&description=Echipa+verifica`);
    expect(u1.statusCode, u1.body).toBe(200);
    // the back office sends the key and jurisdiction in the query string this time
    const u2 = await post(`/open311/v2/servicerequestupdates.json?jurisdiction_id=timisoara&api_key=${apiKey}`, `service_request_id=${id}&update_id=BO-77-2&updated_datetime=${encodeURIComponent(t2)}&status=FIXED&description=Curatat`);
    expect(u2.statusCode, u2.body).toBe(200);
    // a status the report already has: still one update (text only), FIXED
    const u3 = await post('/open311/v2/servicerequestupdates.json', `api_key=${apiKey}&jurisdiction_id=timisoara&service_request_id=${id}&update_id=BO-77-3&updated_datetime=${encodeURIComponent(t2)}&status=FIXED&description=Poze+dupa`);
    expect(u3.statusCode, u3.body).toBe(200);
    expect((await post('/open311/v2/servicerequestupdates.json', `api_key=${apiKey}&jurisdiction_id=timisoara&service_request_id=${id}&update_id=BO-77-4&updated_datetime=2999-01-01T00:00:00Z&status=FIXED`)).statusCode).toBe(400);

    const feed = (await get('/open311/v2/servicerequestupdates.json?jurisdiction_id=timisoara')).json() as { update_id: string; service_request_id: string; status: string; updated_datetime: string; description: string }[];
    const mine = feed.filter((u) => u.service_request_id === id);
    expect(new Set(mine.map((u) => u.update_id)).size).toBe(mine.length); // no update twice
    expect(mine.map((u) => [u.status, u.description])).toEqual([
      ['INVESTIGATING', 'Echipa verifica'],
      ['FIXED', 'Curatat'],
      ['FIXED', 'Poze dupa'],
      ['OPEN', 'Am primit sesizarea.'],
    ]); // oldest first by the time each update says it happened; the comment made here was made now
    expect(mine[0]!.updated_datetime).toBe(t1);
    expect(mine[1]!.updated_datetime).toBe(t2.replace('+00:00', 'Z'));
    // the window filters on that time too
    const since = encodeURIComponent(new Date(Date.now() - 2 * 3600_000).toISOString());
    const later = ((await get(`/open311/v2/servicerequestupdates.json?jurisdiction_id=timisoara&start_date=${since}`)).json() as { service_request_id: string; description: string }[]).filter((u) => u.service_request_id === id);
    expect(later.map((u) => u.description)).toEqual(['Curatat', 'Poze dupa', 'Am primit sesizarea.']);
    const xml = (await get('/open311/v2/servicerequestupdates.xml?jurisdiction_id=timisoara')).body;
    expect(xml.split(`<service_request_id>${id}</service_request_id>`).length - 1).toBe(4);
    expect((await get(`/open311/v2/requests/${id}.json?extended_statuses=true`)).json()[0].status).toBe('fixed');
  });
});
