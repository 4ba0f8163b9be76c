/**
 * Strategy journeys (issue 3): a visitor finds the PM2.5 indicator of Timișoara from the home page, and a
 * staff member changes a project's status with a timeline note that the public then sees.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/core/version.js';
import { DESKTOP_AND_PHONE, expectAccessible, expectNoPageErrors, fitsWidth, h1, signIn, useJourney } from '../helpers/browser.js';


describe('strategy journeys', () => {
  const journey = useJourney({ demo: true });

  it('in Hungarian, untranslated content says so: the strategy title and vision shown in Romanian with a marker, the translated ambition titles without one', async (ctx) => {
    const j = journey(ctx);
    for (const viewport of DESKTOP_AND_PHONE) {
      const { page, context } = await j.newPage({ viewport });
      await context.addInitScript(() => localStorage.setItem('urbia.locale', 'hu'));
      await page.goto('/timisoara/strategy');
      await expect.poll(() => page.locator('.pillar-card').count()).toBe(7);
      expect(await page.getAttribute('html', 'lang')).toBe('hu');
      const title = page.locator('h1');
      await expect.poll(() => title.locator('.lang-fallback').count()).toBe(1);
      expect(await title.locator('[lang="ro"]').textContent()).toContain('Strategia de Smart City');
      expect(await title.locator('.lang-fallback [aria-hidden="true"]').textContent()).toBe('románul');
      expect(await page.locator('.pillar-card h3 .lang-fallback').count()).toBe(0);
      await expectAccessible(page, `strategy overview in Hungarian (${viewport.width}px)`);
      expect(await fitsWidth(page)).toBe(true);
      await page.screenshot({ path: join(ROOT_DIR, 'docs', 'screenshots', `strategy-hu-fallback-${viewport.width}.png`) });
    }
  });

  it('a visitor goes from the home page to the PM2.5 indicator and reads its baseline and target (desktop and phone)', async (ctx) => {
    const j = journey(ctx);
    for (const viewport of DESKTOP_AND_PHONE) {
      const at = `${viewport.width}px`;
      const { page, context } = await j.newPage({ viewport });
      await page.goto('/');
      await page.getByRole('link', { name: 'Timișoara', exact: true }).click();
      await expect.poll(() => h1(page)).toContain('Timișoara');
      await page.getByRole('main').getByRole('link', { name: 'Strategia', exact: true }).click();
      await expect.poll(() => h1(page)).toContain('Strategia de Smart City');
      // The overview: vision, the ambitions as cards with progress in words and numbers, the charts.
      await expect.poll(() => page.getByText('TIMIȘOARA 2027', { exact: false }).count()).toBeGreaterThan(0);
      await expect.poll(() => page.locator('.pillar-card').count()).toBe(7);
      await expect.poll(() => page.locator('figure.chart canvas').count()).toBe(1); // projects by status
      // Timișoara's strategy gives no budget in euro: said in words rather than drawn as an empty chart.
      await expect.poll(() => page.getByText('Strategia nu dă bugete în euro').count()).toBe(1);
      await expectAccessible(page, `strategy overview (${at})`);
      expect(await fitsWidth(page), `overview fits ${at}`).toBe(true);

      await page.getByRole('link', { name: /^A5 Orașul durabil/ }).click();
      await expect.poll(() => h1(page)).toBe('A5. Orașul durabil');
      await expect.poll(() => page.getByRole('cell', { name: /22,04/ }).count()).toBeGreaterThan(0); // the status-quo table
      // The open actions the strategy counts per category, as printed (7 + 2 + 2 + 1 + 1).
      const openActions = page.getByRole('region', { name: 'Acțiuni deschise propuse în strategie' }).getByRole('table');
      await expect.poll(() => openActions.getByRole('row', { name: /Infrastructură și echipamente/ }).textContent()).toContain('7');
      await expect.poll(() => openActions.getByRole('row', { name: /Total/ }).textContent()).toContain('13');
      await expectAccessible(page, `ambition A5 (${at})`);
      expect(await fitsWidth(page), `ambition fits ${at}`).toBe(true);

      await page.getByRole('link', { name: /A5\.K1 .*PM 2,5/ }).first().click();
      await expect.poll(() => h1(page)).toContain('A5.K1');
      expect(page.url()).toContain('/timisoara/kpis/A5%2EK1');
      const summary = page.locator('.kpi-summary');
      await expect.poll(() => summary.locator('div').nth(0).textContent()).toContain('22,04 µg/m³ (2019)');
      await expect.poll(() => summary.locator('div').nth(1).textContent()).toContain('10 µg/m³ (2027)');
      // The chart: an image with a name, and its data (baseline as the first point at 2019, target 10).
      await expect.poll(() => page.getByRole('img', { name: /A5\.K1/ }).count()).toBe(1);
      await page.getByText('Arată datele').click();
      const chartRows = page.locator('figure.chart tbody tr');
      await expect.poll(() => chartRows.first().textContent()).toBe('201922.0410');
      await expect.poll(() => chartRows.last().textContent()).toContain('2027');
      // The table of values with their sources.
      const values = page.locator('section[aria-labelledby="kpi-values"] tbody');
      await expect.poll(() => values.locator('tr').first().textContent()).toContain('22,04');
      await expect.poll(() => values.locator('tr').first().textContent()).toContain('Particule în suspensie PM2,5');
      await expect.poll(() => values.locator('tr').last().textContent()).toContain('10 µg/m³');
      // Honest about where the data come from, and a CSV download.
      await expect.poll(() => page.getByText(/Automat: calculat din/).count()).toBe(1);
      const csvHref = await page.getByRole('link', { name: /CSV/ }).getAttribute('href');
      expect(csvHref).toBe('/api/v1/tenants/timisoara/kpis/A5.K1/measurements.csv');
      const csv = await context.request.get(csvHref!);
      expect(csv.status()).toBe(200);
      await expectAccessible(page, `KPI A5.K1 (${at})`);
      expect(await fitsWidth(page), `KPI page fits ${at}`).toBe(true);

      // The same indicator from the KPI list, and a direct link to the page works (codes have dots).
      await page.getByRole('navigation', { name: 'Paginile strategiei' }).getByRole('link', { name: 'Indicatori' }).click();
      await expect.poll(() => h1(page)).toBe('Indicatori');
      await page.getByLabel('Ambiția').selectOption('A5');
      await expect.poll(() => page.url()).toContain('ambition=A5');
      await expect.poll(() => page.locator('.item-list > li').count()).toBe(12);
      await expectAccessible(page, `KPI list (${at})`);
      await page.goto('/timisoara/kpis/A5%2EK1');
      await expect.poll(() => h1(page)).toContain('A5.K1');
      expectNoPageErrors(page);
      await context.close();
    }
  }, 180_000);

  it('staff change a project status with a timeline note (the public page shows both), compare revisions and add KPI values by hand and from CSV', async (ctx) => {
    const j = journey(ctx);
    const tenants = await j.server.services.tenants.list();
    const { password } = await j.server.services.users.createAdmin(tenants.filter((t) => t.slug === 'timisoara'), 'strategy-staff@example.org', 'Ana Staff');
    const { page, context } = await j.newPage();
    await signIn(page, { email: 'strategy-staff@example.org', password });
    await expect.poll(() => h1(page)).toBe('Contul meu');

    // A revision of the strategy as it is before the change, to compare with afterwards.
    await page.goto('/timisoara/strategy/admin');
    await expect.poll(() => h1(page)).toBe('Strategia: instrumente pentru personal');
    await page.getByLabel('Numele reviziei').fill('Înainte de actualizare');
    await page.getByRole('button', { name: 'Publicați o revizie' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('a fost publicată');
    await expect.poll(() => page.getByRole('rowheader', { name: /Înainte de actualizare/ }).count()).toBe(1);
    await expectAccessible(page, 'strategy staff tools');

    // An ambition's page carries the staff forms for it and its objectives.
    await page.goto('/timisoara/strategy/A5');
    await page.getByText('Modificați ambiția', { exact: true }).click();
    await expect.poll(() => page.getByLabel(/^Titlul în română/).first().inputValue()).toBe('Orașul durabil');
    await expectAccessible(page, 'ambition page with staff forms');

    // Find the project through the list and its search.
    await page.goto('/timisoara/projects');
    await expect.poll(() => h1(page)).toBe('Proiecte');
    await page.getByRole('searchbox', { name: 'Căutați în titluri' }).fill('date deschise');
    await page.getByRole('button', { name: 'Afișați' }).click();
    await expect.poll(() => page.url()).toContain('q=date+deschise');
    await expectAccessible(page, 'projects list (staff)');
    await page.getByRole('link', { name: /^A1\.P1 Plan de acțiune privind datele deschise/ }).first().click();
    await expect.poll(() => h1(page)).toContain('A1.P1');
    await expect.poll(() => page.locator('.project-status').textContent()).toContain('În derulare');

    // Following the project (notifications on change), then the status change itself.
    await page.getByRole('button', { name: 'Urmăriți acest proiect' }).click();
    await expect.poll(() => page.getByText('Urmăriți acest proiect: primiți o notificare').count()).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: 'Nu mai urmăriți' }).count()).toBe(1);
    await page.getByText('Schimbați stadiul', { exact: true }).first().click();
    const form = page.locator('form').filter({ has: page.getByLabel('Stadiul nou') });
    // A mistake first: the note is required, and the error is shown next to the field.
    await form.getByRole('button', { name: 'Schimbați stadiul' }).click();
    await expect.poll(() => form.locator('.field__error').count()).toBe(1);
    await expectAccessible(page, 'project page with the status form and an error');
    await form.getByLabel('Stadiul nou').selectOption('completed');
    const note = 'Planul de acțiune pentru date deschise a fost adoptat de Consiliul Local.';
    await form.getByLabel(/Ce s-a întâmplat/).fill(note);
    await form.getByRole('button', { name: 'Schimbați stadiul' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toContain('Stadiul a fost schimbat');
    await expect.poll(() => page.locator('.project-status').textContent()).toContain('Finalizat');
    await expect.poll(() => page.locator('.timeline').textContent()).toContain(note);
    expectNoPageErrors(page);
    const url = page.url();

    // The difference between the revision and the strategy now names the project and its new status.
    await page.goto('/timisoara/strategy/admin');
    await expect.poll(() => page.getByLabel('De la revizia').locator('option').count()).toBeGreaterThan(1);
    await page.getByLabel('De la revizia').selectOption({ label: (await page.getByLabel('De la revizia').locator('option').nth(1).textContent())! });
    await page.getByLabel('La revizia', { exact: true }).selectOption('current');
    await page.getByRole('button', { name: 'Arătați diferențele' }).click();
    const diff = page.locator('section[aria-labelledby="diff-title"]');
    await expect.poll(() => diff.textContent()).toContain('A1.P1');
    await expect.poll(() => diff.textContent()).toContain('completed');
    await expectAccessible(page, 'revision diff');

    // A measurement by hand, then one more from CSV, on a KPI entered by staff (CO2, baseline 626 ppm).
    await page.goto('/timisoara/kpis/A5%2EK2');
    await expect.poll(() => h1(page)).toContain('A5.K2');
    await page.getByText('Adăugați o măsurătoare', { exact: true }).first().click();
    const mform = page.locator('form').filter({ has: page.getByLabel(/^Valoare \(ppm\)/) });
    await mform.getByLabel('Data').fill('2024-12-31');
    await mform.getByLabel(/^Valoare/).fill('abc');
    await mform.getByRole('button', { name: 'Adăugați o măsurătoare' }).click();
    await expect.poll(() => mform.locator('.field__error').count()).toBe(1);
    await mform.getByLabel(/^Valoare/).fill('600');
    await mform.getByLabel('Sursa').fill('Stația de monitorizare TM-1');
    await mform.getByRole('button', { name: 'Adăugați o măsurătoare' }).click();
    await expect.poll(() => mform.getByRole('status').textContent()).toContain('Măsurătoarea a fost adăugată');
    const values = page.locator('section[aria-labelledby="kpi-values"] tbody');
    await expect.poll(() => values.textContent()).toContain('Stația de monitorizare TM-1');
    await expect.poll(() => page.locator('.kpi-summary').textContent()).toContain('600 ppm');
    await expectAccessible(page, 'KPI page with a measurement (staff)');

    await page.goto('/timisoara/strategy/admin');
    await page.getByLabel('Textul CSV').fill('kpi,date,value,source,note\nA5.K2,2025-06-30,580,Import CSV,\n');
    await page.getByRole('button', { name: 'Importați' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Au fost importate 1 valori');

    // A new project under an objective; its page opens from the confirmation.
    const pform = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Adăugați un proiect' }) });
    await pform.getByLabel(/^Cod/).fill('A5 P99');
    await pform.getByLabel('Titlul în română').fill('Perdele verzi pe școli');
    await pform.getByLabel('Face parte din').selectOption('A5.2');
    await pform.getByRole('button', { name: 'Adăugați un proiect' }).click();
    await expect.poll(() => pform.locator('.field__error').count()).toBe(1); // a space is not allowed in a code
    await pform.getByLabel(/^Cod/).fill('A5.P99');
    await pform.getByRole('button', { name: 'Adăugați un proiect' }).click();
    await pform.getByRole('link', { name: 'A5.P99' }).click();
    await expect.poll(() => h1(page)).toBe('A5.P99 Perdele verzi pe școli');
    await expect.poll(() => page.locator('.project-status').textContent()).toContain('Idee');
    await page.goto('/timisoara/kpis/A5%2EK2');
    await expect.poll(() => page.locator('.kpi-summary').textContent()).toContain('580 ppm');
    expectNoPageErrors(page);
    await context.close();

    // A visitor (a fresh, anonymous browser) opens the same address.
    const visitor = await j.newPage({ viewport: { width: 360, height: 740 } });
    await visitor.page.goto(url.replace(/^https?:\/\/[^/]+/, ''));
    await expect.poll(() => h1(visitor.page)).toContain('A1.P1');
    await expect.poll(() => visitor.page.locator('.project-status').textContent()).toContain('Finalizat');
    await expect.poll(() => visitor.page.locator('.timeline li').first().textContent()).toContain(note);
    await expect.poll(() => visitor.page.getByRole('link', { name: 'Intrați în cont ca să urmăriți acest proiect' }).count()).toBe(1);
    expect(await visitor.page.locator('.staff-panel').count()).toBe(0);
    await expectAccessible(visitor.page, 'public project page (360px)');
    expect(await fitsWidth(visitor.page)).toBe(true);
    expectNoPageErrors(visitor.page);
    await visitor.context.close();
  }, 180_000);
});
