/**
 * Evaluation rounds over real HTTP (app.inject) on both engines: the role ladder (anonymous 401, citizen
 * 403, steering only recommendations, staff all), bad input naming the field with nothing written, the
 * whole round (findings → recommendations and answers, the recorder told of the answer → generate two versions → publish → immutable),
 * drafts hidden from the public, audit rows and events in the transaction, the recommendations open
 * dataset, and the generated PDF read back with poppler's pdftotext / pdfinfo / pdffonts: the city's
 * name, KPI rows with their values, the recommendations, diacritics intact, fonts embedded, A4, page
 * numbers, and a chart drawn as vector paths; tagged (structure tree with headings, tables, a figure).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, problem, type TestApp, type TestUser } from '../../../../tests/helpers/app.js';
import { testEngines } from '../../../../tests/helpers/env.js';
import { SYSTEM } from '../../../core/actor.js';
import { ROOT_DIR } from '../../../core/version.js';

const TM = '/api/v1/tenants/timisoara';
const EV = `${TM}/evaluations`;
const json = (u: TestUser | undefined, body?: unknown) => ({ headers: { ...(u?.headers ?? {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });

/** A recommendation whose text needs every Romanian diacritic (and a would-be tag, which must stay text). */
const DIACRITICS = 'Îmbunătățirea științifică a rețelei: ș ț ă â î Ș Ț Ă Â Î';
const REC_TEXT = `${DIACRITICS} — <script>alert(1)</script>`;

/** Every FlateDecode stream of a PDF, inflated (pdfkit compresses page content). */
function contentStreams(pdf: Buffer): string[] {
  const out: string[] = [];
  let at = 0;
  for (;;) {
    const s = pdf.indexOf('stream\n', at, 'latin1');
    if (s < 0) break;
    const e = pdf.indexOf('\nendstream', s, 'latin1');
    if (e < 0) break;
    try {
      out.push(inflateSync(pdf.subarray(s + 7, e)).toString('latin1'));
    } catch {
      // not a deflated stream (a font program, for instance)
    }
    at = e + 10;
  }
  return out;
}

