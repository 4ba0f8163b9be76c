import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, useLocation, useNavigate, useParams } from 'react-router';
import { useLogout } from '../api/auth/useLogout';
import { useMe } from '../api/auth/useMe';
import { useTenant } from '../api/tenants/useTenants';
import { pick } from '../i18n';
import { CITY_SECTIONS, SHELL_PAGE, SHELL_SIGNED_IN } from '../modules/registry';
import { LanguageSwitch } from './LanguageSwitch';

let lastPath: string | null = null;

export function Layout({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { tenant: slug } = useParams();
  const tenant = useTenant(slug);
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();

  // Move focus to the new page's heading after a navigation (not on first load), so screen readers
  // announce the new page. Kept outside the component: a route change remounts the layout.
  useEffect(() => {
    const previous = lastPath;
    lastPath = location.pathname;
    if (previous === null || previous === location.pathname) return;
    const h1 = document.querySelector<HTMLElement>('main h1');
    if (h1) {
      h1.tabIndex = -1;
      h1.focus({ preventScroll: true });
    }
  }, [location.pathname]);

  const cityName = tenant.data ? pick(tenant.data.name, i18n.language) : undefined;
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to={slug && tenant.data ? `/${slug}` : '/'} className="brand">
            <img src="/favicon.svg" alt="" width={32} height={32} />
            <span>
              Urbia{cityName ? <span className="brand__city"> · {cityName}</span> : null}
            </span>
          </Link>
          <nav aria-label={t('nav.main')} className="site-nav">
            <ul>
              <li>
                <NavLink to="/" end>
                  {t('nav.cities')}
                </NavLink>
              </li>
              {me.data?.authenticated ? (
                <>
                  {SHELL_SIGNED_IN.map((Item, i) => (
                    <li key={i}>
                      <Item />
                    </li>
                  ))}
                  <li>
                    <NavLink to="/account">{t('nav.account')}</NavLink>
                  </li>
                  {me.data.abilities.accessAdmin ? (
                    <li>
                      <NavLink to={slug && me.data.abilities.adminTenants.includes(slug) ? `/${slug}/admin` : '/admin'}>{t('nav.admin')}</NavLink>
                    </li>
                  ) : null}
                  <li>
                    <button type="button" className="link-button" onClick={() => logout.mutate(undefined, { onSuccess: () => void navigate('/') })}>
                      {t('nav.signOut')}
                    </button>
                  </li>
                </>
              ) : (
                <>
                  <li>
                    <NavLink to="/signin">{t('nav.signIn')}</NavLink>
                  </li>
                  <li>
                    <NavLink to="/signup">{t('nav.signUp')}</NavLink>
                  </li>
                </>
              )}
            </ul>
          </nav>
          <LanguageSwitch />
        </div>
        {slug && tenant.data?.kind === 'city' ? (
          <nav aria-label={t('overview.sections')} className="city-nav">
            <ul>
              {CITY_SECTIONS.map((s) => (
                <li key={s.path}>
                  <NavLink to={`/${slug}/${s.path}`}>{t(s.labelKey)}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
      <main id="main" className="site-main">
        {children}
      </main>
      <footer className="site-footer">
        <p>
          Urbia — {t('app.tagline')} · <a href="/api/docs">API</a>
        </p>
      </footer>
      {SHELL_PAGE.map((Item, i) => (
        <Item key={i} />
      ))}
    </>
  );
}
