/**
 * Participation journeys (issue 4): a citizen answers a consultation and sees the results; a citizen
 * proposes an idea, another supports and comments it, staff answer it and turn it into an open action; a
 * citizen votes a participatory budget under each of the three voting rules and cannot vote twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, expectNoPageErrors, fitsWidth, h1, type Journey, journeyPerson, signIn, startJourney } from '../helpers/browser.js';

const PHONE = { width: 360, height: 740 };

describe('participation journeys', () => {
  let j: Journey | undefined;
  beforeAll(async () => {
    j = await startJourney({ demo: true });
  });
  afterAll(async () => {
    await j?.close();
  });



  it('a citizen answers a consultation on a phone and sees the results; the reconstructed 2021 consultation shows 77 / 22 / 1 %', async (ctx) => {
    if (!j) return ctx.skip();
    const who = await journeyPerson(j, 'maria@example.org', 'Maria');
    const { page } = await j.newPage({ viewport: PHONE });
    await signIn(page, who);
    await page.goto('/timisoara/participation');
    await expect.poll(() => h1(page)).toBe('Participare');
    await expectAccessible(page, 'participation home (phone)');
    await page.getByRole('link', { name: 'Parcuri și spații verzi' }).click();
    await expect.poll(() => h1(page)).toBe('Parcuri și spații verzi');

    // A required question left empty: the server names it, nothing is stored.
    await page.getByRole('button', { name: 'Trimiteți răspunsurile' }).click();
    await expect.poll(() => page.getByRole('alert').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('this question needs an answer').count()).toBeGreaterThan(0);

    await page.getByRole('group', { name: /Cât de des mergeți în parc/ }).getByLabel('Rar').check();
    // Conditional question: shown only for "Rar".
    await page.getByLabel('De ce mergeți rar?').fill('Nu am timp');
    await page.getByRole('group', { name: /Ce faceți în parc/ }).getByLabel('Mă plimb').check();
    await page.getByRole('group', { name: /Cât de mulțumit/ }).getByLabel('7', { exact: true }).check();
    await page.getByLabel('Umbră').selectOption('1');
    await page.getByLabel('Mai mulți arbori').fill('3');
    await page.getByLabel('Locuri de joacă').fill('2');
    await expectAccessible(page, 'consultation form (phone)');
    expect(await fitsWidth(page)).toBe(true);
    await page.getByRole('button', { name: 'Trimiteți răspunsurile' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Mulțumim');
    await page.getByRole('status').getByRole('link', { name: 'Vedeți rezultatele' }).click();
    await expect.poll(() => h1(page)).toBe('Rezultate: Parcuri și spații verzi');
    await expect.poll(() => page.getByText('Participanți: 1').count()).toBe(1);
    await expect.poll(() => page.getByText('Media: 7').count()).toBe(1);
    await expectAccessible(page, 'consultation results (phone)');
    expect(await fitsWidth(page)).toBe(true);

    // Answering twice is refused (the form is gone; the API answers 409).
    await page.goto('/timisoara/surveys/parcuri-si-spatii-verzi');
    await expect.poll(() => page.getByText(/Ați răspuns deja la această consultare/).count()).toBe(1);

    await page.goto('/timisoara/surveys/consultare-smart-city-2021/results');
    await expect.poll(() => page.getByText('Participanți: 305').count()).toBe(1);
    await expect.poll(() => page.getByText(/reconstituite din procentele publicate/).count()).toBeGreaterThan(0);
    const necessity = page.locator('section[aria-labelledby="r-necesitate"] table.pp-options tbody tr');
    await expect.poll(() => necessity.allTextContents()).toEqual(['Extrem de necesară23577 %', 'Necesară6722 %', 'Inutilă31 %']);
    await expectAccessible(page, 'reconstructed consultation results (phone)');
    expectNoPageErrors(page);
  });

  it('an anonymous visitor on a phone answers an anonymous consultation once per browser, told plainly that another browser could answer again', async (ctx) => {
    if (!j) return ctx.skip();
    const tm = await j.server.services.tenants.bySlug('timisoara');
    const ml = (ro: string) => ({ ro });
    await j.server.modules.participation!.createSurvey({ kind: 'system' }, tm, {
      slug: 'piata-anonima',
      title: ml('Piața din cartier'),
      description: ml('Fără cont, un răspuns pe browser.'),
      audience: 'anyone',
      anonymous: true,
      status: 'open',
      attributes: [{ key: 'varsta', label: ml('Vârsta'), required: false, options: [{ key: 'sub-30', label: ml('sub 30 de ani') }, { key: 'peste-30', label: ml('30 de ani sau mai mult') }] }],
      questions: [{ key: 'q1', type: 'single', required: true, title: ml('Mergeți la piață?'), options: [{ key: 'da', label: ml('Da') }, { key: 'nu', label: ml('Nu') }] }],
    });
    const { page } = await j.newPage({ viewport: PHONE });
    await page.goto('/timisoara/surveys/piata-anonima');
    await expect.poll(() => h1(page)).toBe('Piața din cartier');
    await expect.poll(() => page.locator('.pp-once').textContent()).toContain('se recunoaște după acest browser');
    await expect.poll(() => page.locator('.pp-once').textContent()).toContain('cine folosește alt browser poate răspunde din nou');
    await page.getByRole('group', { name: /Vârsta/ }).getByLabel('sub 30 de ani').check();
    await page.getByRole('group', { name: /Mergeți la piață/ }).getByLabel('Da').check();
    await expectAccessible(page, 'anonymous consultation (phone)');
    await page.getByRole('button', { name: 'Trimiteți răspunsurile' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Mulțumim');
    await page.reload();
    await expect.poll(() => page.getByText(/Ați răspuns deja la această consultare/).count()).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: 'Trimiteți răspunsurile' }).count()).toBe(0);
    expectNoPageErrors(page);
  });

  it('a citizen proposes an idea, another supports and comments it, staff answer it and turn it into an open action', async (ctx) => {
    if (!j) return ctx.skip();
    const ana = await journeyPerson(j, 'ana@example.org', 'Ana');
    const ion = await journeyPerson(j, 'ion@example.org', 'Ion');
    const staff = await journeyPerson(j, 'staff@example.org', 'Personal primărie', { roles: ['staff'] });

    const a = await j.newPage();
    await signIn(a.page, ana);
    await a.page.goto('/timisoara/proposals');
    await expect.poll(() => h1(a.page)).toBe('Propuneri');
    await a.page.getByLabel('Titlul propunerii').fill('Fântâni de apă potabilă în parcuri');
    await a.page.getByLabel('Descrierea').fill('Vara este foarte cald; fântâni cu apă potabilă în fiecare parc mare.');
    await expectAccessible(a.page, 'proposals page');
    await a.page.getByRole('button', { name: 'Trimiteți propunerea' }).click();
    await expect.poll(() => h1(a.page)).toBe('Fântâni de apă potabilă în parcuri');
    const url = a.page.url();
    await a.context.close();

    const b = await j.newPage({ viewport: PHONE });
    await signIn(b.page, ion);
    await b.page.goto('/timisoara/proposals');
    // Similar-proposal hint while typing.
    await b.page.getByLabel('Titlul propunerii').fill('Fântâni cu apă în parcuri');
    await expect.poll(() => b.page.getByText('Există deja propuneri asemănătoare', { exact: false }).count()).toBe(1);
    await b.page.goto(url);
    await b.page.getByRole('button', { name: 'Susțin această propunere' }).click();
    await expect.poll(() => b.page.getByText('Susțineri: 1').count()).toBe(1);
    await expect.poll(() => b.page.getByText('Susțineți această propunere.').count()).toBe(1);
    await b.page.getByLabel('Comentariul dumneavoastră').fill('Foarte bună idee, mai ales lângă locurile de joacă.');
    await b.page.getByRole('button', { name: 'Trimiteți' }).click();
    await expect.poll(() => b.page.getByText('Comentarii (1)').count()).toBe(1);
    await expectAccessible(b.page, 'proposal page with a comment (phone)');
    expect(await fitsWidth(b.page)).toBe(true);
    await b.context.close();

    const s = await j.newPage();
    await signIn(s.page, staff);
    await s.page.goto(url);
    await s.page.getByLabel('Starea propunerii').selectOption('accepted');
    await s.page.getByLabel('Textul răspunsului').fill('Propunerea este acceptată și va fi preluată ca acțiune deschisă.');
    await s.page.getByRole('button', { name: 'Publicați răspunsul' }).click();
    await expect.poll(() => s.page.getByText('Răspunsul oficial al primăriei').count()).toBe(1);
    await expect.poll(() => s.page.locator('.pp-state').textContent()).toContain('acceptată');
    await expectAccessible(s.page, 'proposal page (staff)');
    // Moderation: staff hide a comment with a public reason (the original is kept for audit).
    await s.page.getByRole('button', { name: 'Ascundeți (moderator)' }).click();
    await s.page.getByLabel('Motivul ascunderii (va fi afișat public)').fill('Test de moderare');
    await s.page.locator('.pp-comment__actions form').getByRole('button', { name: 'Trimiteți' }).click();
    await expect.poll(() => s.page.getByText('Comentariu ascuns de moderator: Test de moderare').count()).toBe(1);
    await s.page.getByLabel('Codul acțiunii').fill('A2.OA-APA');
    await s.page.getByLabel('Ambiția sau obiectivul (cod)').fill('A2');
    await s.page.getByRole('button', { name: 'Creați acțiunea deschisă' }).click();
    await expect.poll(() => s.page.getByRole('link', { name: 'A2.OA-APA' }).count()).toBe(1);
    await s.page.getByRole('link', { name: 'A2.OA-APA' }).click();
    await expect.poll(() => h1(s.page)).toContain('A2.OA-APA');
    expectNoPageErrors(s.page);
  });

  it('a citizen votes a participatory budget under each of the three rules, with the running total, and cannot vote twice', async (ctx) => {
    if (!j) return ctx.skip();
    const who = await journeyPerson(j, 'vot@example.org', 'Votant');
    const { page, context } = await j.newPage({ viewport: PHONE });
    await signIn(page, who);

    const choose = (name: RegExp) => page.getByRole('checkbox', { name }).check();
    const running = () => page.locator('.pp-running').textContent();

    // 1. Share of the budget: at least 50 % of 600.000 lei, never more.
    await page.goto('/timisoara/budgets/buget-2026-prag');
    await expect.poll(() => h1(page)).toContain('prag din buget');
    await choose(/Cursuri digitale/);
    await expect.poll(running).toContain('100.000');
    await expect.poll(() => page.getByRole('button', { name: /Votez/ }).isDisabled()).toBe(true);
    await expect.poll(() => page.getByText('nu ați ajuns la pragul minim').count()).toBe(1);
    await choose(/Loc de joacă accesibil/);
    await expect.poll(running).toContain('500.000');
    await expectAccessible(page, 'ballot, share of budget (phone)');
    expect(await fitsWidth(page)).toBe(true);
    await page.getByRole('button', { name: /Votez/ }).click();
    await expect.poll(() => page.getByText('Votul dumneavoastră a fost înregistrat și este definitiv.').count()).toBe(1);
    await expect.poll(() => page.getByRole('checkbox', { name: /Bănci și umbră/ }).isDisabled()).toBe(true);

    // Cannot vote twice: the server refuses a changed ballot after checkout.
    const csrf = (await (await context.request.get('/api/v1/auth/me')).json()).csrfToken as string;
    const again = await context.request.put('/api/v1/tenants/timisoara/budgets/buget-2026-prag/ballot', { data: { projectIds: [] }, headers: { 'x-csrf-token': csrf } });
    expect(again.status()).toBe(409);

    // 2. Minimum number of projects (2), within the budget.
    await page.goto('/timisoara/budgets/buget-2026-minim');
    await choose(/Parcare pentru biciclete/);
    await expect.poll(() => page.getByText('sunt prea puține').count()).toBe(1);
    await choose(/Senzori de calitatea aerului/);
    await expect.poll(running).toContain('450.000');
    await page.getByRole('button', { name: /Votez/ }).click();
    await expect.poll(() => page.getByText('Votul dumneavoastră a fost înregistrat și este definitiv.').count()).toBe(1);

    // 3. Select between 1 and 2 projects (budget ignored); a third is refused.
    await page.goto('/timisoara/budgets/buget-2026-selectie');
    await choose(/Loc de joacă accesibil/);
    await choose(/Senzori de calitatea aerului/);
    await expect.poll(running).toContain('Proiecte alese: 2 din 2');
    await page.getByRole('checkbox', { name: /Cursuri digitale/ }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('choose at most 2');
    await expectAccessible(page, 'ballot, select projects (phone)');
    await page.getByRole('button', { name: /Votez/ }).click();
    await expect.poll(() => page.getByText('Votul dumneavoastră a fost înregistrat și este definitiv.').count()).toBe(1);

    await page.getByRole('link', { name: 'Vedeți rezultatele' }).click();
    await expect.poll(() => page.getByText('Voturi exprimate: 1').count()).toBe(1);
    await expectAccessible(page, 'budget results (phone)');
    expectNoPageErrors(page);
  });

  it('a strategy project page lists the processes linked to it, and the process page links back to the project', async (ctx) => {
    if (!j) return ctx.skip();
    const { page } = await j.newPage({ viewport: PHONE });
    await page.goto('/timisoara/projects/A1%2EP1');
    await expect.poll(() => h1(page)).toContain('A1.P1');
    const linked = page.locator('section[aria-labelledby="pr-processes"]');
    await expect.poll(() => linked.getByRole('link').allTextContents()).toEqual(['Ce date deschise vreți să publice primăria?']);
    await expectAccessible(page, 'strategy project page with linked processes (phone)');
    await linked.getByRole('link', { name: 'Ce date deschise vreți să publice primăria?' }).click();
    await expect.poll(() => h1(page)).toBe('Ce date deschise vreți să publice primăria?');
    await expect.poll(() => page.getByText('etapa de acum').count()).toBe(1);
    await expectAccessible(page, 'process page (phone)');
    expect(await fitsWidth(page)).toBe(true);
    await page.getByRole('link', { name: 'Proiectul A1.P1' }).click();
    await expect.poll(() => h1(page)).toContain('A1.P1');
    // A project without linked processes says so.
    await page.goto('/timisoara/projects/A5%2EP1');
    await expect.poll(() => page.getByText('Niciun proces participativ nu este legat de acest proiect.').count()).toBe(1);
    expectNoPageErrors(page);
  });

  it('staff build a consultation with the builder (choice, scale, conditional question, an attribute), fix the field the server names, open it; a citizen on a phone answers with the attribute; the results filter by it', async (ctx) => {
    if (!j) return ctx.skip();
    const staff = await journeyPerson(j, 'creator@example.org', 'Creator', { roles: ['staff'] });
    const { page } = await j.newPage();
    await signIn(page, staff);
    await page.goto('/timisoara/participation');
    await page.getByRole('link', { name: 'Creați o consultare, un buget sau un proces' }).click();
    await expect.poll(() => h1(page)).toBe('Creați o consultare');
    await page.getByLabel('Adresa (în link)').fill('iluminat-2026');
    await page.getByLabel('Titlul în română').fill('Iluminatul public');
    await page.getByLabel('Descrierea în română').fill('Spuneți-ne unde lipsește lumina pe stradă.');
    await expect.poll(() => page.locator('.pp-once').first().textContent()).toContain('contul dvs.');

    // A question about the person: the neighbourhood, required.
    await page.getByRole('button', { name: 'Adăugați o întrebare despre persoană' }).click();
    const attr = page.getByRole('region', { name: /^Întrebarea despre persoană 1/ });
    await attr.getByLabel('Ce întrebăm (în română)', { exact: true }).fill('Cartierul');
    await attr.getByLabel('Răspunsul este obligatoriu').check();
    await attr.getByLabel('Răspunsul posibil 1', { exact: true }).fill('Fabric');
    await attr.getByLabel('Răspunsul posibil 2', { exact: true }).fill('Iosefin');

    // Question 1 (the starter): one choice — its second option left empty on purpose.
    const q1 = page.getByRole('region', { name: /^Întrebarea 1/ });
    await q1.getByLabel('Textul întrebării (în română)', { exact: true }).fill('Unde lipsește lumina?');
    await q1.getByLabel('Varianta 1', { exact: true }).fill('În centru');
    // Question 2: a scale; question 3: a short text shown only for "În cartier".
    await page.getByRole('button', { name: 'Adăugați o întrebare', exact: true }).click();
    const q2 = page.getByRole('region', { name: /^Întrebarea 2/ });
    await q2.getByLabel('Felul întrebării').selectOption({ label: 'O notă (de la 1 la 10)' });
    await q2.getByLabel('Textul întrebării (în română)', { exact: true }).fill('Cât de în siguranță vă simțiți seara?');
    await page.getByRole('button', { name: 'Adăugați o întrebare', exact: true }).click();
    const q3 = page.getByRole('region', { name: /^Întrebarea 3/ });
    await q3.getByLabel('Felul întrebării').selectOption({ label: 'Răspuns scurt (un rând)' });
    await q3.getByLabel('Textul întrebării (în română)', { exact: true }).fill('Pe ce stradă?');
    await q3.getByLabel('Răspunsul este obligatoriu').uncheck();
    await page.getByRole('button', { name: 'Creați consultarea' }).click();
    // The server names questions[0].options[1].label.ro: the builder shows it next to "Varianta 2" of question 1.
    await expect.poll(() => q1.getByLabel('Varianta 2', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => q1.locator('.field--error').filter({ has: page.getByLabel('Varianta 2', { exact: true }) }).locator('.field__error').textContent()).toBe('Scrieți aici un text; nu poate rămâne gol.');
    await expectAccessible(page, 'staff: consultation builder, with a field error');
    await q1.getByLabel('Varianta 2', { exact: true }).fill('În cartier');
    await q3.getByLabel('Când se arată întrebarea').selectOption({ label: 'Doar dacă la „Întrebarea 1” s-a răspuns „În cartier”' });
    // Move the conditional question up: it becomes question 2, the scale question 3.
    // With the keyboard: the focus stays on the moved question's button, now named after its new place.
    await page.getByRole('button', { name: 'Mutați mai sus: Întrebarea 3' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Mutați mai sus: Întrebarea 2');
    await expect.poll(() => page.locator('.pb-card h3').allTextContents()).toEqual(['Întrebarea despre persoană 1: Cartierul', 'Întrebarea 1: Unde lipsește lumina?', 'Întrebarea 2: Pe ce stradă?', 'Întrebarea 3: Cât de în siguranță vă simțiți seara?']);

    // The live preview uses the respondents' inputs, conditions included.
    const preview = page.getByRole('region', { name: 'Previzualizare: ce vor vedea oamenii' });
    await expect.poll(() => preview.getByLabel('Pe ce stradă?').count()).toBe(0);
    await preview.getByRole('group', { name: /Unde lipsește lumina/ }).getByLabel('În cartier').check();
    await expect.poll(() => preview.getByLabel('Pe ce stradă?').count()).toBe(1);
    await expect.poll(() => preview.getByRole('group', { name: /Cartierul/ }).getByLabel('Iosefin').count()).toBe(1);

    // Saved as a draft first, then edited and opened.
    await page.getByRole('button', { name: 'Creați consultarea' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Gata');
    await page.getByRole('link', { name: 'Continuați modificarea' }).click();
    await expect.poll(() => h1(page)).toBe('Modificați consultarea: Iluminatul public');
    await page.getByRole('region', { name: /^Întrebarea 3/ }).getByLabel('Până la (nota cea mai mare)').fill('5');
    await page.getByLabel('După salvare').selectOption('open');
    await expectAccessible(page, 'staff: edit a draft consultation');
    // The builder works at 320 px too (one column, nothing wider than the screen).
    await page.setViewportSize({ width: 320, height: 740 });
    await expect.poll(() => fitsWidth(page)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('button', { name: 'Salvați modificările' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('modificările au fost salvate');

    // A citizen on a phone answers, with the attribute; one answer per account is said plainly.
    const citizen = await journeyPerson(j, 'ioana@example.org', 'Ioana');
    const phone = (await j.newPage({ viewport: PHONE })).page;
    await signIn(phone, citizen);
    await phone.goto('/timisoara/surveys/iluminat-2026');
    await expect.poll(() => h1(phone)).toBe('Iluminatul public');
    await expect.poll(() => phone.getByText('Puteți răspunde o singură dată.').count()).toBe(1);
    await phone.getByRole('button', { name: 'Trimiteți răspunsurile' }).click();
    await expect.poll(() => phone.getByRole('group', { name: /Cartierul/ }).locator('.field__error').textContent()).toContain('this needs an answer');
    await phone.getByRole('group', { name: /Cartierul/ }).getByLabel('Iosefin').check();
    await phone.getByRole('group', { name: /Unde lipsește lumina/ }).getByLabel('În cartier').check();
    await phone.getByLabel('Pe ce stradă?').fill('Strada Mărășești este întunecată');
    await phone.getByRole('group', { name: /Cât de în siguranță/ }).getByLabel('2', { exact: true }).check();
    await expectAccessible(phone, 'citizen: consultation with a question about the person (phone)');
    expect(await fitsWidth(phone)).toBe(true);
    await phone.getByRole('button', { name: 'Trimiteți răspunsurile' }).click();
    await expect.poll(() => phone.getByRole('status').first().textContent()).toContain('Mulțumim');
    expectNoPageErrors(phone);

    // Staff answer too, from another neighbourhood, then filter the results by the attribute.
    await page.goto('/timisoara/surveys/iluminat-2026');
    await page.getByRole('group', { name: /Cartierul/ }).getByLabel('Fabric').check();
    await page.getByRole('group', { name: /Unde lipsește lumina/ }).getByLabel('În centru').check();
    await page.getByRole('group', { name: /Cât de în siguranță/ }).getByLabel('4', { exact: true }).check();
    await page.getByRole('button', { name: 'Trimiteți răspunsurile' }).click();
    await page.getByRole('status').getByRole('link', { name: 'Vedeți rezultatele' }).click();
    await expect.poll(() => page.locator('.pp-big').textContent()).toBe('Participanți: 2');
    await page.getByLabel('Arătați rezultatele pentru').selectOption({ label: 'Cartierul: Iosefin (1 răspunsuri)' });
    await expect.poll(() => page.locator('.pp-big').textContent()).toBe('Participanți: 1');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Cartierul: Iosefin');
    await expect.poll(() => page.locator('.pp-mean').first().textContent()).toContain('2');
    expect(decodeURIComponent(page.url())).toContain('attr=a1:v2');
    await expectAccessible(page, 'results filtered by a respondent attribute');
    await page.getByLabel('Arătați rezultatele pentru').selectOption('');
    await expect.poll(() => page.locator('.pp-big').textContent()).toBe('Participanți: 2');

    // Open-answer coding: create a code, tag the answer, rename the code; the share follows.
    await page.getByRole('link', { name: 'Codificați răspunsurile libere' }).click();
    await expect.poll(() => h1(page)).toBe('Codificarea răspunsurilor libere: Iluminatul public');
    await page.getByLabel('Cod nou').fill('Străzi întunecate');
    await page.getByRole('button', { name: 'Adăugați codul' }).click();
    await page.getByRole('group', { name: /Strada Mărășești/ }).getByRole('checkbox', { name: 'Străzi întunecate' }).check();
    await expect.poll(() => page.getByText('1 răspunsuri, 100 %').count()).toBe(1);
    await page.getByLabel('Nume nou pentru „Străzi întunecate”').fill('Lipsa iluminatului');
    await page.getByRole('button', { name: 'Redenumiți' }).click();
    await expect.poll(() => page.locator('section[aria-labelledby="cd-codes"] strong').allTextContents()).toEqual(['Lipsa iluminatului']);
    await expectAccessible(page, 'staff: open-answer coding');
    await page.getByRole('link', { name: 'Înapoi la rezultate' }).click();
    await expect.poll(() => page.getByRole('row', { name: /Lipsa iluminatului/ }).textContent()).toContain('100 %');

    // Time is up: staff close the consultation; it takes no more answers, its results stay.
    await page.goto('/timisoara/surveys/iluminat-2026');
    await expect.poll(() => h1(page)).toBe('Iluminatul public');
    await page.getByRole('button', { name: 'Închideți consultarea (răspunsurile rămân)' }).click();
    await expect.poll(() => page.getByText('Această consultare s-a încheiat.').count()).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: 'Redeschideți consultarea' }).count()).toBe(1);
    await expectAccessible(page, 'staff: a closed consultation');

    // A budget (the example projects) and a process (the example phase) through the same screen.
    await page.goto('/timisoara/participation/new/budget');
    await page.getByLabel('Adresa (în link)').fill('buget-cartier-2026');
    await page.getByLabel('Titlul în română').fill('Bugetul cartierului');
    await page.getByLabel('Descrierea în română').fill('Alegeți un proiect.');
    await page.getByLabel('Suma totală (lei)').fill('300000');
    await page.getByLabel('Numărul maxim de proiecte').fill('1');
    await page.getByRole('button', { name: 'Creați bugetul' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Gata');
    await page.getByRole('link', { name: 'Deschideți pagina creată' }).click();
    await expect.poll(() => h1(page)).toContain('Bugetul cartierului');
    await page.goto('/timisoara/participation/new/process');
    await page.getByLabel('Adresa (în link)').fill('Proces Greșit');
    await page.getByLabel('Titlul în română').fill('Strada noastră');
    await page.getByLabel('Descrierea în română').fill('Idei pentru stradă.');
    await page.getByRole('button', { name: 'Creați procesul' }).click();
    await expect.poll(() => page.locator('.field--error').first().textContent()).toContain('Adresa');
    await page.getByLabel('Adresa (în link)').fill('strada-noastra');
    await page.getByRole('button', { name: 'Creați procesul' }).click();
    await page.getByRole('link', { name: 'Deschideți pagina creată' }).click();
    await expect.poll(() => h1(page)).toBe('Strada noastră');
    expectNoPageErrors(page);
  });
});
