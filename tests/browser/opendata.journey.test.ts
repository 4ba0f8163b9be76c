import { readFileSync } from 'node:fs';
import { Parser } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../src/core/actor.js';
import { expectAccessible, expectNoPageErrors, type Journey, startJourney, h1 } from '../helpers/browser.js';


describe('open data journey', () => {
  let j: Journey | undefined;
  beforeAll(async () => {
    j = await startJourney({ demo: true });
    if (j) {
      // A project with a place on the map, so the projects dataset has something to draw.
      const tm = await j.server.services.tenants.bySlug('timisoara');
      await j.server.modules.strategy!.updateProject(SYSTEM, tm, 'A1.P1', { location: { type: 'Point', coordinates: [21.2257, 45.7537] } });
    }
  });
  afterAll(async () => {
    await j?.close();
  });

  it('a visitor searches the catalogue, opens the projects dataset, previews it on a map and downloads the CSV (desktop and phone)', async (ctx) => {
    if (!j) return ctx.skip();
    for (const viewport of [{ width: 1280, height: 900 }, { width: 360, height: 740 }]) {
      const { page, context } = await j.newPage({ viewport });
      await page.goto('/timisoara/opendata');
      await expect.poll(() => h1(page)).toContain('Date deschise');
      await expect.poll(() => page.locator('.od-results > li').count()).toBeGreaterThan(2);
      await expectAccessible(page, `catalogue (${viewport.width}px)`);

      await page.getByLabel('Căutați în seturile de date').fill('proiectele strategiei');
      await page.getByRole('button', { name: 'Caută' }).click();
      await expect.poll(() => page.locator('.od-results > li').count()).toBe(1);
      // a facet narrows the list; the theme facet is there with counts
      await expect.poll(() => page.getByRole('group', { name: 'Temă' }).getByRole('checkbox').count()).toBeGreaterThan(0);

      await page.getByRole('link', { name: 'Proiectele strategiei de oraș inteligent' }).click();
      await expect.poll(() => h1(page)).toBe('Proiectele strategiei de oraș inteligent');
      await expect.poll(() => page.locator('.leaflet-interactive').count()).toBeGreaterThan(0); // the project on the map
      await expect.poll(() => page.locator('.od-table-wrap tbody tr').count()).toBeGreaterThan(10);
      await expect.poll(() => page.locator('.od-snippet').textContent()).toContain('/dcat/timisoara/dataset/strategy-projects.ttl');
      await expectAccessible(page, `dataset page (${viewport.width}px)`);

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Descarcă CSV' }).click()]);
      expect(download.suggestedFilename()).toBe('projects.csv');
      const text = readFileSync((await download.path())!, 'utf8');
      expect(text).toContain('A1.P1');
      expectNoPageErrors(page);
      await context.close();
    }
  }, 180_000);

  it('staff upload a CSV, describe and publish it; it appears in the catalogue and the DCAT output', async (ctx) => {
    if (!j) return ctx.skip();
    const tenants = await j.server.services.tenants.list();
    const { password } = await j.server.services.users.createAdmin(tenants.filter((t) => t.slug === 'timisoara'), 'opendata-staff@example.org', 'Dana Date');
    const { page, context } = await j.newPage();
    await page.goto('/signin');
    await page.getByLabel('Adresa de email').fill('opendata-staff@example.org');
    await page.getByLabel('Parola').fill(password);
    await page.getByRole('button', { name: 'Intrați în cont' }).click();
    await expect.poll(() => h1(page)).toBe('Contul meu');

    await page.goto('/timisoara/opendata/manage');
    await expect.poll(() => h1(page)).toBe('Seturi de date încărcate');
    await expectAccessible(page, 'uploads page');
    await page.getByLabel('Fișierul').setInputFiles({ name: 'biciclete-publice.csv', mimeType: 'text/csv', buffer: Buffer.from('statie,biciclete\nPiața Victoriei,12\nGara de Nord,8\n') });
    await page.getByRole('button', { name: 'Încarcă' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('biciclete-publice.csv');
    const item = page.locator('.od-uploads > li').filter({ hasText: 'biciclete-publice.csv' });
    await item.getByLabel('Titlu (română)').fill('Stații de biciclete publice');
    await item.getByLabel('Descriere (română)').fill('Stațiile sistemului de biciclete publice și numărul de biciclete.');
    await item.getByLabel('Transport').check();
    await item.getByRole('button', { name: 'Salvează descrierea' }).click();
    await expect.poll(() => item.getByRole('status').textContent()).toContain('salvată');
    await item.getByRole('button', { name: 'Publică' }).click();
    await expect.poll(() => item.locator('h3').textContent()).toContain('publicat');
    await expectAccessible(page, 'uploads page after publishing');

    await page.goto('/timisoara/opendata');
    await page.getByLabel('Căutați în seturile de date').fill('biciclete');
    await page.getByRole('button', { name: 'Caută' }).click();
    await expect.poll(() => page.locator('.od-results > li h3').allTextContents()).toEqual(['Stații de biciclete publice']);
    await page.getByRole('link', { name: 'Stații de biciclete publice' }).click();
    await expect.poll(() => page.locator('.od-table-wrap tbody tr').count()).toBe(2);

    const ttl = await (await fetch(`${j.server.url}/dcat/timisoara/catalog.ttl`)).text();
    const quads = new Parser().parse(ttl);
    const titles = quads.filter((q) => q.predicate.value === 'http://purl.org/dc/terms/title').map((q) => q.object.value);
    expect(titles).toContain('Stații de biciclete publice');
    expectNoPageErrors(page);
    await context.close();
  }, 180_000);
});
