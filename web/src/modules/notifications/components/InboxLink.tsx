import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useNotifications } from '../../../api/auth/useNotifications';

/** The header's link to the inbox, with the number of unread notifications (for signed-in people). */
export function InboxLink() {
  const { t } = useTranslation();
  const inbox = useNotifications(true);
  const unread = inbox.data?.unread ?? 0;
  return (
    <NavLink to="/inbox" aria-label={unread ? t('notifications.inbox.linkUnread', { count: unread }) : undefined}>
      {t('notifications.inbox.link')}
      {unread ? (
        <span className="count-badge" aria-hidden="true">
          {unread}
        </span>
      ) : null}
    </NavLink>
  );
}
