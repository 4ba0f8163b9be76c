import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { ApiError } from '../api/client';

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('app.loading')}
    </p>
  );
}

/**
 * A failed load. Given the error, a 401 asks the visitor to sign in (and brings them back here after) and a
 * 403 says the account may not see the page, instead of a "try again" that would fail the same way.
 */
export function LoadError({ onRetry, error }: { onRetry?: () => void; error?: unknown }) {
  const { t } = useTranslation();
  const location = useLocation();
  const status = error instanceof ApiError ? error.status : undefined;
  if (status === 401)
    return (
      <div className="notice" role="alert">
        <p>{t('app.signInNeeded')}</p>
        <p>
          <Link to="/signin" state={{ from: location.pathname + location.search }}>
            {t('nav.signIn')}
          </Link>
        </p>
      </div>
    );
  if (status === 403)
    return (
      <div className="notice" role="alert">
        <p>{t('app.forbidden')}</p>
      </div>
    );
  return (
    <div className="notice notice--error" role="alert">
      <p>{t('app.error')}</p>
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          {t('app.retry')}
        </button>
      ) : null}
    </div>
  );
}