describe.each(testEngines())('evaluation rounds on %s', (engine) => {
  let t: TestApp;
  let staff: TestUser, citizen: TestUser, steering: TestUser, team: TestUser;
  let id: number;
  let recId: number;
  const tmp = mkdtempSync(join(tmpdir(), 'urbia-eval-'));
  const body = { type: 'annual', title: { ro: 'Evaluarea anuală 2025', en: 'Annual evaluation 2025' }, periodStart: '2025-01-01', periodEnd: '2025-12-31', scope: ['A3', 'A5'] };

  beforeAll(async () => {
    t = await createTestApp(engine);
    const tenant = await t.services.tenants.bySlug('timisoara');
    const doc = JSON.parse(readFileSync(join(ROOT_DIR, 'data/strategies/timisoara-2022-2027.json'), 'utf8')) as { tenant: string };
    await t.modules.strategy!.importDocument(SYSTEM, tenant, doc);
    // A3.K1 (startups, % of companies; baseline 6.8, target 10): two values in 2025 and one after the period.
    for (const [date, value] of [['2025-06-30', 7.1], ['2025-12-31', 7.9], ['2026-03-01', 9.4]] as const) await t.modules.strategy!.addMeasurement(SYSTEM, tenant, 'A3.K1', { date, value });
    [staff, citizen, steering, team] = await Promise.all([
      buildUser(t, { timisoara: ['staff'] }),
      buildUser(t, { timisoara: ['citizen'] }),
      buildUser(t, { timisoara: ['steering'] }),
      buildUser(t, { timisoara: ['project_team'] }),
    ]);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('opening a round walks the ladder: 401, 403 for citizens, steering and teams, 400 naming the field, 201 for staff', async () => {
    expect((await t.app.inject({ method: 'POST', url: EV, ...json(undefined, body) })).statusCode).toBe(401);
    for (const u of [citizen, steering, team]) expect((await t.app.inject({ method: 'POST', url: EV, ...json(u, body) })).statusCode).toBe(403);
    const backwards = await t.app.inject({ method: 'POST', url: EV, ...json(staff, { ...body, periodEnd: '2024-12-31' }) });
    expect(backwards.statusCode).toBe(400);
    expect(problem(backwards).errors![0]!.field).toBe('periodEnd');
    const badType = await t.app.inject({ method: 'POST', url: EV, ...json(staff, { ...body, type: 'monthly' }) });
    expect(badType.statusCode).toBe(400);
    expect(problem(badType).errors![0]!.field).toBe('type');
    const badScope = await t.app.inject({ method: 'POST', url: EV, ...json(staff, { ...body, scope: ['A3', 'Z9'] }) });
    expect(badScope.statusCode).toBe(400);
    expect(problem(badScope).errors![0]!.field).toBe('scope[1]');
    expect(await t.database.db.selectFrom('monitoring_evaluations').select('id').execute()).toHaveLength(0);

    const created = await t.app.inject({ method: 'POST', url: EV, ...json(staff, body) });
    expect(created.statusCode).toBe(201);
    const e = created.json();
    expect(e).toMatchObject({ type: 'annual', status: 'draft', periodStart: '2025-01-01', scope: [{ code: 'A3' }, { code: 'A5' }], reports: [], abilities: { edit: true, generate: true, publish: true } });
    expect(e.scope[0].title.ro).toBeTruthy();
    id = e.id;
    const audit = await t.database.db.selectFrom('core_audit_log').select(['action', 'entity_id']).where('action', '=', 'monitoring.evaluation.created').execute();
    expect(audit).toEqual([{ action: 'monitoring.evaluation.created', entity_id: String(id) }]);
    expect(await t.database.db.selectFrom('core_outbox').select('type').where('type', '=', 'monitoring.evaluation.created').execute()).toHaveLength(1);
  });

  it('a draft is for staff and steering: anonymous 401, citizen 403, and lists leave it out for them', async () => {
    expect((await t.app.inject({ url: `${EV}/${id}` })).statusCode).toBe(401);
    expect((await t.app.inject({ url: `${EV}/${id}`, ...json(citizen) })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `${EV}/${id}/recommendations`, ...json(citizen) })).statusCode).toBe(403);
    const asSteering = await t.app.inject({ url: `${EV}/${id}`, ...json(steering) });
    expect(asSteering.statusCode).toBe(200);
    expect(asSteering.json().abilities).toEqual({ edit: false, writeFindings: false, generate: false, publish: false, recommend: true, answer: false });
    expect((await t.app.inject({ url: EV })).json()).toEqual({ items: [], abilities: { create: false } });
    expect((await t.app.inject({ url: EV, ...json(staff) })).json()).toMatchObject({ items: [{ id, status: 'draft' }], abilities: { create: true } });
    expect((await t.app.inject({ url: `${EV}/999999`, ...json(staff) })).statusCode).toBe(404);
  });

  it('staff write findings per ambition/objective of the scope; steering may not', async () => {
    const text = { text: { ro: 'Numărul de startup-uri crește, dar sub ritmul necesar pentru ținta din 2027.' } };
    expect((await t.app.inject({ method: 'PUT', url: `${EV}/${id}/findings/A3`, ...json(undefined, text) })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'PUT', url: `${EV}/${id}/findings/A3`, ...json(steering, text) })).statusCode).toBe(403);
    const outOfScope = await t.app.inject({ method: 'PUT', url: `${EV}/${id}/findings/A1`, ...json(staff, text) });
    expect(outOfScope.statusCode).toBe(400);
    expect(problem(outOfScope).errors![0]!.field).toBe('scope');
    const empty = await t.app.inject({ method: 'PUT', url: `${EV}/${id}/findings/A3`, ...json(staff, { text: { ro: '' } }) });
    expect(empty.statusCode).toBe(400);
    expect(problem(empty).errors![0]!.field).toBe('text.ro');
    const ok = await t.app.inject({ method: 'PUT', url: `${EV}/${id}/findings/A3`, ...json(staff, text) });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().findings).toMatchObject([{ scope: { code: 'A3' }, text: text.text }]);
    // Writing again replaces the text (one finding per scope).
    const again = await t.app.inject({ method: 'PUT', url: `${EV}/${id}/findings/A3`, ...json(staff, { text: { ro: 'Revizuit.' } }) });
    expect(again.json().findings).toHaveLength(1);
    await t.app.inject({ method: 'PUT', url: `${EV}/${id}/findings/A3`, ...json(staff, text) });
  });

  it('the steering body records recommendations, staff answer them; a rejection needs its reason', async () => {
    const rec = { text: { ro: REC_TEXT }, addressedTo: 'Direcția Dezvoltare' };
    expect((await t.app.inject({ method: 'POST', url: `${EV}/${id}/recommendations`, ...json(undefined, rec) })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: `${EV}/${id}/recommendations`, ...json(citizen, rec) })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `${EV}/${id}/recommendations`, ...json(team, rec) })).statusCode).toBe(403);
    const noReason = await t.app.inject({ method: 'POST', url: `${EV}/${id}/recommendations`, ...json(steering, { ...rec, status: 'rejected' }) });
    expect(noReason.statusCode).toBe(400);
    expect(problem(noReason).errors![0]!.field).toBe('reason');
    const noAddressee = await t.app.inject({ method: 'POST', url: `${EV}/${id}/recommendations`, ...json(steering, { text: rec.text }) });
    expect(problem(noAddressee).errors![0]!.field).toBe('addressedTo');
    expect(await t.database.db.selectFrom('monitoring_evaluation_recommendations').select('id').execute()).toHaveLength(0);

    const created = await t.app.inject({ method: 'POST', url: `${EV}/${id}/recommendations`, ...json(steering, rec) });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ number: 1, status: 'open', addressedTo: 'Direcția Dezvoltare', answer: null, abilities: { edit: true, answer: false } });
    recId = created.json().id;
    const second = await t.app.inject({ method: 'POST', url: `${EV}/${id}/recommendations`, ...json(staff, { text: { ro: 'Externalizarea monitorizării.' }, addressedTo: 'Primăria' }) });
    expect(second.json().number).toBe(2);

    const answer = { answer: { ro: 'Acceptată: echipa începe în trimestrul următor.' }, status: 'accepted' };
    expect((await t.app.inject({ method: 'POST', url: `${EV}/${id}/recommendations/${recId}/answer`, ...json(steering, answer) })).statusCode).toBe(403);
    const answered = await t.app.inject({ method: 'POST', url: `${EV}/${id}/recommendations/${recId}/answer`, ...json(staff, answer) });
    expect(answered.statusCode).toBe(200);
    expect(answered.json()).toMatchObject({ status: 'accepted', answer: answer.answer });
    expect(answered.json().answeredAt).toBeTruthy();
    // The steering member who recorded it is told (inbox + e-mail, in their language), in the same transaction.
    const inbox = (await t.app.inject({ url: '/api/v1/me/notifications', ...json(steering) })).json() as { items: { kind: string; subject: string; body: string; link: string | null }[] };
    const notice = inbox.items.find((n) => n.kind === 'monitoring.recommendation.answered');
    expect(notice?.subject).toBe('Răspuns la recomandarea 1: Evaluarea anuală 2025');
    expect(notice?.body).toContain('Acceptată: echipa începe în trimestrul următor.');
    expect(notice?.link).toContain(`/timisoara/evaluations/${id}`);
    const mails = (await t.database.db.selectFrom('core_outbox').select('payload').where('type', '=', 'notifications.email.requested').execute()).map((r) => r.payload as { to: string; subject: string });
    expect(mails.filter((m) => m.subject.startsWith('Răspuns la recomandarea')).map((m) => m.to)).toEqual([steering.email]);

    const rejectBare = await t.app.inject({ method: 'PATCH', url: `${EV}/${id}/recommendations/${second.json().id}`, ...json(steering, { status: 'rejected' }) });
    expect(rejectBare.statusCode).toBe(400);
    expect(problem(rejectBare).errors![0]!.field).toBe('reason');
    const rejected = await t.app.inject({ method: 'PATCH', url: `${EV}/${id}/recommendations/${second.json().id}`, ...json(steering, { status: 'rejected', reason: 'Monitorizarea rămâne în primărie.' }) });
    expect(rejected.json()).toMatchObject({ status: 'rejected', reason: 'Monitorizarea rămâne în primărie.' });
    expect((await t.app.inject({ method: 'PATCH', url: `${EV}/${id}/recommendations/999999`, ...json(steering, { status: 'done' }) })).statusCode).toBe(404);

    const list = await t.app.inject({ url: `${EV}/${id}/recommendations`, ...json(steering) });
    expect(list.json().items.map((r: { number: number; status: string }) => [r.number, r.status])).toEqual([
      [1, 'accepted'],
      [2, 'rejected'],
    ]);
    const actions = (await t.database.db.selectFrom('core_audit_log').select('action').where('entity_type', '=', 'monitoring_recommendation').execute()).map((r) => r.action).sort();
    expect(actions).toEqual(['monitoring.recommendation.answered', 'monitoring.recommendation.created', 'monitoring.recommendation.created', 'monitoring.recommendation.updated']);
  });

  it('generate stores a new version each time; nothing to publish before; only staff generate', async () => {
    expect((await t.app.inject({ url: `${EV}/${id}/report.html`, ...json(staff) })).statusCode).toBe(404);
    const early = await t.app.inject({ method: 'POST', url: `${EV}/${id}/publish`, ...json(staff) });
    expect(early.statusCode).toBe(409);
    expect(problem(early).code).toBe('no_report');
    expect((await t.app.inject({ method: 'POST', url: `${EV}/${id}/generate`, ...json(steering) })).statusCode).toBe(403);
    const v1 = await t.app.inject({ method: 'POST', url: `${EV}/${id}/generate`, ...json(staff) });
    expect(v1.statusCode).toBe(200);
    expect(v1.json().reports).toMatchObject([{ version: 1, published: false }]);
    const v2 = await t.app.inject({ method: 'POST', url: `${EV}/${id}/generate`, ...json(staff) });
    expect(v2.json().reports.map((r: { version: number }) => r.version)).toEqual([2, 1]);
    expect((await t.app.inject({ url: `${EV}/${id}/report.html` })).statusCode).toBe(401);
    expect((await t.app.inject({ url: `${EV}/${id}/report.pdf`, ...json(citizen) })).statusCode).toBe(403);
    const draft = await t.app.inject({ url: `${EV}/${id}/report.html`, ...json(steering) });
    expect(draft.statusCode).toBe(200);
    expect(draft.body).toContain('Ciornă — nepublicată');
  });

  it('the HTML report: the period’s KPI values, findings, recommendations, charts as SVG with data tables, text never markup', async () => {
    const res = await t.app.inject({ url: `${EV}/${id}/report.html`, ...json(staff) });
    expect(res.headers['content-type']).toContain('text/html');
    const html = res.body;
    expect(html).toContain('<html lang="ro">');
    expect(html).toContain('Timișoara');
    // A3.K1 at the end of 2025: 7,9 (the 2026 value is after the period), baseline 6,8, target 10.
    expect(html).toMatch(/<td>A3\.K1<\/td><td>[^<]+<\/td><td class="num">6,8<\/td><td class="num">10<\/td><td class="num">7,9<\/td>/);
    expect(html).not.toContain('9,4</td>');
    expect(html).toContain('Numărul de startup-uri crește');
    expect(html).toContain(DIACRITICS);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toMatch(/<svg[^>]+role="img"[^>]*><title id="chart-A3-K1-desc">/);
    expect(html).toContain('<polyline');
    const en = await t.app.inject({ url: `${EV}/${id}/report.html?lang=en&kind=state_of_the_city`, ...json(staff) });
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('State of the city report — Timișoara');
    expect(en.body).not.toContain('Findings');
    const bad = await t.app.inject({ url: `${EV}/${id}/report.html?kind=poster`, ...json(staff) });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors![0]!.field).toBe('query.kind');
  });

  it('publishing makes the round and its report public and immutable', async () => {
    const pub = await t.app.inject({ method: 'POST', url: `${EV}/${id}/publish`, ...json(staff) });
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toMatchObject({ status: 'published', publishedVersion: 2, abilities: { edit: false, generate: false } });
    for (const [method, url, payload] of [
      ['POST', `${EV}/${id}/generate`, undefined],
      ['POST', `${EV}/${id}/publish`, undefined],
      ['PUT', `${EV}/${id}/findings/A3`, { text: { ro: 'Altceva.' } }],
      ['PATCH', `${EV}/${id}`, { title: { ro: 'Alt titlu' } }],
    ] as const) {
      const r = await t.app.inject({ method, url, ...json(staff, payload) });
      expect(r.statusCode).toBe(409);
      expect(problem(r).code).toBe('published_immutable');
    }
    expect(await t.database.db.selectFrom('monitoring_evaluation_reports').select('version').execute()).toHaveLength(2);
    const list = await t.app.inject({ url: EV });
    expect(list.json().items).toMatchObject([{ id, status: 'published', latestReport: { version: 2, published: true } }]);
    const pubGet = await t.app.inject({ url: `${EV}/${id}` });
    expect(pubGet.statusCode).toBe(200);
    expect(pubGet.json().reports).toHaveLength(1);
    expect((await t.app.inject({ url: `${EV}/${id}/recommendations` })).json().items).toHaveLength(2);
    const html = await t.app.inject({ url: `${EV}/${id}/report.html` });
    expect(html.statusCode).toBe(200);
    expect(html.body).not.toContain('Ciornă');
    // Other versions stay for staff and steering.
    expect((await t.app.inject({ url: `${EV}/${id}/report.html?version=1` })).statusCode).toBe(401);
    expect((await t.app.inject({ url: `${EV}/${id}/report.html?version=1`, ...json(citizen) })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `${EV}/${id}/report.html?version=1`, ...json(steering) })).statusCode).toBe(200);
    // Recommendations are still followed up after publication.
    const done = await t.app.inject({ method: 'PATCH', url: `${EV}/${id}/recommendations/${recId}`, ...json(steering, { status: 'done' }) });
    expect(done.json().status).toBe('done');
    const events = (await t.database.db.selectFrom('core_outbox').select('type').where('type', 'like', 'monitoring.evaluation.%').execute()).map((r) => r.type);
    expect(events.filter((e) => e === 'monitoring.evaluation.reportGenerated')).toHaveLength(2);
    expect(events).toContain('monitoring.evaluation.published');
  });

  it('the public PDF: A4, embedded fonts, city, KPI rows, recommendations with diacritics, contents, page numbers, a vector chart', async () => {
    const res = await t.app.inject({ url: `${EV}/${id}/report.pdf` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="timisoara-evaluare-\d+-v2-ro\.pdf"$/);
    const pdf = res.rawPayload;
    const file = join(tmp, 'report.pdf');
    writeFileSync(file, pdf);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595\.2\d? x 841\.8\d? pts \(A4\)/);
    // Tagged: a structure tree in reading order, the language and the title.
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Title:\s+Raport de evaluare/);
    const struct = execFileSync('pdfinfo', ['-struct-text', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(struct).toMatch(/^Document\n {2}Sect\n/);
    expect(struct).toMatch(/^\s+TOC$/m);
    expect(struct).toMatch(/^\s+H1 \(block\)\n\s+"Indicatori \(KPI\)"/m);
    expect(struct).toMatch(/^\s+Table\b/m);
    expect(struct).toMatch(/^\s+TH:\n\s+\/Scope \/Column/m);
    expect(struct).toMatch(/^\s+TD$/m);
    expect(struct).toMatch(/^\s+Figure\b/m);
    expect(struct).toContain(DIACRITICS);
    expect(readFileSync(file).includes('/Lang (ro)')).toBe(true);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThan(5);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(f).toMatch(/DejaVuSans.*\byes\s+yes\s+yes\b/);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Timișoara');
    expect(text.replace(/\s+/g, ' ')).toContain('Raport de evaluare: Evaluarea anuală 2025');
    expect(text).toContain('Cuprins');
    expect(text).toContain(`Pagina 2 din ${pages}`);
    expect(text).toMatch(/A3\.K1 .*6,8\s+10\s+7,9/);
    expect(text).toContain(DIACRITICS);
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('Acceptată: echipa începe în trimestrul următor.');
    expect(text).toContain('Monitorizarea rămâne în primărie.');
    // The chart is vector graphics: a path of line segments (`x y l`) stroked in the chart colour.
    const streams = contentStreams(pdf).join('\n');
    expect(streams.match(/^[\d.]+ [\d.]+ l$/gm)?.length ?? 0).toBeGreaterThan(5);
    expect(streams).toMatch(/^0\.0431\d* 0\.3098\d* 0\.5411\d* SCN$/m);
    expect(execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean)).toHaveLength(0);
    // The state-of-the-city report, in Hungarian, keeps ő/ű and Romanian names.
    const hu = await t.app.inject({ url: `${EV}/${id}/report.pdf?kind=state_of_the_city&lang=hu` });
    writeFileSync(file, hu.rawPayload);
    const huText = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(huText).toContain('Jelentés a város helyzetéről');
    expect(huText).toContain('Timișoara');
  });

  it('the recommendations of published rounds are an open dataset (CSV and JSON), without people', async () => {
    const csv = await t.app.inject({ url: `${TM}/opendata/datasets/evaluation-recommendations/files/recommendations.csv` });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('Direcția Dezvoltare');
    expect(csv.body).toContain('Monitorizarea rămâne în primărie.');
    const rows = (await t.app.inject({ url: `${TM}/opendata/datasets/evaluation-recommendations/files/recommendations.json` })).json() as Record<string, unknown>[];
    expect(rows.map((r) => [r.number, r.status])).toEqual([
      [1, 'done'],
      [2, 'rejected'],
    ]);
    expect(JSON.stringify(rows)).not.toContain(steering.id);
  });
});
