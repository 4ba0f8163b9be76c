/**
 * Issue #13, the strategy's content. The editorial notes written while transcribing the strategies are for staff only. This loads both
 * real strategies, walks every public GET route of the OpenAPI document for both cities (every path parameter
 * filled with real codes), then follows every link those answers give to our own server one level down
 * (dataset distributions, DCAT, OGC items, CSV and JSON exports), and fails on any stored note text in any
 * answer. Staff still read the notes at GET …/strategy/notes, and only staff.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../src/core/actor.js';
import { ROOT_DIR } from '../../src/core/version.js';
import { STRATEGY_FILES } from '../../src/modules/strategy/index.js';
import { buildUser, createTestApp, type TestApp } from '../helpers/app.js';
import { testEngines } from '../helpers/env.js';

type Doc = { tenant: string; pillars: { code: string; children: { code: string }[] }[]; projects: { code: string; note?: string }[]; kpis: { code: string; note?: string }[] };

/** Every string under a `note` or `notes` key, at any depth. */
function notesIn(v: unknown, out: string[] = [], underNote = false): string[] {
  if (typeof v === 'string') {
    if (underNote) out.push(v);
  } else if (Array.isArray(v)) for (const x of v) notesIn(x, out, underNote);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) notesIn(x, out, underNote || k === 'note' || k === 'notes');
  return out;
}

/**
 * The longest run of a note's own words: what the note quotes from the printed strategy ("…", „…”, “…”) is left
 * out, since that text is public, and the run has no character that JSON, CSV, XML or Turtle escape (quotes, <,
 * &, \\, newlines), so the same fragment is found whatever the format of the answer.
 */
