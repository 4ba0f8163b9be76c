import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useHeadlines } from '../api/console/useConsole';
import type { Tenant } from '../api/tenants/useTenants';
import { HeadlineLine } from '../components/HeadlineLine';
import { MapView } from '../components/MapView';
import { Ml } from '../components/Ml';
import { useBudgets } from '../modules/participation';
import { pick } from '../i18n';

/**
 * A metropolitan area: its members on a map and, for everyone who does not read maps, as a list. Members with the
 * most to show (a strategy, sensors, consultations) come first, each with its line of headline numbers (the home page's), so their
 * progress reads side by side.
 */
export function AreaView({ area, all }: { area: Tenant; all: Tenant[] }) {
  const { t, i18n } = useTranslation();
  const name = pick(area.name, i18n.language);
  const headlines = useHeadlines();
  // the area's own participatory budgets (residents of every member place vote in them)
  const budgets = (useBudgets(area.slug).data ?? []).filter((b) => b.status !== 'draft');
  const figuresOf = (slug: string) => headlines.data?.find((h) => h.tenant === slug)?.figures ?? [];
  const members = all
    .filter((m) => m.parent === area.slug)
    .sort((a, b) => figuresOf(b.slug).length - figuresOf(a.slug).length || a.name.ro.localeCompare(b.name.ro, 'ro'));
  const colour = (m: Tenant) => (m.uatType === 'municipiu' ? '#7a1f3d' : m.uatType === 'oraș' ? '#b8860b' : '#2f6f4f');
  return (
    <>
      <h1>{name}</h1>
      <p className="lead">{t('area.intro')}</p>
      {members.length ? (
        <>
          <MapView
            label={t('area.map', { area: name })}
            center={[area.centre.lat, area.centre.lon]}
            zoom={area.defaultZoom}
            boundary={area.boundary as GeoJSON.Geometry | null}
            features={members
              .filter((m) => m.boundary)
              .map((m) => ({ id: m.slug, geometry: m.boundary as GeoJSON.Geometry, color: colour(m), label: pick(m.name, i18n.language), href: `/${m.slug}` }))}
          />
          {area.boundarySource ? <p className="muted">{t('area.credit', { source: area.boundarySource })}</p> : null}
          <h2>{t('area.members')}</h2>
          <ul className="card-grid">
            {members.map((m) => (
              <li key={m.slug} className="card">
                <h3>
                  <Link to={`/${m.slug}`}>{pick(m.name, i18n.language)}</Link>
                </h3>
                {m.uatType ? <p>{t(`uat.${m.uatType}`, { defaultValue: '' })}</p> : null}
                <HeadlineLine tenant={m.slug} figures={figuresOf(m.slug)} />
              </li>
            ))}
          </ul>
          {budgets.length ? (
            <section aria-labelledby="area-budgets">
              <h2 id="area-budgets">{t('area.budgetsTitle')}</h2>
              <p>{t('area.budgetsIntro')}</p>
              <ul>
                {budgets.map((b) => (
                  <li key={b.slug}>
                    <Link to={`/${area.slug}/budgets/${encodeURIComponent(b.slug)}`}>
                      <Ml text={b.title} />
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section aria-labelledby="area-data">
            <h2 id="area-data">{t('area.dataTitle')}</h2>
            <p>{t('area.dataIntro')}</p>
            <p>
              <Link to={`/${area.slug}/opendata`}>{t('area.dataLink')}</Link>
            </p>
          </section>
        </>
      ) : (
        <p>{t('area.none')}</p>
      )}
    </>
  );
}
