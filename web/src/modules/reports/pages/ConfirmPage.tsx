import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useConfirm } from '../api/queries';

/** The emailed link lands here: it publishes the anonymous report. */
export function ConfirmPage() {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const [params] = useSearchParams();
  const confirm = useConfirm();
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    confirm.mutate(params.get('token') ?? '');
  }, [confirm, params]);
  return (
    <div className="narrow">
      <h1>{t('reports.confirm.title')}</h1>
      {confirm.isPending ? <p role="status">{t('reports.confirm.pending')}</p> : null}
      {confirm.data ? (
        <>
          <div className="notice notice--success" role="status">{t('reports.confirm.done')}</div>
          <p><Link to={`/${tenant}/reports/${confirm.data.id}`}>{t('reports.form.seeReport')}</Link></p>
          <p><Link to={`/${tenant}/reports`}>{t('reports.backToList')}</Link></p>
        </>
      ) : null}
      {confirm.isError ? <div className="notice notice--error" role="alert">{t('reports.confirm.invalid')}</div> : null}
    </div>
  );
}
