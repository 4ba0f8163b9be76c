import { useTranslation } from 'react-i18next';
import { LOCALE_NAMES, type Locale } from '../i18n';

type Text = { ro: string; en?: string | undefined; hu?: string | undefined };

/**
 * Translatable content ({ ro, en, hu }) in the viewer's language. When it has no translation, the text of the
 * city's default language is shown with a small visible marker in the viewer's language ("în română", "in
 * Romanian", "románul") whose accessible label says it is not translated, and the
 * text is marked with its own `lang` so screen readers pronounce it right — never silently, never English in
 * the Romanian UI.
 */
export function Ml({ text, fallback = 'ro' }: { text: Text | null | undefined; fallback?: Locale }) {
  const { t, i18n } = useTranslation();
  if (!text) return null;
  const lng = i18n.language as Locale;
  const own = (text as Record<string, string | undefined>)[lng];
  if (own) return <>{own}</>;
  const shownIn: Locale = (text as Record<string, string | undefined>)[fallback] ? fallback : 'ro';
  const shown = (text as Record<string, string | undefined>)[shownIn] ?? text.ro;
  return (
    <>
      <span lang={shownIn}>{shown}</span>{' '}
      <span className="lang-fallback" title={t('content.notTranslated', { language: LOCALE_NAMES[shownIn] })}>
        <span aria-hidden="true">{t(`content.shownIn.${shownIn}`)}</span>
        <span className="visually-hidden">{t('content.notTranslated', { language: LOCALE_NAMES[shownIn] })}</span>
      </span>
    </>
  );
}
