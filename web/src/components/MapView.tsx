/**
 * The one map component. Leaflet (about 45 KB brotli with its CSS) loads on demand (LeafletMap.tsx): the page's
 * text paints first, and the map fills a box of its final size, so nothing below it moves (issue 18).
 *
 * A map is not accessible on its own: every page that shows one must also show the same items as a list
 * or table. `label` names the map region for screen readers.
 */
import { lazy, Suspense } from 'react';

export interface MapFeature {
  id: string;
  geometry: GeoJSON.Geometry;
  /** fill colour of the marker or shape */
  color?: string;
  /** shown as the tooltip and in the popup */
  label: string;
  /** opens this page when the popup link is followed */
  href?: string;
  /** a cluster: drawn as a marker showing this number; following it zooms to `bounds` */
  count?: number;
  /** [[south, west], [north, east]] of a cluster */
  bounds?: [[number, number], [number, number]];
}

export interface MapViewProps {
  label: string;
  center: [number, number];
  zoom?: number;
  boundary?: GeoJSON.Geometry | null;
  features?: MapFeature[];
  /** called with [lat, lon] when the user clicks the map (e.g. to place a report) */
  onPick?: (latlon: [number, number]) => void;
  /** a picked point to show */
  picked?: [number, number] | null;
  height?: number;
  /** fit the view to the features instead of the centre/zoom */
  fitToFeatures?: boolean;
  /** called with the visible box as "minLon,minLat,maxLon,maxLat" after the user pans or zooms */
  onViewChange?: (bbox: string) => void;
}

const LeafletMap = lazy(() => import('./LeafletMap').then((m) => ({ default: m.LeafletMap })));

export function MapView(props: MapViewProps) {
  const placeholder = <div className="map" role="region" aria-label={props.label} aria-busy="true" style={{ height: props.height ?? 360 }} />;
  return (
    <Suspense fallback={placeholder}>
      <LeafletMap {...props} />
    </Suspense>
  );
}
