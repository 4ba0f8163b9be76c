import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../../api/client';

interface Target {
  tenant: string;
  kind: string;
  id: string;
  active: boolean;
}

/**
 * The "stop following" link of notification e-mails lands here (no login): it shows what the link stops,
 * and a button stops it (the same one-click POST mail clients send, RFC 8058).
 */
export function UnsubscribePage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const path = `/api/v1/unsubscribe/${encodeURIComponent(token)}`;
  const show = useQuery({ queryKey: ['unsubscribe', token], queryFn: () => api<Target>(path), retry: false, staleTime: Infinity });
  const stop = useMutation({ mutationFn: () => api<Target>(path, { method: 'POST' }) });
  const what = show.data ? t(`notifications.kinds.${show.data.kind}`, { defaultValue: show.data.kind }) : '';
  return (
    <div className="narrow">
      <h1>{t('notifications.unsubscribe.title')}</h1>
      {show.isPending ? <p role="status">{t('notifications.unsubscribe.pending')}</p> : null}
      {show.isError ? <div className="notice notice--error" role="alert">{t('notifications.unsubscribe.invalid')}</div> : null}
      {show.data && !stop.data ? (
        <>
          <p>{t('notifications.unsubscribe.what', { what, id: show.data.id })}</p>
          <button type="button" className="button" onClick={() => stop.mutate()} disabled={stop.isPending}>
            {t('notifications.unsubscribe.button')}
          </button>
          {stop.isError ? <div className="notice notice--error" role="alert">{t('notifications.unsubscribe.invalid')}</div> : null}
        </>
      ) : null}
      {stop.data ? (
        <>
          <div className="notice notice--success" role="status">{t('notifications.unsubscribe.done')}</div>
          <p><Link to="/account">{t('notifications.unsubscribe.account')}</Link></p>
        </>
      ) : null}
    </div>
  );
}
