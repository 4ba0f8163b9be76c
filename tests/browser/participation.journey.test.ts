/**
 * Participation journeys (issue 4): a citizen answers a consultation and sees the results; a citizen
 * proposes an idea, another supports and comments it, staff answer it and turn it into an open action; a
 * citizen votes a participatory budget under each of the three voting rules and cannot vote twice; the
 * "your input" chain (issue 15): a citizen's idea is answered, becomes a project, the project's progress report
 * is approved, and the citizen finds all of it in the inbox (on a phone) and in the daily digest e-mail (a real
 * SMTP server on loopback), and hears of an air alert in the neighbourhood they follow.
 */
import { describe, expect, it } from 'vitest';
import { SYSTEM } from '../../src/core/actor.js';
import { addMonths } from '../../src/modules/monitoring/calendar/calendar.periods.js';
import { ingestKey } from '../helpers/app.js';
import { useMail } from '../helpers/mail.js';
import { expectAccessible, expectNoPageErrors, fitsWidth, h1, journeyPerson, signIn, useJourney } from '../helpers/browser.js';

const PHONE = { width: 360, height: 740 };

describe('participation journeys', () => {
  const smtp = useMail();
  const journey = useJourney(() => ({ demo: true, env: { SMTP_URL: smtp.url } }), 240_000);

  it('a citizen answers a consultation on a phone and sees the results; the reconstructed 2021 consultation shows 77 / 22 / 1 %', async (ctx) => {
    const j = journey(ctx);
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
    // the open answers' themes over both open questions, with the published shares
    const themes = page.getByRole('region', { name: 'Temele răspunsurilor deschise' }).getByRole('table').locator('tbody tr td.count-cell');
    await expect.poll(() => themes.allTextContents()).toEqual(['31,3 %', '25,6 %', '23,9 %', '11,4 %', '7,9 %']);
    await expectAccessible(page, 'reconstructed consultation results (phone)');
    expectNoPageErrors(page);
  });

  it('an anonymous visitor on a phone answers an anonymous consultation once per browser, told plainly that another browser could answer again', async (ctx) => {
    const j = journey(ctx);
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
    const j = journey(ctx);
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
    // Ion also reports the proposal itself (a reason is required: the server names the field)
    await b.page.getByRole('button', { name: 'Raportați această propunere' }).click();
    await b.page.getByRole('button', { name: 'Trimiteți raportul' }).click();
    await expect.poll(() => b.page.locator('.field--error').count()).toBe(1);
    await b.page.getByLabel('De ce raportați această propunere?').fill('Pare o reclamă pentru o firmă de peisagistică');
    await b.page.getByRole('button', { name: 'Trimiteți raportul' }).click();
    await expect.poll(() => b.page.getByText('Mulțumim. Moderatorii primăriei vor citi raportul.').count()).toBe(1);
    await expectAccessible(b.page, 'proposal reported (phone)');
    await b.context.close();

    // Ana reports the comment; staff find it from the console's count, read the reason and dismiss the flag.
    const a2 = await j.newPage({ viewport: PHONE });
    await signIn(a2.page, ana);
    await a2.page.goto(url);
    await a2.page.getByRole('button', { name: 'Raportați' }).click();
    await a2.page.getByLabel('De ce raportați acest comentariu?').fill('Mesaj publicitar ascuns');
    await a2.page.locator('.pp-comment__actions form').getByRole('button', { name: 'Trimiteți' }).click();
    await expect.poll(() => a2.page.getByText('Gata.').count()).toBeGreaterThan(0);
    await a2.context.close();
    // the link in a staff e-mail opened before signing in: a sign-in prompt (not an error) that comes back here
    const m = await j.newPage({ viewport: PHONE });
    await m.page.goto('/timisoara/moderation');
    const prompt = m.page.getByRole('alert').filter({ hasText: 'Intrați în cont pentru a vedea această pagină.' });
    await prompt.getByRole('link', { name: 'Autentificare' }).click();
    await m.page.getByLabel('Adresa de email').fill(staff.email);
    await m.page.getByLabel('Parola').fill(staff.password);
    await m.page.getByRole('button', { name: 'Intrați în cont' }).click();
    await expect.poll(() => h1(m.page)).toBe('Moderare: comentarii și propuneri');
    await m.page.goto('/timisoara/admin');
    const tool = m.page.locator('.console-tools > li').filter({ has: m.page.getByRole('link', { name: 'Moderare: comentarii și propuneri' }) });
    await expect.poll(() => tool.locator('.console-counter__n').textContent()).toBe('2');
    await tool.getByRole('link', { name: 'Moderare: comentarii și propuneri' }).click();
    await expect.poll(() => h1(m.page)).toBe('Moderare: comentarii și propuneri');
    await expect.poll(() => m.page.getByText('„Mesaj publicitar ascuns”').count()).toBe(1);
    // Ion's report of the proposal itself is in the same queue
    await expect.poll(() => m.page.getByText('„Pare o reclamă pentru o firmă de peisagistică”').count()).toBe(1);
    await expect.poll(() => m.page.getByRole('heading', { name: /^Propunere de Ana/ }).count()).toBe(1);
    await expectAccessible(m.page, 'moderation queue (phone)');
    expect(await fitsWidth(m.page)).toBe(true);
    for (const reason of ['Mesaj publicitar ascuns', 'Pare o reclamă pentru o firmă de peisagistică'])
      await m.page.locator('.moderation-item').filter({ hasText: reason }).getByRole('button', { name: 'Respingeți semnalările' }).click();
    await expect.poll(() => m.page.getByText('Nimic semnalat nu așteaptă o decizie.').count()).toBe(1);

    await m.context.close();

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
    await s.page.goto('/timisoara/moderation?status=hidden');
    await expect.poll(() => s.page.getByText('Ascuns: Test de moderare').count()).toBe(1);
    await s.page.goto(url);
    // Conversion: staff choose what it becomes and the open action's category (the server names a missing one).
    await s.page.getByLabel('Codul din strategie').fill('A2.OA-APA');
    await s.page.getByLabel('Ambiția sau obiectivul (cod)').fill('A2');
    await s.page.getByRole('button', { name: 'Creați acțiunea deschisă' }).click();
    await expect.poll(() => s.page.locator('#pp-category-error').count()).toBe(1);
    await s.page.getByLabel('Categoria acțiunii deschise').selectOption('infrastructure');
    await expectAccessible(s.page, 'proposal conversion with a category (staff)');
    await s.page.getByRole('button', { name: 'Creați acțiunea deschisă' }).click();
    await expect.poll(() => s.page.getByRole('link', { name: 'A2.OA-APA' }).count()).toBe(1);
    await s.page.getByRole('link', { name: 'A2.OA-APA' }).click();
    await expect.poll(() => h1(s.page)).toContain('A2.OA-APA');
    expectNoPageErrors(s.page);
  });

  it('the "your input" chain: idea answered, made a project, its progress report approved — in the inbox on a phone and in the daily digest; an air alert in a followed neighbourhood', async (ctx) => {
    const j = journey(ctx);
    const maria = await journeyPerson(j, 'maria.idee@example.org', 'Maria', { verified: true });
    const staff = await journeyPerson(j, 'staff.lant@example.org', 'Personal lanț', { roles: ['staff'] });
    const tm = await j.server.services.tenants.bySlug('timisoara');
    const db = j.server.database.db;
    const idOf = async (email: string) => (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    const mariaId = await idOf(maria.email);
    // She wants news about her input once a day (set on her account page; the account journey covers the form).
    await j.server.services.notifications.setPreferences(mariaId, ['participation.proposal.answered', 'participation.proposal.converted', 'monitoring.progressReport.approved'].map((kind) => ({ kind, emailFrequency: 'daily' as const })));
    const csrfOf = async (page: import('playwright-core').Page) => ((await (await page.request.get('/api/v1/auth/me')).json()) as { csrfToken: string }).csrfToken;

    // The idea.
    const m = await j.newPage({ viewport: PHONE });
    await signIn(m.page, maria);
    await m.page.goto('/timisoara/proposals');
    await m.page.getByLabel('Titlul propunerii').fill('Bănci umbrite pe malul Begăi');
    await m.page.getByLabel('Descrierea').fill('Bănci sub copaci de-a lungul canalului, pentru zilele caniculare.');
    await m.page.getByRole('button', { name: 'Trimiteți propunerea' }).click();
    await expect.poll(() => h1(m.page)).toBe('Bănci umbrite pe malul Begăi');
    const proposalPath = new URL(m.page.url()).pathname;
    const proposalId = Number(proposalPath.split('/').pop());

    // Staff answer it on its page and turn it into a strategy project.
    const s = await j.newPage();
    await signIn(s.page, staff);
    await s.page.goto(proposalPath);
    await s.page.getByLabel('Starea propunerii').selectOption('accepted');
    await s.page.getByLabel('Textul răspunsului').fill('Acceptată: băncile intră în proiectul de amenajare a malurilor.');
    await s.page.getByRole('button', { name: 'Publicați răspunsul' }).click();
    await expect.poll(() => s.page.getByText('Răspunsul oficial al primăriei').count()).toBe(1);
    const staffCsrf = await csrfOf(s.page);
    const convert = await s.page.request.post(`/api/v1/tenants/timisoara/proposals/${proposalId}/convert`, { headers: { 'x-csrf-token': staffCsrf }, data: { kind: 'project', code: 'A1.P95', parent: 'A1.1' } });
    expect(convert.status()).toBe(201);

    // The project's team reports progress (reporting calendar and team set by staff); staff approve it on its page.
    const teamEmail = 'echipa.banci@example.org';
    await j.server.services.users.register({ email: teamEmail, password: 'a long enough password', displayName: 'Echipa bănci', locale: 'ro' });
    const teamId = await idOf(teamEmail);
    await j.server.services.users.setMemberRoles(SYSTEM, tm, teamId, ['project_team']);
    const first = addMonths(new Date().toISOString().slice(0, 8) + '01', -12);
    await j.server.modules.monitoring!.calendar.set(SYSTEM, tm, 'A1.1', { periodMonths: 6, firstPeriodStart: first, dueDays: 30 });
    await j.server.modules.monitoring!.calendar.setTeam(SYSTEM, tm, 'A1.P95', [teamId]);
    const team = await j.newPage();
    await signIn(team.page, { email: teamEmail, password: 'a long enough password' });
    const teamCsrf = await csrfOf(team.page);
    const report = await team.page.request.post('/api/v1/tenants/timisoara/progress-reports', {
      headers: { 'x-csrf-token': teamCsrf },
      data: { project: 'A1.P95', periodStart: first, projectStatus: 'in_progress', progress: 20, milestonesReached: ['Amplasamente alese'], narrative: { ro: 'Am ales amplasamentele primelor bănci.' }, kpiValues: [] },
    });
    expect(report.status()).toBe(201);
    const reportId = ((await report.json()) as { id: number }).id;
    expect((await team.page.request.post(`/api/v1/tenants/timisoara/progress-reports/${reportId}/submit`, { headers: { 'x-csrf-token': teamCsrf } })).status()).toBe(200);
    await team.context.close();
    await s.page.goto(`/timisoara/monitoring/reports/${reportId}`);
    await s.page.getByRole('button', { name: 'Aprobați' }).click();
    await expect.poll(() => s.page.getByText('Aprobat: această perioadă este închisă.').count()).toBe(1);

    // Maria follows her neighbourhood; an air alert is raised there.
    const follow = await m.page.request.post('/api/v1/me/follows', { headers: { 'x-csrf-token': await csrfOf(m.page) }, data: { tenant: 'timisoara', kind: 'area', id: 'Cetate' } });
    expect(follow.status()).toBe(201);
    await j.server.modules.sensors!.createRule(SYSTEM, tm, { property: 'pm25', threshold: 100, durationMinutes: 0, area: 'Cetate' } as never);
    const secret = await ingestKey(j.server, 'timisoara', 'episode');
    const sensors = (await (await m.page.request.get('/api/v1/tenants/timisoara/sensors')).json()) as { items: { area: string; latest: { property: string; datastream: number }[] }[] };
    const cetate = sensors.items.filter((x) => x.area === 'Cetate' && x.latest.some((l) => l.property === 'pm25')).slice(0, 1);
    expect(cetate).toHaveLength(1);
    const obs = await m.page.request.post('/api/v1/tenants/timisoara/observations', { headers: { 'x-api-key': secret }, data: { observations: cetate.map((x) => ({ datastream: x.latest.find((l) => l.property === 'pm25')!.datastream, time: new Date().toISOString(), value: 150 })) } });
    expect(obs.status()).toBe(200);

    // Her inbox, on the phone: the header shows the unread count; the page lists the answer, the project, the
    // approved report and the alert, newest first, unread.
    await m.page.goto('/timisoara');
    await expect.poll(() => m.page.getByRole('link', { name: /^Notificări, \d+ necitit/ }).count(), { timeout: 30_000 }).toBe(1);
    await m.page.getByRole('link', { name: /^Notificări, \d+ necitit/ }).click();
    await expect.poll(() => h1(m.page)).toBe('Notificări');
    const items = m.page.locator('.inbox__item');
    await expect.poll(async () => (await items.allTextContents()).join('\n'), { timeout: 30_000 }).toMatch(/Alertă calitatea aerului/);
    const texts = await items.allTextContents();
    expect(texts.some((x) => /Bănci umbrite pe malul Begăi/.test(x) && /răspuns/i.test(x))).toBe(true);
    expect(texts.some((x) => /A1\.P95/.test(x) && /Am ales amplasamentele/.test(x))).toBe(true);
    const times = await m.page.locator('.inbox__item time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime') ?? ''));
    expect([...times].sort().reverse()).toEqual(times);
    expect(await m.page.locator('.inbox__item--unread').count()).toBe(texts.length);
    await expectAccessible(m.page, 'inbox (360px)');
    expect(await fitsWidth(m.page), 'inbox fits 360px').toBe(true);
    await m.page.getByRole('button', { name: 'Marchează toate ca citite' }).click();
    await expect.poll(() => m.page.locator('.inbox__item--unread').count()).toBe(0);
    await expect.poll(() => m.page.getByRole('link', { name: 'Notificări', exact: true }).count()).toBe(1);

    // The daily digest (the hub's digest run, as the clock would start it): one e-mail with her input's news.
    const before = smtp.mails.length;
    expect(await j.server.services.notifications.sendDigests('daily', new Date(Date.now() + 60_000))).toBeGreaterThanOrEqual(1);
    await expect.poll(() => smtp.mails.slice(before).map((m) => m.text).filter((x) => x.includes(`To: ${maria.email}`)).length, { timeout: 30_000 }).toBe(1);
    const digest = smtp.mails.slice(before).map((m) => m.text).find((x) => x.includes(`To: ${maria.email}`))!;
    expect(digest).toContain('Bănci umbrite pe malul Begăi');
    expect(digest).toContain('A1.P95');
    expect(digest).toContain('Am ales amplasamentele primelor bănci.');
    for (const p of [m.page, s.page]) expectNoPageErrors(p);
  }, 240_000);

  it('a citizen votes a participatory budget under each of the three rules, with the running total, and cannot vote twice', async (ctx) => {
    const j = journey(ctx);
    const who = await journeyPerson(j, 'vot@example.org', 'Votant');
    const { page, context } = await j.newPage({ viewport: PHONE });
    await signIn(page, who);

    // A tick shows once the ballot's cache says so (a moment after the click, from the optimistic update),
    // so the box is clicked and then awaited rather than `check()`ed, which reads it back at once.
    const choose = async (name: RegExp) => {
      const box = page.getByRole('checkbox', { name });
      await box.click();
      await expect.poll(() => box.isChecked()).toBe(true);
    };
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
    const j = journey(ctx);
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
    const j = journey(ctx);
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
    // A process with a form: phases as cards with dates and titles, then edited (a phase added and moved up).
    await page.goto('/timisoara/participation/new/process');
    await page.getByLabel('Adresa (în link)').fill('Proces Greșit');
    await page.getByLabel('Titlul în română').fill('Strada noastră');
    await page.getByLabel('Descrierea în română').fill('Idei pentru stradă.');
    await page.getByRole('button', { name: 'Adăugați o etapă' }).click();
    await page.getByLabel('Numele etapei în română').fill('Propuneri');
    await page.getByLabel('Începe la').fill('2026-01-01');
    await page.getByLabel('Se termină la').fill('2026-12-31');
    await expectAccessible(page, 'staff: process form');
    await page.getByRole('button', { name: 'Creați procesul' }).click();
    await expect.poll(() => page.locator('.field--error').first().textContent()).toContain('Adresa');
    await page.getByLabel('Adresa (în link)').fill('strada-noastra');
    await page.getByRole('button', { name: 'Creați procesul' }).click();
    await expect.poll(() => h1(page)).toBe('Strada noastră');
    await page.getByRole('link', { name: 'Modificați procesul' }).click();
    await expect.poll(() => h1(page)).toBe('Modificați procesul: Strada noastră');
    await page.getByRole('button', { name: 'Adăugați o etapă' }).click();
    const second = page.locator('.process-form__phase').nth(1);
    await second.getByLabel('Numele etapei în română').fill('Pregătire');
    await second.getByLabel('Numele etapei în maghiară (opțional)').fill('Előkészítés');
    await second.getByLabel('Începe la').fill('2025-10-01');
    await second.getByLabel('Se termină la').fill('2025-09-30');
    await page.getByRole('button', { name: 'Salvați procesul' }).click();
    await expect.poll(() => second.locator('.field__error').first().textContent()).toContain('ends after it starts');
    await second.getByLabel('Se termină la').fill('2025-12-31');
    await page.getByRole('button', { name: 'Mutați mai sus: Pregătire' }).click();
    await expect.poll(() => page.getByText('Pregătire este acum etapa 1 din 2.').count()).toBe(1);
    await page.setViewportSize(PHONE);
    expect(await fitsWidth(page)).toBe(true);
    await expectAccessible(page, 'staff: process edit (phone)');
    await page.getByRole('button', { name: 'Salvați procesul' }).click();
    await expect.poll(() => page.getByText('Procesul a fost salvat.').count()).toBe(1);
    await page.goto('/timisoara/processes/strada-noastra');
    await expect.poll(() => page.locator('.pp-card strong').allTextContents()).toEqual(['Pregătire', 'Propuneri']);
    expectNoPageErrors(page);
  });
});
