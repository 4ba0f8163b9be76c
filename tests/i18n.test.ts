/** Every UI string exists in Romanian, English and Hungarian, for the core app and every module. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../src/core/version.js';

function keys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

const bundles: { name: string; dir: string }[] = [{ name: 'core', dir: join(ROOT_DIR, 'web', 'src', 'i18n') }];
const modulesDir = join(ROOT_DIR, 'web', 'src', 'modules');
for (const m of existsSync(modulesDir) ? readdirSync(modulesDir) : []) {
  const dir = join(modulesDir, m, 'i18n');
  if (existsSync(join(dir, 'ro.json'))) bundles.push({ name: m, dir });
}

describe.each(bundles)('UI strings of $name', ({ dir }) => {
  const load = (l: string) => JSON.parse(readFileSync(join(dir, `${l}.json`), 'utf8')) as unknown;
  const ro = keys(load('ro')).sort();

  it('has the same keys in ro, en and hu, none empty', () => {
    for (const l of ['en', 'hu']) {
      expect(keys(load(l)).sort(), `${l} vs ro`).toEqual(ro);
    }
    for (const l of ['ro', 'en', 'hu']) {
      const flat = JSON.stringify(load(l));
      expect(flat, `${l} has an empty string`).not.toMatch(/:""/);
    }
  });

  it('keeps the same {{placeholders}} in every language', () => {
    const get = (o: unknown, path: string) => path.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown>)[k], o);
    const [r, e, h] = ['ro', 'en', 'hu'].map(load);
    for (const k of ro) {
      const ph = (s: unknown) => (String(s).match(/\{\{\w+\}\}/g) ?? []).sort();
      expect(ph(get(e, k)), `en ${k}`).toEqual(ph(get(r, k)));
      expect(ph(get(h, k)), `hu ${k}`).toEqual(ph(get(r, k)));
    }
  });
});
