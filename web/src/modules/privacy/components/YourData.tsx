import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormMessage } from '../../../components/FormMessage';
import { Loading } from '../../../components/Status';
import { type Consents, useConsents, useDataExport, useStartExport, useUpdateConsents } from '../api/queries';

type OptionalKind = Consents['optional'][number]['kind'];

/** The account page's "Your data": the notices accepted, optional consents (given or withdrawn) and the data export. */
export function YourData() {
  const { t, i18n } = useTranslation();
  const consents = useConsents(true);
  const update = useUpdateConsents();
  const exp = useDataExport(true);
  const start = useStartExport();
  const [choices, setChoices] = useState<Partial<Record<OptionalKind, boolean>>>({});

  const current = exp.data?.export;
  const busy = current && (current.status === 'queued' || current.status === 'running');
  const size = (n: number | null) => (n === null ? '' : n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

  return (
    <section aria-labelledby="your-data-h" className="panel">
      <h2 id="your-data-h">{t('privacy.yourData')}</h2>
      <p>{t('privacy.yourDataIntro')}</p>
      {consents.isPending ? <Loading /> : null}
      {consents.data ? (
        <>
          <h3>{t('privacy.notices')}</h3>
          <ul>
            {consents.data.notices.map((n) => (
              <li key={n.kind}>
                <details>
                  <summary>
                    {t(n.kind === 'terms' ? 'privacy.noticeTerms' : 'privacy.noticePrivacy')} ({t('privacy.version', { version: n.version })}): {n.accepted ? t('privacy.accepted') : t('privacy.notAccepted')}
                  </summary>
                  <p>{n.text}</p>
                </details>
              </li>
            ))}
          </ul>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              update.mutate({ optional: Object.fromEntries(consents.data.optional.map((o) => [o.kind, choices[o.kind] ?? o.granted])) });
            }}
          >
            <fieldset className="checks">
              <legend>{t('privacy.optional')}</legend>
              <p className="muted">{t('privacy.optionalHint')}</p>
              {consents.data.optional.map((o) => (
                <label key={o.kind} className="check">
                  <input type="checkbox" name={o.kind} checked={choices[o.kind] ?? o.granted} onChange={(e) => setChoices({ ...choices, [o.kind]: e.target.checked })} /> {t(`privacy.consent_${o.kind}`)}
                </label>
              ))}
            </fieldset>
            <FormMessage error={update.error} success={update.isSuccess ? t('privacy.saved') : undefined} />
            <button type="submit" className="button" disabled={update.isPending}>
              {t('privacy.saveConsents')}
            </button>
          </form>
        </>
      ) : null}

      <h3>{t('privacy.export')}</h3>
      <p>{t('privacy.exportIntro')}</p>
      <FormMessage error={start.error} />
      <div aria-live="polite">
        {busy ? <p role="status">{t('privacy.exportQueued')}</p> : null}
        {current?.status === 'failed' ? <p className="notice notice--error">{t('privacy.exportFailed')}</p> : null}
        {current?.status === 'expired' ? <p>{t('privacy.exportExpired')}</p> : null}
        {current?.status === 'ready' && current.downloadUrl ? (
          <div className="notice notice--success">
            <p>{t('privacy.exportReady', { size: size(current.bytes) })}</p>
            <p>
              <a className="button button--primary" href={current.downloadUrl} download>
                {t('privacy.exportDownload')}
              </a>
            </p>
            {current.expiresAt ? <p className="muted">{t('privacy.exportExpires', { when: new Date(current.expiresAt).toLocaleString(i18n.language) })}</p> : null}
          </div>
        ) : null}
      </div>
      {!busy ? (
        <button type="button" className="button" disabled={start.isPending} onClick={() => start.mutate()}>
          {t('privacy.exportStart')}
        </button>
      ) : null}
    </section>
  );
}
