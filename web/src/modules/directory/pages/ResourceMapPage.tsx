import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { MapView, type MapFeature } from '../../../components/MapView';
import { useTenant } from '../../../api/tenants/useTenants';
import { usePlaces } from '../api/queries';

export const PLACE_KINDS = ['ev_charging', 'disused_space', 'coworking', 'makerspace', 'incubator', 'tech_park', 'lab', 'university', 'research', 'library', 'community_centre', 'public_wifi', 'funding_programme'] as const;
/** One colour per layer (on white, each at least 3:1 against the map background). */
const COLOURS: Record<string, string> = { ev_charging: '#1b7f3b', disused_space: '#a3360f', coworking: '#5b3fa3', makerspace: '#b0306f', incubator: '#0b6e99', tech_park: '#35509e', lab: '#7a5a00', university: '#1f5f8b', research: '#6b4c9a', library: '#8a4b08', community_centre: '#2e6b5e', public_wifi: '#005f73', funding_programme: '#444444' };

/** The resource map: one map with a layer per kind, and the same places as a list beside it. */
export function ResourceMapPage() {
  const { tenant = '' } = useParams();
  const { t } = useTranslation();
  const city = useTenant(tenant);
  const [kinds, setKinds] = useState<string[]>(['ev_charging', 'disused_space', 'coworking', 'makerspace', 'incubator']);
  const places = usePlaces(tenant, kinds);
  const items = places.data?.items ?? [];
  const toggle = (k: string) => setKinds(kinds.includes(k) ? kinds.filter((x) => x !== k) : [...kinds, k]);
  const features: MapFeature[] = items.filter((p) => p.lat !== null && p.lon !== null).map((p) => ({ id: String(p.id), geometry: { type: 'Point', coordinates: [p.lon!, p.lat!] }, color: COLOURS[p.kind], label: `${p.name} (${t(`directory.placeKinds.${p.kind}`)})` }));
  return (
    <>
      <h1>{t('directory.map.title')}</h1>
      <p>{t('directory.map.intro')}</p>
      <fieldset className="dir-filters">
        <legend>{t('directory.map.layers')}</legend>
        {PLACE_KINDS.map((k) => (
          <label key={k}>
            <input type="checkbox" checked={kinds.includes(k)} onChange={() => toggle(k)} /> <span className="dir-swatch" style={{ background: COLOURS[k] }} aria-hidden="true" /> {t(`directory.placeKinds.${k}`)}
          </label>
        ))}
      </fieldset>
      <div className="dir-map-layout">
        <div>{city.data ? <MapView label={t('directory.map.label')} center={[city.data.centre.lat, city.data.centre.lon]} zoom={city.data.defaultZoom} boundary={city.data.boundary as GeoJSON.Geometry | null} features={features} height={460} /> : null}</div>
        <section aria-labelledby="places-list-title">
          <h2 id="places-list-title">{t('directory.map.count', { count: items.length })}</h2>
          <ul className="dir-places" tabIndex={0} aria-labelledby="places-list-title">
            {items.map((p) => (
              <li key={p.id}>
                <strong>{p.name}</strong> — {t(`directory.placeKinds.${p.kind}`)}
                {typeof p.details.address === 'string' ? `, ${p.details.address}` : ''}
                {typeof p.details.maxPowerKw === 'number' ? `, ${p.details.maxPowerKw} kW` : ''}
                {typeof p.details.surface === 'number' || typeof p.details.surface === 'string' ? `, ${String(p.details.surface)} m²` : ''}
              </li>
            ))}
          </ul>
          {places.data?.attribution ? <p className="dir-small">{places.data.attribution}</p> : null}
        </section>
      </div>
    </>
  );
}
