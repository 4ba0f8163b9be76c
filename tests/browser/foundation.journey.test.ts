import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, expectNoPageErrors, type Journey, startJourney } from '../helpers/browser.js';
import { outboxMails, tokenFrom } from '../helpers/mail.js';

describe('first journey: home, language, register, sign in, account', () => {
  let j: Journey | undefined;
  beforeAll(async () => {
    j = await startJourney();
  });
  afterAll(async () => {
    await j?.close();
  });

  it('a visitor switches to English, registers, confirms the email, signs in and sees the account page (desktop and phone)', async (ctx) => {
    if (!j) return ctx.skip();
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
    if (!j) return ctx.skip();
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
    await expect.poll(() => page.getByText('users.role.granted').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'staff area');
    expectNoPageErrors(page);
    await context.close();
  });

  it('an unknown page shows the not-found page', async (ctx) => {
    if (!j) return ctx.skip();
    const { page, context } = await j.newPage();
    await page.goto('/timisoara/no/such/page');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Pagina nu a fost găsită');
    await expectAccessible(page, '404');
    await context.close();
  });
});
