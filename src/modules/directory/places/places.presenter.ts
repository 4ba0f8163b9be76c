/** Place rows → API shape and GeoJSON features (what the OGC collections and open datasets serve). */
import type { Multiloc } from '../../../core/i18n.js';
import type { PlaceRow } from './places.repository.js';

export const OSM_ATTRIBUTION = '© OpenStreetMap contributors, ODbL 1.0';

export function presentPlace(p: PlaceRow) {
  const { description, ...details } = p.details as Record<string, unknown> & { description?: Multiloc };
  return {
    id: p.id,
    kind: p.kind as 'lab',
    name: p.name,
    lat: p.lat,
    lon: p.lon,
    details,
    description: description ?? null,
    organisationId: p.organisation_id,
    source: p.source,
    osmId: p.osm_id,
    status: p.status,
    attribution: p.source === 'osm' ? OSM_ATTRIBUTION : null,
  };
}

/** A GeoJSON feature with flat, machine-friendly properties (no personal data: suggesters are never included). */
export function placeFeature(p: PlaceRow) {
  const d = p.details as Record<string, unknown>;
  return {
    id: String(p.id),
    geometry: p.lat !== null && p.lon !== null ? { type: 'Point', coordinates: [p.lon, p.lat] } : null,
    properties: {
      name: p.name,
      kind: p.kind,
      address: (d.address as string | undefined) ?? null,
      operator: (d.operator as string | undefined) ?? null,
      website: (d.website as string | undefined) ?? null,
      max_power_kw: (d.maxPowerKw as number | undefined) ?? null,
      sockets: d.sockets ? JSON.stringify(d.sockets) : null,
      osm_id: p.osm_id,
      source: p.source === 'osm' ? OSM_ATTRIBUTION : 'city staff',
    },
  };
}
