import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMe } from '../../../api/auth/useMe';
import { LoadError, Loading } from '../../../components/Status';
import { pick } from '../../../i18n';
import { useMyReports } from '../api/queries';
import { formatDate, StatusBadge } from '../components/StatusBadge';

export function MyReportsPage() {
  const { t, i18n } = useTranslation();
  const { tenant } = useParams();
  const me = useMe();
  const mine = useMyReports(tenant, !!me.data?.authenticated);
  return (
    <>
      <h1>{t('reports.mine.title')}</h1>
      {!me.data?.authenticated ? <p><Link to="/signin">{t('reports.mine.signIn')}</Link></p> : null}
      {mine.isLoading ? <Loading /> : mine.isError ? <LoadError onRetry={() => void mine.refetch()} /> : null}
      {mine.data?.length === 0 ? <p>{t('reports.mine.none')}</p> : null}
      <ul className="report-list">
        {(mine.data ?? []).map((r) => (
          <li key={r.id} className="report-item">
            <Link to={`/${tenant}/reports/${r.id}`}>#{r.id} {r.title}</Link> <StatusBadge status={r.status} />
            <p className="report-item__meta">{pick(r.category.name, i18n.language)} · {formatDate(r.createdAt, i18n.language)}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
