import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Inbox, useMarkRead } from '../../../api/auth/useNotifications';

/** A notification's link (an absolute URL to this web app) as a path for the router. */
function localPath(link: string): string {
  try {
    const u = new URL(link, window.location.origin);
    return `${u.pathname}${u.search}${u.hash}`;
  } catch {
    return '/';
  }
}

/**
 * The person's notifications, newest first (as the API sends them); unread ones are marked (a dot and
 * the word, for screen readers) and can be marked read — opening one marks it read too.
 */
export function InboxList({ inbox, headingLevel = 2 }: { inbox: Inbox; headingLevel?: 2 | 3 }) {
  const { t, i18n } = useTranslation();
  const markRead = useMarkRead();
  const H = headingLevel === 2 ? 'h2' : 'h3';
  if (inbox.items.length === 0) return <p className="empty-state">{t('notifications.inbox.empty')}</p>;
  return (
    <ul className="inbox">
      {inbox.items.map((n) => (
        <li key={n.id} className={n.read ? 'inbox__item' : 'inbox__item inbox__item--unread'}>
          <H>
            {!n.read ? <span className="visually-hidden">{t('notifications.inbox.unreadMark')} </span> : null}
            {n.link ? (
              <Link to={localPath(n.link)} onClick={() => (n.read ? undefined : markRead.mutate(n.id))}>
                {n.subject}
              </Link>
            ) : (
              n.subject
            )}
          </H>
          <p className="inbox__body">{n.body}</p>
          <p className="meta">
            <time dateTime={n.createdAt}>{new Date(n.createdAt).toLocaleString(i18n.language)}</time>
          </p>
          {!n.read ? (
            <button type="button" className="button" disabled={markRead.isPending} onClick={() => markRead.mutate(n.id)}>
              {t('notifications.inbox.markRead')}
            </button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
