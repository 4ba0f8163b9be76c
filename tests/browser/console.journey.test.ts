/**
 * Console and city-page journeys (issue 13): a platform admin creates a city with a boundary file and
 * grants a staff role; the staff member finds every tool from the console; a visitor reads the city
 * page's headline numbers in Hungarian and follows one to its page. Screenshots go to docs/screenshots/.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/core/version.js';
import { expectAccessible, expectNoPageErrors, fitsWidth, h1, journeyPerson, signIn, useJourney } from '../helpers/browser.js';

const VIEWPORTS = [
  { width: 1280, height: 900 },
  { width: 360, height: 780 },
];
const CLUJ = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[23.5, 46.73], [23.7, 46.73], [23.7, 46.82], [23.5, 46.82], [23.5, 46.73]]] } };

/** A screenshot of what the reader sees first, kept in the repository for the closing note. */
async function shot(page: Page, name: string, width: number) {
  await page.screenshot({ path: join(ROOT_DIR, 'docs', 'screenshots', `${name}-${width}.png`) });
}

describe('staff console and city page journeys', () => {
  const journey = useJourney({ demo: true }, 600_000);

  it('a platform admin creates a city with a boundary file and grants a staff role; the staff member finds every tool', async (ctx) => {
    const j = journey(ctx);
    const email = 'platform-journey@example.org';
    const { password } = await j.server.services.users.createAdmin([], email, 'Platform journey', { platform: true });
    const future = await journeyPerson(j, 'ioana.journey@example.org', 'Ioana Journey');
    const boundaryFile = join(j.config.dataDir, 'cluj.geojson');
    writeFileSync(boundaryFile, JSON.stringify(CLUJ));

    const { page, context } = await j.newPage();
    await signIn(page, { email, password: password! });
    await page.goto('/admin');
    await expect.poll(() => h1(page)).toContain('Consola personalului');
    expect(page.url()).toMatch(/\/[a-z-]+\/admin$/);
    await page.goto('/timisoara/admin');
    await expect.poll(() => h1(page)).toBe('Consola personalului — Timișoara');
    await expectAccessible(page, 'console (platform admin)');

    const cities = page.locator('#cities');
    await cities.getByLabel('Adresa (de ex. cluj-napoca)').fill('cluj-napoca');
    await cities.getByLabel('Numele (RO)').fill('Cluj-Napoca');
    await cities.getByLabel('Numele (HU)').fill('Kolozsvár');
    await cities.getByLabel('Limita (fișier GeoJSON, WGS84)').setInputFiles(boundaryFile);
    await cities.getByRole('button', { name: 'Creează' }).click();
    await expect.poll(() => cities.getByRole('status').textContent()).toContain('Cluj-Napoca a fost creat.');
    const created = await j.server.services.tenants.bySlug('cluj-napoca');
    expect(created.name).toMatchObject({ ro: 'Cluj-Napoca', hu: 'Kolozsvár' });
    // The new city's console shows the guided empty state (no strategy yet).
    await cities.getByRole('link', { name: 'Deschide consola' }).click();
    await expect.poll(() => h1(page)).toBe('Consola personalului — Cluj-Napoca');
    await expect.poll(() => page.getByRole('heading', { name: 'Acest oraș nu are încă o strategie' }).count()).toBe(1);
    await expectAccessible(page, 'console of a new city');

    // Grant a staff role in Timișoara to a person found by e-mail.
    await page.goto('/timisoara/admin');
    const roles = page.locator('#roles');
    await roles.getByLabel(/Căutați o persoană/).fill('ioana.journey@example.org');
    await roles.getByRole('button', { name: 'Caută' }).click();
    const person = roles.getByRole('group', { name: /Rolurile lui Ioana Journey/ });
    await person.getByLabel('personal al primăriei').check();
    await roles.getByRole('button', { name: /Salvează rolurile/ }).click();
    await expect.poll(() => roles.getByRole('status').allTextContents()).toContain('Rolurile au fost salvate.');
    expectNoPageErrors(page);
    await context.close();

    // The staff member signs in and finds every tool from the console, desktop and phone.
    for (const viewport of VIEWPORTS) {
      const staff = await j.newPage({ viewport });
      await signIn(staff.page, future);
      await staff.page.getByRole('link', { name: 'Administrare' }).click();
      await expect.poll(() => h1(staff.page)).toBe('Consola personalului — Timișoara');
      for (const tool of ['Editorul strategiei', 'Monitorizarea proiectelor', 'Consultări, bugete și procese', 'Propuneri', 'Coada de sesizări', 'Statistici ale sesizărilor', 'Încărcări și catalog', 'Senzori și calitatea aerului', 'Registrul organizațiilor', 'Grupuri de lucru', 'Calendarul evenimentelor', 'Jurnalul de audit'])
        await expect.poll(() => staff.page.getByRole('main').getByRole('link', { name: tool, exact: true }).count(), { message: tool }).toBe(1);
      await expect.poll(() => staff.page.locator('.console-counter').count()).toBeGreaterThan(5);
      await expectAccessible(staff.page, `console (staff, ${viewport.width}px)`);
      expect(await fitsWidth(staff.page), `console fits ${viewport.width}px`).toBe(true);
      await shot(staff.page, 'console', viewport.width);
      await staff.page.getByRole('main').getByRole('link', { name: 'Coada de sesizări', exact: true }).click();
      await expect.poll(() => staff.page.url()).toContain('/timisoara/reports/queue');
      // the account page fits a phone too (it overflowed at 360 px)
      await staff.page.goto('/account');
      await expect.poll(() => h1(staff.page)).toBe('Contul meu');
      expect(await fitsWidth(staff.page), `account fits ${viewport.width}px`).toBe(true);
      expectNoPageErrors(staff.page);
      await staff.context.close();
    }
  }, 300_000);

  it('a visitor reads the city page headline numbers in Hungarian and follows one to its page (desktop and phone)', async (ctx) => {
    const j = journey(ctx);
    for (const viewport of VIEWPORTS) {
      const { page, context } = await j.newPage({ viewport });
      await context.addInitScript(() => localStorage.setItem('urbia.locale', 'hu'));
      await page.goto('/');
      await expect.poll(() => page.locator('.headline-line').count()).toBeGreaterThan(0);
      await expectAccessible(page, `home (hu, ${viewport.width}px)`);
      expect(await fitsWidth(page)).toBe(true);
      await shot(page, 'home', viewport.width);
      // Timișoara is Temesvár in Hungarian
      await page.getByRole('link', { name: 'Temesvár', exact: true }).click();
      const strategy = page.locator('.overview-card', { has: page.getByRole('link', { name: 'A stratégia előrehaladása' }) });
      await expect.poll(() => strategy.locator('.figures li').count()).toBe(4);
      // the number of projects in progress, as the strategy's own page counts them
      const projects = await j.server.modules.strategy!.tree(await j.server.services.tenants.bySlug('timisoara'), { kind: 'anonymous' });
      await expect.poll(() => strategy.locator('.figures li', { hasText: 'projekt folyamatban' }).locator('.figure__n').textContent()).toBe(String(projects.counts.projectStatus.in_progress));
      await expect.poll(() => page.locator('.overview-card', { has: page.getByRole('link', { name: 'Mutatók' }) }).locator('.figures li').count()).toBe(4);
      await expectAccessible(page, `city page (hu, ${viewport.width}px)`);
      expect(await fitsWidth(page), `city page fits ${viewport.width}px`).toBe(true);
      await shot(page, 'city', viewport.width);
      await page.getByRole('main').getByRole('link', { name: 'Bejelentések', exact: true }).first().click();
      await expect.poll(() => page.url()).toMatch(/\/timisoara\/reports$/);
      await expect.poll(() => h1(page)).toBe('Bejelentések');
      expectNoPageErrors(page);
      await context.close();
    }
  }, 300_000);
});
