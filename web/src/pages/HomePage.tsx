import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTenants } from '../api/tenants/useTenants';
import { LoadError, Loading } from '../components/Status';
import { pick } from '../i18n';

export function HomePage() {
  const { t, i18n } = useTranslation();
  const tenants = useTenants();
  return (
    <>
      <h1>{t('home.title')}</h1>
      <p className="lead">{t('home.intro')}</p>
      <h2>{t('home.chooseCity')}</h2>
      {tenants.isPending ? <Loading /> : tenants.isError ? <LoadError onRetry={() => void tenants.refetch()} /> : null}
      <ul className="card-grid">
        {tenants.data?.map((tenant) => (
          <li key={tenant.slug} className="card">
            <h3>
              <Link to={`/${tenant.slug}`}>{pick(tenant.name, i18n.language)}</Link>
            </h3>
          </li>
        ))}
      </ul>
    </>
  );
}
