/**
 * OpenStreetMap tags → the resource map's kinds and details, so an Overpass export (osmtogeojson GeoJSON, or
 * CSV with tag columns) loads as it is. Tags follow the OSM wiki: `amenity=charging_station` with `socket:*`,
 * `leisure=hackerspace`, `office=coworking`, `disused=yes` / `disused:*` / `abandoned:*`, `internet_access=wlan`.
 */
export const PLACE_KINDS = [
  'lab', 'makerspace', 'coworking', 'incubator', 'tech_park', 'university', 'research', 'ev_charging', 'disused_space', 'public_wifi', 'library', 'community_centre', 'funding_programme',
] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

/** The kind a set of OSM tags describes, or null when none of ours. */
export function kindFromTags(t: Record<string, string>): PlaceKind | null {
  const has = (k: string, ...v: string[]) => t[k] !== undefined && (v.length === 0 || v.includes(t[k]!));
  if (has('disused', 'yes') || has('abandoned', 'yes') || Object.keys(t).some((k) => /^(disused|abandoned):/.test(k))) return 'disused_space';
  if (has('amenity', 'charging_station')) return 'ev_charging';
  if (has('leisure', 'hackerspace') || has('amenity', 'makerspace') || has('craft', 'makerspace')) return 'makerspace';
  if (has('office', 'coworking') || has('amenity', 'coworking_space')) return 'coworking';
  if (has('office', 'incubator') || has('office', 'accelerator')) return 'incubator';
  if (has('landuse', 'technology_park') || has('industrial', 'technology_park')) return 'tech_park';
  if (has('amenity', 'research_institute') || has('office', 'research')) return 'research';
  if (has('amenity', 'university', 'college') || has('office', 'educational_institution')) return 'university';
  if (has('amenity', 'library')) return 'library';
  if (has('amenity', 'community_centre')) return 'community_centre';
  if (has('office', 'laboratory') || has('healthcare', 'laboratory')) return 'lab';
  if (has('internet_access', 'wlan', 'wifi', 'yes') && (has('internet_access:fee', 'no') || has('amenity', 'wifi'))) return 'public_wifi';
  return null;
}

/** Details a map needs from the tags: sockets and power for chargers; the address for anything. */
export function detailsFromTags(kind: PlaceKind, t: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const addr = [t['addr:street'], t['addr:housenumber']].filter(Boolean).join(' ');
  if (addr) out.address = addr;
  for (const k of ['operator', 'website', 'opening_hours', 'capacity', 'fee', 'access'] as const) if (t[k]) out[k] = t[k];
  if (kind === 'ev_charging') {
    const sockets: { type: string; count: number | null; outputKw: number | null }[] = [];
    for (const [k, v] of Object.entries(t)) {
      const m = /^socket:([a-z0-9_]+)$/.exec(k);
      if (!m) continue;
      const out = t[`socket:${m[1]}:output`];
      sockets.push({ type: m[1]!, count: /^\d+$/.test(v) ? Number(v) : null, outputKw: out ? Number.parseFloat(out) || null : null });
    }
    out.sockets = sockets;
    const powers = sockets.map((s) => s.outputKw).filter((x): x is number => x !== null);
    if (powers.length) out.maxPowerKw = Math.max(...powers);
  }
  if (kind === 'disused_space') {
    for (const k of ['owner', 'surface', 'conditions', 'contact']) if (t[k]) out[k] = t[k];
  }
  return out;
}

/** "amenity=library" → ["amenity", "library"] (the demo CSV's `osm_main_tag` column). */
export function splitTag(s: string): [string, string] | null {
  const i = s.indexOf('=');
  return i > 0 ? [s.slice(0, i), s.slice(i + 1)] : null;
}
