/**
 * A small drawing tool for a project's place: a point (one click on the map, or typed coordinates) or an
 * area (a polygon: one click per corner, "remove last corner", "clear"). Built on the one MapView instead
 * of a Leaflet drawing plugin (docs/decisions.md): two shapes are all a project needs, and the corners are
 * also listed as text so the result can be checked without the map.
 */
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useTenant } from '../../../api/tenants/useTenants';
import { MapView, type MapFeature } from '../../../components/MapView';
import type { Geometry } from '../api/types';

export type PlaceMode = 'point' | 'area';

export interface PlaceDrawerProps {
  mode: PlaceMode;
  onMode: (m: PlaceMode) => void;
  /** the point as typed in the form ([lat, lon]) */
  point: [number, number] | null;
  onPoint: (p: [number, number]) => void;
  /** the area's corners, [lat, lon] each, in drawing order */
  corners: [number, number][];
  onCorners: (c: [number, number][]) => void;
}

/** The area as a closed GeoJSON Polygon ([lon, lat]), or null with fewer than three corners. */
export function polygonOf(corners: [number, number][]): Extract<Geometry, { type: 'Polygon' }> | null {
  if (corners.length < 3) return null;
  const ring = corners.map(([lat, lon]): [number, number] => [lon, lat]);
  return { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
}

/** The corners of a stored Polygon (its outer ring without the closing position). */
export function cornersOf(location: { type: string; coordinates: unknown } | null | undefined): [number, number][] {
  if (location?.type !== 'Polygon') return [];
  const ring = (location.coordinates as number[][][])[0] ?? [];
  return ring.slice(0, -1).map(([lon, lat]) => [lat!, lon!]);
}

export function PlaceDrawer({ mode, onMode, point, onPoint, corners, onCorners }: PlaceDrawerProps) {
  const { t } = useTranslation();
  const { tenant } = useParams();
  const city = useTenant(tenant);
  if (!city.data) return null;
  const polygon = polygonOf(corners);
  const features: MapFeature[] =
    mode === 'area'
      ? polygon
        ? [{ id: 'area', geometry: polygon, label: t('strategy.place.area'), color: '#7a1f3d' }]
        : corners.map((c, i) => ({ id: `c${i}`, geometry: { type: 'Point', coordinates: [c[1], c[0]] }, label: t('strategy.place.corner', { n: i + 1 }), color: '#7a1f3d' }))
      : [];
  return (
    <div className="place-drawer">
      <div role="radiogroup" aria-label={t('strategy.place.kind')} className="place-drawer__modes">
        {(['point', 'area'] as const).map((m) => (
          <label key={m}>
            <input type="radio" name="place-mode" value={m} checked={mode === m} onChange={() => onMode(m)} /> {t(`strategy.place.${m}`)}
          </label>
        ))}
      </div>
      <p className="field__hint">{mode === 'point' ? t('strategy.place.pointHint') : t('strategy.place.areaHint')}</p>
      <MapView
        label={t('strategy.place.map')}
        center={point ?? corners[0] ?? [city.data.centre.lat, city.data.centre.lon]}
        zoom={point || corners.length ? 15 : city.data.defaultZoom}
        boundary={city.data.boundary as GeoJSON.Geometry | null}
        features={features}
        picked={mode === 'point' ? point : null}
        onPick={(p) => (mode === 'point' ? onPoint(p) : onCorners([...corners, p]))}
        height={300}
      />
      {mode === 'area' ? (
        <>
          <p aria-live="polite">{t('strategy.place.corners', { count: corners.length })}</p>
          {corners.length ? (
            <ol className="place-drawer__corners">
              {corners.map(([lat, lon], i) => (
                <li key={i}>{`${lat.toFixed(5)}, ${lon.toFixed(5)}`}</li>
              ))}
            </ol>
          ) : null}
          <div className="place-drawer__actions">
            <button type="button" className="button" disabled={!corners.length} onClick={() => onCorners(corners.slice(0, -1))}>
              {t('strategy.place.undo')}
            </button>
            <button type="button" className="button" disabled={!corners.length} onClick={() => onCorners([])}>
              {t('strategy.place.clear')}
            </button>
          </div>
        </>
      ) : null}
    </div>
  );
}
