/**
 * Places on our MapView: a picker for forms (click the map, or type the coordinates; optional, can be
 * removed) and a small map showing one point. Both show the coordinates as text next to the map.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTenant } from '../../../api/tenants/useTenants';
import { Field } from '../../../components/Field';
import { MapView, type MapFeature } from '../../../components/MapView';

export interface PlaceValue {
  lat: string;
  lon: string;
}
export const noPlace: PlaceValue = { lat: '', lon: '' };

/** The point as numbers, or undefined when not (fully) given. */
export function placeNumbers(p: PlaceValue): { lat: number; lon: number } | undefined {
  if (!p.lat.trim() || !p.lon.trim()) return undefined;
  const lat = Number(p.lat);
  const lon = Number(p.lon);
  return Number.isFinite(lat) && Number.isFinite(lon) ? { lat, lon } : undefined;
}

export function PlacePicker({ tenant, value, onChange, errors = {}, idPrefix }: { tenant: string; value: PlaceValue; onChange: (v: PlaceValue) => void; errors?: { lat?: string | undefined; lon?: string | undefined }; idPrefix: string }) {
  const { t } = useTranslation();
  const city = useTenant(tenant);
  const point = placeNumbers(value);
  return (
    <fieldset className="pp-place">
      <legend>{t('participation.place.legend')}</legend>
      <p className="field__hint">{t('participation.place.hint')}</p>
      {city.data ? (
        <MapView
          label={t('participation.place.pickMap')}
          center={point ? [point.lat, point.lon] : [city.data.centre.lat, city.data.centre.lon]}
          zoom={13}
          boundary={city.data.boundary as GeoJSON.Geometry | null}
          onPick={([a, b]) => onChange({ lat: a.toFixed(6), lon: b.toFixed(6) })}
          picked={point ? [point.lat, point.lon] : null}
          height={240}
        />
      ) : null}
      <div className="pp-coords">
        <Field id={`${idPrefix}-lat`} label={t('participation.place.lat')} inputMode="decimal" value={value.lat} onChange={(e) => onChange({ ...value, lat: e.target.value })} error={errors.lat} />
        <Field id={`${idPrefix}-lon`} label={t('participation.place.lon')} inputMode="decimal" value={value.lon} onChange={(e) => onChange({ ...value, lon: e.target.value })} error={errors.lon} />
      </div>
      {value.lat || value.lon ? (
        <button type="button" className="link-button" onClick={() => onChange(noPlace)}>
          {t('participation.place.remove')}
        </button>
      ) : null}
    </fieldset>
  );
}

/** A map of one or more points, with the same places as a list (the map alone is not accessible). */
export function PlacesMap({ tenant, label, points, height = 260 }: { tenant: string; label: string; points: { id: string; lat: number; lon: number; label: string; href?: string; color?: string }[]; height?: number }) {
  const { t } = useTranslation();
  const city = useTenant(tenant);
  if (!city.data || !points.length) return null;
  const features: MapFeature[] = points.map((p) => ({ id: p.id, geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, label: p.label, ...(p.href ? { href: p.href } : {}), ...(p.color ? { color: p.color } : {}) }));
  return (
    <div className="pp-map">
      <MapView label={label} center={[points[0]!.lat, points[0]!.lon]} zoom={15} boundary={city.data.boundary as GeoJSON.Geometry | null} features={features} fitToFeatures={points.length > 1} height={height} />
      {points.length === 1 ? (
        <p className="pp-coords-text">{t('participation.place.at', { lat: points[0]!.lat.toFixed(5), lon: points[0]!.lon.toFixed(5) })}</p>
      ) : null}
    </div>
  );
}

/** Several places on a map with the same places as a list of links next to it (ideas, budget projects). */
export function PlacesMapWithList({ tenant, label, points, height }: { tenant: string; label: string; points: { id: string; lat: number; lon: number; label: string; href: string }[]; height?: number }) {
  return (
    <div className="pp-map-list">
      <PlacesMap tenant={tenant} label={label} points={points} {...(height ? { height } : {})} />
      <ul className="pp-map-list__items">
        {points.map((p) => (
          <li key={p.id}>
            <Link to={p.href}>{p.label}</Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
