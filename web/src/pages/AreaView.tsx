import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Tenant } from '../api/tenants/useTenants';
import { MapView } from '../components/MapView';
import { pick } from '../i18n';

/** A metropolitan area: its members on a map and, for everyone who does not read maps, as a list. */
export function AreaView({ area, all }: { area: Tenant; all: Tenant[] }) {
  const { t, i18n } = useTranslation();
  const name = pick(area.name, i18n.language);
  const members = all.filter((m) => m.parent === area.slug).sort((a, b) => a.name.ro.localeCompare(b.name.ro, 'ro'));
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
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t('area.none')}</p>
      )}
    </>
  );
}
