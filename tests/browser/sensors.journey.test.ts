/**
 * Sensors journeys (issue 6): a visitor opens the air-quality map, opens a sensor and sees its 30-day chart
 * (desktop and phone); staff create an alert rule, a follower of the area is notified when a simulated
 * pollution episode raises it, and the public history shows it.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/core/version.js';
import { ingestKey } from '../helpers/app.js';
import { DESKTOP_AND_PHONE, expectAccessible, expectNoPageErrors, fitsWidth, h1, signIn, useJourney } from '../helpers/browser.js';


describe('sensors journeys', () => {
  const journey = useJourney({ demo: true });

  it('a visitor opens the air-quality map, a sensor, and its 30-day chart (desktop and phone)', async (ctx) => {
    const j = journey(ctx);
    for (const viewport of DESKTOP_AND_PHONE) {
      const at = `${viewport.width}px`;
      const { page, context } = await j.newPage({ viewport });
      await page.goto('/timisoara');
      await page.getByRole('link', { name: 'Calitatea aerului', exact: true }).first().click();
      await expect.poll(() => h1(page)).toBe('Calitatea aerului');
      await expect.poll(() => page.getByRole('region', { name: 'Harta senzorilor de calitate a aerului' }).count()).toBe(1);
      // the list next to the map: the 55 demo sensors, each with its band in words
      const rows = page.locator('table.aq-table tbody tr');
      await expect.poll(() => rows.count()).toBe(55);
      await expect.poll(() => rows.first().locator('.aq-band').textContent()).toMatch(/Bună|Acceptabilă|Moderată|Slabă|Foarte slabă|Extrem de slabă/);
      await expect.poll(() => page.locator('.leaflet-interactive').count()).toBeGreaterThanOrEqual(55);
      await expectAccessible(page, `air-quality map (${at})`);
      expect(await fitsWidth(page), `map page fits ${at}`).toBe(true);

      await rows.first().getByRole('link').click();
      await expect.poll(() => page.url()).toMatch(/\/timisoara\/air\/sensors\/\d+$/);
      await expect.poll(() => page.getByRole('img', { name: /ultimele 30 de zile/ }).count()).toBe(1);
      await expect.poll(() => page.getByRole('img', { name: /ultimele 24 de ore/ }).count()).toBe(1);
      // 30 daily means, with the WHO and EU lines in its data table
      const month = page.locator('figure.chart').filter({ hasText: 'ultimele 30 de zile' });
      await month.getByText('Arată datele').click();
      await expect.poll(() => month.locator('tbody tr').count()).toBeGreaterThanOrEqual(30);
      await expect.poll(() => month.locator('thead').textContent()).toContain('Limita UE pe 24 h');
      // checked with the data table open: it scrolls sideways on a phone and must be keyboard-reachable
      await expectAccessible(page, `sensor page with the data table open (${at})`);
      expect(await fitsWidth(page), `sensor page fits ${at}`).toBe(true);
      expectNoPageErrors(page);
      await context.close();
    }
  });

  it('staff create an alert rule; a simulated episode raises it and a follower of the area is notified', async (ctx) => {
    const j = journey(ctx);
    const tenants = await j.server.services.tenants.list();
    const tm = tenants.find((t) => t.slug === 'timisoara')!;

    // a citizen follows Cetate from the map page
    await j.server.services.users.register({ email: 'air-follower@example.org', password: 'a long enough password', displayName: 'Ioana', locale: 'ro' });
    const citizen = await j.newPage();
    await signIn(citizen.page, { email: 'air-follower@example.org', password: 'a long enough password' });
    await expect.poll(() => h1(citizen.page)).toBe('Contul meu');
    await citizen.page.goto('/timisoara/air');
    await citizen.page.getByRole('button', { name: 'Primesc alertele pentru Cetate' }).click();
    await expect.poll(() => citizen.page.getByRole('button', { name: 'Nu mai urmăresc Cetate' }).count()).toBe(1);

    // staff create the rule on the alerts page
    const { password } = await j.server.services.users.createAdmin([tm], 'air-staff@example.org', 'Dan Staff');
    const { page } = await j.newPage();
    await signIn(page, { email: 'air-staff@example.org', password });
    await expect.poll(() => h1(page)).toBe('Contul meu');
    await page.goto('/timisoara/air/alerts');
    await expect.poll(() => h1(page)).toBe('Alerte de poluare');
    await page.getByLabel('Ce se măsoară').selectOption('pm25');
    await page.getByLabel('Pragul de alertă').fill('100');
    await page.getByLabel('Durata minimă (minute)').fill('0');
    await page.getByLabel('Cartier', { exact: true }).fill('Cetate');
    await page.getByRole('button', { name: 'Creează regula' }).click();
    await expect.poll(() => page.getByText('Regula a fost creată.').count()).toBe(1);
    await expect.poll(() => page.getByText(/peste 100 timp de 0 minute în Cetate/).count()).toBe(1);
    await expectAccessible(page, 'alerts page (staff)');

    // the citizen also follows the PM2.5 alert type city-wide (an alert in Cetate still reaches them once)
    await citizen.page.goto('/timisoara/air/alerts');
    const pm25Card = citizen.page.getByRole('listitem').filter({ has: citizen.page.getByRole('heading', { name: 'Alerte: Particule fine PM2.5' }) });
    await pm25Card.getByRole('button', { name: 'Urmărește' }).click();
    await expect.poll(() => pm25Card.getByRole('button', { name: 'Nu mai urmări' }).count()).toBe(1);
    await expectAccessible(citizen.page, 'alerts page (citizen following an alert type)');
    await citizen.page.screenshot({ path: join(ROOT_DIR, 'docs', 'screenshots', 'air-alerts-follow-1280.png'), fullPage: true });
    await citizen.page.setViewportSize({ width: 360, height: 740 });
    expect(await fitsWidth(citizen.page)).toBe(true);
    await citizen.page.screenshot({ path: join(ROOT_DIR, 'docs', 'screenshots', 'air-alerts-follow-360.png'), fullPage: true });

    // the episode: a gateway with an ingest key sends high PM2.5 from the sensors in Cetate
    const secret = await ingestKey(j.server, 'timisoara', 'episode');
    const sensors = (await (await citizen.context.request.get('/api/v1/tenants/timisoara/sensors')).json()) as { items: { id: number; area: string; latest: { property: string; datastream: number }[] }[] };
    const cetate = sensors.items.filter((s) => s.area === 'Cetate');
    const time = new Date().toISOString();
    const res = await citizen.context.request.post('/api/v1/tenants/timisoara/observations', {
      headers: { 'x-api-key': secret },
      data: { observations: cetate.map((s) => ({ datastream: s.latest.find((l) => l.property === 'pm25')!.datastream, time, value: 140 })) },
    });
    expect(res.status()).toBe(200);

    // the follower is notified, and the public history shows the alert
    const inbox = async () => ((await (await citizen.context.request.get('/api/v1/me/notifications')).json()) as { items: { subject: string }[] }).items;
    await expect.poll(async () => (await inbox()).filter((n) => n.subject.startsWith('Alertă calitatea aerului')).length).toBe(cetate.length);
    const visitor = await j.newPage();
    await visitor.page.goto('/timisoara/air/alerts');
    await expect.poll(() => visitor.page.getByText('În desfășurare').count()).toBe(cetate.length);
    await expectAccessible(visitor.page, 'alert history (public)');
    expectNoPageErrors(visitor.page);
    expectNoPageErrors(page);
  });
});
