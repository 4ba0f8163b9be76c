import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';

interface Props {
  /** sends the link's token once; resolves with the report it confirmed */
  confirm: { mutate: (token: string) => void; isPending: boolean; isError: boolean; data?: { reportId: string } };
  /** i18n keys under this prefix: title, pending, done, invalid */
  textKey: 'reports.confirm' | 'reports.supportConfirm';
}

/**
 * A link e-mailed to confirm something about a report lands on this page: it sends the token once (React's strict
 * mode mounts twice; a second send would answer "already used") and says what happened in plain words.
 */
export function ConfirmByLink({ confirm, textKey }: Props) {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const [params] = useSearchParams();
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    confirm.mutate(params.get('token') ?? '');
  }, [confirm, params]);
  return (
    <div className="narrow">
      <h1>{t(`${textKey}.title`)}</h1>
      {confirm.isPending ? <p role="status">{t(`${textKey}.pending`)}</p> : null}
      {confirm.data ? (
        <>
          <div className="notice notice--success" role="status">{t(`${textKey}.done`)}</div>
          <p><Link to={`/${tenant}/reports/${confirm.data.reportId}`}>{t('reports.form.seeReport')}</Link></p>
          <p><Link to={`/${tenant}/reports`}>{t('reports.backToList')}</Link></p>
        </>
      ) : null}
      {confirm.isError ? <div className="notice notice--error" role="alert">{t(`${textKey}.invalid`)}</div> : null}
    </div>
  );
}
