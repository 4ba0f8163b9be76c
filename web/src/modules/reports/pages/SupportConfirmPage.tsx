import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useConfirmSupport } from '../api/queries';

/** The link e-mailed after a "me too" lands here: it counts the support (double opt-in, issue 12). */
export function SupportConfirmPage() {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const [params] = useSearchParams();
  const confirm = useConfirmSupport();
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    confirm.mutate(params.get('token') ?? '');
  }, [confirm, params]);
  return (
    <div className="narrow">
      <h1>{t('reports.supportConfirm.title')}</h1>
      {confirm.isPending ? <p role="status">{t('reports.supportConfirm.pending')}</p> : null}
      {confirm.data ? (
        <>
          <div className="notice notice--success" role="status">{t('reports.supportConfirm.done')}</div>
          <p><Link to={`/${tenant}/reports/${confirm.data.reportId}`}>{t('reports.form.seeReport')}</Link></p>
          <p><Link to={`/${tenant}/reports`}>{t('reports.backToList')}</Link></p>
        </>
      ) : null}
      {confirm.isError ? <div className="notice notice--error" role="alert">{t('reports.supportConfirm.invalid')}</div> : null}
    </div>
  );
}
