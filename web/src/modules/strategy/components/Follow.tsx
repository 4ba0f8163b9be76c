import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { useMe } from '../../../api/auth/useMe';
import { FormMessage } from '../../../components/FormMessage';
import { useFollow } from '../api/mutations';

/**
 * "Follow" for a project or a KPI: a signed-in person gets a notification when it changes; a visitor gets
 * a link to sign in (and comes back here afterwards).
 */
export function FollowControl({ kind, code, following, followers, canFollow }: { kind: 'project' | 'kpi'; code: string; following: boolean; followers?: number; canFollow: boolean }) {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const location = useLocation();
  const me = useMe();
  const follow = useFollow(tenant!, kind, code);
  if (!me.data?.authenticated)
    return (
      <p>
        <Link to="/signin" state={{ from: location.pathname }}>
          {t(`strategy.${kind}.followSignIn`)}
        </Link>
      </p>
    );
  if (!canFollow) return null;
  return (
    <div className="follow">
      {following ? <p role="status">{t(`strategy.${kind}.following`)}</p> : null}
      <button type="button" className="button" disabled={follow.isPending} onClick={() => follow.mutate(!following)}>
        {following ? t('strategy.project.unfollow') : t(`strategy.${kind}.follow`)}
      </button>
      {followers !== undefined ? <span className="meta"> {t('strategy.project.followers', { count: followers })}</span> : null}
      <FormMessage error={follow.error} />
    </div>
  );
}