function fingerprint(note: string): string {
  const own = note.replace(/"[^"]*"|„[^”]*”|“[^”]*”|«[^»]*»/g, '<');
  return own.split(/["'<>&\\\n\r]/).reduce((a, b) => (b.trim().length > a.length ? b.trim() : a), '');
}

describe.each(testEngines())('editorial notes on %s', (engine) => {
  let t: TestApp;
  const docs: Doc[] = STRATEGY_FILES.map((f) => JSON.parse(readFileSync(join(ROOT_DIR, f), 'utf8')) as Doc);
  const fingerprints = [...new Set(docs.flatMap((d) => notesIn(d)).map(fingerprint))].filter((f) => f.length >= 24);

  beforeAll(async () => {
    t = await createTestApp(engine);
    for (const doc of docs) await t.modules.strategy!.importDocument(SYSTEM, await t.services.tenants.bySlug(doc.tenant), doc);
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  it('has notes to look for (the test would prove nothing without them)', () => {
    expect(fingerprints.length).toBeGreaterThan(150);
  });

  it('never appear in a public answer: every GET route for both cities, and every link they give one level down', async () => {
    const openapi = (await t.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, { get?: unknown }> };
    const values = (doc: Doc): Record<string, string[]> => {
      const pillars = doc.pillars.map((p) => p.code);
      const objectives = doc.pillars.flatMap((p) => p.children.map((c) => c.code));
      const projects = doc.projects.slice(0, 3).map((p) => p.code);
      const kpis = doc.kpis.slice(0, 3).map((k) => k.code);
      return { tenant: [doc.tenant], slug: [doc.tenant], city: [doc.tenant], code: [...projects, ...kpis, pillars[0]!, objectives[0]!], pillar: pillars.slice(0, 2), project: projects, kpi: kpis, objective: objectives.slice(0, 1) };
    };
    const urls = new Set<string>();
    for (const doc of docs) {
      const v = values(doc);
      for (const [path, ops] of Object.entries(openapi.paths)) {
        if (!ops.get || path.includes('/me') || path.startsWith('/api/v1/admin')) continue;
        let expanded = [path];
        for (const name of path.match(/\{(\w+)\}/g) ?? []) {
          const key = name.slice(1, -1);
          const options = v[key] ?? [];
          expanded = expanded.flatMap((p) => options.map((o) => p.replace(name, encodeURIComponent(o))));
        }
        for (const u of expanded) urls.add(u);
      }
    }
    const seen = new Set<string>();
    const hits: string[] = [];
    let answered = 0;
    const visit = async (url: string, depth: number) => {
      if (seen.has(url) || seen.size > 3000) return;
      seen.add(url);
      const res = await t.app.inject({ url });
      if (res.statusCode >= 300) return;
      answered++;
      const body = res.body;
      for (const f of fingerprints) if (body.includes(f)) hits.push(`${url}: "${f.slice(0, 60)}…"`);
      if (depth === 0) return;
      // links to our own server in the answer: absolute (PUBLIC_URL) or root-relative API paths
      for (const m of body.matchAll(/(?:http:\/\/urbia\.test)?(\/(?:api|ogc|open311|dcat)[^\s"'<>)\\]*)/g)) {
        const link = m[1]!.replace(/&amp;/g, '&');
        if (!link.includes('{') && !link.includes('/me')) await visit(link, depth - 1);
      }
    };
    for (const u of urls) await visit(u, 1);
    expect(answered).toBeGreaterThan(100);
    expect(hits, hits.slice(0, 20).join('\n')).toEqual([]);
  }, 600_000);

  it('are read by staff at GET …/strategy/notes, and by no one else', async () => {
    const url = '/api/v1/tenants/timisoara/strategy/notes';
    expect((await t.app.inject({ url })).statusCode).toBe(401);
    const citizen = await buildUser(t);
    expect((await t.app.inject({ url, headers: citizen.headers })).statusCode).toBe(403);
    const otherCity = await buildUser(t, { 'baia-mare': ['staff'] });
    expect((await t.app.inject({ url, headers: otherCity.headers })).statusCode).toBe(403);
    const staff = await buildUser(t, { timisoara: ['staff'] });
    const res = await t.app.inject({ url, headers: staff.headers });
    expect(res.statusCode).toBe(200);
    const items = (res.json() as { items: { entity: string; code: string; note: string }[] }).items;
    const tm = docs.find((d) => d.tenant === 'timisoara')!;
    expect(items.filter((i) => i.entity === 'project')).toHaveLength(tm.projects.filter((p) => p.note).length);
    expect(items.filter((i) => i.entity === 'kpi')).toHaveLength(tm.kpis.filter((k) => k.note).length);
    expect(items.find((i) => i.entity === 'kpi' && i.code === 'A5.K1')?.note).toBe(tm.kpis.find((k) => k.code === 'A5.K1')!.note);
    // what a citizen needs of the note is the public remark, in the city's language
    const kpi = (await t.app.inject({ url: '/api/v1/tenants/timisoara/kpis/A5.K1' })).json() as { remark?: { ro: string }; note?: string };
    expect(kpi.note).toBeUndefined();
    expect(kpi.remark?.ro).toMatch(/2019/);
    // the staff document export keeps the notes (a full round trip); the public one does not
    const pub = (await t.app.inject({ url: '/api/v1/tenants/timisoara/strategy/document' })).json();
    const own = (await t.app.inject({ url: '/api/v1/tenants/timisoara/strategy/document', headers: staff.headers })).json();
    expect(notesIn(pub)).toEqual([]);
    expect(notesIn(own).length).toBe(notesIn(tm).length);
    // and the fingerprints the scan looks for are found in an answer that does carry the notes
    const ownBody = JSON.stringify(own);
    expect(fingerprints.filter((f) => ownBody.includes(f)).length).toBeGreaterThan(80);
  });

  it('tells staff, per language of the city, how much is translated and what needs translation', async () => {
    const url = '/api/v1/tenants/baia-mare/strategy/translations';
    expect((await t.app.inject({ url })).statusCode).toBe(401);
    const citizen = await buildUser(t);
    expect((await t.app.inject({ url, headers: citizen.headers })).statusCode).toBe(403);
    const staff = await buildUser(t, { 'baia-mare': ['staff'] });
    const res = await t.app.inject({ url, headers: staff.headers });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { defaultLocale: string; locales: { locale: string; total: number; translated: number; missing: { entity: string; code: string; field: string; source: string }[] }[] };
    expect(body.defaultLocale).toBe('ro');
    const by = Object.fromEntries(body.locales.map((l) => [l.locale, l]));
    expect(Object.keys(by).sort()).toEqual(['en', 'hu', 'ro']);
    // Romanian is the source language: complete; every count adds up
    expect(by.ro!.translated).toBe(by.ro!.total);
    for (const l of body.locales) expect(l.translated + l.missing.length).toBe(l.total);
    // the demo translated every ambition/objective, action direction, project title and KPI name into Hungarian
    const hu = by.hu!;
    for (const entity of ['pillar', 'objective', 'project']) expect(hu.missing.filter((m) => m.entity === entity && m.field === 'title')).toEqual([]);
    expect(hu.missing.filter((m) => m.entity === 'kpi' && m.field === 'name')).toEqual([]);
    // what is left is listed with its Romanian text to translate from (e.g. the vision, the funding sources)
    const vision = hu.missing.find((m) => m.entity === 'strategy' && m.field === 'vision');
    expect(vision?.source).toMatch(/^În 2030, municipiul Baia Mare/);
    expect(hu.translated).toBeGreaterThan(200);
  });
});
