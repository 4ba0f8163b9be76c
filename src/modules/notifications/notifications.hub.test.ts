/**
 * The notifications hub end to end on both engines: following any registered kind of thing through
 * /api/v1/me/follows (401 → 400 naming the field → 404 for what does not exist or may not be seen → 201),
 * implicit follows, the "your input" chain (proposal answered and converted → the project it became moves;
 * a budget vote → the project won → it moves; an Open311 report's status by e-mail), area and drawn-area
 * follows, each recipient's language, and a fan-out retried after a crash adding nothing.
 */
import { sql } from 'kysely';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildUser, importTimisoaraStrategy, problem, type TestUser, useTestApp, useUser } from '../../../tests/helpers/app.js';
import { testEngines } from '../../../tests/helpers/env.js';
import { outboxMails } from '../../../tests/helpers/mail.js';
import { SYSTEM } from '../../core/actor.js';
import { seedParticipationDemo } from '../participation/participation.demo.js';
import { areaFor, areasOf, seedCategories } from '../reports/index.js';

const T = '/api/v1/tenants/timisoara';
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

describe.each(testEngines())('the notifications hub on %s', (engine) => {
  const t = useTestApp(engine);
  beforeAll(async () => {
    const tm = await importTimisoaraStrategy(t);
    await seedParticipationDemo(t.database.db, t.modules.participation!);
    await seedCategories(t.modules.reports!.db, t.modules.reports!.repo, tm);
  });
  const staff = useUser(t, { timisoara: ['staff'] });
  const ana = useUser(t, { timisoara: ['citizen'] }, { displayName: 'Ana' });
  const ion = useUser(t, { timisoara: ['citizen'] }, { displayName: 'Ion' });
  beforeAll(async () => {
    // Ana reads English, Ion Hungarian: each hears in their own language.
    await t.database.db.updateTable('users').set({ locale: 'en' }).where('id', '=', ana.id).execute();
    await t.database.db.updateTable('users').set({ locale: 'hu' }).where('id', '=', ion.id).execute();
  });

  const inbox = async (u: TestUser) => (await t.app.inject({ url: '/api/v1/me/notifications', headers: { cookie: u.cookie } })).json().items as { kind: string; subject: string; body: string; link: string }[];
  const follows = async (u: TestUser) => (await t.app.inject({ url: '/api/v1/me/follows', headers: { cookie: u.cookie } })).json().items as { tenant: string; kind: string; id: string; implicit: boolean }[];
  const follow = (u: TestUser | undefined, payload: object, method: 'POST' | 'DELETE' = 'POST') => t.app.inject({ method, url: '/api/v1/me/follows', headers: u?.headers ?? {}, payload });

  it('follows anything registered: 401 → 400 naming the field → 404 (missing or not visible) → 201; unfollow; listed with the kinds', async () => {
    expect((await follow(undefined, { tenant: 'timisoara', kind: 'strategy.project', id: 'A1.P1' })).statusCode).toBe(401);
    const badKind = await follow(ana, { tenant: 'timisoara', kind: 'unicorn', id: '1' });
    expect(badKind.statusCode).toBe(400);
    expect(problem(badKind).errors?.[0]?.field).toBe('kind');
    const noId = await follow(ana, { tenant: 'timisoara', kind: 'strategy.project' });
    expect(noId.statusCode).toBe(400);
    expect(problem(noId).errors?.[0]?.field).toBe('id');
    expect((await follow(ana, { tenant: 'timisoara', kind: 'strategy.project', id: 'NOPE.1' })).statusCode).toBe(404);
    expect((await follow(ana, { tenant: 'atlantis', kind: 'strategy.project', id: 'A1.P1' })).statusCode).toBe(404);
    expect((await follow(ana, { tenant: 'timisoara', kind: 'reports.report', id: '999999' })).statusCode).toBe(404);
    // a sensor waiting for approval is visible to staff only
    const tm = await t.services.tenants.bySlug('timisoara');
    const pending = await t.database.db.insertInto('sensors_things').values({ tenant_id: tm.id, name: 'pending', lat: 45.75, lon: 21.22, metadata: '{}', area: null, ngsi_id: null, sc_node: null, status: 'pending' }).returning('id').executeTakeFirstOrThrow();
    expect((await follow(ana, { tenant: 'timisoara', kind: 'sensors.sensor', id: String(pending.id) })).statusCode).toBe(404);
    expect((await follow(staff, { tenant: 'timisoara', kind: 'sensors.sensor', id: String(pending.id) })).statusCode).toBe(201);

    const ok = await follow(ana, { tenant: 'timisoara', kind: 'strategy.kpi', id: 'A6.K1' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toEqual({ tenant: 'timisoara', kind: 'strategy.kpi', id: 'A6.K1', following: true });
    expect((await follow(ana, { tenant: 'timisoara', kind: 'area', id: 'CIARDA Roșie' })).json()).toMatchObject({ kind: 'area', id: 'ciarda-rosie' });
    for (const kind of ['directory.group', 'directory.event', 'directory.organisation', 'strategy.ambition']) expect((await follow(ana, { tenant: 'timisoara', kind, id: '999999' })).statusCode).toBe(404);
    expect((await follow(ana, { tenant: 'timisoara', kind: 'area', id: 'Atlantida' })).statusCode).toBe(404);
    const list = await t.app.inject({ url: '/api/v1/me/follows?tenant=timisoara', headers: { cookie: ana.cookie } });
    expect(list.json().items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'strategy.kpi', id: 'A6.K1', implicit: false }), expect.objectContaining({ kind: 'area', id: 'ciarda-rosie' })]));
    expect(list.json().kinds).toEqual(expect.arrayContaining(['area', 'participation.budget', 'participation.proposal', 'reports.report', 'sensors.sensor', 'strategy.kpi', 'strategy.project', 'directory.event', 'directory.group', 'directory.organisation', 'strategy.ambition']));
    // the KPI page's own follow button and the hub are one and the same
    expect((await t.app.inject({ url: `${T}/kpis/A6.K1`, headers: { cookie: ana.cookie } })).json().following).toBe(true);
    expect((await follow(ana, { tenant: 'timisoara', kind: 'strategy.kpi', id: 'A6.K1' }, 'DELETE')).json()).toMatchObject({ following: false });
    expect((await follow(ana, { tenant: 'timisoara', kind: 'strategy.kpi', id: 'A6.K1' }, 'DELETE')).statusCode).toBe(404);
    expect((await t.app.inject({ url: `${T}/kpis/A6.K1`, headers: { cookie: ana.cookie } })).json().following).toBe(false);
  });

  it('your input: a proposal answered and converted, then the project it became moves — the author hears each, in English', async () => {
    const created = await t.app.inject({ method: 'POST', url: `${T}/proposals`, headers: ana.headers, payload: { title: 'Umbrare în Piața Victoriei', body: 'Copaci și umbrare în Piața Victoriei, vara e prea cald.' } });
    expect(created.statusCode).toBe(201);
    const id = String(created.json().id);
    await t.worker.drain();
    expect(await follows(ana)).toContainEqual(expect.objectContaining({ kind: 'participation.proposal', id, implicit: true }));

    expect((await t.app.inject({ method: 'PUT', url: `${T}/proposals/${id}/answer`, headers: staff.headers, payload: { state: 'accepted', answer: { ro: 'Acceptată.', en: 'Accepted: we will plant trees.' } } })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'POST', url: `${T}/proposals/${id}/convert`, headers: staff.headers, payload: { kind: 'project', code: 'A1.PX1', parent: 'A1' } })).statusCode).toBe(201);
    await t.worker.drain();
    expect(await follows(ana)).toContainEqual(expect.objectContaining({ kind: 'strategy.project', id: 'A1.PX1', implicit: true }));
    expect((await t.app.inject({ method: 'PATCH', url: `${T}/projects/A1.PX1/status`, headers: staff.headers, payload: { status: 'in_progress', note: { ro: 'Au început plantările.', en: 'Planting has begun.' } } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'PATCH', url: `${T}/projects/A1.PX1`, headers: staff.headers, payload: { progress: 40 } })).statusCode).toBe(200);
    await t.worker.drain();

    const mine = await inbox(ana);
    expect(mine.map((n) => n.kind)).toEqual(['strategy.project.progress', 'strategy.project.status', 'participation.proposal.converted', 'participation.proposal.answered']);
    expect(mine[3]!.subject).toBe('Your proposal "Umbrare în Piața Victoriei" was answered: accepted');
    expect(mine[3]!.body).toContain('Accepted: we will plant trees.');
    expect(mine[2]!.subject).toBe('The proposal "Umbrare în Piața Victoriei" became project A1.PX1');
    expect(mine[1]!.body).toContain('Status: in progress');
    expect(mine[1]!.body).toContain('Planting has begun.');
    expect(mine[0]!.subject).toBe('Project A1.PX1 moved forward: 40%');
    expect(mine[0]!.link).toBe('http://urbia.test/timisoara/projects/A1.PX1');
    // …and by e-mail, with the link to stop and the link to the preferences
    const mails = outboxMails(t.config.dataDir).filter((m) => m.to.includes(ana.email));
    expect(mails.map((m) => m.subject)).toContain('Project A1.PX1 moved forward: 40%');
    expect(mails.at(-1)!.raw).toMatch(/Stop following:\r?\nhttp:\/\/urbia\.test\/unsubscribe\/[0-9a-f-]{36}/);
    expect((await inbox(staff)).filter((n) => n.kind.startsWith('participation'))).toHaveLength(0);
  });

  it('a budget vote: the voter follows the budget, hears that their project won (in Hungarian), then that it moves', async () => {
    const ps = (await t.app.inject({ url: `${T}/budgets/buget-2026-selectie/projects` })).json().items as { id: number; code: string }[];
    const chosen = ps.filter((p) => ['P3', 'P4'].includes(p.code)).map((p) => p.id);
    expect((await t.app.inject({ method: 'PUT', url: `${T}/budgets/buget-2026-selectie/ballot`, headers: ion.headers, payload: { projectIds: chosen } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: `${T}/budgets/buget-2026-selectie/ballot/checkout`, headers: ion.headers })).statusCode).toBe(200);
    await t.worker.drain();
    expect(await follows(ion)).toContainEqual(expect.objectContaining({ kind: 'participation.budget', implicit: true }));

    const promoted = await t.app.inject({ method: 'POST', url: `${T}/budgets/buget-2026-selectie/promote`, headers: staff.headers, payload: { rule: 'greedy', parent: 'A1', prefix: 'BP26' } });
    expect(promoted.statusCode).toBe(201);
    const created = promoted.json().created as string[];
    const mineWon = created.filter((c) => c === 'BP26-P3' || c === 'BP26-P4');
    expect(mineWon.length).toBeGreaterThan(0);
    await t.worker.drain();
    let mine = await inbox(ion);
    expect(mine.filter((n) => n.kind === 'participation.budget_project.won')).toHaveLength(mineWon.length);
    expect(mine[0]!.subject).toMatch(/^Nyert a projekt, amelyre szavazott: /);
    expect((await t.app.inject({ method: 'PATCH', url: `${T}/projects/${mineWon[0]}/status`, headers: staff.headers, payload: { status: 'in_progress', note: { ro: 'Începe.' } } })).statusCode).toBe(200);
    await t.worker.drain();
    mine = await inbox(ion);
    expect(mine[0]).toMatchObject({ kind: 'strategy.project.status' });
    expect(mine[0]!.subject).toBe(`A(z) ${mineWon[0]} projekt új állapota: folyamatban`);
  });

  it('an Open311 submitter with an address hears of status changes by e-mail; followers of its area hear of the new report', async () => {
    const tm = await t.services.tenants.bySlug('timisoara');
    const lat = 45.7489;
    const lon = 21.2087;
    const area = areaFor(areasOf(tm), lat, lon)!;
    expect((await follow(ion, { tenant: 'timisoara', kind: 'area', id: area })).statusCode).toBe(201);
    // a drawn area around the point, for Ana
    const ring = [[lon - 0.01, lat - 0.01], [lon + 0.01, lat - 0.01], [lon + 0.01, lat + 0.01], [lon - 0.01, lat + 0.01], [lon - 0.01, lat - 0.01]];
    expect((await follow(ana, { tenant: 'timisoara', kind: 'area', polygon: { type: 'Polygon', coordinates: [ring] } })).statusCode).toBe(201);
    const open = ring.slice(0, 4);
    const bad = await follow(ana, { tenant: 'timisoara', kind: 'area', polygon: { type: 'Polygon', coordinates: [open] } });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors?.[0]?.field).toMatch(/^polygon/);

    const apiKey = (await t.services.users.createApiKey(SYSTEM, tm, { name: 'back office', purpose: 'open311' })).secret;
    const body = `api_key=${apiKey}&jurisdiction_id=timisoara&service_code=street_light&lat=${lat}&long=${lon}&description=Bec+ars&email=submitter%40example.org`;
    const res = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: body, headers: FORM });
    expect(res.statusCode).toBe(200);
    const id = String(res.json()[0].service_request_id);
    await t.worker.drain();
    expect((await inbox(ion))[0]).toMatchObject({ kind: 'reports.area.new', link: `http://urbia.test/timisoara/reports/${id}` });
    expect((await inbox(ana))[0]).toMatchObject({ kind: 'reports.area.new' });
    expect((await inbox(ana))[0]!.subject).toMatch(/^New report in /);

    expect((await t.app.inject({ method: 'POST', url: `${T}/reports/${id}/actions`, headers: staff.headers, payload: { status: 'in_progress', publicUpdate: 'Echipa e pe drum.' } })).statusCode).toBe(204);
    await t.worker.drain();
    const toSubmitter = outboxMails(t.config.dataDir).filter((m) => m.to.includes('submitter@example.org'));
    expect(toSubmitter).toHaveLength(1);
    expect(toSubmitter[0]!.raw).toContain('are acum starea: în lucru');
    expect(toSubmitter[0]!.raw).toContain('Echipa e pe drum.');
  });

  it('a fan-out delivered again (a crash after it committed, before the event was marked done) adds nothing', async () => {
    const before = (await inbox(ana)).map((n) => n.subject);
    const mailsBefore = outboxMails(t.config.dataDir).length;
    const redo = await sql`update core_outbox set processed_at = null, available_at = now() where type in ('participation.proposal.answered', 'strategy.project.statusChanged', 'reports.report.updated') returning id`.execute(t.database.db);
    expect(redo.rows.length).toBeGreaterThanOrEqual(3);
    await t.worker.drain();
    expect((await inbox(ana)).map((n) => n.subject)).toEqual(before);
    expect(outboxMails(t.config.dataDir).length).toBe(mailsBefore);
  });

  it('Atom feeds (RFC 4287) per thing and per area: entries newest first, text escaped; 404 for unknown things', async () => {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'entry' || name === 'link' });
    const feed = await t.app.inject({ url: `${T}/feeds/strategy.project/A1.PX1.atom?lang=en` });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toMatch(/^application\/atom\+xml/);
    const doc = parser.parse(feed.body).feed;
    expect(doc['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(doc.id).toBe('http://urbia.test/api/v1/tenants/timisoara/feeds/strategy.project/A1.PX1.atom');
    expect(doc.title['#text']).toContain('A1.PX1');
    expect(doc.link).toContainEqual(expect.objectContaining({ '@rel': 'self', '@href': doc.id }));
    const titles = doc.entry.map((e: { title: { '#text': string } }) => e.title['#text']);
    expect(titles.slice(0, 2)).toEqual(['Project A1.PX1 moved forward: 40%', 'Project A1.PX1 has a new status: in progress']);
    for (const e of doc.entry) {
      expect(e.id).toMatch(/^tag:urbia\.test,2026:strategy\.project\/A1\.PX1\/\d+$/);
      expect(Date.parse(e.updated)).not.toBeNaN();
      expect(e.content['@type']).toBe('text');
    }
    expect(new Set(doc.entry.map((e: { id: string }) => e.id)).size).toBe(doc.entry.length);
    // the proposal's answer text came from staff: escaped, read back exactly (no markup survives as markup)
    const pid = (await t.database.db.selectFrom('participation_proposals').select('id').where('title', '=', 'Umbrare în Piața Victoriei').executeTakeFirstOrThrow()).id;
    const pf = parser.parse((await t.app.inject({ url: `${T}/feeds/participation.proposal/${pid}.atom?lang=en` })).body).feed;
    expect(pf.entry.map((e: { content: { '#text': string } }) => e.content['#text']).join('\n')).toContain('Accepted: we will plant trees.');
    // an area's feed carries the new report there (in the city's language by default)
    const tm = await t.services.tenants.bySlug('timisoara');
    const area = areaFor(areasOf(tm), 45.7489, 21.2087)!;
    const af = await t.app.inject({ url: `${T}/feeds/area/${encodeURIComponent(area)}.atom` });
    expect(af.statusCode).toBe(200);
    expect(parser.parse(af.body).feed.entry.length).toBeGreaterThan(0);
    // unknown kind, unknown thing, not an .atom name
    expect((await t.app.inject({ url: `${T}/feeds/unicorn/1.atom` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `${T}/feeds/strategy.project/NOPE.atom` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `${T}/feeds/area/Atlantida.atom` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `${T}/feeds/strategy.project/A1.PX1.rss` })).statusCode).toBe(400);
  });

  it('projects there: a project placed in a followed neighbourhood (or drawn area) moves and its followers hear; one elsewhere does not reach them', async () => {
    const tm = await t.services.tenants.bySlug('timisoara');
    const here = { lat: 45.7537, lon: 21.2257 };
    const there = { lat: 45.7335, lon: 21.2406 };
    const area = areaFor(areasOf(tm), here.lat, here.lon)!;
    expect(area).not.toBeNull();
    expect(areaFor(areasOf(tm), there.lat, there.lon)).not.toBe(area);
    const vera = await buildUser(t, { timisoara: ['citizen'] }, { displayName: 'Vera' });
    const dan = await buildUser(t, { timisoara: ['citizen'] }, { displayName: 'Dan' });
    expect((await follow(vera, { tenant: 'timisoara', kind: 'area', id: area })).statusCode).toBe(201);
    const ring = [[here.lon - 0.002, here.lat - 0.002], [here.lon + 0.002, here.lat - 0.002], [here.lon + 0.002, here.lat + 0.002], [here.lon - 0.002, here.lat + 0.002], [here.lon - 0.002, here.lat - 0.002]];
    expect((await follow(dan, { tenant: 'timisoara', kind: 'area', polygon: { type: 'Polygon', coordinates: [ring] } })).statusCode).toBe(201);
    const place = async (code: string, p: { lat: number; lon: number }) =>
      expect((await t.app.inject({ method: 'PATCH', url: `${T}/projects/${code}`, headers: staff.headers, payload: { location: { type: 'Point', coordinates: [p.lon, p.lat] } } })).statusCode).toBe(200);
    await place('A1.P2', here);
    await place('A1.P3', there);
    expect((await t.app.inject({ method: 'PATCH', url: `${T}/projects/A1.P2/status`, headers: staff.headers, payload: { status: 'in_progress', note: { ro: 'Începe lucrul.' } } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'PATCH', url: `${T}/projects/A1.P3/status`, headers: staff.headers, payload: { status: 'in_progress', note: { ro: 'Începe și aici.' } } })).statusCode).toBe(200);
    await t.worker.drain();
    for (const who of [vera, dan]) {
      const mine = (await inbox(who)).filter((n) => n.kind.startsWith('strategy.project'));
      expect(mine.map((n) => n.link)).toEqual(['http://urbia.test/timisoara/projects/A1.P2']);
      expect(mine[0]!.subject).toBe('Proiectul A1.P2 are un stadiu nou: în derulare');
    }
    // the neighbourhood's Atom feed carries the project's news
    const af = await t.app.inject({ url: `${T}/feeds/area/${encodeURIComponent(area)}.atom` });
    expect(af.body).toContain('A1.P2');
    expect(af.body).not.toContain('A1.P3');
  });
});
