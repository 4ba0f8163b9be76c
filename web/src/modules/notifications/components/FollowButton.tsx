import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useMe } from '../../../api/auth/useMe';
import { FormMessage } from '../../../components/FormMessage';
import { feedUrl, useMyFollows, useSetFollow } from '../api/follows';

/**
 * The Atom feed of a thing, announced in the page's <head> (`<link rel="alternate">`, hoisted there by
 * React 19) so feed readers and browsers find it.
 */
export function FeedLink({ tenant, kind, id, title }: { tenant: string; kind: string; id: string; title: string }) {
  const { t, i18n } = useTranslation();
  return <link rel="alternate" type="application/atom+xml" href={feedUrl(tenant, kind, id, i18n.language)} title={t('notifications.follow.feedTitle', { title })} />;
}

/**
 * "Follow" for any followable thing (the hub's `/me/follows`): a signed-in person hears of it in their
 * inbox (and by e-mail, as their preferences say); a visitor gets a link to sign in and come back. The
 * thing's Atom feed is linked in the page head and below the button.
 */
export function FollowButton({ tenant, kind, id, title }: { tenant: string; kind: string; id: string; title: string }) {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const me = useMe();
  const signedIn = !!me.data?.authenticated;
  const follows = useMyFollows(tenant, signedIn);
  const set = useSetFollow(tenant, kind, id);
  const following = !!follows.data?.some((f) => f.kind === kind && f.id.toLowerCase() === id.toLowerCase());
  return (
    <div className="follow">
      <FeedLink tenant={tenant} kind={kind} id={id} title={title} />
      {signedIn ? (
        <>
          {following ? <p role="status">{t('notifications.follow.following')}</p> : null}
          <button type="button" className="button" disabled={set.isPending || follows.isPending} onClick={() => set.mutate(!following)}>
            {following ? t('notifications.follow.unfollow') : t('notifications.follow.follow')}
          </button>
          <FormMessage error={set.error} />
        </>
      ) : me.data ? (
        <p>
          <Link to="/signin" state={{ from: location.pathname }}>
            {t('notifications.follow.signIn')}
          </Link>
        </p>
      ) : null}
      <p className="meta">
        <a href={feedUrl(tenant, kind, id, i18n.language)} type="application/atom+xml">
          {t('notifications.follow.feed')}
        </a>
      </p>
    </div>
  );
}
