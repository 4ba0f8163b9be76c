import { useTranslation } from 'react-i18next';
import type { ReportStatus } from '../api/types';

/** The status as words (never colour alone). */
export function StatusBadge({ status }: { status: ReportStatus }) {
  const { t } = useTranslation();
  return <span className={`report-status report-status--${status}`}>{t(`reports.status.${status}`)}</span>;
}

export const STATUS_COLOURS: Record<string, string> = {
  open: '#a4161a',
  acknowledged: '#8a5300',
  in_progress: '#5b2a86',
  fixed: '#1e6b2e',
  closed: '#4a4a4a',
  duplicate: '#4a4a4a',
  not_responsible: '#4a4a4a',
  wont_fix: '#4a4a4a',
};

export function formatDate(iso: string, lng: string): string {
  return new Date(iso).toLocaleDateString(lng === 'en' ? 'en-GB' : lng, { day: 'numeric', month: 'long', year: 'numeric' });
}

/** A bbox string (minLon,minLat,maxLon,maxLat) around the city's boundary, or ±0.1° around its centre. */
export function cityBbox(city: { centre: { lat: number; lon: number }; boundary: { coordinates: unknown[] } | null }): string {
  const pts: number[][] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x) && typeof x[0] === 'number') pts.push(x as number[]);
    else if (Array.isArray(x)) x.forEach(walk);
  };
  if (city.boundary) walk(city.boundary.coordinates);
  if (pts.length === 0) return `${city.centre.lon - 0.1},${city.centre.lat - 0.1},${city.centre.lon + 0.1},${city.centre.lat + 0.1}`;
  const lons = pts.map((p) => p[0]!);
  const lats = pts.map((p) => p[1]!);
  return `${Math.min(...lons)},${Math.min(...lats)},${Math.max(...lons)},${Math.max(...lats)}`;
}
