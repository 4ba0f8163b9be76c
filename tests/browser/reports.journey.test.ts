/**
 * Reports journey (issue 5): on a phone, an anonymous citizen reports a pothole with a photo, confirms it
 * by the emailed link (mail captured by a real SMTP server on loopback) and sees it on the map and list;
 * staff acknowledge and fix it with public updates; the reporter receives both notifications by email.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoPageErrors, h1, useJourney } from '../helpers/browser.js';
import { type CaughtMail, useMail } from '../helpers/mail.js';

const PHONE = { width: 360, height: 740 };

describe('reports journey', () => {
  const smtp = useMail();
  const journey = useJourney(() => ({ demo: true, env: { SMTP_URL: `${smtp.url}?ignoreTLS=true` } }));

  const mailTo = async (to: string, match: RegExp) => {
    const wanted = (m: CaughtMail) => m.to.join(',') === to && match.test(m.text);
    await expect.poll(() => smtp.mails.some(wanted), { timeout: 20_000 }).toBe(true);
    return smtp.mails.find(wanted)!.text;
  };

  it('a citizen reports a pothole on a phone, confirms by email, staff fix it, the citizen is told', async (ctx) => {
    const j = journey(ctx);
    const reporter = 'cetatean@example.org';
    const { page } = await j.newPage({ viewport: PHONE });
    await page.goto('/timisoara/reports');
    await expect.poll(() => h1(page)).toBe('Sesizări');
    await page.getByRole('link', { name: 'Semnalați o problemă' }).click();
    await expect.poll(() => h1(page)).toBe('Semnalați o problemă');

    // the place: a tap on the map fills the coordinates
    await page.locator('.map').click();
    await expect.poll(() => page.getByLabel('Latitudine').inputValue()).not.toBe('');
    // … or type an address (no diacritics needed) and choose a suggestion with the keyboard: the pin moves
    const address = page.getByRole('combobox', { name: 'Adresa sau un reper' });
    const suggestions = page.getByRole('listbox', { name: 'Adrese găsite' }).getByRole('option');
    // Timișoara's real gazetteer (OpenStreetMap addresses, data/geo/): a square and a house number
    await address.fill('piata victoriei 1a');
    await expect.poll(() => suggestions.allTextContents(), { timeout: 10_000 }).toEqual(['Piața Victoriei 1A, Timișoara adresă']);
    await expect.poll(() => page.getByRole('status').filter({ hasText: '1 adresă găsită' }).count()).toBe(1);
    await expectAccessible(page, 'the address suggestions on a phone');
    await address.press('ArrowDown');
    await address.press('Enter');
    await expect.poll(() => page.getByLabel('Latitudine').inputValue()).toBe('45.753104');
    expect(await page.getByLabel('Longitudine').inputValue()).toBe('21.226039');
    expect(await address.inputValue()).toBe('Piața Victoriei 1A, Timișoara');
    expect(await page.getByRole('listbox', { name: 'Adrese găsite', includeHidden: true }).isHidden()).toBe(true);
    await page.getByLabel('Categoria').selectOption('pothole');
    await page.getByLabel('Cât de mare este groapa?').selectOption('large');
    await page.getByLabel('Titlu scurt').fill('Groapă adâncă în fața școlii');
    await page.getByLabel('Descrieți problema').fill('Mașinile o ocolesc pe contrasens.');
    const photo = await sharp({ create: { width: 120, height: 90, channels: 3, background: '#6b4f2a' } }).jpeg().toBuffer();
    await page.getByLabel('Fotografii (cel mult 3)').setInputFiles({ name: 'groapa.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByLabel('Adresa de email').fill(reporter);
    await page.getByLabel('Nu afișați public numele meu').check();
    await expectAccessible(page, 'the report form on a phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await page.getByRole('button', { name: 'Trimiteți sesizarea' }).click();
    await expect.poll(() => h1(page)).toBe('Sesizarea a fost trimisă');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('v-am trimis un email');

    // the emailed link publishes it
    const confirmMail = await mailTo(reporter, /reports\/confirm\?token=/);
    const link = /https?:\/\/[^\s]+\/timisoara\/reports\/confirm\?token=[A-Za-z0-9_-]+/.exec(confirmMail)![0];
    await page.goto(new URL(link).pathname + new URL(link).search);
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 10_000 }).toContain('Sesizarea este acum publică');
    await expectAccessible(page, 'the confirmation page');
    await page.getByRole('link', { name: 'Vedeți sesizarea' }).click();
    await expect.poll(() => h1(page)).toMatch(/^#\d+ Groapă adâncă în fața școlii$/);
    const reportUrl = new URL(page.url()).pathname;
    await expect.poll(() => page.locator('.report-photos img').count()).toBe(1);
    await expect.poll(() => page.locator('.report-photos img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await expectAccessible(page, 'the public report page');

    // on the map and in the list
    await page.goto('/timisoara/reports');
    await expect.poll(() => page.locator('.report-list').textContent()).toContain('Groapă adâncă în fața școlii');
    await expect.poll(() => page.locator('.map .leaflet-interactive').count()).toBeGreaterThan(10);
    await expectAccessible(page, 'the reports list and map on a phone');
    expectNoPageErrors(page);

    // staff acknowledge, then fix, each with a public update
    const { password } = await j.server.services.users.createAdmin((await j.server.services.tenants.list()).filter((t) => t.slug === 'timisoara'), 'reports-staff@example.org', 'Radu Staff');
    const staff = (await j.newPage()).page;
    await staff.goto('/signin');
    await expect.poll(() => h1(staff)).toBe('Autentificare');
    await staff.getByLabel('Adresa de email').fill('reports-staff@example.org');
    await staff.getByLabel('Parola').fill(password);
    await staff.getByRole('button', { name: 'Intrați în cont' }).click();
    await expect.poll(() => h1(staff)).toBe('Contul meu');
    await staff.goto('/timisoara/reports/queue');
    await expect.poll(() => h1(staff)).toBe('Coada de lucru');
    await expect.poll(() => staff.locator('.report-queue').textContent()).toContain('Groapă adâncă');
    await expectAccessible(staff, 'the triage queue');
    // the address list behind the search: a file with a mistake is refused naming the line, a good one is added
    // the real gazetteer (thousands of OpenStreetMap addresses): read its size, then see it grow by one
    const listSize = staff.getByText(/Lista are/);
    await expect.poll(() => listSize.count()).toBe(1);
    const size = async () => Number(/Lista are (\d+)/.exec((await listSize.textContent()) ?? '')?.[1]);
    const sizeBefore = await size();
    expect(sizeBefore).toBeGreaterThan(1000);
    await staff.getByLabel('Adăugați la lista existentă (altfel o înlocuiți)').check();
    await staff.getByLabel('Fișier CSV cu adrese').setInputFiles({ name: 'adrese.csv', mimeType: 'text/csv', buffer: Buffer.from('label,lat,lon,kind\nStrada Paris,45.7587,21.2371,street\nStrada Greșită,patruzeci,21.2,street\n') });
    await staff.getByRole('button', { name: 'Încărcați lista' }).click();
    await expect.poll(() => staff.getByRole('alert').textContent()).toContain('line 3: lat must be a latitude');
    await expectAccessible(staff, 'the address list upload with an error');
    await staff.getByLabel('Fișier CSV cu adrese').setInputFiles({ name: 'adrese.csv', mimeType: 'text/csv', buffer: Buffer.from('label,lat,lon,kind\nStrada Paris,45.7587,21.2371,street\n') });
    await staff.getByRole('button', { name: 'Încărcați lista' }).click();
    await expect.poll(() => staff.getByRole('status').filter({ hasText: 'S-a salvat 1 adresă.' }).count()).toBe(1);
    await expect.poll(size).toBe(sizeBefore + 1);
    await staff.goto(reportUrl);
    await expect.poll(() => staff.getByRole('heading', { name: 'Pentru personalul primăriei' }).count()).toBe(1);
    // an admin assigns from the city's staff (here: themselves)
    await staff.getByLabel('Cine se ocupă').selectOption({ label: 'Radu Staff (eu)' });
    await staff.getByLabel('Starea').selectOption('acknowledged');
    await staff.getByLabel('Mesaj public (îl primește cetățeanul)').fill('Echipa de intervenție a preluat sesizarea.');
    await staff.getByRole('button', { name: 'Salvați' }).click();
    await expect.poll(() => staff.locator('.report-timeline').textContent()).toContain('Echipa de intervenție a preluat sesizarea.');
    await staff.getByLabel('Starea').selectOption('fixed');
    await staff.getByLabel('Mesaj public (îl primește cetățeanul)').fill('Groapa a fost astupată.');
    await staff.getByRole('button', { name: 'Salvați' }).click();
    await expect.poll(() => staff.locator('.report-timeline').textContent()).toContain('Groapa a fost astupată.');
    await expectAccessible(staff, 'the report page with triage');
    await staff.reload();
    await expect.poll(() => staff.getByLabel('Cine se ocupă').inputValue()).not.toBe('');

    // statistics by area (Timișoara's 31 OpenStreetMap neighbourhoods): chart, table and CSV link; the report at
    // Piața Victoriei lies in the centre
    await staff.goto('/timisoara/reports/stats');
    await expect.poll(() => staff.getByRole('table', { name: 'Statistici pe zone' }).textContent()).toMatch(/Centru|Elisabetin|Iosefin|Fabric/);
    await expect.poll(() => staff.getByRole('link', { name: 'Descărcați datele pe zone (CSV)' }).count()).toBe(1);
    await expectAccessible(staff, 'the statistics by area');
    expectNoPageErrors(staff);

    // the citizen sees it fixed and got both notifications
    await page.goto(reportUrl);
    await expect.poll(() => page.locator('.report-head').textContent()).toContain('Rezolvată');
    expect(await mailTo(reporter, /preluată/)).toContain('Echipa de intervenție a preluat sesizarea.');
    const fixedMail = await mailTo(reporter, /rezolvată/);
    expect(fixedMail).toContain('Groapa a fost astupată.');

    // the link at the end of the message (the notifications hub's, as in every notice) stops further messages about
    // this report after one press of a button, without signing in
    const stop = /https?:\/\/[^\s/]+\/unsubscribe\/[0-9a-f-]{36}/.exec(fixedMail)![0]; // the footer's page, not the List-Unsubscribe header's API URL
    await page.goto(new URL(stop).pathname);
    await page.getByRole('button', { name: 'Nu mai urmăresc' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 10_000 }).toContain('Nu veți mai primi mesaje despre acest subiect');
    await expectAccessible(page, 'the unsubscribe page');
    expectNoPageErrors(page);
  });
});
