import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useTenant } from '../api/tenants/useTenants';
import { LoadError, Loading } from '../components/Status';
import { pick } from '../i18n';
import { NotFoundPage } from './NotFoundPage';

export function CityPage() {
  const { t, i18n } = useTranslation();
  const { tenant: slug } = useParams();
  const tenant = useTenant(slug);
  if (tenant.isPending) return <Loading />;
  if (tenant.isError) return <LoadError onRetry={() => void tenant.refetch()} />;
  if (!tenant.data) return <NotFoundPage />;
  const name = pick(tenant.data.name, i18n.language);
  return (
    <>
      <h1>{t('city.welcome', { city: name })}</h1>
      <p className="lead">{t('city.intro')}</p>
    </>
  );
}
