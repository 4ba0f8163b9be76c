import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMe } from '../../../api/auth/useMe';
import { FormMessage } from '../../../components/FormMessage';
import { LoadError, Loading } from '../../../components/Status';
import { LOCALE_NAMES, type Locale } from '../../../i18n';
import { isEditableEntity, useSaveTranslation } from '../api/mutations';
import { useTranslationStatus } from '../api/queries';
import type { TranslationStatus } from '../api/types';
import { useCan } from '../../../api/auth/useCan';
import { StrategyNav } from '../components/StrategyNav';
import { TableWrap } from '../../../components/TableWrap';

type Missing = TranslationStatus['locales'][number]['missing'][number];

/**
 * Staff translate the strategy side by side: per language of the city, the count of translated fields and the
 * list of those that need translation, each shown in ro | en | hu columns with the missing one to fill in.
 */
export function TranslatePage() {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const me = useMe();
  const edit = useCan(tenant)('strategy.edit');
  const status = useTranslationStatus(edit ? tenant : undefined);
  const [target, setTarget] = useState<Locale | null>(null);
  if (me.isPending) return <Loading />;
  if (!edit)
    return (
      <>
        <h1>{t('strategy.translate.title')}</h1>
        <div className="notice notice--error" role="alert">
          <p>{t('strategy.staff.noAccess')}</p>
        </div>
      </>
    );
  if (status.isPending) return <Loading />;
  if (status.isError) return <LoadError onRetry={() => void status.refetch()} />;
  const others = status.data.locales.filter((l) => l.locale !== status.data.defaultLocale);
  const chosen = others.find((l) => l.locale === target) ?? others[0];
  return (
    <>
      <h1>{t('strategy.translate.title')}</h1>
      <StrategyNav />
      <p>{t('strategy.translate.intro')}</p>
      <ul className="translate-counts">
        {status.data.locales.map((l) => (
          <li key={l.locale}>
            <strong lang={l.locale}>{LOCALE_NAMES[l.locale]}</strong>: {t('strategy.translate.count', { translated: l.translated, total: l.total })}
          </li>
        ))}
      </ul>
      {chosen ? (
        <section aria-labelledby="needs-translation">
          <h2 id="needs-translation">{t('strategy.translate.needs', { language: LOCALE_NAMES[chosen.locale] })}</h2>
          <div className="chips" role="group" aria-label={t('strategy.translate.chooseLanguage')}>
            {others.map((l) => (
              <button key={l.locale} type="button" className="button button--secondary" aria-pressed={l.locale === chosen.locale} onClick={() => setTarget(l.locale)}>
                {LOCALE_NAMES[l.locale]} ({l.missing.length})
              </button>
            ))}
          </div>
          {chosen.missing.length === 0 ? (
            <p>{t('strategy.translate.done')}</p>
          ) : (
            <TableWrap label={t('strategy.translate.needs', { language: LOCALE_NAMES[chosen.locale] })}>
              <table className="translate-table">
                <thead>
                  <tr>
                    <th scope="col">{t('strategy.translate.item')}</th>
                    {(['ro', 'en', 'hu'] as const).map((l) => (
                      <th key={l} scope="col" lang={l}>
                        {LOCALE_NAMES[l]}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {chosen.missing.slice(0, 200).map((m) => (
                    <Row key={`${m.entity}:${m.code}:${m.field}`} item={m} locale={chosen.locale} />
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
        </section>
      ) : null}
      <p>
        <Link to={`/${tenant}/strategy/admin`}>{t('strategy.staff.adminTitle')}</Link>
      </p>
    </>
  );
}

function Row({ item, locale }: { item: Missing; locale: Locale }) {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const save = useSaveTranslation(tenant!);
  const [value, setValue] = useState('');
  const id = `tr-${item.entity}-${item.code}-${item.field}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const label = `${t(`strategy.translate.entity.${item.entity}`)} ${item.code} — ${t(`strategy.translate.field.${item.field}`, { defaultValue: item.field })}`;
  return (
    <tr>
      <th scope="row">{label}</th>
      {(['ro', 'en', 'hu'] as const).map((l) =>
        l === locale ? (
          <td key={l}>
            {isEditableEntity(item.entity) ? (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  if (value.trim() && isEditableEntity(item.entity)) save.mutate({ entity: item.entity, code: item.code, field: item.field, text: { ...item.text, [locale]: value.trim() } });
                }}
              >
                <label className="visually-hidden" htmlFor={id}>
                  {`${label} (${LOCALE_NAMES[locale]})`}
                </label>
                <textarea id={id} lang={locale} rows={2} value={value} onChange={(e) => setValue(e.target.value)} />
                <button type="submit" className="button" disabled={save.isPending || !value.trim()}>
                  {t('strategy.staff.save')}
                </button>
                <FormMessage error={save.error} success={save.isSuccess ? t('strategy.staff.saved') : undefined} />
              </form>
            ) : (
              <span>{t('strategy.translate.viaDocument')}</span>
            )}
          </td>
        ) : (
          <td key={l} lang={l}>
            {item.text[l] ?? '—'}
          </td>
        ),
      )}
    </tr>
  );
}
