import { lazy } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { CITY_SECTIONS } from '../modules/registry';
import { useOverview } from '../api/console/useConsole';
import { useTenant } from '../api/tenants/useTenants';
import { CityOverview } from '../components/CityOverview';
import { LoadError, Loading } from '../components/Status';
import { pick } from '../i18n';
import { NotFoundPage } from './NotFoundPage';

// A metropolitan area draws its members on a map: Leaflet loads only for areas, never for a city.
const AreaView = lazy(() => import('./AreaView').then((m) => ({ default: m.AreaView })));

export function CityPage() {
  const { t, i18n } = useTranslation();
  const { tenant: slug } = useParams();
  const tenant = useTenant(slug);
  const overview = useOverview(tenant.data?.kind === 'city' ? slug : undefined);
  if (tenant.isPending) return <Loading />;
  if (tenant.isError) return <LoadError onRetry={() => void tenant.refetch()} />;
  if (!tenant.data) return <NotFoundPage />;
  if (tenant.data.kind === 'area') return <AreaView area={tenant.data} all={tenant.allTenants} />;
  const name = pick(tenant.data.name, i18n.language);
  const area = tenant.allTenants.find((a) => a.slug === tenant.data?.parent);
  return (
    <>
      <h1>{t('city.welcome', { city: name })}</h1>
      <p className="lead">{t('city.intro')}</p>
      {area ? (
        <p>
          {t('area.partOf')} <Link to={`/${area.slug}`}>{pick(area.name, i18n.language)}</Link>
        </p>
      ) : null}
      <h2>{t('overview.title', { city: name })}</h2>
      {overview.isPending ? <Loading /> : overview.isError ? <LoadError onRetry={() => void overview.refetch()} /> : <CityOverview tenant={slug!} blocks={overview.data.blocks} />}
      <h2>{t('overview.sections')}</h2>
      <ul className="card-grid">
        {CITY_SECTIONS.map((s) => (
          <li key={s.path} className="card">
            <h3>
              <Link to={`/${slug}/${s.path}`}>{t(s.labelKey)}</Link>
            </h3>
            <p>{t(s.descriptionKey)}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
