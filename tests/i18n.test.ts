/** Every UI string exists in Romanian, English and Hungarian, for the core app and every module. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../src/core/version.js';

function keys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

/** Plural forms differ by language (Romanian has one/few/other, English and Hungarian one/other). */
const PLURAL = /_(zero|one|two|few|many|other)$/;
const base = (k: string) => k.replace(PLURAL, '');
function logicalKeys(obj: unknown): string[] {
  return [...new Set(keys(obj).map(base))].sort();
}

const bundles: { name: string; dir: string }[] = [{ name: 'core', dir: join(ROOT_DIR, 'web', 'src', 'i18n') }];
const modulesDir = join(ROOT_DIR, 'web', 'src', 'modules');
for (const m of existsSync(modulesDir) ? readdirSync(modulesDir) : []) {
  const dir = join(modulesDir, m, 'i18n');
  if (existsSync(join(dir, 'ro.json'))) bundles.push({ name: m, dir });
}

describe.each(bundles)('UI strings of $name', ({ dir }) => {
  const load = (l: string) => JSON.parse(readFileSync(join(dir, `${l}.json`), 'utf8')) as unknown;
  const ro = logicalKeys(load('ro'));

  it('has the same keys in ro, en and hu (plural forms per language), none empty', () => {
    for (const l of ['en', 'hu']) {
      expect(logicalKeys(load(l)), `${l} vs ro`).toEqual(ro);
      // every plural key has its "other" form
      for (const k of keys(load(l)).filter((x) => PLURAL.test(x))) expect(keys(load(l)), `${l} ${k}`).toContain(`${base(k)}_other`);
    }
    for (const l of ['ro', 'en', 'hu']) {
      const flat = JSON.stringify(load(l));
      expect(flat, `${l} has an empty string`).not.toMatch(/:""/);
    }
  });

  it('keeps the same {{placeholders}} in every language', () => {
    const get = (o: unknown, path: string) => path.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown> | undefined)?.[k], o);
    // A plural key is compared through its "other" form, which every language has.
    const text = (o: unknown, k: string) => get(o, k) ?? get(o, `${k}_other`);
    const ph = (v: unknown) => (String(v).match(/\{\{\w+\}\}/g) ?? []).sort();
    const [r, e, h] = ['ro', 'en', 'hu'].map(load);
    for (const k of ro) {
      expect(ph(text(e, k)), `en ${k}`).toEqual(ph(text(r, k)));
      expect(ph(text(h, k)), `hu ${k}`).toEqual(ph(text(r, k)));
    }
  });

  it('does not follow a Hungarian date with a second full stop', () => {
    // Hungarian dates already end in one ("2026. május 31.", as the web's formatDate writes them), so "{{date}}."
    // would print "31..".
    expect(new Intl.DateTimeFormat('hu-HU', { year: 'numeric', month: 'long', day: 'numeric' }).format(new Date('2026-05-31T12:00:00Z'))).toMatch(/\.$/);
    const h = load('hu');
    const dateKeys = keys(h).filter((k) => /\{\{(date|start|end|due)\}\}\.$/.test(String(k.split('.').reduce<unknown>((x, p) => (x as Record<string, unknown>)[p], h))));
    expect(dateKeys).toEqual([]);
  });
});

// Content labels (issue #13): what the server sends as codes is shown in the viewer's language.
describe('content labels', () => {
  it('every unit code has a label in ro, en and hu, and every transcribed unit maps to a known code', async () => {
    const { UNITS, LEGACY_UNITS, isUnitCode } = await import('../src/shared/units.js');
    for (const [code, label] of Object.entries(UNITS)) for (const l of ['ro', 'en', 'hu'] as const) expect(label[l].trim(), `${code} ${l}`).not.toBe('');
    for (const [text, code] of Object.entries(LEGACY_UNITS)) expect(isUnitCode(code), `${text} → ${code}`).toBe(true);
    // the Romanian label is not the English word (the bug: "participants" in the Romanian UI)
    expect(UNITS['{participant}'].ro).toBe('participanți');
  });

  it('every KPI unit of the shipped strategies is a code with labels', async () => {
    const { isUnitCode } = await import('../src/shared/units.js');
    for (const f of ['timisoara-2022-2027', 'baia-mare-2030']) {
      const doc = JSON.parse(readFileSync(join(ROOT_DIR, 'data', 'strategies', `${f}.json`), 'utf8')) as { kpis: { code: string; unit?: string }[]; pillars: { statusQuo: { unit?: string }[] }[] };
      for (const k of doc.kpis) if (k.unit) expect(isUnitCode(k.unit), `${f} ${k.code} ${k.unit}`).toBe(true);
      for (const p of doc.pillars) for (const s of p.statusQuo) if (s.unit) expect(isUnitCode(s.unit), `${f} ${s.unit}`).toBe(true);
    }
  });
});
