import { useTranslation } from 'react-i18next';
import { Link, Navigate, useParams } from 'react-router';
import { useMe } from '../api/auth/useMe';
import { useConsole, useOverview } from '../api/console/useConsole';
import { useTenants } from '../api/tenants/useTenants';
import { LoadError, Loading } from '../components/Status';
import { pick } from '../i18n';
import { STAFF_TOOLS, TOOL_GROUPS } from '../modules/registry';
import { ApiKeys, Audit, Members } from './AdminPage';
import { CitiesPanel, CitySettings } from './console/CityForms';
import { RoleManager } from './console/RoleManager';
import { StrategyEmptyState } from './console/StrategyEmptyState';

/**
 * The staff console (/{city}/admin): every tool staff can use, grouped by task, with what waits on each
 * (one call, GET /tenants/{t}/console), then role management, city settings, API keys and the audit log.
 * The server enforces every permission; the page only follows the abilities it is sent.
 */
export function ConsolePage() {
  const { t, i18n } = useTranslation();
  const { tenant: slug = '' } = useParams();
  const me = useMe();
  const tenants = useTenants();
  const allowed = me.data?.abilities.adminTenants.includes(slug) ?? false;
  if (me.isPending) return <Loading />;
  if (!me.data?.authenticated) return <Navigate to="/signin" replace state={{ from: `/${slug}/admin` }} />;
  const name = (s: string) => pick(tenants.data?.find((x) => x.slug === s)?.name ?? { ro: s }, i18n.language);
  if (!allowed)
    return (
      <div className="narrow">
        <h1>{t('console.title')}</h1>
        <div className="notice notice--error" role="alert">
          {t('console.noAccess')}
        </div>
      </div>
    );
  const mine = me.data.abilities.adminTenants;
  return (
    <>
      <h1>
        {t('console.title')} — {name(slug)}
      </h1>
      <p className="lead">{t('console.intro')}</p>
      {mine.length > 1 ? (
        <nav aria-label={t('console.chooseCity')} className="tabs">
          <ul>
            {mine.map((s) => (
              <li key={s}>
                <Link to={`/${s}/admin`} aria-current={s === slug ? 'page' : undefined}>
                  {name(s)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <ConsoleBody key={slug} tenant={slug} />
    </>
  );
}

function ConsoleBody({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const data = useConsole(tenant);
  const overview = useOverview(tenant);
  if (data.isPending) return <Loading />;
  if (data.isError) return <LoadError onRetry={() => void data.refetch()} />;
  const { counters, abilities, unavailable } = data.data;
  const countOf = (id: string) => counters.find((c) => `${c.module}.${c.key}` === id);
  const noStrategy = overview.data?.blocks.some((b) => b.module === 'strategy' && b.key === 'missing') ?? false;
  const cityTools = [
    ...(abilities.manageMembers ? [{ href: '#roles', label: t('console.tools.members') }] : []),
    ...(abilities.editCity ? [{ href: '#settings', label: t('console.tools.settings') }] : []),
    ...(abilities.createCity ? [{ href: '#cities', label: t('console.tools.cities') }] : []),
    ...(abilities.manageApiKeys ? [{ href: '#api-keys', label: t('console.tools.apiKeys') }] : []),
    { href: '#audit', label: t('console.tools.audit') },
  ];
  return (
    <>
      {unavailable.length ? (
        <p className="notice" role="status">
          {t('console.unavailable', { modules: unavailable.join(', ') })}
        </p>
      ) : null}
      {noStrategy ? <StrategyEmptyState tenant={tenant} /> : null}
      <div className="console-grid">
        {TOOL_GROUPS.map((g) => {
          const tools = STAFF_TOOLS.filter((x) => x.group === g);
          if (!tools.length) return null;
          return (
            <section key={g} className="panel console-group" aria-labelledby={`group-${g}`}>
              <h2 id={`group-${g}`}>{t(`console.groups.${g}`)}</h2>
              <ul className="console-tools">
                {tools.map((tool) => (
                  <li key={tool.path}>
                    <Link to={`/${tenant}/${tool.path}`}>{t(tool.labelKey)}</Link>
                    {tool.counters?.length ? (
                      <ul className="console-counters">
                        {tool.counters.map((id) => {
                          const c = countOf(id);
                          if (!c) return null;
                          const [module, key] = id.split('.');
                          return (
                            <li key={id} className={c.tone === 'attention' && c.count > 0 ? 'console-counter console-counter--attention' : 'console-counter'}>
                              <span className="console-counter__n">{c.count}</span> {t(`${module}.console.${key}`)}
                            </li>
                          );
                        })}
                      </ul>
                    ) : null}
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
        <section className="panel console-group" aria-labelledby="group-city">
          <h2 id="group-city">{t('console.groups.city')}</h2>
          <ul className="console-tools">
            {cityTools.map((x) => (
              <li key={x.href}>
                <a href={x.href}>{x.label}</a>
              </li>
            ))}
          </ul>
        </section>
      </div>
      {abilities.manageMembers ? <RoleManager tenant={tenant} /> : null}
      {abilities.manageMembers ? <Members tenant={tenant} /> : null}
      {abilities.editCity ? <CitySettings tenant={tenant} /> : null}
      {abilities.createCity ? <CitiesPanel /> : null}
      {abilities.manageApiKeys ? <ApiKeys tenant={tenant} /> : null}
      <Audit tenant={tenant} />
    </>
  );
}
