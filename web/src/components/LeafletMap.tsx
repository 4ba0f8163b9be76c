/**
 * The Leaflet half of the one map component (MapView.tsx loads it on demand, so Leaflet and its CSS reach
 * only pages that draw a map). The map: Leaflet with the installation's tile layer, or no background at all when tiles
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
import type { MapFeature, MapViewProps } from './MapView';

/** A cluster's marker: its count as text in a round badge; keyboard-focusable, named by its label. */
function clusterMarker(f: MapFeature, latlng: L.LatLng, m: L.Map): L.Marker {
  const badge = textElement('span', (f.count ?? 0).toLocaleString(document.documentElement.lang || undefined));
  const size = f.count! >= 1000 ? 46 : f.count! >= 100 ? 38 : 30;
  const marker = L.marker(latlng, {
    icon: L.divIcon({ html: badge, className: 'map-cluster', iconSize: [size, size] }),
    title: f.label,
    alt: f.label,
    keyboard: true,
  });
  const bounds = f.bounds;
  if (bounds) marker.on('click', () => m.fitBounds(bounds));
  return marker;
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

export function LeafletMap({ label, center, zoom = 12, boundary, features = [], onPick, picked, height = 360, fitToFeatures, onViewChange }: MapViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layers = useRef<L.LayerGroup | null>(null);
  const pickLayer = useRef<L.LayerGroup | null>(null);
  const platform = usePlatform();
  const onPickRef = useRef(onPick);
  onPickRef.current = onPick;
  const onViewRef = useRef(onViewChange);
  onViewRef.current = onViewChange;

  // The map is created once, at the first centre and zoom; later prop changes are applied by the effects below.
  const initialView = useRef({ center, zoom });

  useEffect(() => {
    if (!container.current || map.current) return;
    const m = L.map(container.current, { ...initialView.current, scrollWheelZoom: false, keyboard: true });
    map.current = m;
    layers.current = L.layerGroup().addTo(m);
    pickLayer.current = L.layerGroup().addTo(m);
    m.on('click', (e: L.LeafletMouseEvent) => onPickRef.current?.([e.latlng.lat, e.latlng.lng]));
    m.on('moveend', () => {
      const b = m.getBounds();
      onViewRef.current?.([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((x) => x.toFixed(5)).join(','));
    });
    return () => {
      // Leaflet finishes a zoom animation from a 250 ms timer that does not check whether the map still exists; leaving
      // the page inside that window threw "reading '_leaflet_pos'" (Leaflet issue 6929). Marking the animation over
      // makes the timer a no-op.
      (m as unknown as { _animatingZoom: boolean })._animatingZoom = false;
      m.off();
      m.remove();
      map.current = null;
    };
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
      if (f.count !== undefined && f.geometry.type === 'Point') {
        const [lon, lat] = f.geometry.coordinates as [number, number];
        clusterMarker(f, L.latLng(lat, lon), m).addTo(group);
        continue;
      }
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
      if (bounds.isValid()) m.fitBounds(bounds, { padding: [20, 20], maxZoom: 15, animate: false });
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
