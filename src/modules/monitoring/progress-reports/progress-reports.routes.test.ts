/**
 * Progress reports over real HTTP (app.inject) on both engines: the role ladder, the whole workflow
 * (draft → submitted → returned → resubmitted → approved), what approval writes to the project, its
 * timeline and KPIs, who is notified, locked periods, attachments checked by content, overdue flags and
 * reminders. The reporting calendar is set relative to today, so the test holds on any date.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, problem, type TestApp, type TestUser } from '../../../../tests/helpers/app.js';
import { testEngines } from '../../../../tests/helpers/env.js';
import { SYSTEM } from '../../../core/actor.js';
import { ROOT_DIR } from '../../../core/version.js';
import { addDays, addMonths, periodAt } from '../calendar/calendar.periods.js';

const TM = '/api/v1/tenants/timisoara';
const json = (u: TestUser | undefined, body?: unknown) => ({ headers: { ...(u?.headers ?? {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });

/** A small but complete PDF (header, one empty page, xref, trailer, %%EOF). */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\nxref\n0 4\n0000000000 65535 f \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n0\n%%EOF\n');

function multipart(name: string, filename: string, type: string, data: Buffer) {
  const boundary = '----urbia' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
  return { payload: Buffer.concat([head, data, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe.each(testEngines())('progress reports on %s', (engine) => {
  let t: TestApp;
  let staff: TestUser, citizen: TestUser, steering: TestUser, teamA: TestUser, teamB: TestUser, follower: TestUser, author: TestUser;
  // Periods of six months starting on the first of the month a year ago: the first is past its due date,
  // the second ended last month and is due in about a month.
  const monthStart = new Date().toISOString().slice(0, 8) + '01';
  const rule = { periodMonths: 6, firstPeriodStart: addMonths(monthStart, -12), dueDays: 30 };
  const p0 = periodAt(rule, 0);
  const p1 = periodAt(rule, 1);
  let reportId: number;
  let reportNumber: number;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const doc = JSON.parse(readFileSync(join(ROOT_DIR, 'data/strategies/timisoara-2022-2027.json'), 'utf8')) as { tenant: string };
    await t.modules.strategy!.importDocument(SYSTEM, await t.services.tenants.bySlug('timisoara'), doc);
    [staff, citizen, steering, teamA, teamB, follower, author] = await Promise.all([
      buildUser(t, { timisoara: ['staff'] }),
      buildUser(t, { timisoara: ['citizen'] }),
      buildUser(t, { timisoara: ['steering'] }),
      buildUser(t, { timisoara: ['project_team'] }),
      buildUser(t, { timisoara: ['project_team'] }),
      buildUser(t, { timisoara: ['citizen'] }),
      buildUser(t, { timisoara: ['citizen'] }),
    ]);
    // A citizen's proposal, accepted and turned into the project A1.P90 (so its author hears what happens).
    const prop = await t.app.inject({ method: 'POST', url: `${TM}/proposals`, ...json(author, { title: 'Hartă a cartierelor', body: 'O hartă participativă a cartierelor din Timișoara.' }) });
    expect(prop.statusCode).toBe(201);
    const pid = prop.json().id as number;
    expect((await t.app.inject({ method: 'PUT', url: `${TM}/proposals/${pid}/answer`, ...json(staff, { state: 'accepted', answer: { ro: 'Acceptată.' } }) })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'POST', url: `${TM}/proposals/${pid}/convert`, ...json(staff, { kind: 'project', code: 'A1.P90', parent: 'A1.1' }) })).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'POST', url: `${TM}/projects/A1.P90/follow`, ...json(follower, undefined) })).statusCode).toBeLessThan(300);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('staff set the calendar and the teams; others may not; a team is made of project_team accounts', async () => {
    const body = { periodMonths: 6, firstPeriodStart: rule.firstPeriodStart, dueDays: 30 };
    expect((await t.app.inject({ method: 'PUT', url: `${TM}/monitoring/calendar/A1.1`, ...json(undefined, body) })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'PUT', url: `${TM}/monitoring/calendar/A1.1`, ...json(teamA, body) })).statusCode).toBe(403);
    const bad = await t.app.inject({ method: 'PUT', url: `${TM}/monitoring/calendar/A1.1`, ...json(staff, { ...body, periodMonths: 3 }) });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors![0]!.field).toBe('periodMonths');
    const unknown = await t.app.inject({ method: 'PUT', url: `${TM}/monitoring/calendar/Z9.9`, ...json(staff, body) });
    expect(unknown.statusCode).toBe(400);
    expect(problem(unknown).errors![0]!.field).toBe('scope');
    const ok = await t.app.inject({ method: 'PUT', url: `${TM}/monitoring/calendar/A1.1`, ...json(staff, body) });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ scope: 'A1.1', periodMonths: 6, currentPeriod: { start: p1.start, dueOn: p1.dueOn } });

    // every write of the calendar and the teams: anonymous 401, citizens, steering and teams 403
    expect((await t.app.inject({ method: 'PUT', url: `${TM}/monitoring/teams/A1.P90`, ...json(undefined, { userIds: [teamA.id] }) })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'DELETE', url: `${TM}/monitoring/calendar/A1.1`, ...json(undefined) })).statusCode).toBe(401);
    for (const u of [citizen, steering, teamA]) {
      expect((await t.app.inject({ method: 'PUT', url: `${TM}/monitoring/calendar/A1.1`, ...json(u, body) })).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'PUT', url: `${TM}/monitoring/teams/A1.P90`, ...json(u, { userIds: [teamA.id] }) })).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'DELETE', url: `${TM}/monitoring/calendar/A1.1`, ...json(u) })).statusCode).toBe(403);
    }
    const notTeam = await t.app.inject({ method: 'PUT', url: `${TM}/monitoring/teams/A1.P90`, ...json(staff, { userIds: [citizen.id] }) });
    expect(notTeam.statusCode).toBe(400);
    expect(problem(notTeam).errors![0]!.field).toBe('userIds[0]');
    expect((await t.app.inject({ method: 'PUT', url: `${TM}/monitoring/teams/A1.P90`, ...json(staff, { userIds: [teamA.id] }) })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'PUT', url: `${TM}/monitoring/teams/A1.P2`, ...json(staff, { userIds: [teamB.id] }) })).statusCode).toBe(200);
    const cal = await t.app.inject({ url: `${TM}/monitoring/calendar`, ...json(teamA) });
    expect(cal.json()).toMatchObject({ items: [{ scope: 'A1.1' }], abilities: { edit: false } });
    expect((await t.app.inject({ url: `${TM}/monitoring/calendar`, ...json(citizen) })).statusCode).toBe(403);
  });

  it('creating a report walks the ladder: 401, 400 naming the field, 403 for citizens and other teams, 201 for the team', async () => {
    const body = { project: 'A1.P90', periodStart: p0.start, projectStatus: 'in_progress', progress: 30, milestonesReached: ['Date colectate'], narrative: { ro: 'Am colectat datele cartierelor.' }, kpiValues: [{ kpi: 'A1.K2', value: 1500 }], spendToDate: 12000 };
    expect((await t.app.inject({ method: 'POST', url: `${TM}/progress-reports`, ...json(undefined, body) })).statusCode).toBe(401);
    const wrongType = await t.app.inject({ method: 'POST', url: `${TM}/progress-reports`, ...json(teamA, { ...body, kpiValues: [{ kpi: 'A1.K2', value: 'multe' }] }) });
    expect(wrongType.statusCode).toBe(400);
    expect(problem(wrongType).errors![0]!.field).toBe('kpiValues[0].value');
    expect((await t.app.inject({ method: 'POST', url: `${TM}/progress-reports`, ...json(citizen, body) })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `${TM}/progress-reports`, ...json(steering, body) })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `${TM}/progress-reports`, ...json(teamB, body) })).statusCode).toBe(403);
    const otherKpi = await t.app.inject({ method: 'POST', url: `${TM}/progress-reports`, ...json(teamA, { ...body, kpiValues: [{ kpi: 'A5.K1', value: 20 }] }) });
    expect(otherKpi.statusCode).toBe(400);
    expect(problem(otherKpi).errors![0]!.field).toBe('kpiValues[0].kpi');
    const badPeriod = await t.app.inject({ method: 'POST', url: `${TM}/progress-reports`, ...json(teamA, { ...body, periodStart: addDays(p0.start, 1) }) });
    expect(badPeriod.statusCode).toBe(400);
    expect(problem(badPeriod).errors![0]!.field).toBe('periodStart');
    const noCalendar = await t.app.inject({ method: 'POST', url: `${TM}/progress-reports`, ...json(staff, { ...body, project: 'A2.P1', kpiValues: [] }) });
    expect(noCalendar.statusCode).toBe(400);
    expect(problem(noCalendar).errors![0]!.field).toBe('project');
    expect(await t.database.db.selectFrom('monitoring_progress_reports').select('id').execute()).toHaveLength(0);

    const created = await t.app.inject({ method: 'POST', url: `${TM}/progress-reports`, ...json(teamA, body) });
    expect(created.statusCode).toBe(201);
    const r = created.json();
    expect(r).toMatchObject({ status: 'draft', project: { code: 'A1.P90' }, periodStart: p0.start, periodEnd: p0.end, dueOn: p0.dueOn, progress: 30, abilities: { edit: true, submit: true, approve: false } });
    reportId = r.id;
    reportNumber = r.number;
    const again = await t.app.inject({ method: 'POST', url: `${TM}/progress-reports`, ...json(teamA, body) });
    expect(again.statusCode).toBe(409);
    expect(problem(again).code).toBe('report_exists');
  });

  it('reads follow the same ladder; a team lists only its projects', async () => {
    expect((await t.app.inject({ url: `${TM}/progress-reports` })).statusCode).toBe(401);
    expect((await t.app.inject({ url: `${TM}/progress-reports`, ...json(citizen) })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `${TM}/progress-reports`, ...json(teamA) })).json().items).toHaveLength(1);
    expect((await t.app.inject({ url: `${TM}/progress-reports`, ...json(teamB) })).json().items).toHaveLength(0);
    expect((await t.app.inject({ url: `${TM}/progress-reports`, ...json(staff) })).json().items).toHaveLength(1);
    expect((await t.app.inject({ url: `${TM}/progress-reports/${reportId}`, ...json(teamB) })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `${TM}/progress-reports/${reportId}`, ...json(steering) })).json().abilities).toMatchObject({ edit: false, approve: false });
    expect((await t.app.inject({ method: 'PATCH', url: `${TM}/progress-reports/${reportId}`, ...json(teamB, { progress: 90 }) })).statusCode).toBe(403);
    const patched = await t.app.inject({ method: 'PATCH', url: `${TM}/progress-reports/${reportId}`, ...json(teamA, { progress: 35, risks: 'Întârzieri la achiziții' }) });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ progress: 35, risks: 'Întârzieri la achiziții' });
  });

  it('attachments are checked by their content: a PDF and an image are kept, a text file named .pdf is refused', async () => {
    const pdf = multipart('file', 'raport.pdf', 'application/pdf', PDF);
    const ok = await t.app.inject({ method: 'POST', url: `${TM}/progress-reports/${reportId}/attachments`, headers: { ...teamA.headers, 'content-type': pdf.contentType }, payload: pdf.payload });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().attachments[0]).toMatchObject({ name: 'raport.pdf', mediaType: 'application/pdf' });
    const png = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#c00' } }).png().toBuffer();
    const img = multipart('file', 'poza.png', 'image/png', png);
    const okImg = await t.app.inject({ method: 'POST', url: `${TM}/progress-reports/${reportId}/attachments`, headers: { ...teamA.headers, 'content-type': img.contentType }, payload: img.payload });
    expect(okImg.statusCode).toBe(201);
    expect(okImg.json().attachments[1]).toMatchObject({ name: 'poza.jpg', mediaType: 'image/jpeg' });
    const liar = multipart('file', 'raport.pdf', 'application/pdf', Buffer.from('nu sunt un PDF, doar text'));
    const refused = await t.app.inject({ method: 'POST', url: `${TM}/progress-reports/${reportId}/attachments`, headers: { ...teamA.headers, 'content-type': liar.contentType }, payload: liar.payload });
    expect(refused.statusCode).toBe(400);
    expect(problem(refused).errors![0]!.field).toBe('file');
    const truncated = multipart('file', 'r.pdf', 'application/pdf', PDF.subarray(0, 60));
    expect((await t.app.inject({ method: 'POST', url: `${TM}/progress-reports/${reportId}/attachments`, headers: { ...teamA.headers, 'content-type': truncated.contentType }, payload: truncated.payload })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: `${TM}/progress-reports/${reportId}/attachments`, headers: { ...teamB.headers, 'content-type': pdf.contentType }, payload: pdf.payload })).statusCode).toBe(403);
    const dl = await t.app.inject({ url: ok.json().attachments[0].url, ...json(teamA) });
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await t.app.inject({ url: ok.json().attachments[0].url, ...json(teamB) })).statusCode).toBe(403);
  });

  it('walks the workflow: submit, return with a comment, fix, resubmit, approve — each transition audited with its event', async () => {
    const url = `${TM}/progress-reports/${reportId}`;
    const sub = await t.app.inject({ method: 'POST', url: `${url}/submit`, ...json(teamA) });
    expect(sub.statusCode).toBe(200);
    expect(sub.json()).toMatchObject({ status: 'submitted', abilities: { edit: false, submit: false } });
    const locked = await t.app.inject({ method: 'PATCH', url, ...json(teamA, { progress: 40 }) });
    expect(locked.statusCode).toBe(409);
    expect(problem(locked).code).toBe('invalid_transition');
    expect((await t.app.inject({ method: 'POST', url: `${url}/approve`, ...json(teamA, {}) })).statusCode).toBe(403);
    const noComment = await t.app.inject({ method: 'POST', url: `${url}/return`, ...json(staff, {}) });
    expect(noComment.statusCode).toBe(400);
    expect(problem(noComment).errors![0]!.field).toBe('comment');
    const ret = await t.app.inject({ method: 'POST', url: `${url}/return`, ...json(staff, { comment: 'Adăugați cheltuielile pe trimestru.' }) });
    expect(ret.statusCode).toBe(200);
    expect(ret.json()).toMatchObject({ status: 'draft', returned: true, returnComment: 'Adăugați cheltuielile pe trimestru.' });
    const inbox = (await t.app.inject({ url: '/api/v1/me/notifications', ...json(teamA) })).json();
    expect(inbox.items.some((n: { kind: string; body: string }) => n.kind === 'monitoring.progressReport.returned' && n.body.includes('cheltuielile'))).toBe(true);
    // approving a draft is not a transition
    const early = await t.app.inject({ method: 'POST', url: `${url}/approve`, ...json(staff, {}) });
    expect(early.statusCode).toBe(409);
    expect((await t.app.inject({ method: 'PATCH', url, ...json(teamA, { spendToDate: 15000, progress: 40, projectStatus: 'in_progress' }) })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: `${url}/submit`, ...json(teamA) })).statusCode).toBe(200);
    const appr = await t.app.inject({ method: 'POST', url: `${url}/approve`, ...json(staff, { comment: 'Mulțumim.' }) });
    expect(appr.statusCode).toBe(200);
    expect(appr.json()).toMatchObject({ status: 'approved', locked: true, abilities: { edit: false, submit: false, approve: false, return: false } });
    expect(appr.json().history.map((h: { action: string }) => h.action)).toEqual(['created', 'submitted', 'returned', 'submitted', 'approved']);

    const audit = await t.database.db.selectFrom('core_audit_log').select('action').where('entity_type', '=', 'monitoring_progress_report').where('entity_id', '=', String(reportId)).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual([
      'monitoring.progressReport.created',
      'monitoring.progressReport.updated',
      'monitoring.progressReport.attachmentAdded',
      'monitoring.progressReport.attachmentAdded',
      'monitoring.progressReport.submitted',
      'monitoring.progressReport.returned',
      'monitoring.progressReport.updated',
      'monitoring.progressReport.submitted',
      'monitoring.progressReport.approved',
    ]);
    const events = await t.database.db.selectFrom('core_outbox').select(['type', 'payload']).where('type', 'like', 'monitoring.progressReport.%').orderBy('id').execute();
    expect(events.map((e) => e.type)).toEqual(audit.map((a) => a.action));
    const approved = events.at(-1)!.payload as { followerIds: string[]; linkedAuthorIds: string[]; teamUserIds: string[]; number: number; kpiValues: unknown[] };
    expect(approved).toMatchObject({ number: reportNumber, followerIds: [follower.id], linkedAuthorIds: [author.id], teamUserIds: [teamA.id], kpiValues: [{ kpi: 'A1.K2', value: 1500 }] });
  });

  it('approval wrote the status, progress, timeline and KPI value to the project, and told its followers and the proposal author', async () => {
    const project = (await t.app.inject({ url: `${TM}/projects/A1.P90` })).json();
    expect(project).toMatchObject({ status: 'in_progress', progress: 40 });
    expect(project.timeline.some((e: { text: { ro: string } }) => e.text.ro.includes(`Raportul de progres nr. ${reportNumber}`) && e.text.ro.includes('datele cartierelor'))).toBe(true);
    const kpi = (await t.app.inject({ url: `${TM}/kpis/A1.K2` })).json();
    expect(kpi.measurements).toContainEqual(expect.objectContaining({ date: p0.end, value: 1500, source: `progress report ${reportNumber}` }));
    // The hub fans the approval out from the outbox (monitoring.notices.ts), after the change committed.
    await t.worker.drain();
    const f = (await t.app.inject({ url: '/api/v1/me/notifications', ...json(follower) })).json();
    expect(f.items.filter((n: { kind: string }) => n.kind === 'monitoring.progressReport.approved')).toHaveLength(1);
    expect(f.items.find((n: { kind: string }) => n.kind === 'monitoring.progressReport.approved')).toMatchObject({ subject: expect.stringContaining('A1.P90') });
    const a = (await t.app.inject({ url: '/api/v1/me/notifications', ...json(author) })).json();
    const forAuthor = a.items.find((n: { kind: string }) => n.kind === 'monitoring.progressReport.approved');
    expect(forAuthor.body).toContain('Propunerea dumneavoastră a devenit acest proiect');
    expect(forAuthor.body).toContain('40%');
    // once, with the author's line (the author also follows the project: heard once, not twice)
    expect(a.items.filter((n: { kind: string }) => n.kind === 'monitoring.progressReport.approved')).toHaveLength(1);
    expect(forAuthor.link).toMatch(/\/timisoara\/projects\/A1\.P90$/);
  });

  it('an approved period is locked', async () => {
    const edit = await t.app.inject({ method: 'PATCH', url: `${TM}/progress-reports/${reportId}`, ...json(staff, { progress: 99 }) });
    expect(edit.statusCode).toBe(409);
    expect(problem(edit).code).toBe('period_locked');
    const again = await t.app.inject({ method: 'POST', url: `${TM}/progress-reports`, ...json(teamA, { project: 'A1.P90', periodStart: p0.start, projectStatus: 'completed', narrative: { ro: 'Din nou' } }) });
    expect(again.statusCode).toBe(409);
    expect(problem(again)).toMatchObject({ code: 'period_locked', errors: [{ field: 'periodStart' }] });
    expect((await t.app.inject({ method: 'POST', url: `${TM}/progress-reports/${reportId}/return`, ...json(staff, { comment: 'Prea târziu' }) })).statusCode).toBe(409);
  });

  it('flags overdue reports for staff and on the project page', async () => {
    expect((await t.app.inject({ url: `${TM}/monitoring/overdue`, ...json(teamA) })).statusCode).toBe(403);
    const od = (await t.app.inject({ url: `${TM}/monitoring/overdue`, ...json(staff) })).json();
    // every other project under A1.1 owes its first period's report; A1.P90 reported it
    const projects = od.items.map((i: { project: string }) => i.project);
    expect(projects).toContain('A1.P1');
    expect(projects).not.toContain('A1.P90');
    expect(od.count).toBe(od.items.length);
    expect(od.items.find((i: { project: string }) => i.project === 'A1.P1')).toMatchObject({ periodStart: p0.start, overdueSince: addDays(p0.dueOn, 1) });
    const p1r = (await t.app.inject({ url: `${TM}/monitoring/projects/A1.P1/reporting` })).json();
    expect(p1r).toMatchObject({ periodMonths: 6, overdueSince: addDays(p0.dueOn, 1), lastApproved: null });
    expect(p1r.openPeriods.map((p: { start: string }) => p.start)).toEqual([p0.start, p1.start, periodAt(rule, 2).start]);
    const mine = (await t.app.inject({ url: `${TM}/monitoring/projects/A1.P90/reporting` })).json();
    expect(mine.openPeriods.map((p: { start: string }) => p.start)).toEqual([p1.start, periodAt(rule, 2).start]);
    expect(mine).toMatchObject({ overdueSince: null, nextDue: { periodStart: p1.start, dueOn: p1.dueOn }, lastApproved: { number: reportNumber, periodStart: p0.start } });
    const none = (await t.app.inject({ url: `${TM}/monitoring/projects/A2.P1/reporting` })).json();
    expect(none).toMatchObject({ periodMonths: null, overdueSince: null });
  });

  it('reminds the team 15 days before the due date and 3 days after it, once each', async () => {
    const mails = async () => (await t.database.db.selectFrom('core_outbox').select('payload').where('type', '=', 'notifications.email.requested').orderBy('id').execute()).map((r) => r.payload as { to: string; subject: string });
    const before = (await mails()).length;
    const svc = t.modules.monitoring!.reportDeadlines;
    const early = await svc.sendReminders(addDays(p1.dueOn, -16));
    expect(early).toBe(0);
    const n = await svc.sendReminders(addDays(p1.dueOn, -15));
    expect(n).toBeGreaterThan(0);
    expect(await svc.sendReminders(addDays(p1.dueOn, -14))).toBe(0);
    const toTeamA = (await mails()).slice(before).filter((m) => m.to === teamA.email);
    expect(toTeamA).toHaveLength(1);
    expect(toTeamA[0]!.subject).toContain(p1.dueOn);
    expect(await svc.sendReminders(addDays(p1.dueOn, 2))).toBe(0);
    expect(await svc.sendReminders(addDays(p1.dueOn, 3))).toBeGreaterThan(0);
    const overdue = (await mails()).slice(before).filter((m) => m.to === teamA.email);
    expect(overdue).toHaveLength(2);
    expect(overdue[1]!.subject).toMatch(/întârziat/);
    const events = await t.database.db.selectFrom('core_outbox').select('payload').where('type', '=', 'monitoring.progressReport.reminderSent').execute();
    expect(events.some((e) => (e.payload as { projectCode: string; kind: string }).projectCode === 'A1.P90')).toBe(true);
  });
});
