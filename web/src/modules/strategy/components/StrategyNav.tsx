import { useTranslation } from 'react-i18next';
import { NavLink, useParams } from 'react-router';
import { useCan } from '../../../api/auth/useCan';

/** The strategy's own sub-navigation, repeated on each of its pages. */
export function StrategyNav() {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const edit = useCan(tenant)('strategy.edit');
  return (
    <nav className="strategy-nav" aria-label={t('strategy.nav.label')}>
      <ul>
        <li>
          <NavLink to={`/${tenant}/strategy`} end>
            {t('strategy.nav.overview')}
          </NavLink>
        </li>
        <li>
          <NavLink to={`/${tenant}/projects`}>{t('strategy.nav.projects')}</NavLink>
        </li>
        <li>
          <NavLink to={`/${tenant}/kpis`}>{t('strategy.nav.kpis')}</NavLink>
        </li>
        {edit ? (
          <li>
            <NavLink to={`/${tenant}/strategy/admin`}>{t('strategy.nav.admin')}</NavLink>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
