/**
 * Notification e-mail through a real SMTP server on loopback: plain-text and HTML parts (the HTML escapes
 * user text), RFC 8058 one-click unsubscribe headers (HTTPS URL and mailto), and the one-click POST working
 * once without a login.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { importTimisoaraStrategy, useTestApp, useUser } from '../../../tests/helpers/app.js';
import { testEngines } from '../../../tests/helpers/env.js';
import { decodeQuotedPrintable, useMail } from '../../../tests/helpers/mail.js';
import { textToHtml } from './notifications.mailer.js';

describe.each(testEngines())('notification e-mail over SMTP on %s', (engine) => {
  const smtp = useMail();
  const t = useTestApp(engine, () => ({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://urbia.example.org', MAIL_FROM: 'Urbia <no-reply@urbia.example.org>' }));
  beforeAll(async () => {
    await importTimisoaraStrategy(t);
  });
  const staff = useUser(t, { timisoara: ['staff'] });
  const ana = useUser(t, { timisoara: ['citizen'] });

  it('escapes every character of the text in the HTML part', () => {
    expect(textToHtml('a <b>&"x"\n\nhttps://urbia.example.org/a?b=1')).toContain('<p>a &lt;b&gt;&amp;&quot;x&quot;</p>\n<p><a href="https://urbia.example.org/a?b=1">https://urbia.example.org/a?b=1</a></p>');
  });

  it('a notification has both parts and RFC 8058 headers; the one-click POST works once, without login', async () => {
    const kpi = (await t.app.inject({ url: '/api/v1/tenants/timisoara/kpis' })).json().items[0].code as string;
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/me/follows', headers: ana.headers, payload: { tenant: 'timisoara', kind: 'strategy.kpi', id: kpi } })).statusCode).toBe(201);
    const m = await t.app.inject({ method: 'POST', url: `/api/v1/tenants/timisoara/kpis/${encodeURIComponent(kpi)}/measurements`, headers: staff.headers, payload: { date: '2025-12-31', value: 3, note: '<script>alert(1)</script> & more' } });
    expect(m.statusCode).toBe(201);
    smtp.mails.length = 0;
    await t.worker.drain();
    // (her address verification mail is in this batch too: transactional, no unsubscribe headers)
    const toAna = smtp.mails.map((r) => r.raw).filter((r) => r.includes(`To: ${ana.email}`));
    const verification = toAna.find((r) => decodeQuotedPrintable(r).includes('verify?token='));
    expect(verification).not.toMatch(/List-Unsubscribe/i);
    const mail = toAna.find((r) => r !== verification);
    expect(mail).toBeDefined();
    const raw = mail!.replace(/\r?\n[ \t]+/g, ' '); // unfold headers
    const lu = /^List-Unsubscribe: (.*)$/im.exec(raw)?.[1]?.trim();
    expect(lu).toMatch(/^<https:\/\/urbia\.example\.org\/api\/v1\/unsubscribe\/[0-9a-f-]{36}>, <mailto:unsubscribe\+[0-9a-f-]{36}@urbia\.example\.org>$/);
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/im);
    expect(raw).toMatch(/Content-Type: multipart\/alternative/i);
    expect(raw).toMatch(/Content-Type: text\/plain/i);
    expect(raw).toMatch(/Content-Type: text\/html/i);
    const body = decodeQuotedPrintable(mail!);
    expect(body).toContain('<script>alert(1)</script> & more'); // the text part, as written
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more'); // the HTML part, escaped
    expect(body).not.toMatch(/<p>[^<]*<script>/);
    expect(body).toMatch(/https:\/\/urbia\.example\.org\/account/); // the footer leads to the preferences

    const url = new URL(/<(https:[^>]+)>/.exec(lu!)![1]!);
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect((await t.app.inject({ url: url.pathname })).json()).toMatchObject({ tenant: 'timisoara', kind: 'strategy.kpi', id: kpi, active: true });
    const once = await t.app.inject({ method: 'POST', url: url.pathname, payload: 'List-Unsubscribe=One-Click', headers: form });
    expect(once.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: url.pathname, payload: 'List-Unsubscribe=One-Click', headers: form })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/v1/me/follows', headers: { cookie: ana.cookie } })).json().items).toEqual([]);
  });
});
