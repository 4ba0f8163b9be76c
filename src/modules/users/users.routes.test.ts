import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, problem, type TestApp } from '../../../tests/helpers/app.js';
import { testEngines } from '../../../tests/helpers/env.js';
import { outboxMails, tokenFrom } from '../../../tests/helpers/mail.js';

describe.each(testEngines())('accounts on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => {
    await t?.close();
  });

  // The form's two required ticks (the privacy tests prove a registration without them is refused).
  const register = (body: unknown, ip = '10.0.0.1') =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { acceptTerms: true, acceptPrivacy: true, ...(body as object) }, remoteAddress: ip });

  it('registers a citizen, emails a verification link that works once', async () => {
    const res = await register({ email: 'Ana.Pop@example.org', password: 'a long enough password', displayName: 'Ana', locale: 'en', tenant: 'timisoara' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ email: 'Ana.Pop@example.org', displayName: 'Ana', locale: 'en', emailVerified: false });
    expect(res.json()).not.toHaveProperty('password');
    expect(res.json()).not.toHaveProperty('passwordHash');

    await t.worker.drain();
    const mail = outboxMails(t.config.dataDir).find((m) => m.to.includes('Ana.Pop@example.org'));
    expect(mail?.subject).toBe('Confirm your email address for Urbia');
    const token = tokenFrom(mail!.raw, 'verify');
    expect(mail!.raw).toContain('http://urbia.test/verify?token=');

    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/verify', payload: { token } })).statusCode).toBe(204);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/auth/verify', payload: { token } });
    expect(again.statusCode).toBe(400);
    expect(problem(again).errors?.[0]?.field).toBe('token');

    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'ana.pop@EXAMPLE.org', password: 'a long enough password' } });
    expect(login.statusCode).toBe(200);
    expect(login.json()).toMatchObject({ authenticated: true, user: { emailVerified: true }, memberships: [{ tenant: 'timisoara', roles: ['citizen'] }] });
  });

  it('refuses a second account with the same email, whatever its case (409)', async () => {
    await register({ email: 'dup@example.org', password: 'a long enough password', displayName: 'A' }, '10.0.0.2');
    const res = await register({ email: 'DUP@example.org', password: 'another long password', displayName: 'B' }, '10.0.0.2');
    expect(res.statusCode).toBe(409);
    expect(problem(res).code).toBe('email_taken');
  });

  it('names the wrong field, refuses unknown fields and malformed JSON, and writes nothing', async () => {
    const bad = await register({ email: 'not-an-email', password: 'short', displayName: 'X' }, '10.0.0.3');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const p = problem(bad);
    expect(p.code).toBe('validation_failed');
    expect(p.errors?.map((e) => e.field).sort()).toEqual(['email', 'password']);
    expect(p.correlationId).toBe(bad.headers['x-correlation-id']);

    const unknown = await register({ email: 'u@example.org', password: 'a long enough password', displayName: 'U', isAdmin: true }, '10.0.0.3');
    expect(unknown.statusCode).toBe(400);
    expect(problem(unknown).errors?.[0]?.field).toBe('isAdmin');

    const malformed = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', headers: { 'content-type': 'application/json' }, payload: '{"email": ', remoteAddress: '10.0.0.3' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');

    const huge = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email: 'x@example.org', password: 'x'.repeat(2_000_000), displayName: 'X' }), remoteAddress: '10.0.0.3' });
    expect(huge.statusCode).toBe(413);
    expect(problem(huge).code).toBe('too_large');

    const count = await t.database.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('email_normalized', 'in', ['u@example.org', 'x@example.org', 'not-an-email']).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('answers a wrong password and an unknown email the same way (401), and limits attempts per IP (429)', async () => {
    // The per-IP limit counts in fixed one-minute windows: start well inside one, so that the window cannot
    // turn over mid-test (a new window would let more wrong passwords through to the account's own limit).
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 200));
    const user = await buildUser(t);
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: 'wrong password!' }, remoteAddress: '10.0.1.1' });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nobody@example.org', password: 'wrong password!' }, remoteAddress: '10.0.1.1' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(problem(wrong).detail).toBe(problem(unknown).detail);
    expect(problem(wrong).code).toBe(problem(unknown).code);

    const codes: number[] = [];
    for (let i = 0; i < 10; i++)
      codes.push((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: 'wrong password!' }, remoteAddress: '10.0.1.1' })).statusCode);
    expect(codes.slice(0, 8).every((c) => c === 401)).toBe(true);
    const limited = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: user.password }, remoteAddress: '10.0.1.1' });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.headers['retry-after']).toBeDefined();
    // Another address is not affected (another person, so the first account's own count plays no part).
    const second = await buildUser(t);
    const other = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: second.email, password: second.password }, remoteAddress: '10.0.1.2' });
    expect(other.statusCode).toBe(200);
  });

  it('sets an HttpOnly SameSite=Lax session cookie, Secure only over HTTPS', async () => {
    const user = await buildUser(t);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: user.password }, remoteAddress: '10.0.2.1' });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/urbia_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    const stored = await t.database.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored.password_hash).not.toContain(user.password);
  });

  it('refuses a cookie-session write without the CSRF token (403) and accepts it with the token', async () => {
    const user = await buildUser(t);
    const without = await t.app.inject({ method: 'PATCH', url: '/api/v1/auth/me', headers: { cookie: user.cookie }, payload: { displayName: 'New name' } });
    expect(without.statusCode).toBe(403);
    expect(problem(without).code).toBe('csrf_failed');
    const forged = await t.app.inject({ method: 'PATCH', url: '/api/v1/auth/me', headers: { cookie: user.cookie, 'x-csrf-token': 'guess' }, payload: { displayName: 'New name' } });
    expect(forged.statusCode).toBe(403);
    const unchanged = await t.database.db.selectFrom('users').select('display_name').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(unchanged.display_name).not.toBe('New name');
    const ok = await t.app.inject({ method: 'PATCH', url: '/api/v1/auth/me', headers: user.headers, payload: { displayName: 'New name', locale: 'hu' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ displayName: 'New name', locale: 'hu' });
  });

  it('tells who is signed in, and forgets the session on sign-out', async () => {
    const anon = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    expect(anon.json()).toMatchObject({ authenticated: false, user: null, csrfToken: null });
    const user = await buildUser(t, { 'baia-mare': ['staff'] });
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: user.cookie } });
    expect(me.json()).toMatchObject({ authenticated: true, csrfToken: user.csrf, memberships: [{ tenant: 'baia-mare', roles: ['staff'] }], abilities: { accessAdmin: true, adminTenants: ['baia-mare'] } });
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: user.headers })).statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: user.cookie } });
    expect(after.json()).toMatchObject({ authenticated: false });
  });

  it('resets a password by emailed link, ending every old session, without revealing unknown emails', async () => {
    const user = await buildUser(t);
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/auth/reset', payload: { email: 'nobody-here@example.org' }, remoteAddress: '10.0.3.1' });
    const known = await t.app.inject({ method: 'POST', url: '/api/v1/auth/reset', payload: { email: user.email }, remoteAddress: '10.0.3.1' });
    expect(unknown.statusCode).toBe(202);
    expect(known.statusCode).toBe(202);
    await t.worker.drain();
    const mail = outboxMails(t.config.dataDir).filter((m) => m.to.includes(user.email) && m.subject.includes('Resetarea')).at(-1);
    const token = tokenFrom(mail!.raw, 'reset');
    const weak = await t.app.inject({ method: 'POST', url: '/api/v1/auth/reset/confirm', payload: { token, password: 'short' }, remoteAddress: '10.0.3.2' });
    expect(weak.statusCode).toBe(400);
    expect(problem(weak).errors?.[0]?.field).toBe('password');
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/auth/reset/confirm', payload: { token, password: 'a brand new password' }, remoteAddress: '10.0.3.2' });
    expect(ok.statusCode).toBe(204);
    const oldSession = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: user.cookie } });
    expect(oldSession.json()).toMatchObject({ authenticated: false });
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: 'a brand new password' }, remoteAddress: '10.0.3.3' });
    expect(login.statusCode).toBe(200);
  });

  it('a used reset link ends every other outstanding reset link of the account', async () => {
    const user = await buildUser(t);
    const ask = () => t.app.inject({ method: 'POST', url: '/api/v1/auth/reset', payload: { email: user.email }, remoteAddress: '10.0.3.4' });
    expect((await ask()).statusCode).toBe(202);
    expect((await ask()).statusCode).toBe(202);
    await t.worker.drain();
    const mails = outboxMails(t.config.dataDir).filter((m) => m.to.includes(user.email) && m.subject.includes('Resetarea'));
    expect(mails).toHaveLength(2);
    const [older, newer] = mails.map((m) => tokenFrom(m.raw, 'reset'));
    expect(older).not.toBe(newer);
    const used = await t.app.inject({ method: 'POST', url: '/api/v1/auth/reset/confirm', payload: { token: newer, password: 'the newest password' }, remoteAddress: '10.0.3.5' });
    expect(used.statusCode).toBe(204);
    const stale = await t.app.inject({ method: 'POST', url: '/api/v1/auth/reset/confirm', payload: { token: older, password: 'an attacker password' }, remoteAddress: '10.0.3.5' });
    expect(stale.statusCode).toBe(400);
    expect(problem(stale).code).toBe('invalid_token');
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: 'the newest password' }, remoteAddress: '10.0.3.6' });
    expect(login.statusCode).toBe(200);
  });

  it('deletes an account on request: personal data erased, sessions ended, the event queued for modules', async () => {
    const user = await buildUser(t, { timisoara: ['citizen'] });
    const wrong = await t.app.inject({ method: 'DELETE', url: '/api/v1/auth/me', headers: user.headers, payload: { password: 'not my password' }, remoteAddress: '10.0.4.1' });
    expect(wrong.statusCode).toBe(400);
    expect(problem(wrong).errors?.[0]?.field).toBe('password');
    const ok = await t.app.inject({ method: 'DELETE', url: '/api/v1/auth/me', headers: user.headers, payload: { password: user.password }, remoteAddress: '10.0.4.1' });
    expect(ok.statusCode).toBe(204);
    const row = await t.database.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ email: 'deleted', display_name: 'deleted', password_hash: null });
    expect(row.deleted_at).not.toBeNull();
    expect(JSON.stringify(row)).not.toContain(user.email);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: user.cookie } })).json()).toMatchObject({ authenticated: false });
    const event = await t.database.db.selectFrom('core_outbox').select('payload').where('type', '=', 'users.account.deleted').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(event.payload).toEqual({ userId: user.id });
    // The email can be used again for a new account.
    const again = await register({ email: user.email, password: 'a long enough password', displayName: 'New' }, '10.0.4.2');
    expect(again.statusCode).toBe(201);
  });
});

describe('rate limits can be turned off for load tests', () => {
  it('URBIA_RATE_LIMITS=false lets more than 10 logins a minute through', async () => {
    const t = await createTestApp('pglite', { URBIA_RATE_LIMITS: 'false' });
    try {
      const codes = new Set<number>();
      for (let i = 0; i < 12; i++) codes.add((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'x@example.org', password: 'nope' } })).statusCode);
      expect([...codes]).toEqual([401]);
    } finally {
      await t.close();
    }
  });
});

describe('rate limits count a signed-in person, not their address', () => {
  it('two people behind one IP each get their own allowance', async () => {
    const t = await createTestApp('pglite');
    try {
      const a = await buildUser(t);
      const b = await buildUser(t);
      const resend = (u: typeof a) => t.app.inject({ method: 'POST', url: '/api/v1/auth/verify/resend', headers: u.headers, remoteAddress: '10.9.9.9' });
      // passwordReset allows 5 an hour
      for (let i = 0; i < 5; i++) expect((await resend(a)).statusCode).toBe(202);
      expect((await resend(a)).statusCode).toBe(429);
      expect((await resend(b)).statusCode).toBe(202);
    } finally {
      await t.close();
    }
  });
});
