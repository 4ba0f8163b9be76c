import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { seedCategories } from '../../src/modules/reports/index.js';
import { expectAccessible, expectNoPageErrors, fitsWidth, h1, journeyPerson, useJourney } from '../helpers/browser.js';
import { outboxMails, tokenFrom } from '../helpers/mail.js';

const PHONE = { width: 360, height: 740 };

describe('first journey: home, language, register, sign in, account', () => {
  const journey = useJourney();

  it('a visitor switches to English, registers, confirms the email, signs in and sees the account page (desktop and phone)', async (ctx) => {
    const j = journey(ctx);
    for (const viewport of [{ width: 1280, height: 900 }, { width: 320, height: 640 }]) {
      const { page, context } = await j.newPage({ viewport });
      await page.goto('/');
      await expect.poll(() => page.locator('h1').textContent()).toBe('Orașul dumneavoastră, în mod deschis');
      await expect.poll(() => page.getByRole('link', { name: 'Timișoara', exact: true }).count()).toBe(1);
      expect(await page.getAttribute('html', 'lang')).toBe('ro');
      // Keyboard users can skip the header: the first Tab reaches the skip link.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Salt la conținut');
      await expectAccessible(page, `home (ro, ${viewport.width}px)`);

      await page.getByLabel('Limba').selectOption('en');
      await expect.poll(() => page.locator('h1').textContent()).toBe('Your city, in the open');
      expect(await page.getAttribute('html', 'lang')).toBe('en');

      await page.getByRole('link', { name: 'Create account' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Create an account');
      await expectAccessible(page, `sign-up (${viewport.width}px)`);
      const email = `journey-${viewport.width}@example.org`;
      // A mistake first: the server's field error is shown next to the field.
      await page.getByLabel('Display name').fill('Maria');
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Password').fill('short');
      await page.getByRole('button', { name: 'Create account' }).click();
      await expect.poll(() => page.locator('.field__error').count()).toBeGreaterThan(0);
      await expectAccessible(page, 'sign-up with errors');
      await page.getByLabel('Password').fill('a good long password');
      await page.getByLabel('Your city').selectOption('timisoara');
      // The terms and the privacy notice are required (the server named them in the error above).
      await page.getByLabel('I accept the terms of use').check();
      await page.getByLabel('I have read the privacy notice').check();
      await page.getByRole('button', { name: 'Create account' }).click();

      await expect.poll(() => page.locator('h1').textContent()).toBe('Sign in');
      await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Your account was created');
      await expectAccessible(page, 'sign-in');

      // The confirmation email (written to the outbox folder by the file mailer) has a working link.
      await expect.poll(() => outboxMails(j!.config.dataDir).filter((m) => m.to.includes(email)).length, { timeout: 10_000 }).toBe(1);
      const token = tokenFrom(outboxMails(j!.config.dataDir).find((m) => m.to.includes(email))!.raw, 'verify');
      const verifyPage = await context.newPage();
      await verifyPage.goto(`/verify?token=${token}`);
      await expect.poll(() => verifyPage.getByRole('status').first().textContent()).toContain('Your email address is confirmed');
      await verifyPage.close();

      await page.getByLabel('Password').fill('a good long password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('My account');
      await expect.poll(() => page.getByText(email).count()).toBeGreaterThan(0);
      await expect.poll(() => page.getByText('Your email address is confirmed.').count()).toBe(1);
      await expect.poll(() => page.getByText('citizen').count()).toBeGreaterThan(0);
      await expectAccessible(page, `account (${viewport.width}px)`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);

      // A citizen is refused the staff area.
      await page.goto('/admin');
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('You do not have access');
      expectNoPageErrors(page);
      await context.close();
    }
  });

  it('the demo admin reaches the staff area and sees the audit log', async (ctx) => {
    const j = journey(ctx);
    const { password } = await j.server.services.users.createAdmin(await j.server.services.tenants.list(), 'boss@example.org', 'Boss');
    const { page, context } = await j.newPage({ locale: 'en-GB' });
    await page.goto('/signin');
    await page.getByLabel('Adresa de email').fill('boss@example.org');
    await page.getByLabel('Parola').fill(password);
    await page.getByRole('button', { name: 'Intrați în cont' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Contul meu');
    // the staff console (/{city}/admin): tools by task, members and the audit log
    await page.getByRole('link', { name: 'Administrare' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Consola personalului');
    // audit actions in the reader's language, not their codes
    await expect.poll(() => page.getByText('Conturi: rol — acordare').count()).toBeGreaterThan(0);
    expect(await page.getByText('users.role.granted').count()).toBe(0);
    await expectAccessible(page, 'staff area');
    expectNoPageErrors(page);
    await context.close();
  });

  it('an unknown page shows the not-found page', async (ctx) => {
    const j = journey(ctx);
    const { page, context } = await j.newPage();
    await page.goto('/timisoara/no/such/page');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Pagina nu a fost găsită');
    await expectAccessible(page, '404');
    await context.close();
  });

  it('a person on a phone accepts a changed privacy notice, changes a consent and a notification preference, downloads their data (the ZIP holds their proposal and report), deletes the account, and the proposal stays without their name', async (ctx) => {
    const j = journey(ctx);
    const elena = await journeyPerson(j, 'elena@example.org', 'Elena Exportescu');
    const reports = j.server.modules.reports!;
    await seedCategories(reports.db, reports.repo, await j.server.services.tenants.bySlug('timisoara'));
    // The city changes its privacy notice: a signed-in person is asked again, before anything else.
    await j.server.modules.privacy!.publishNotice({ kind: 'system' }, { kind: 'privacy', version: '2026-12-24', body: { ro: 'Notă de informare actualizată: păstrăm exporturile 24 de ore. Contact: {dpo}.', en: 'Updated notice.' } });
    const { page, context } = await j.newPage({ viewport: PHONE });
    await page.goto('/signin');
    await page.getByLabel('Adresa de email').fill(elena.email);
    await page.getByLabel('Parola').fill(elena.password);
    await page.getByRole('button', { name: 'Intrați în cont' }).click();
    const dialog = page.getByRole('dialog', { name: 'Vă rugăm să citiți și să acceptați' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await expect.poll(() => dialog.textContent()).toContain('Notă de informare actualizată');
    await expectAccessible(page, 'consent dialog (phone)');
    await page.keyboard.press('Escape');
    expect(await dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Am citit și accept' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);

    // Her own idea (with a comment), and a problem report sent through the API in the same session.
    await page.goto('/timisoara/proposals');
    await page.getByLabel('Titlul propunerii').fill('Umbrare pe malul Begăi la Elena');
    await page.getByLabel('Descrierea').fill('Copaci și pergole pe faleza Begăi, pentru zilele toride.');
    await page.getByRole('button', { name: 'Trimiteți propunerea' }).click();
    await expect.poll(() => h1(page)).toBe('Umbrare pe malul Begăi la Elena');
    const proposalUrl = page.url();
    await page.getByLabel('Comentariul dumneavoastră').fill('Completez: și bănci la umbră.');
    await page.getByRole('button', { name: 'Trimiteți' }).click();
    await expect.poll(() => page.getByText('Comentarii (1)').count()).toBe(1);
    const csrf = ((await (await page.request.get('/api/v1/auth/me')).json()) as { csrfToken: string }).csrfToken;
    const report = await page.request.post('/api/v1/tenants/timisoara/reports', {
      headers: { 'x-csrf-token': csrf },
      multipart: { category: 'graffiti', lat: '45.7537', lon: '21.2257', title: 'Graffiti pe podul Elenei' },
    });
    expect(report.status(), await report.text()).toBe(201);

    // Your data: an optional consent, then the export.
    await page.goto('/account');
    await expect.poll(() => h1(page)).toBe('Contul meu');
    await page.getByLabel('Trimiteți-mi mesaje SMS pentru alerte urgente').check();
    await page.getByRole('button', { name: 'Salvați alegerile' }).click();
    await expect.poll(() => page.getByText('Alegerile au fost salvate.').count()).toBe(1);
    // Notification preferences, on the phone: a KPI's new values only in the weekly digest, and not in the inbox.
    const kpiNews = page.getByRole('group', { name: 'O valoare nouă a unui indicator' });
    await kpiNews.getByLabel('E-mail:').selectOption('weekly');
    await expect.poll(() => page.getByText('Salvat.', { exact: true }).count()).toBe(1);
    await kpiNews.getByRole('checkbox', { name: 'Mesaje' }).uncheck();
    await expect.poll(() => kpiNews.getByRole('checkbox', { name: 'Mesaje' }).isChecked()).toBe(false);
    type Prefs = { items: { kind: string; inbox: boolean; emailFrequency: string }[] };
    await expect.poll(async () => ((await (await page.request.get('/api/v1/me/notification-preferences')).json()) as Prefs).items.find((p) => p.kind === 'strategy.kpi.measurement')).toMatchObject({ inbox: false, emailFrequency: 'weekly' });
    await page.reload();
    await expect.poll(() => page.getByRole('group', { name: 'O valoare nouă a unui indicator' }).getByLabel('E-mail:').inputValue()).toBe('weekly');
    await expectAccessible(page, 'notification settings (phone)');
    expect(await fitsWidth(page), 'notification settings fit 360px').toBe(true);
    await page.getByRole('button', { name: 'Pregătiți datele mele' }).click();
    const link = page.getByRole('link', { name: 'Descărcați fișierul ZIP' });
    await expect.poll(() => link.count(), { timeout: 20_000 }).toBe(1);
    await expectAccessible(page, 'account page with the data export ready (phone)');
    expect(await fitsWidth(page)).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const zip = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
    const data = JSON.parse(strFromU8(zip['data.json']!)) as { account: { profile: { email: string } }; participation: { proposals: { title: string }[]; comments: { body: string }[] }; reports: { reports: { title: string }[] } };
    expect(data.account.profile.email).toBe(elena.email);
    expect(data.participation.proposals.map((p) => p.title)).toEqual(['Umbrare pe malul Begăi la Elena']);
    expect(data.participation.comments.map((c) => c.body)).toEqual(['Completez: și bănci la umbră.']);
    expect(data.reports.reports.map((r) => r.title)).toEqual(['Graffiti pe podul Elenei']);
    expect(JSON.stringify(data)).not.toContain('Fântâni de apă potabilă');

    // Delete the account: a second step asks for the e-mail address and the password, then signs out.
    await page.getByRole('button', { name: 'Ștergeți contul meu…' }).click();
    await page.getByLabel('Adresa dumneavoastră de email').fill('someone-else@example.org');
    await page.getByLabel('Parola dumneavoastră').fill(elena.password);
    await page.getByRole('button', { name: 'Ștergeți definitiv contul meu' }).click();
    await expect.poll(() => page.getByText('Aceasta nu este adresa de email a contului.').count()).toBe(1);
    await page.getByLabel('Adresa dumneavoastră de email').fill(elena.email);
    await page.getByRole('button', { name: 'Ștergeți definitiv contul meu' }).click();
    await expect.poll(() => page.getByText('Contul dumneavoastră a fost șters.').count()).toBe(1);
    await expectAccessible(page, 'signed out after deleting the account (phone)');
    expect((await (await page.request.get('/api/v1/auth/me')).json()).authenticated).toBe(false);

    // The idea stays, anonymised: her comment reads "deleted account" and her name is nowhere on the page.
    await page.goto(proposalUrl);
    await expect.poll(() => h1(page)).toBe('Umbrare pe malul Begăi la Elena');
    await expect.poll(() => page.getByText('Cont șters').count()).toBe(1);
    expect(await page.locator('main').textContent()).not.toContain('Elena Exportescu');
    expectNoPageErrors(page);
    await context.close();
  }, 180_000);
});
