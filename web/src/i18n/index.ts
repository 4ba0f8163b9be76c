import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import hu from './hu.json';
import ro from './ro.json';

export const LOCALES = ['ro', 'en', 'hu'] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_NAMES: Record<Locale, string> = { ro: 'Română', en: 'English', hu: 'Magyar' };
const STORAGE_KEY = 'urbia.locale';

function initialLocale(): Locale {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return (LOCALES as readonly string[]).includes(stored ?? '') ? (stored as Locale) : 'ro';
}

// Each feature module keeps its strings in web/src/modules/<feature>/i18n/<lng>.json; they are merged in
// under the module's name, so `t('strategy.title')` reads modules/strategy/i18n/ro.json's "title".
const moduleFiles = import.meta.glob<{ default: Record<string, unknown> }>('../modules/*/i18n/*.json', { eager: true });
function withModules(lng: Locale, base: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [path, mod] of Object.entries(moduleFiles)) {
    const m = /modules\/([^/]+)\/i18n\/([a-z]+)\.json$/.exec(path);
    if (m && m[2] === lng) out[m[1]!] = mod.default;
  }
  return out;
}

void i18n.use(initReactI18next).init({
  resources: { ro: { translation: withModules('ro', ro) }, en: { translation: withModules('en', en) }, hu: { translation: withModules('hu', hu) } },
  lng: initialLocale(),
  fallbackLng: 'ro',
  interpolation: { escapeValue: false }, // React escapes
});

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
  localStorage.setItem(STORAGE_KEY, lng);
});
document.documentElement.lang = i18n.language;

/** Picks the text in the current language from translatable content ({ ro, en, hu }), Romanian if missing. */
export function pick(text: { ro: string; en?: string | undefined; hu?: string | undefined } | null | undefined, lng: string = i18n.language): string {
  if (!text) return '';
  return (text as Record<string, string | undefined>)[lng] ?? text.ro;
}

export default i18n;
