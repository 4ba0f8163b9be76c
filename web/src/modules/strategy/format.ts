/**
 * Small helpers shared by the strategy pages: URL-safe codes, number and money formatting, and the
 * tone (colour) that goes with a status — always shown next to the status in words.
 */
import { UNIT_CODES, unitLabel } from '../../../../src/shared/units';
import type { KpiStatus, ProjectStatus } from './api/types';

/**
 * A code ("A1.P11", "D3.2/5") as one URL path segment. Dots are escaped too: the server serves the web
 * app for any path that does not look like a file, and "/projects/A1.P11" would look like a file ".P11".
 */
export function codeSegment(code: string): string {
  return encodeURIComponent(code).replace(/\./g, '%2E');
}

/** The API path of a code (dots may stay: /api/ paths never fall through to the web app). */
export function apiCode(code: string): string {
  return encodeURIComponent(code);
}

export function formatNumber(value: number | null | undefined, lng: string, maxDigits = 2): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return new Intl.NumberFormat(localeTag(lng), { maximumFractionDigits: maxDigits }).format(value);
}

export function formatMoney(value: number | null | undefined, lng: string): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(localeTag(lng), { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(value);
}

export function formatDate(iso: string | null | undefined, lng: string): string {
  if (!iso) return '—';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(localeTag(lng), { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(d);
}

export function localeTag(lng: string): string {
  return lng === 'en' ? 'en-GB' : lng === 'hu' ? 'hu-HU' : 'ro-RO';
}

export function projectTone(status: ProjectStatus): 'ok' | 'warn' | 'bad' | 'neutral' {
  if (status === 'completed') return 'ok';
  if (status === 'suspended') return 'warn';
  if (status === 'cancelled') return 'bad';
  return 'neutral';
}

export function kpiTone(status: KpiStatus | null | undefined): 'ok' | 'warn' | 'bad' | 'neutral' {
  if (status === 'on_track') return 'ok';
  if (status === 'at_risk') return 'warn';
  if (status === 'off_track') return 'bad';
  return 'neutral';
}

/**
 * Centre and zoom that show a whole area (e.g. the city boundary) in a map about `widthPx` × `heightPx`:
 * MapView only fits to features, and a project without a place should still show the whole city.
 */
export function fitArea(geometry: { type: string; coordinates: unknown } | null | undefined, widthPx: number, heightPx: number): { center: [number, number]; zoom: number } | null {
  if (!geometry) return null;
  const pts: [number, number][] = [];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number') pts.push([c[0], c[1]]);
    else if (Array.isArray(c)) c.forEach(walk);
  };
  walk(geometry.coordinates);
  if (!pts.length) return null;
  const lons = pts.map((p) => p[0]);
  const lats = pts.map((p) => p[1]);
  const [w, e, s, n] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const center: [number, number] = [(s + n) / 2, (w + e) / 2];
  const lonSpan = Math.max(e - w, 1e-4);
  const latSpan = Math.max((n - s) / Math.cos((center[0] * Math.PI) / 180), 1e-4);
  const zoom = Math.floor(Math.min(Math.log2((widthPx * 360) / (256 * lonSpan)), Math.log2((heightPx * 360) / (256 * latSpan))));
  return { center, zoom: Math.max(3, Math.min(16, zoom)) };
}

/** The units staff can choose for a KPI, labelled in the viewer's language, sorted by label; an unknown current code stays choosable. */
export function unitOptions(current: string | undefined, lng: string): { code: string; label: string }[] {
  const codes: string[] = [...UNIT_CODES];
  if (current && !codes.includes(current)) codes.push(current);
  return codes.map((code) => ({ code, label: code.startsWith('{') || unitLabel(code, lng) === code ? unitLabel(code, lng) : `${unitLabel(code, lng)} (${code})` })).sort((a, b) => a.label.localeCompare(b.label, localeTag(lng)));
}
