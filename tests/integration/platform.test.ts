import { describe, expect, it } from 'vitest';
import { buildUser, createTestApp, problem, useTestApp } from '../helpers/app.js';
import { testEngines } from '../helpers/env.js';
import { catchMail } from '../helpers/mail.js';

describe.each(testEngines())('platform surface on %s', (engine) => {
  const t = useTestApp(engine);

  it('reports health with the engine, version and migrations', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: engine, version: expect.stringMatching(/^\d+\.\d+\.\d+/), migrations: { pending: 0 } });
    expect(res.json().migrations.applied).toBeGreaterThanOrEqual(1);
  });

  it('lists the tenants with real centres and boundaries', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/tenants' });
    const items = res.json().items as { slug: string; centre: { lat: number; lon: number }; boundary: { type: string } }[];
    expect(items.map((i) => i.slug)).toEqual(['timisoara', 'baia-mare']);
    expect(items[0]!.centre.lat).toBeCloseTo(45.75, 1);
    expect(items[1]!.centre.lon).toBeCloseTo(23.57, 1);
    expect(items[0]!.boundary.type).toBe('MultiPolygon'); // the real UAT (data/geo): Timișoara's territory is in two parts
    expect(items[1]!.boundary.type).toBe('Polygon');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/tenants/nowhere' })).statusCode).toBe(404);
  });

  it('sends a strict CSP and the security headers, and keeps the caller\'s correlation id', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/tenants', headers: { 'x-request-id': 'abc-123' } });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    // errors carry them too (the headers are set before anything can fail)
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/tenants/nowhere' });
    expect(missing.headers['content-security-policy']).toBe(csp);
    expect(res.headers['x-correlation-id']).toBe('abc-123');
    const odd = await t.app.inject({ method: 'GET', url: '/api/v1/tenants', headers: { 'x-request-id': 'bad id with spaces' } });
    expect(odd.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('compresses text responses with brotli or gzip', async () => {
    const br = await t.app.inject({ method: 'GET', url: '/api/openapi.json', headers: { 'accept-encoding': 'br' } });
    expect(br.headers['content-encoding']).toBe('br');
    const gz = await t.app.inject({ method: 'GET', url: '/api/openapi.json', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
  });

  it('publishes an OpenAPI 3.1 document generated from the schemas, and a browsable reference', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/health', '/api/v1/tenants', '/api/v1/auth/register', '/api/v1/auth/login']));
    expect(JSON.stringify(doc.paths['/api/v1/auth/register'].post.requestBody)).toContain('displayName');
    let docs = await t.app.inject({ method: 'GET', url: '/api/docs' });
    for (let hops = 0; docs.statusCode === 302 && hops < 3; hops++) docs = await t.app.inject({ method: 'GET', url: new URL(String(docs.headers.location), 'http://x/api/docs/').pathname });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('answers unknown API paths with problem+json 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(problem(res).code).toBe('not_found');
  });

  it('keeps an in-app inbox: notify → list → mark read', async () => {
    const user = await buildUser(t);
    await t.services.notifications.notify(t.database.db, { user: { id: user.id, email: user.email, locale: 'en' }, tenantId: null, kind: 'test', subject: 'Hello', body: 'A status changed', link: '/timisoara' });
    const inbox = await t.app.inject({ method: 'GET', url: '/api/v1/me/notifications', headers: { cookie: user.cookie } });
    expect(inbox.json()).toMatchObject({ unread: 1, items: [{ subject: 'Hello', link: 'http://urbia.test/timisoara', read: false }] });
    const id = inbox.json().items[0].id;
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/me/notifications/${id}/read`, headers: user.headers })).statusCode).toBe(204);
    const other = await buildUser(t);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/me/notifications/${id}/read`, headers: other.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/notifications', headers: { cookie: user.cookie } })).json().unread).toBe(0);
  });

  it('answers 503 on /health when the database goes away', async () => {
    const t2 = await createTestApp(engine);
    await t2.database.close();
    const res = await t2.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'unavailable', database: engine });
    await t2.app.close();
    t2.mailer.close();
  });
});

describe('email over SMTP', () => {
  it('delivers the verification email to a real SMTP server', async () => {
    const smtp = await catchMail();
    const t = await createTestApp('pglite', { SMTP_URL: smtp.url });
    try {
      await t.services.users.register({ email: 'smtp@example.org', password: 'a long enough password', displayName: 'Ioana', locale: 'hu' });
      await t.worker.drain();
      expect(smtp.mails).toHaveLength(1);
      expect(smtp.mails[0]!.raw).toContain('To: smtp@example.org');
      expect(smtp.mails[0]!.text).toMatch(/verify\?token=/);
    } finally {
      await t.close();
      await smtp.close();
    }
  });
});

describe('serving the web app', () => {
  it('serves the app for page paths, including codes with dots, and 404 for missing files and API paths', async () => {
    const { buildApp } = await import('../../src/app.js');
    const { loadConfig } = await import('../../src/core/config.js');
    const { createTestDatabase } = await import('../helpers/db.js');
    const database = await createTestDatabase('pglite');
    const built = await buildApp(loadConfig({ LOG_LEVEL: 'silent' }), database, { serveWeb: true, logger: false });
    try {
      for (const url of ['/', '/timisoara', '/timisoara/projects/A1.P11', '/baia-mare/projects/D3.2%2F5', '/account']) {
        const res = await built.app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-type']).toContain('text/html');
        expect(res.body).toContain('<div id="root">');
      }
      const asset = await built.app.inject({ method: 'GET', url: '/assets/nope-123.js' });
      expect(asset.statusCode).toBe(404);
      const api = await built.app.inject({ method: 'GET', url: '/api/v1/nope' });
      expect(api.headers['content-type']).toContain('application/problem+json');
    } finally {
      await built.app.close();
      built.mailer.close();
      await database.close();
    }
  });
});
