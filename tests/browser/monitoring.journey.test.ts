/**
 * Monitoring journeys (issue 14): on a phone, a project team member fills and submits a progress report;
 * staff return it with a comment; the team fixes and resubmits it; staff approve; an anonymous visitor sees
 * the new status on the project page, and a follower has the notification. axe on every page, desktop and 360 px.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/core/actor.js';
import { SYSTEM } from '../../src/core/actor.js';
import { addMonths } from '../../src/modules/monitoring/calendar/calendar.periods.js';
import { expectAccessible, expectNoPageErrors, fitsWidth, h1, type Journey, type JourneyPerson, signIn, startJourney } from '../helpers/browser.js';

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };

describe('monitoring journeys', () => {
  let j: Journey | undefined;
  let team: JourneyPerson, staff: JourneyPerson, follower: JourneyPerson;

  async function person(email: string, name: string, roles: Role[]): Promise<JourneyPerson & { id: string }> {
    const users = j!.server.services.users;
    const password = 'a long enough password';
    const u = await users.register({ email, password, displayName: name, locale: 'ro' });
    await users.setMemberRoles(SYSTEM, await j!.server.services.tenants.bySlug('timisoara'), u.id, roles);
    await j!.server.database.db.updateTable('users').set({ email_verified_at: new Date() }).where('id', '=', u.id).execute();
    return { email, password, id: u.id };
  }

  beforeAll(async () => {
    j = await startJourney({ demo: true });
    if (!j) return;
    const t = await j.server.services.tenants.bySlug('timisoara');
    const teamP = await person('echipa@example.org', 'Echipa A1.P3', ['project_team']);
    staff = await person('staff.monitorizare@example.org', 'Ana Staff', ['staff']);
    const f = await person('urmaritor@example.org', 'Ion Urmăritor', ['citizen']);
    team = teamP;
    follower = f;
    const mon = j.server.modules.monitoring!;
    // Half-year periods from a year ago: the first is overdue for every project under A1.1.
    const first = addMonths(new Date().toISOString().slice(0, 8) + '01', -12);
    await mon.calendar.set(SYSTEM, t, 'A1.1', { periodMonths: 6, firstPeriodStart: first, dueDays: 30 });
    await mon.calendar.setTeam(SYSTEM, t, 'A1.P3', [teamP.id]);
    await j.server.modules.strategy!.follow({ kind: 'user', user: { id: f.id, email: f.email, displayName: 'Ion', locale: 'ro', emailVerified: true, roles: new Map() }, sessionId: '', csrfToken: '' }, t, 'project', 'A1.P3', true);
  }, 240_000);
  afterAll(async () => {
    await j?.close();
  });

  it('team reports on a phone, staff return then approve, the public and a follower see the result', async (ctx) => {
    if (!j) return ctx.skip();
    // An anonymous visitor first sees that the report is overdue.
    const anon = await j.newPage({ viewport: PHONE });
    await anon.page.goto('/timisoara/projects/A1.P3');
    await expect.poll(() => anon.page.getByText(/Raport de progres întârziat din/).count()).toBe(1);
    await expectAccessible(anon.page, 'project page with an overdue report (360px)');

    // The team member, on a phone.
    const { page } = await j.newPage({ viewport: PHONE });
    await signIn(page, team);
    await page.goto('/timisoara/monitoring/reports');
    await expect.poll(() => h1(page)).toBe('Rapoarte de progres');
    await expectAccessible(page, 'reports list, team (360px)');
    await page.getByRole('link', { name: 'Începeți un raport' }).click();
    await expect.poll(() => h1(page)).toBe('Raport de progres nou');
    await expect.poll(() => page.getByLabel('Perioada de raportare').count()).toBe(1);
    await page.getByLabel('Stadiul proiectului la sfârșitul perioadei').selectOption('in_progress');
    await page.getByLabel('Procent realizat').fill('25');
    await page.getByLabel('Etape atinse').fill('Studiu de fezabilitate');
    await page.getByLabel('Ce s-a întâmplat în perioadă (în română)').fill('Am finalizat studiul de fezabilitate și am lansat achiziția.');
    await page.getByRole('button', { name: 'Adăugați o valoare' }).click();
    await page.getByLabel('Indicator', { exact: true }).selectOption('A1.K2');
    await page.getByLabel('Valoare', { exact: true }).fill('1450');
    await expectAccessible(page, 'new report form (360px)');
    expect(await fitsWidth(page), 'form fits 360px').toBe(true);
    await page.getByRole('button', { name: 'Creați ciorna' }).click();
    await expect.poll(() => h1(page)).toMatch(/Raportul de progres nr\. \d+/);
    const reportUrl = page.url();
    await page.getByRole('button', { name: 'Trimiteți spre verificare' }).click();
    await expect.poll(() => page.getByText('Trimis, în așteptarea verificării').count()).toBe(1);
    await expectAccessible(page, 'submitted report (360px)');

    // Staff return it with a comment (desktop).
    const s = await j.newPage({ viewport: DESKTOP });
    await signIn(s.page, staff);
    await s.page.goto('/timisoara/monitoring/reports');
    await expect.poll(() => s.page.locator('.overdue-count').textContent()).toMatch(/întârziat/);
    await expectAccessible(s.page, 'reports list with overdue count, staff (desktop)');
    await s.page.goto(reportUrl.replace(/^https?:\/\/[^/]+/, ''));
    await s.page.getByLabel('Comentariu pentru echipă').fill('Adăugați valoarea cheltuită până acum.');
    await s.page.getByRole('button', { name: 'Returnați cu acest comentariu' }).click();
    await expect.poll(() => s.page.getByText('Returnat echipei.').count()).toBe(1);
    await expectAccessible(s.page, 'returned report, staff (desktop)');

    // The team fixes and resubmits.
    await page.reload();
    await expect.poll(() => page.getByText('Adăugați valoarea cheltuită până acum.').count()).toBeGreaterThan(0);
    await page.getByLabel('Cheltuit până acum (EUR)').fill('42000');
    await page.getByRole('button', { name: 'Salvați ciorna' }).click();
    await expect.poll(() => page.getByText('Salvat.').count()).toBe(1);
    await page.getByRole('button', { name: 'Trimiteți spre verificare' }).click();
    await expect.poll(() => page.getByText('Trimis, în așteptarea verificării').count()).toBe(1);
    expect(await fitsWidth(page), 'report page fits 360px').toBe(true);

    // Staff approve.
    await s.page.reload();
    await s.page.getByRole('button', { name: 'Aprobați' }).click();
    await expect.poll(() => s.page.getByText('Aprobat: această perioadă este închisă.').count()).toBe(1);
    await expectAccessible(s.page, 'approved report (desktop)');

    // The public project page shows the new status and the timeline entry; no overdue notice any more.
    await anon.page.reload();
    await expect.poll(() => anon.page.locator('.project-status').textContent()).toContain('În derulare');
    await expect.poll(() => anon.page.getByText(/Am finalizat studiul de fezabilitate/).count()).toBeGreaterThan(0);
    await expect.poll(() => anon.page.getByText(/Raport de progres întârziat/).count()).toBe(0);
    await expectAccessible(anon.page, 'project page after approval (360px)');
    expect(await fitsWidth(anon.page), 'project page fits 360px').toBe(true);

    // The follower has the notification in their inbox.
    const f = await j.newPage({ viewport: PHONE });
    await signIn(f.page, follower);
    const inbox = await f.context.request.get('/api/v1/me/notifications');
    const items = ((await inbox.json()) as { items: { kind: string; subject: string }[] }).items;
    expect(items.some((n) => n.kind === 'monitoring.progressReport.approved' && n.subject.includes('A1.P3'))).toBe(true);
    for (const p of [anon.page, page, s.page]) expectNoPageErrors(p);
  }, 240_000);
});
