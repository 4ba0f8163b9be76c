/**
 * Directory journeys (issue 16), desktop and phone, each page checked with axe: a start-up registers its
 * organisation and claims an open action, staff accept it and the public open action shows it; a coordinator
 * schedules a meeting, a citizen registers and subscribes to the group's calendar, the coordinator approves
 * the minutes; a visitor filters the resource map to EV chargers and abandoned spaces.
 */
import ICAL from 'ical.js';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../src/core/actor.js';
import { pdfFile } from '../../src/modules/directory/directory.test-helpers.js';
import { expectAccessible, expectNoPageErrors, fitsWidth, h1, type Journey, journeyPerson, signIn, startJourney } from '../helpers/browser.js';

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };

describe('directory journeys', () => {
  let j: Journey | undefined;
  beforeAll(async () => {
    j = await startJourney({ demo: true });
    if (!j) return;
    const tm = await j.server.services.tenants.bySlug('timisoara');
    await j.server.modules.strategy!.createProject(SYSTEM, tm, { code: 'A3.OA1', kind: 'open_action', title: { ro: 'Hartă a spațiilor de coworking' }, parent: 'A3', category: 'platform', status: 'idea', priority: null, budget: { amount: null, currency: 'EUR', basis: 'unknown' }, fundingSources: [] });
    // a disused space offered by the city (the OSM extract has none)
    await j.server.modules.directory!.places.add(SYSTEM, tm, { kind: 'disused_space', name: 'Hala din Iosefin', lat: 45.7486, lon: 21.2091, details: { owner: 'Primăria Timișoara', surface: 800, conditions: 'Folosință temporară, 6 luni' } });
  }, 240_000);
  afterAll(async () => {
    await j?.close();
  });

  it('a start-up registers its organisation and claims an open action; staff accept; the public open action shows it', async (ctx) => {
    if (!j) return ctx.skip();
    const founder = await journeyPerson(j, 'founder@nodverde.example.org', 'Irina Founder');
    const staff = await journeyPerson(j, 'staff-dir@example.org', 'Dan Staff', { roles: ['staff'] });
    const { page, context } = await j.newPage({ viewport: DESKTOP });
    await signIn(page, founder);
    await page.goto('/timisoara/organisations');
    await expect.poll(() => h1(page)).toBe('Organizații și registrul ONG');
    await expectAccessible(page, 'organisations (desktop)');
    await page.getByRole('link', { name: 'Înscrieți-vă organizația' }).click();
    await expect.poll(() => h1(page)).toBe('Înscrieți-vă organizația');
    await page.getByLabel('Denumire').fill('Nod Verde SRL');
    await page.getByLabel('Adresa (sediul)').fill('Piața Victoriei 1');
    await page.getByLabel('Emailul de contact al organizației').fill('salut@nodverde.example.org');
    await page.getByLabel('Cod fiscal (CUI)').fill('14756535'); // a wrong control digit
    await page.getByRole('button', { name: 'Înscrie' }).click();
    await expect.poll(() => page.locator('.field__error').textContent()).toContain('control digit');
    await expectAccessible(page, 'register form with an error');
    await page.getByLabel('Cod fiscal (CUI)').fill('RO14756536');
    await page.getByRole('button', { name: 'Înscrie' }).click();
    await expect.poll(() => h1(page)).toBe('Nod Verde SRL');
    await expect.poll(() => page.getByText('neverificată încă').count()).toBe(1);
    await page.getByLabel('Codul acțiunii deschise sau al proiectului').fill('A3.OA1');
    await page.getByLabel('Planul dumneavoastră, pe scurt').fill('Cartografiem spațiile de coworking și publicăm datele deschise în trei luni.');
    await page.getByRole('button', { name: 'Trimite propunerea' }).click();
    await expect.poll(() => page.getByRole('status').allTextContents()).toContain('Trimis. Primăria va răspunde.');
    await expectAccessible(page, 'organisation page with a claim');
    // its admin uploads the logo (checked and re-encoded by the server) and links the organisation to ambition A3
    await page.getByLabel('Imaginea siglei').setInputFiles({ name: 'sigla.png', mimeType: 'image/png', buffer: await sharp({ create: { width: 600, height: 300, channels: 3, background: '#1a7f37' } }).png().toBuffer() });
    await page.getByRole('button', { name: 'Încărcați sigla' }).click();
    await expect.poll(() => page.getByRole('status').allTextContents()).toContain('Sigla a fost salvată.');
    await expect.poll(() => page.getByRole('img', { name: 'Sigla Nod Verde SRL' }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(512);
    await page.getByRole('checkbox', { name: /^A3 / }).check();
    await page.getByRole('button', { name: 'Salvați' }).click();
    await expect.poll(() => page.getByRole('status').allTextContents()).toContain('Modificările au fost salvate.');
    await expectAccessible(page, 'organisation page, logo and ambitions');
    const orgUrl = page.url();
    expectNoPageErrors(page);
    await context.close();

    const s = await j.newPage({ viewport: PHONE });
    await signIn(s.page, staff);
    await s.page.goto(orgUrl);
    await expect.poll(() => h1(s.page)).toBe('Nod Verde SRL');
    await s.page.getByRole('button', { name: 'Verifică organizația' }).click();
    await expect.poll(() => s.page.getByText('verificată de primărie').count()).toBe(1);
    await s.page.getByRole('button', { name: 'Acceptă' }).click();
    await expect.poll(() => s.page.locator('.dir-claims').textContent()).toContain('acceptată');
    await expectAccessible(s.page, 'organisation page, staff (phone)');
    expect(await fitsWidth(s.page)).toBe(true);
    await s.context.close();

    for (const viewport of [DESKTOP, PHONE]) {
      const v = await j.newPage({ viewport });
      await v.page.goto('/timisoara/projects/A3.OA1');
      await expect.poll(() => h1(v.page)).toContain('Hartă a spațiilor de coworking');
      await expect.poll(() => v.page.getByText(/Preluată de Nod Verde SRL/).count()).toBeGreaterThan(0);
      await expectAccessible(v.page, `open action (${viewport.width}px)`);
      await v.context.close();
    }
  }, 240_000);

  it('a coordinator schedules a meeting, a citizen registers and subscribes to the group calendar, the coordinator approves the minutes', async (ctx) => {
    if (!j) return ctx.skip();
    const tm = await j.server.services.tenants.bySlug('timisoara');
    await journeyPerson(j, 'coord@example.org', 'Carmen Coordonatoare');
    const coordId = (await j.server.database.db.selectFrom('users').select('id').where('email', '=', 'coord@example.org').executeTakeFirstOrThrow()).id;
    const dir = j.server.modules.directory!;
    const coordActor = { kind: 'user', sessionId: 'x', csrfToken: 'x', user: { id: coordId, email: 'coord@example.org', displayName: 'Carmen', locale: 'ro', emailVerified: true, roles: new Map() } } as const;
    const req = await dir.groups.requestToJoin(coordActor as never, tm, 'grup-actiune-a3', { public: true });
    await dir.groups.updateMember(SYSTEM, tm, 'grup-actiune-a3', req.id, { status: 'active', position: 'coordinator' });
    const coord = { email: 'coord@example.org', password: 'a long enough password' };
    const citizen = await journeyPerson(j, 'cetatean@example.org', 'Radu Cetățean');

    const c = await j.newPage({ viewport: DESKTOP });
    await signIn(c.page, coord);
    await c.page.goto('/timisoara/groups/grup-actiune-a3');
    await expect.poll(() => h1(c.page)).toBe('Grupul de acțiune A3 – Ecosistem vibrant de inovare');
    await c.page.getByLabel('Titlu').fill('Ședința de lansare');
    await c.page.getByLabel('Data').fill('2027-05-12');
    await c.page.getByLabel('Începe la (ora Timișoarei)').fill('18:00');
    await c.page.getByLabel('Se termină la').fill('20:00');
    await c.page.getByLabel('Locul').fill('Piața Victoriei 1');
    await c.page.getByRole('button', { name: 'Programează' }).click();
    await expect.poll(() => c.page.getByRole('status').allTextContents()).toContain('Ședința este programată; membrii au fost anunțați.');
    await expectAccessible(c.page, 'group page, coordinator');
    await expect.poll(() => c.page.getByRole('link', { name: 'Ședința de lansare' }).count()).toBe(1);
    const meetingUrl = new URL((await c.page.getByRole('link', { name: 'Ședința de lansare' }).getAttribute('href'))!, j.server.url).toString();

    for (const viewport of [PHONE]) {
      const p = await j.newPage({ viewport });
      await signIn(p.page, citizen);
      await p.page.goto('/timisoara/groups/grup-actiune-a3');
      await p.page.getByRole('link', { name: 'Ședința de lansare' }).click();
      await expect.poll(() => h1(p.page)).toBe('Ședința de lansare');
      await expect.poll(() => p.page.locator('.dir-facts').textContent()).toContain('18:00');
      await p.page.getByRole('button', { name: 'Înscrie-mă' }).click();
      await expect.poll(() => p.page.getByRole('status').allTextContents()).toContain('Sunteți înscris.');
      await expectAccessible(p.page, 'meeting page, registered (phone)');
      expect(await fitsWidth(p.page)).toBe(true);
      // subscribe to the group's calendar: the feed link gives a calendar with the meeting in Timișoara time
      await p.page.goto('/timisoara/groups/grup-actiune-a3');
      const href = await p.page.getByRole('link', { name: 'Abonare la calendar (.ics)' }).getAttribute('href');
      const res = await p.page.request.get(href!);
      expect(res.headers()['content-type']).toBe('text/calendar; charset=utf-8');
      const cal = new ICAL.Component(ICAL.parse(await res.text()));
      const ev = cal.getAllSubcomponents('vevent').map((x) => new ICAL.Event(x)).find((e) => e.summary.endsWith('Ședința de lansare'))!;
      expect(ev.startDate.toString()).toBe('2027-05-12T18:00:00');
      expect(ev.startDate.zone?.tzid).toBe('Europe/Bucharest');
      await expectAccessible(p.page, 'group page (phone)');
      expectNoPageErrors(p.page);
      await p.context.close();
    }

    await c.page.goto(meetingUrl);
    await expect.poll(() => h1(c.page)).toBe('Ședința de lansare');
    // the coordinator uploads the terms of reference (a PDF, checked by content); anyone can download it
    await c.page.getByLabel('Fișierul').setInputFiles({ name: 'termeni.pdf', mimeType: 'application/pdf', buffer: pdfFile('Termeni de referinta') });
    await c.page.getByLabel('Titlul (opțional)').fill('Termenii de referință');
    await c.page.getByRole('button', { name: 'Încărcați', exact: true }).click();
    await expect.poll(() => c.page.getByRole('status').allTextContents()).toContain('Documentul a fost adăugat.');
    const doc = await c.page.request.get((await c.page.getByRole('link', { name: 'Termenii de referință' }).getAttribute('href'))!);
    expect([doc.status(), doc.headers()['content-type']]).toEqual([200, 'application/pdf']);
    await expectAccessible(c.page, 'meeting page, a document uploaded');
    await c.page.getByLabel('Textul procesului-verbal').fill('S-au stabilit termenii de referință pentru harta coworking.');
    await c.page.getByRole('button', { name: 'Salvează o versiune nouă' }).click();
    await expect.poll(() => c.page.locator('.dir-minutes').textContent()).toContain('Ciornă');
    await c.page.getByRole('button', { name: 'Aprobă procesul-verbal' }).click();
    await expect.poll(() => c.page.locator('.dir-minutes').textContent()).toContain('Aprobat');
    await expect.poll(() => c.page.getByRole('button', { name: 'Salvează o versiune nouă' }).count()).toBe(0);
    await expectAccessible(c.page, 'meeting page, minutes approved');
    // the meeting is in the city's calendar (list and map views)
    await c.page.goto('/timisoara/calendar');
    await expect.poll(() => c.page.locator('.dir-list').textContent()).toContain('Ședința de lansare');
    await c.page.getByLabel('Ambiție / obiectiv').selectOption('A3');
    await expect.poll(() => c.page.locator('.dir-list li').count()).toBe(1);
    // by place: an address typed in (diacritics and case do not matter), then a place of the resource map far from it
    await c.page.getByRole('combobox', { name: 'Loc sau adresă' }).fill('piata victoriei');
    await c.page.getByRole('button', { name: 'Filtrați' }).click();
    await expect.poll(() => c.page.locator('.dir-list').textContent()).toContain('Ședința de lansare');
    await c.page.getByRole('combobox', { name: 'Loc sau adresă' }).fill('Hala din Iosefin');
    await c.page.getByRole('button', { name: 'Filtrați' }).click();
    await expect.poll(() => c.page.locator('.dir-list li').count()).toBe(0);
    await expectAccessible(c.page, 'calendar filtered by place');
    await c.page.getByRole('button', { name: 'Toate locurile' }).click();
    await expect.poll(() => c.page.locator('.dir-list li').count()).toBe(1);
    await c.page.getByRole('button', { name: 'Hartă' }).click();
    await expect.poll(() => c.page.locator('.leaflet-container').count()).toBe(1);
    await expectAccessible(c.page, 'calendar, map view');
    expectNoPageErrors(c.page);
    await c.context.close();
  }, 240_000);

  it('a visitor filters the resource map to EV chargers and abandoned spaces (desktop and phone)', async (ctx) => {
    if (!j) return ctx.skip();
    for (const viewport of [DESKTOP, PHONE]) {
      const { page, context } = await j.newPage({ viewport });
      await page.goto('/timisoara/map');
      await expect.poll(() => h1(page)).toBe('Harta resurselor');
      await expect.poll(() => page.locator('.dir-places li').count()).toBeGreaterThan(40);
      for (const name of ['Spații de coworking', 'Makerspace-uri și hackerspace-uri', 'Incubatoare și acceleratoare']) await page.getByRole('checkbox', { name }).uncheck();
      await expect.poll(async () => [...new Set(await page.locator('.dir-places li').allTextContents())].every((x) => /Stații de încărcare EV|Spații dezafectate/.test(x))).toBe(true);
      await expect.poll(() => page.getByText('Hala din Iosefin').count()).toBe(1);
      await expect.poll(() => page.locator('.leaflet-interactive').count()).toBeGreaterThan(40);
      await expect.poll(() => page.getByText('© OpenStreetMap contributors, ODbL 1.0').count()).toBe(1);
      await expectAccessible(page, `resource map (${viewport.width}px)`);
      expect(await fitsWidth(page)).toBe(true);
      expectNoPageErrors(page);
      await context.close();
    }
  }, 180_000);
});
