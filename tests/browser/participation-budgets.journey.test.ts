/**
 * Places, pictures and the budget project workflow (issue 4): a citizen on a phone proposes an idea with a
 * place picked on the map and a picture; staff take a budget's projects through eligibility review,
 * costing and "ready for vote" on the workflow screen, add a picture to a project and open the vote; a
 * citizen on a phone sees the projects on a map with the list, the public reason of a project that is not
 * eligible, and votes for a project that is ready. Axe on every screen.
 */
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/core/version.js';
import { expectAccessible, expectNoPageErrors, fitsWidth, h1, journeyPerson, signIn, useJourney } from '../helpers/browser.js';

const PHONE = { width: 360, height: 740 };

describe('participation: places, pictures, budget project workflow', () => {
  const journey = useJourney({ demo: true });



  const picture = () => sharp({ create: { width: 120, height: 80, channels: 3, background: '#2a7a3a' } }).jpeg().withExif({ IFD0: { Artist: 'Ana' } }).toBuffer();

  it('a citizen on a phone proposes an idea with a place picked on the map and a picture; the idea page shows both', async (ctx) => {
    const j = journey(ctx);
    const ana = await journeyPerson(j, 'ana.loc@example.org', 'Ana', { verified: true });
    const { page } = await j.newPage({ viewport: PHONE });
    await signIn(page, ana);
    await page.goto('/timisoara/proposals');
    await expect.poll(() => h1(page)).toBe('Propuneri');
    await page.getByLabel('Titlul propunerii').fill('Umbrare în stația de tramvai Iosefin');
    await page.getByLabel('Descrierea').fill('Vara se așteaptă în soare; o copertină ar ajuta mult.');
    // A place outside the city is refused with the field named.
    await page.getByLabel('Latitudine').fill('45.60');
    await page.getByLabel('Longitudine').fill('21.60');
    await page.getByRole('button', { name: 'Trimiteți propunerea' }).click();
    await expect.poll(() => page.locator('.field--error').first().textContent()).toContain('outside');
    // Tap the middle of the map (the city centre) instead.
    const map = page.getByRole('region', { name: 'Hartă: apăsați pentru a alege locul' });
    await map.scrollIntoViewIfNeeded();
    await map.click({ position: { x: 150, y: 120 } });
    await expect.poll(async () => Number(await page.getByLabel('Latitudine').inputValue())).toBeGreaterThan(45.7);
    await page.getByLabel(/Fotografii \(cel mult/).setInputFiles({ name: 'statie.jpg', mimeType: 'image/jpeg', buffer: await picture() });
    await expectAccessible(page, 'new idea with place and picture (phone)');
    expect(await fitsWidth(page)).toBe(true);
    await page.getByRole('button', { name: 'Trimiteți propunerea' }).click();
    await expect.poll(() => h1(page)).toBe('Umbrare în stația de tramvai Iosefin');
    await expect.poll(() => page.getByRole('region', { name: /Harta: locul pentru/ }).count()).toBe(1);
    await expect.poll(() => page.getByText(/Coordonate: 45\.\d+, 21\.\d+/).count()).toBe(1);
    await expect.poll(() => page.getByRole('img', { name: /Fotografia 1 pentru/ }).count()).toBe(1);
    const src = await page.getByRole('img', { name: /Fotografia 1 pentru/ }).getAttribute('src');
    const img = await page.request.get(src!);
    expect(img.headers()['content-type']).toBe('image/jpeg');
    expect((await sharp(Buffer.from(await img.body())).metadata()).exif).toBeUndefined();
    await expectAccessible(page, 'idea with a map and a picture (phone)');
    expect(await fitsWidth(page)).toBe(true);
    // The list of ideas shows the ones with a place on a map, with the same ideas listed next to it.
    await page.goto('/timisoara/proposals');
    await expect.poll(() => page.getByRole('region', { name: 'Harta ideilor care au un loc' }).count()).toBe(1);
    await expect.poll(() => page.locator('.pp-map-list__items').getByRole('link', { name: 'Umbrare în stația de tramvai Iosefin' }).count()).toBe(1);
    await expectAccessible(page, 'ideas with a map (phone)');
    expect(await fitsWidth(page)).toBe(true);
    expectNoPageErrors(page);
  });

  it('staff review, cost and put projects on the ballot, then open the vote; a citizen on a phone sees the map, the reason, and votes', async (ctx) => {
    const j = journey(ctx);
    const staff = await journeyPerson(j, 'staff.buget@example.org', 'Personal buget', { roles: ['staff'], verified: true });
    const s = await j.newPage();
    await signIn(s.page, staff);
    await s.page.goto('/timisoara/budgets/buget-2027-cartiere/manage');
    await expect.poll(() => h1(s.page)).toContain('Proiectele bugetului');
    await expect.poll(() => s.page.getByRole('heading', { name: 'Propus (1)' }).count()).toBe(1);
    await expectAccessible(s.page, 'staff: budget project workflow');

    // Proposed → eligible → costed (with a note) → ready.
    await s.page.getByRole('button', { name: '„Grădină comunitară în Fabric” este eligibil' }).click();
    await expect.poll(() => s.page.getByRole('heading', { name: 'Eligibil (2)' }).count()).toBe(1);
    const garden = s.page.getByRole('listitem').filter({ hasText: 'C1 · Grădină comunitară în Fabric' });
    await garden.getByLabel('Costul folosit la vot (RON)').fill('95000');
    await garden.getByLabel('Nota despre cost (cum a fost calculat)').fill('Deviz: 20 de straturi înălțate, apă, gard.');
    await garden.getByRole('button', { name: 'Salvați costul' }).click();
    await expect.poll(() => s.page.getByRole('heading', { name: 'Cost stabilit (1)' }).count()).toBe(1);
    await s.page.getByRole('button', { name: 'Puneți „Grădină comunitară în Fabric” pe buletinul de vot' }).click();
    await expect.poll(() => s.page.getByRole('heading', { name: 'Pe buletinul de vot (2)' }).count()).toBe(1);
    // Eligible → not eligible, with a public reason.
    const lights = s.page.getByRole('listitem').filter({ hasText: 'C2 · Iluminat' });
    await lights.getByLabel('Motivul pentru care nu este eligibil').fill('Aleile parcului sunt deja în proiectul de reabilitare 2026.');
    await lights.getByRole('button', { name: 'Nu este eligibil' }).click();
    await expect.poll(() => s.page.getByRole('heading', { name: 'Neeligibil (2)' }).count()).toBe(1);
    await expectAccessible(s.page, 'staff: workflow after the steps');
    await s.page.setViewportSize({ width: 320, height: 740 });
    expect(await fitsWidth(s.page)).toBe(true);
    await s.page.setViewportSize({ width: 1280, height: 900 });

    // A picture on a project, then open the vote.
    await s.page.getByRole('link', { name: 'C4 · Fântâni de băut în Piața Unirii' }).click();
    await expect.poll(() => h1(s.page)).toBe('Fântâni de băut în Piața Unirii');
    await s.page.getByLabel(/Fotografii \(cel mult/).setInputFiles({ name: 'fantana.png', mimeType: 'image/png', buffer: await sharp({ create: { width: 60, height: 60, channels: 3, background: '#3366aa' } }).png().toBuffer() });
    await s.page.getByRole('button', { name: 'Adăugați fotografiile' }).click();
    await expect.poll(() => s.page.getByRole('img', { name: /Fotografia 1 pentru/ }).count()).toBe(1);
    await expectAccessible(s.page, 'staff: budget project page with a picture');
    await s.page.goto('/timisoara/budgets/buget-2027-cartiere/manage');
    await s.page.getByRole('button', { name: 'Deschideți votul' }).click();
    await expect.poll(() => s.page.getByText('votul este deschis', { exact: true }).count()).toBe(1);
    expectNoPageErrors(s.page);
    await s.context.close();

    // A citizen on a phone.
    const ion = await journeyPerson(j, 'ion.buget@example.org', 'Ion', { verified: true });
    const { page } = await j.newPage({ viewport: PHONE });
    await signIn(page, ion);
    await page.goto('/timisoara/budgets/buget-2027-cartiere');
    await expect.poll(() => h1(page)).toContain('proiecte de cartier');
    await expect.poll(() => page.getByRole('heading', { name: 'Cine poate vota' }).count()).toBe(1);
    await expect.poll(() => page.getByText('înregistrate ca locuitori ai orașului Timișoara').count()).toBe(1);
    await expect.poll(() => page.getByRole('region', { name: /Harta proiectelor pentru/ }).count()).toBe(1);
    await expect.poll(() => page.locator('.pp-map-list__items li').count()).toBe(2); // the two not eligible projects are not on the map
    await expect.poll(() => page.getByText('Motiv: Aleile parcului sunt deja în proiectul de reabilitare 2026.').count()).toBe(1);
    // Only the ready projects are on the ballot.
    await expect.poll(() => page.getByRole('checkbox').count()).toBe(2);
    // the tick shows from the ballot's optimistic update, a moment after the click (not at once, as check() wants)
    await page.getByRole('checkbox', { name: /Grădină comunitară/ }).click();
    await expect.poll(() => page.getByRole('checkbox', { name: /Grădină comunitară/ }).isChecked()).toBe(true);
    await expect.poll(() => page.locator('.pp-running').textContent()).toContain('95.000');
    await expectAccessible(page, 'ballot with a map of the projects (phone)');
    expect(await fitsWidth(page)).toBe(true);
    await page.getByRole('button', { name: /Votez/ }).click();
    await expect.poll(() => page.getByText('Votul dumneavoastră a fost înregistrat și este definitiv.').count()).toBe(1);

    // The project page: cost used in the vote with its note, the place, the picture.
    await page.getByRole('link', { name: 'Detalii despre „Fântâni de băut în Piața Unirii”' }).click();
    await expect.poll(() => h1(page)).toBe('Fântâni de băut în Piața Unirii');
    await expect.poll(() => page.getByText('Deviz al Direcției Tehnice', { exact: false }).count()).toBe(1);
    await expect.poll(() => page.getByRole('img', { name: /Fotografia 1 pentru/ }).count()).toBe(1);
    await expect.poll(() => page.getByRole('region', { name: /Harta: locul pentru/ }).count()).toBe(1);
    await expectAccessible(page, 'budget project page (phone)');
    expect(await fitsWidth(page)).toBe(true);
    expectNoPageErrors(page);
  });

  it('staff on a phone import a real pabulib file, read its results, and turn the winners into strategy projects', async (ctx) => {
    const j = journey(ctx);
    const staff = await journeyPerson(j, 'staff.pabulib@example.org', 'Personal pabulib', { roles: ['staff'], verified: true });
    const { page } = await j.newPage({ viewport: PHONE });
    await signIn(page, staff);
    await page.goto('/timisoara/participation/new/budget');
    await expect.poll(() => page.getByRole('heading', { name: 'Importați un fișier pabulib' }).count()).toBe(1);
    // nothing chosen: the field says so, nothing is sent
    await page.getByRole('button', { name: 'Importați fișierul' }).click();
    await expect.poll(() => page.getByText('Alegeți un fișier .pb.').count()).toBe(1);
    await page.getByLabel('Fișierul .pb').setInputFiles(join(ROOT_DIR, '..', 'shared', 'data', 'pabulib', 'france_toulouse_2019_.pb'));
    await page.getByLabel('Adresa bugetului (opțional)').fill('toulouse-2019');
    await page.getByRole('button', { name: 'Importați fișierul' }).click();
    await expect.poll(() => page.getByText(/^Importat: \d+ proiecte, \d+ buletine de vot\.$/).count(), { timeout: 30_000 }).toBe(1);
    await expectAccessible(page, 'staff: pabulib imported (phone)');
    expect(await fitsWidth(page)).toBe(true);

    await page.getByRole('link', { name: 'Vedeți rezultatele bugetului importat' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Treceți câștigătorii în strategie' }).count()).toBe(1);
    // no ambition named: a 400 naming the field, nothing created
    await page.getByLabel('Prefixul codurilor').fill('TLS');
    await page.getByRole('button', { name: 'Treceți câștigătorii în strategie' }).click();
    await expect.poll(() => page.locator('.field--error').count()).toBeGreaterThan(0);
    await page.getByLabel('Ambiția sau obiectivul (cod)').fill('A1');
    await page.getByRole('button', { name: 'Treceți câștigătorii în strategie' }).click();
    await expect.poll(() => page.getByText(/^Proiecte create: TLS-/).count(), { timeout: 30_000 }).toBe(1);
    await expectAccessible(page, 'staff: winners promoted (phone)');
    expect(await fitsWidth(page)).toBe(true);
    await page.locator('section[aria-labelledby="pb-promote"]').screenshot({ path: join(ROOT_DIR, 'docs', 'screenshots', 'pabulib-promoted-360.png') });
    const first = page.locator('form li a').first();
    const code = (await first.textContent())!;
    await first.click();
    await expect.poll(() => page.locator('h1').textContent()).not.toBeNull();
    await expect.poll(() => page.getByText(code, { exact: false }).count()).toBeGreaterThan(0);
    expect(page.url()).toContain('/timisoara/projects/');
    expectNoPageErrors(page);
  });
});
