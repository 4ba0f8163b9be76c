import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { BackendModule, ReadCallback } from 'i18next';

export const LOCALES = ['ro', 'en', 'hu'] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_NAMES: Record<Locale, string> = { ro: 'Română', en: 'English', hu: 'Magyar' };
const STORAGE_KEY = 'urbia.locale';

function initialLocale(): Locale {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return (LOCALES as readonly string[]).includes(stored ?? '') ? (stored as Locale) : 'ro';
}

// Strings load per language, each its own chunk (issue 18: not all three languages in the entry). i18next
// asks this backend for a language before it switches to it, so changeLanguage() waits for the strings.
const BUNDLES: Record<Locale, () => Promise<{ default: Record<string, unknown> }>> = {
  ro: () => import('./bundles/ro'),
  en: () => import('./bundles/en'),
  hu: () => import('./bundles/hu'),
};
const bundleBackend: BackendModule = {
  type: 'backend',
  init() {},
  read(lng: string, _ns: string, callback: ReadCallback) {
    const load = BUNDLES[lng as Locale];
    if (!load) return callback(null, {});
    load().then(
      (m) => callback(null, m.default as never),
      (err: unknown) => callback(err as Error, false),
    );
  },
};

/** Resolves once the first language's strings are in (main.tsx renders after it). */
export const i18nReady = i18n
  .use(bundleBackend)
  .use(initReactI18next)
  .init({
    lng: initialLocale(),
    fallbackLng: 'ro',
    interpolation: { escapeValue: false }, // React escapes
  });

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
  localStorage.setItem(STORAGE_KEY, lng);
});
document.documentElement.lang = i18n.language ?? initialLocale();

/** Picks the text in the current language from translatable content ({ ro, en, hu }), Romanian if missing. */
export function pick(text: { ro: string; en?: string | undefined; hu?: string | undefined } | null | undefined, lng: string = i18n.language): string {
  if (!text) return '';
  return (text as Record<string, string | undefined>)[lng] ?? text.ro;
}

export default i18n;
