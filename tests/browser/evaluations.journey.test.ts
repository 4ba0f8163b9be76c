/**
 * Evaluation journeys (issue 14), axe on every page: an anonymous visitor finds the city's published demo
 * evaluation on the "Evaluation" page and reads its HTML report (desktop and 360 px; the report itself
 * passes axe); the steering body records a recommendation; staff, on a phone, open an annual round, write a
 * finding, generate the reports and download the PDF, which pdftotext reads back.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/core/actor.js';
import { SYSTEM } from '../../src/core/actor.js';
import { expectAccessible, expectNoPageErrors, fitsWidth, h1, type Journey, type JourneyPerson, signIn, startJourney } from '../helpers/browser.js';

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };

describe('evaluation journeys', () => {
  let j: Journey | undefined;
  let staff: JourneyPerson, steering: JourneyPerson;
  const tmp = mkdtempSync(join(tmpdir(), 'urbia-eval-journey-'));

  async function person(email: string, name: string, roles: Role[]): Promise<JourneyPerson> {
    const users = j!.server.services.users;
    const password = 'a long enough password';
    const u = await users.register({ email, password, displayName: name, locale: 'ro' });
    await users.setMemberRoles(SYSTEM, await j!.server.services.tenants.bySlug('timisoara'), u.id, roles);
    await j!.server.database.db.updateTable('users').set({ email_verified_at: new Date() }).where('id', '=', u.id).execute();
    return { email, password };
  }

  beforeAll(async () => {
    j = await startJourney({ demo: true });
    if (!j) return;
    staff = await person('staff.evaluare@example.org', 'Ana Evaluare', ['staff']);
    steering = await person('smartm@example.org', 'Membru SmarTM', ['steering']);
    // The whole demo is seeded (both cities, sensors, budgets…): minutes on a busy 2-core machine.
  }, 480_000);
  afterAll(async () => {
    await j?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('an anonymous visitor reads the published evaluation and its accessible HTML report (desktop and phone)', async (ctx) => {
    if (!j) return ctx.skip();
    for (const viewport of [DESKTOP, PHONE]) {
      const { page } = await j.newPage({ viewport });
      await page.goto('/timisoara/evaluations');
      await expect.poll(() => h1(page)).toBe('Evaluare');
      await expect.poll(() => page.getByRole('link', { name: 'Evaluarea anuală a strategiei (demo)' }).count()).toBe(1);
      await expectAccessible(page, `evaluation page (${viewport.width}px)`);
      expect(await fitsWidth(page), `evaluation page fits ${viewport.width}px`).toBe(true);
      await page.getByRole('link', { name: 'Evaluarea anuală a strategiei (demo)' }).click();
      await expect.poll(() => page.getByRole('heading', { name: 'Recomandări și răspunsuri' }).count()).toBe(1);
      await expect.poll(() => page.getByText('Externalizarea completă a monitorizării strategiei către un consultant.').count()).toBe(1);
      await expectAccessible(page, `published round (${viewport.width}px)`);
      expect(await fitsWidth(page), `round page fits ${viewport.width}px`).toBe(true);
      // The HTML report: a page of its own, served by the API.
      await page.getByRole('link', { name: /Raportul de evaluare \(pagină web/ }).click();
      await expect.poll(() => h1(page)).toMatch(/^Raport de evaluare: Evaluarea anuală a strategiei \(demo\)/);
      await expect.poll(() => page.locator('svg[role="img"]').count()).toBeGreaterThan(0);
      await expectAccessible(page, `HTML report (${viewport.width}px)`);
      expect(await fitsWidth(page), `HTML report fits ${viewport.width}px`).toBe(true);
      expectNoPageErrors(page);
      await page.context().close();
    }
  }, 180_000);

  it('the steering body records a recommendation; staff on a phone open a round, generate the reports and download the PDF', async (ctx) => {
    if (!j) return ctx.skip();
    // Staff open an annual round on a phone.
    const { page } = await j.newPage({ viewport: PHONE });
    await signIn(page, staff);
    await page.goto('/timisoara/evaluations');
    await expect.poll(() => page.getByRole('heading', { name: 'Deschideți o rundă de evaluare' }).count()).toBe(1);
    await page.getByLabel('Tipul').selectOption('annual');
    await page.getByLabel('Titlul (în română)').fill('Evaluarea anuală — jurnal de test');
    await page.getByLabel('Prima zi a perioadei').fill('2025-01-01');
    await page.getByLabel('Ultima zi a perioadei').fill('2025-12-31');
    await page.getByLabel('Domeniul (codurile ambițiilor sau obiectivelor)').fill('A1, A5');
    await expectAccessible(page, 'evaluation page with the staff form (360px)');
    expect(await fitsWidth(page)).toBe(true);
    await page.getByRole('button', { name: 'Deschideți runda' }).click();
    await expect.poll(() => h1(page)).toBe('Evaluarea anuală — jurnal de test');
    const roundUrl = new URL(page.url()).pathname;
    await page.getByLabel('Constatări (în română)').fill('Participarea la consultări a crescut, dar rămâne concentrată pe puține teme.');
    await page.getByRole('button', { name: 'Salvați' }).click();
    await expect.poll(() => page.getByText('Constatările au fost salvate.').count()).toBe(1);
    await expectAccessible(page, 'draft round, staff (360px)');

    // The steering body records a recommendation on the draft (desktop).
    const s = await j.newPage({ viewport: DESKTOP });
    await signIn(s.page, steering);
    await s.page.goto(roundUrl);
    await expect.poll(() => s.page.getByRole('heading', { name: 'Înregistrați o recomandare' }).count()).toBe(1);
    expect(await s.page.getByRole('button', { name: 'Generați rapoartele' }).count()).toBe(0);
    await s.page.getByLabel('Recomandarea (în română)').fill('Publicați rezultatele fiecărei consultări în cel mult 30 de zile.');
    await s.page.getByLabel('Adresată către').fill('Direcția Comunicare');
    await expectAccessible(s.page, 'draft round, steering (desktop)');
    await s.page.getByRole('button', { name: 'Înregistrați recomandarea' }).click();
    await expect.poll(() => s.page.getByText('Recomandarea 1 a fost înregistrată.').count()).toBe(1);
    await s.context.close();

    // Staff generate the reports and download the PDF.
    await page.reload();
    await expect.poll(() => page.getByText('Publicați rezultatele fiecărei consultări în cel mult 30 de zile.').count()).toBe(1);
    await page.getByRole('button', { name: 'Generați rapoartele' }).click();
    await expect.poll(() => page.getByText('Versiunea 1 a rapoartelor a fost generată.').count(), { timeout: 60_000 }).toBe(1);
    await expectAccessible(page, 'round with a generated report (360px)');
    expect(await fitsWidth(page)).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Raportul de evaluare (PDF, versiunea 1)' }).click()]);
    const file = join(tmp, download.suggestedFilename());
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/^timisoara-evaluare-\d+-v1-ro\.pdf$/);
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Timișoara');
    expect(text).toContain('Publicați rezultatele fiecărei consultări în cel mult 30 de zile.');
    expect(text).toContain('Participarea la consultări a crescut');
    expectNoPageErrors(page);
  }, 300_000);
});
