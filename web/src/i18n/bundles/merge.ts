/**
 * One language's strings: the core file plus each feature module's web/src/modules/<feature>/i18n/<lng>.json
 * merged in under the module's name, so `t('strategy.title')` reads modules/strategy/i18n/ro.json's "title".
 * Each language is its own chunk (ro.ts, en.ts, hu.ts), so a visitor downloads one language, not three.
 */
export function withModules(core: Record<string, unknown>, modules: Record<string, Record<string, unknown>>): Record<string, unknown> {
  const out = { ...core };
  for (const [path, strings] of Object.entries(modules)) {
    const m = /modules\/([^/]+)\/i18n\/[a-z]+\.json$/.exec(path);
    if (m) out[m[1]!] = strings;
  }
  return out;
}
