import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { useMe } from '../../../api/auth/useMe';
import { useMarkRead, useNotifications } from '../../../api/auth/useNotifications';
import { Loading } from '../../../components/Status';
import { InboxList } from '../components/InboxList';

/** The inbox: every notification the hub sent the person, newest first, with the unread count. */
export function InboxPage() {
  const { t } = useTranslation();
  const me = useMe();
  const inbox = useNotifications(!!me.data?.authenticated);
  const markRead = useMarkRead();
  if (me.isPending) return <Loading />;
  if (!me.data?.authenticated) return <Navigate to="/signin" replace state={{ from: '/inbox' }} />;
  const unread = inbox.data?.items.filter((n) => !n.read) ?? [];
  return (
    <div className="narrow">
      <h1>{t('notifications.inbox.title')}</h1>
      {inbox.data ? <p role="status">{t('notifications.inbox.unreadCount', { count: inbox.data.unread })}</p> : null}
      {unread.length > 1 ? (
        <p>
          <button type="button" className="button" disabled={markRead.isPending} onClick={() => void Promise.all(unread.map((n) => markRead.mutateAsync(n.id)))}>
            {t('notifications.inbox.markAllRead')}
          </button>
        </p>
      ) : null}
      {inbox.isPending ? <Loading /> : null}
      {inbox.data ? <InboxList inbox={inbox.data} /> : null}
      <p>
        <Link to="/account">{t('notifications.inbox.settings')}</Link>
      </p>
    </div>
  );
}
