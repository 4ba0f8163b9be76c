/**
 * Real places journey (issue 13): a visitor opens Timișoara's metropolitan area (the members on a map with
 * their real boundaries, and as a list) and the report statistics' neighbourhood map; staff draw a project's
 * area on the map in the project form and everyone sees it on the project page. Desktop and 360 px, axe on
 * every page, screenshots in docs/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/core/version.js';
import { expectAccessible, expectNoPageErrors, fitsWidth, h1, type Journey, journeyPerson, signIn, startJourney } from '../helpers/browser.js';

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };
const SHOTS = join(ROOT_DIR, 'docs', 'screenshots');

describe('real places journey', () => {
  let j: Journey | undefined;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    j = await startJourney({ demo: true });
  }, 600_000);
  afterAll(async () => j?.close());

  it('the metropolitan area shows its members on a map and as a list (desktop and phone)', async (ctx) => {
    if (!j) return ctx.skip();
    for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      const { page } = await j.newPage({ viewport });
      expectNoPageErrors(page);
      await page.goto('/zm-timisoara');
      await expect.poll(() => h1(page)).toBe('Zona metropolitană Timișoara');
      const members = page.getByRole('heading', { name: 'Localitățile membre' });
      await expect.poll(() => members.count()).toBe(1);
      for (const m of ['Timișoara', 'Dumbrăvița', 'Giroc']) await expect.poll(() => page.getByRole('link', { name: m, exact: true }).count()).toBeGreaterThan(0);
      // the member that runs its strategy here comes first, with its headline numbers (side by side with the others')
      const first = page.locator('.card-grid > li').first();
      await expect.poll(() => first.getByRole('heading').textContent()).toBe('Timișoara');
      await expect.poll(() => first.locator('.headline-line li').count()).toBeGreaterThanOrEqual(4);
      await expect.poll(() => first.getByRole('link', { name: /proiecte în desfășurare|proiect în desfășurare/ }).getAttribute('href')).toBe('/timisoara/projects');
      // every member's real boundary is drawn (15 shapes), tooltips are text
      await expect.poll(() => page.locator('.leaflet-overlay-pane path').count()).toBeGreaterThanOrEqual(15);
      expect(await fitsWidth(page)).toBe(true);
      await expectAccessible(page, `metropolitan area (${name})`);
      await page.screenshot({ path: join(SHOTS, `geo-area-${name}.png`), fullPage: false });
    }
    // the area's own participatory budget is listed on its page and opens
    const zm = await j.server.services.tenants.bySlug('zm-timisoara');
    await j.server.modules.participation!.createBudget({ kind: 'system' }, zm, { slug: 'bp-metropolitan', title: { ro: 'Buget metropolitan 2027' }, description: { ro: 'Proiecte comune ale zonei.' }, total: 5000, currency: 'RON', scope: 'metropolitan', eligibility: { verifiedResident: true }, votingRule: 'threshold_percent', projects: [{ code: 'M1', title: { ro: 'Pistă de biciclete Timișoara–Dumbrăvița' }, cost: 100 }] });
    const { page } = await j.newPage({ viewport: PHONE });
    await page.goto('/zm-timisoara');
    await page.getByRole('link', { name: 'Buget metropolitan 2027' }).click();
    await expect.poll(() => h1(page)).toContain('Buget metropolitan 2027');
    await expectAccessible(page, 'metropolitan area: its budget (phone)');
    // the area's open data: its members' reports joined, each row with its place
    await page.goto('/zm-timisoara');
    await page.getByRole('link', { name: 'Datele deschise ale zonei' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Sesizările cetățenilor (fără date personale)' }).count()).toBe(1);
    const csv = await page.request.get('/api/v1/tenants/zm-timisoara/opendata/datasets/reports/files/reports.csv');
    expect(csv.status()).toBe(200);
    expect((await csv.text()).replace(/^\uFEFF/, '').split(/\r?\n/)[0]!.split(',')[0]).toBe('city');
    expect(await fitsWidth(page)).toBe(true);
    await expectAccessible(page, 'metropolitan area: open data (phone)');
    expectNoPageErrors(page);
  });

  it('the report statistics draw the 31 neighbourhoods with the OpenStreetMap credit', async (ctx) => {
    if (!j) return ctx.skip();
    for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      const { page } = await j.newPage({ viewport });
      expectNoPageErrors(page);
      await page.goto('/timisoara/reports/stats');
      await expect.poll(() => h1(page)).toBe('Statistici ale sesizărilor');
      await expect.poll(() => page.getByText('Contururile cartierelor: © OpenStreetMap contributors, ODbL 1.0').count()).toBe(1);
      await expect.poll(() => page.locator('.leaflet-overlay-pane path').count()).toBeGreaterThanOrEqual(31);
      expect(await fitsWidth(page)).toBe(true);
      await expectAccessible(page, `report statistics (${name})`);
      await page.getByText('Contururile cartierelor').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, `geo-neighbourhoods-${name}.png`) });
    }
  });

  it('staff draw a project area on the map; the project page shows it', async (ctx) => {
    if (!j) return ctx.skip();
    const staff = await journeyPerson(j, 'urbanism@example.org', 'Ana Urbanism', { roles: ['staff'], verified: true });
    for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      const { page } = await j.newPage({ viewport });
      expectNoPageErrors(page);
      if (name === 'desktop') await signIn(page, staff);
      await page.goto('/timisoara/projects/A6.P2');
      await expect.poll(() => h1(page)).toContain('Sport în parcuri');
      if (name === 'desktop') {
        await page.getByText('Modificați proiectul').click();
        await page.getByRole('radio', { name: 'O zonă' }).check();
        const map = page.getByRole('region', { name: 'Hartă pentru desenarea locului proiectului' }).or(page.locator('.place-drawer .map'));
        const box = (await map.first().boundingBox())!;
        for (const [dx, dy] of [[0.4, 0.4], [0.6, 0.4], [0.6, 0.6], [0.4, 0.6]]) await page.mouse.click(box.x + box.width * dx!, box.y + box.height * dy!);
        await expect.poll(() => page.getByText('4 colțuri desenate.').count()).toBe(1);
        await page.getByRole('button', { name: 'Șterge ultimul colț' }).click();
        await expect.poll(() => page.getByText('3 colțuri desenate.').count()).toBe(1);
        await expectAccessible(page, 'project place drawing');
        await page.screenshot({ path: join(SHOTS, 'geo-project-draw.png') });
        // the edit form is the folded tool opened above (the staff panel holds several forms with a "Salvați" button)
        await page.locator('details', { hasText: 'Modificați proiectul' }).getByRole('button', { name: 'Salvați', exact: true }).click();
        await expect.poll(() => page.getByText('Salvat.').count()).toBeGreaterThan(0);
      }
      // everyone sees the area on the project page
      const res = await page.request.get('/api/v1/tenants/timisoara/projects/A6.P2');
      expect((await res.json()).location.type).toBe('Polygon');
      await page.reload();
      await expect.poll(() => page.locator('.leaflet-overlay-pane path').count()).toBeGreaterThanOrEqual(2);
      expect(await fitsWidth(page)).toBe(true);
      await expectAccessible(page, `project page with a place (${name})`);
      await page.screenshot({ path: join(SHOTS, `geo-project-${name}.png`) });
    }
  });
});
