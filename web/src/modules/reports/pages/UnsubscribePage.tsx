import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../../../api/client';

/** The "stop messages" link of notification emails lands here: it stops notifications about one report. */
export function UnsubscribePage() {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const stop = useQuery({
    queryKey: ['reports', 'unsubscribe', token],
    queryFn: () => api<{ reportId: string }>(`/api/v1/reports/unsubscribe?token=${encodeURIComponent(token)}`),
    retry: false,
    staleTime: Infinity,
  });
  return (
    <div className="narrow">
      <h1>{t('reports.unsubscribe.title')}</h1>
      {stop.isPending ? <p role="status">{t('reports.confirm.pending')}</p> : null}
      {stop.data ? (
        <>
          <div className="notice notice--success" role="status">{t('reports.unsubscribe.done')}</div>
          <p><Link to={`/${tenant}/reports/${stop.data.reportId}`}>{t('reports.form.seeReport')}</Link></p>
        </>
      ) : null}
      {stop.isError ? <div className="notice notice--error" role="alert">{t('reports.unsubscribe.invalid')}</div> : null}
    </div>
  );
}
