import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../api/auth/useMe';
import { useUpdateProfile } from '../api/auth/useUpdateProfile';
import { LOCALE_NAMES, LOCALES, type Locale } from '../i18n';

/** A plain select: the most familiar control for people who are not at ease with computers. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const me = useMe();
  const update = useUpdateProfile();
  return (
    <div className="language-switch">
      <label htmlFor={id}>{t('nav.language')}</label>
      <select
        id={id}
        value={i18n.language}
        onChange={(e) => {
          const lng = e.target.value as Locale;
          void i18n.changeLanguage(lng);
          if (me.data?.authenticated) update.mutate({ locale: lng });
        }}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
