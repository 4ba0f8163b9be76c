/**
 * The one map component: Leaflet with the installation's tile layer, or no background at all when tiles
 * are off or unreachable (the city boundary and the features still draw, so the map works offline).
 * Features are circle markers and shapes (no image icons, so nothing depends on asset paths).
 *
 * A map is not accessible on its own: every page that shows one must also show the same items as a list
 * or table. `label` names the map region for screen readers.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import { usePlatform } from '../api/platform/usePlatform';

export interface MapFeature {
  id: string;
  geometry: GeoJSON.Geometry;
  /** fill colour of the marker or shape */
  color?: string;
  /** shown as the tooltip and in the popup */
  label: string;
  /** opens this page when the popup link is followed */
  href?: string;
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
}

/** An element holding `text` as text (never parsed as markup), for Leaflet tooltips and popups. */
function textElement<K extends 'span' | 'a'>(tag: K, text: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.textContent = text;
  return el;
}

/** Only the app's own paths and http(s) links go into a popup (never `javascript:` or `data:`). */
function safeHref(href: string): string | undefined {
  if (href.startsWith('/') && !href.startsWith('//')) return href;
  try {
    const u = new URL(href);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

export function MapView({ label, center, zoom = 12, boundary, features = [], onPick, picked, height = 360, fitToFeatures }: MapViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layers = useRef<L.LayerGroup | null>(null);
  const pickLayer = useRef<L.LayerGroup | null>(null);
  const platform = usePlatform();
  const onPickRef = useRef(onPick);
  onPickRef.current = onPick;

  useEffect(() => {
    if (!container.current || map.current) return;
    const m = L.map(container.current, { center, zoom, scrollWheelZoom: false, keyboard: true });
    map.current = m;
    layers.current = L.layerGroup().addTo(m);
    pickLayer.current = L.layerGroup().addTo(m);
    m.on('click', (e: L.LeafletMouseEvent) => onPickRef.current?.([e.latlng.lat, e.latlng.lng]));
    return () => {
      m.remove();
      map.current = null;
    };
    // The map is created once; later prop changes are applied by the effects below.
  }, []);

  useEffect(() => {
    const m = map.current;
    const tileUrl = platform.data?.map.tileUrl;
    if (!m || !tileUrl) return;
    const tiles = L.tileLayer(tileUrl, { attribution: platform.data?.map.attribution, maxZoom: 19 }).addTo(m);
    return () => void tiles.remove();
  }, [platform.data]);

  useEffect(() => {
    const group = layers.current;
    const m = map.current;
    if (!group || !m) return;
    group.clearLayers();
    if (boundary) L.geoJSON(boundary as GeoJSON.GeoJsonObject, { style: { color: '#0b5394', weight: 2, fill: false, dashArray: '6 4' }, interactive: false }).addTo(group);
    for (const f of features) {
      const color = f.color ?? '#0b5394';
      const layer = L.geoJSON(f.geometry as GeoJSON.GeoJsonObject, {
        pointToLayer: (_p, latlng) => L.circleMarker(latlng, { radius: 9, color: '#1a1a1a', weight: 1.5, fillColor: color, fillOpacity: 0.9 }),
        style: { color, weight: 2, fillOpacity: 0.25 },
      });
      // Leaflet treats a string as HTML: labels are people's text, so they go in as DOM text nodes only.
      layer.bindTooltip(textElement('span', f.label));
      const href = f.href !== undefined ? safeHref(f.href) : undefined;
      if (href) {
        const a = textElement('a', f.label);
        a.href = href;
        layer.bindPopup(a);
      }
      layer.addTo(group);
    }
    if (fitToFeatures && features.length) {
      const bounds = L.featureGroup(group.getLayers() as L.Layer[]).getBounds();
      if (bounds.isValid()) m.fitBounds(bounds, { padding: [20, 20], maxZoom: 15 });
    }
  }, [boundary, features, fitToFeatures]);

  useEffect(() => {
    const group = pickLayer.current;
    if (!group) return;
    group.clearLayers();
    if (picked) L.circleMarker(picked, { radius: 11, color: '#1a1a1a', weight: 3, fillColor: '#ffbf47', fillOpacity: 1 }).addTo(group);
  }, [picked]);

  return <div ref={container} className="map" role="region" aria-label={label} style={{ height }} />;
}
