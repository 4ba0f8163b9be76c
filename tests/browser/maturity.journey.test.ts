/**
 * The maturity matrix journey (issue 14): the public sees Baia Mare's published (reconstructed) round; staff
 * complete the draft second round on a phone — states, evidence with a link — and publish it; the public
 * matrix then shows the new colours, the new level reached and the change; Timișoara's page says it has no
 * model and how to get one. axe on every page, desktop and 360 px; screenshots under test-results/.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../src/core/actor.js';
import { expectAccessible, expectNoPageErrors, fitsWidth, h1, type Journey, type JourneyPerson, signIn, startJourney } from '../helpers/browser.js';

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };
const SHOTS = 'test-results/maturity';

describe('maturity matrix journey', () => {
  let j: Journey | undefined;
  let staff: JourneyPerson;

  beforeAll(async () => {
    j = await startJourney({ demo: true });
    if (!j) return;
    mkdirSync(SHOTS, { recursive: true });
    const users = j.server.services.users;
    staff = { email: 'staff.maturitate@example.org', password: 'a long enough password' };
    const u = await users.register({ ...staff, displayName: 'Maria Staff', locale: 'ro' });
    await users.setMemberRoles(SYSTEM, await j.server.services.tenants.bySlug('baia-mare'), u.id, ['staff']);
    await j.server.database.db.updateTable('users').set({ email_verified_at: new Date() }).where('id', '=', u.id).execute();
  }, 240_000);
  afterAll(async () => {
    await j?.close();
  });

  it('staff complete a round on a phone and publish it; the public matrix shows the new colours', async (ctx) => {
    if (!j) return ctx.skip();
    // The public matrix: the reconstructed round.
    const anon = await j.newPage({ viewport: DESKTOP });
    await anon.page.goto('/baia-mare/maturity');
    await expect.poll(() => h1(anon.page)).toBe('Matricea de maturitate smart city');
    await expect.poll(() => anon.page.getByRole('heading', { name: /situația de referință/ }).count()).toBe(1);
    await expect.poll(() => anon.page.getByText('Reconstituită').count()).toBeGreaterThan(0);
    const g21 = anon.page.locator('.mm-grid .mm-chip', { hasText: 'G2.1' });
    expect(await g21.getAttribute('class')).toContain('mm-chip--not_started');
    await expectAccessible(anon.page, 'public matrix (desktop)');
    await anon.page.screenshot({ path: `${SHOTS}/public-before-desktop.png`, fullPage: true });

    // Staff, on a phone, continue the draft round.
    const { page } = await j.newPage({ viewport: PHONE });
    page.on('dialog', (d) => void d.accept());
    await signIn(page, staff);
    await page.goto('/baia-mare/maturity');
    await page.getByRole('link', { name: /Continuați runda în lucru/ }).click();
    await expect.poll(() => h1(page)).toBe('Runda: 2027 — evaluare anuală');
    await page.getByText('G — Guvernanță').click();
    for (const code of ['G2.1', 'G2.2', 'G2.3', 'G2.4', 'G2.5', 'G2.6']) await page.locator(`#mm-G2-${code.slice(3)}-state`).selectOption('achieved');
    await page.locator('#mm-G2-1-evidence').fill('Strategia de digitalizare a primăriei a fost adoptată.');
    await page.locator('fieldset', { hasText: 'G2.1' }).getByRole('button', { name: 'Adăugați o legătură' }).click();
    await page.locator('fieldset', { hasText: 'G2.1' }).getByLabel('Tipul legăturii').selectOption('dataset');
    await page.locator('fieldset', { hasText: 'G2.1' }).getByLabel('Cod sau identificator').fill('maturity-rounds');
    await expectAccessible(page, 'round editor (360px)');
    expect(await fitsWidth(page), 'editor fits 360px').toBe(true);
    await page.screenshot({ path: `${SHOTS}/editor-phone.png`, fullPage: false });
    await page.getByRole('button', { name: 'Salvați G' }).click();
    await expect.poll(() => page.getByText('Salvat.').count()).toBe(1);
    await page.getByRole('button', { name: 'Publicați runda' }).click();
    await expect.poll(() => page.getByText('Runda este publicată.').count()).toBe(1);
    await expect.poll(() => page.locator('.mm-grid').count()).toBe(1);
    await expectAccessible(page, 'published round (360px)');

    // The public matrix shows the new round, its colours, the level reached and the change.
    await anon.page.reload();
    await expect.poll(() => anon.page.getByRole('heading', { name: '2027 — evaluare anuală' }).count()).toBe(1);
    expect(await anon.page.locator('.mm-grid .mm-chip', { hasText: 'G2.1' }).getAttribute('class')).toContain('mm-chip--achieved');
    await expect.poll(() => anon.page.locator('.mm-levels li', { hasText: 'Guvernanță' }).first().textContent()).toMatch(/1 → 2.*crește cu 1/);
    await anon.page.locator('.mm-grid td', { hasText: 'G2.1' }).getByRole('button').click();
    await expect.poll(() => anon.page.getByRole('heading', { name: /Guvernanță — nivelul 2/ }).count()).toBe(1);
    await expect.poll(() => anon.page.getByText('Strategia de digitalizare a primăriei a fost adoptată.').count()).toBe(1);
    await expect.poll(() => anon.page.getByRole('link', { name: /Set de date deschise: Matricea de maturitate/ }).count()).toBe(1);
    await expectAccessible(anon.page, 'public matrix after publication, a cell open (desktop)');
    await anon.page.screenshot({ path: `${SHOTS}/public-after-desktop.png`, fullPage: true });

    const phone = await j.newPage({ viewport: PHONE });
    await phone.page.goto('/baia-mare/maturity');
    await expect.poll(() => phone.page.getByRole('heading', { name: '2027 — evaluare anuală' }).count()).toBe(1);
    await expectAccessible(phone.page, 'public matrix (360px)');
    await phone.page.screenshot({ path: `${SHOTS}/public-phone.png`, fullPage: true });
    expect(await fitsWidth(phone.page), 'public matrix fits 360px').toBe(true);

    // Timișoara has no model: its page says so and how to get one.
    await phone.page.goto('/timisoara/maturity');
    await expect.poll(() => phone.page.getByText(/Acest oraș nu are o matrice de maturitate/).count()).toBe(1);
    await expectAccessible(phone.page, 'Timișoara without a model (360px)');
    for (const p of [anon.page, page, phone.page]) expectNoPageErrors(p);
  }, 240_000);
});
