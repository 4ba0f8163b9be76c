import { PROPERTIES, UNIT_SYMBOLS, isProperty } from '../../../../src/shared/sensor-properties';

export function fmt(v: number | null | undefined, lng: string, digits = 1): string {
  if (v === null || v === undefined) return '—';
  return new Intl.NumberFormat(lng, { maximumFractionDigits: digits }).format(v);
}

export function unit(u: string): string {
  return UNIT_SYMBOLS[u] ?? u;
}

export function propertyLabel(p: string, t: (k: string) => string): string {
  return isProperty(p) ? t(`sensors.property.${p}`) : p;
}

export function when(iso: string | null, lng: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export { PROPERTIES };
