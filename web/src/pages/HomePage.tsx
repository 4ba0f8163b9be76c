import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useHeadlines } from '../api/console/useConsole';
import { homeEntries, useTenants } from '../api/tenants/useTenants';
import { HeadlineLine } from '../components/HeadlineLine';
import { LoadError, Loading } from '../components/Status';
import { pick } from '../i18n';

export function HomePage() {
  const { t, i18n } = useTranslation();
  const tenants = useTenants();
  const headlines = useHeadlines();
  const all = tenants.data ?? [];
  const { areas, cities } = homeEntries(all);
  const name = (slug: string | null) => {
    const x = all.find((a) => a.slug === slug);
    return x ? pick(x.name, i18n.language) : '';
  };
  return (
    <>
      <h1>{t('home.title')}</h1>
      <p className="lead">{t('home.intro')}</p>
      <h2>{t('home.chooseCity')}</h2>
      {tenants.isPending ? <Loading /> : tenants.isError ? <LoadError onRetry={() => void tenants.refetch()} /> : null}
      <ul className="card-grid">
        {cities.map((tenant) => (
          <li key={tenant.slug} className="card">
            <h3>
              <Link to={`/${tenant.slug}`}>{pick(tenant.name, i18n.language)}</Link>
            </h3>
            <HeadlineLine tenant={tenant.slug} figures={headlines.data?.find((h) => h.tenant === tenant.slug)?.figures ?? []} />
            {tenant.parent ? (
              <p>
                <Link to={`/${tenant.parent}`}>{t('home.areaOf', { area: name(tenant.parent) })}</Link>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
      {areas.length ? (
        <>
          <h2>{t('home.areas')}</h2>
          <ul className="card-grid">
            {areas.map((area) => (
              <li key={area.slug} className="card">
                <h3>
                  <Link to={`/${area.slug}`}>{pick(area.name, i18n.language)}</Link>
                </h3>
                <p>{t('home.members', { count: all.filter((m) => m.parent === area.slug).length })}</p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
