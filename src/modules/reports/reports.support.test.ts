/**
 * Double opt-in for supports (issue 12, finding 6): an anonymous "me too" with any e-mail used to raise the
 * public count and subscribe that address to status mail. Now the address gets a confirmation link first and
 * nothing else; only confirmed supports count. Mail is captured by a real SMTP server on loopback.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildUser, problem, useTestApp, useUser } from '../../../tests/helpers/app.js';
import { testEngines } from '../../../tests/helpers/env.js';
import { tokenFrom, useMail } from '../../../tests/helpers/mail.js';
import { seedCategories } from './reports.demo.js';
import { multipart } from './reports.test-helpers.js';

describe.each(testEngines())('report supports need a confirmed address on %s', (engine) => {
  const smtp = useMail();
  const t = useTestApp(engine, () => ({ SMTP_URL: smtp.url }));
  beforeAll(async () => {
    const service = t.modules.reports!;
    for (const tenant of await t.services.tenants.list()) await seedCategories(service.db, service.repo, tenant);
  });
  const staff = useUser(t, { timisoara: ['staff'] });
  const reporter = useUser(t, { timisoara: ['citizen'] });
  const url = '/api/v1/tenants/timisoara/reports';
  const mailsTo = (addr: string) => smtp.mails.filter((m) => m.to.includes(addr));
  const supportToken = (raw: string) => /support-confirm\?token=([A-Za-z0-9_-]+)/.exec(raw)?.[1];
  const supporters = async (id: string) => (await t.app.inject({ url: `${url}/${id}` })).json().supporters as number;

  const newReport = async (title: string) => {
    const body = multipart({ category: 'noise', lat: '45.7537', lon: '21.2257', title }, []);
    const res = await t.app.inject({ method: 'POST', url, payload: body.payload, headers: { ...body.headers, ...reporter.headers } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  it('20 made-up addresses: count unchanged, no status mail; a confirmed one counts and is told', async () => {
    const id = await newReport('Groapă pe Bulevardul Take Ionescu');
    const addresses = Array.from({ length: 20 }, (_, i) => `made-up-${i}-${engine}@example.net`);
    for (const email of addresses) {
      const res = await t.app.inject({ method: 'POST', url: `${url}/${id}/support`, payload: { email }, remoteAddress: `10.9.0.${addresses.indexOf(email) + 1}` });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ supporters: 0, pending: true });
    }
    // the same address again: still one pending row, no second mail
    expect((await t.app.inject({ method: 'POST', url: `${url}/${id}/support`, payload: { email: addresses[0] } })).json()).toEqual({ supporters: 0, pending: true });
    expect(await supporters(id)).toBe(0);
    expect((await t.app.inject({ url: `${url}?category=noise` })).json().items.find((r: { id: string }) => r.id === id).supporters).toBe(0);

    await t.worker.drain();
    for (const a of addresses) {
      expect(mailsTo(a)).toHaveLength(1);
      expect(supportToken(mailsTo(a)[0]!.text)).toBeDefined();
    }

    // a status change: none of the unconfirmed addresses hears about it
    expect((await t.app.inject({ method: 'POST', url: `${url}/${id}/actions`, headers: staff.headers, payload: { status: 'acknowledged', publicUpdate: 'Preluat.' } })).statusCode).toBe(204);
    await t.worker.drain();
    for (const a of addresses) expect(mailsTo(a)).toHaveLength(1);

    // one address confirms: counted once, and from now on told of changes
    const token = supportToken(mailsTo(addresses[3]!)[0]!.text)!;
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/reports/supports/confirm', payload: { token } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ reportId: id, supporters: 1 });
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/reports/supports/confirm', payload: { token } });
    expect(again.statusCode).toBe(404);
    expect(problem(again).code).toBe('invalid_token');
    expect(await supporters(id)).toBe(1);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/reports/supports/confirm', payload: { token: 'x'.repeat(32) } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/reports/supports/confirm', payload: {} })).statusCode).toBe(400);

    expect((await t.app.inject({ method: 'POST', url: `${url}/${id}/actions`, headers: staff.headers, payload: { status: 'in_progress', publicUpdate: 'Lucrăm.' } })).statusCode).toBe(204);
    await t.worker.drain();
    expect(mailsTo(addresses[3]!)).toHaveLength(2);
    for (const a of addresses.filter((_, i) => i !== 3)) expect(mailsTo(a)).toHaveLength(1);
  });

  it('a signed-in person with a verified e-mail counts at once; an unverified account confirms first', async () => {
    const id = await newReport('Groapă pe Strada Paris');
    const unverified = await buildUser(t, { timisoara: ['citizen'] });
    const verified = await buildUser(t, { timisoara: ['citizen'] });
    await t.worker.drain();
    await t.services.users.verifyEmail(tokenFrom(mailsTo(verified.email).at(-1)!.text, 'verify'));

    const before = mailsTo(unverified.email).length;
    expect((await t.app.inject({ method: 'POST', url: `${url}/${id}/support`, headers: unverified.headers, payload: {} })).json()).toEqual({ supporters: 0, pending: true });
    expect((await t.app.inject({ method: 'POST', url: `${url}/${id}/support`, headers: verified.headers, payload: {} })).json()).toEqual({ supporters: 1, pending: false });
    await t.worker.drain();
    const confirmMail = mailsTo(unverified.email).slice(before).find((m) => supportToken(m.text));
    expect(confirmMail).toBeDefined();
    expect(mailsTo(verified.email).some((m) => supportToken(m.text))).toBe(false);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/reports/supports/confirm', payload: { token: supportToken(confirmMail!.text) } })).json()).toEqual({ reportId: id, supporters: 2 });
  });
});
