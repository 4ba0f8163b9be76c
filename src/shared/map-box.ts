/**
 * The box a map asks the server for, widened outward to a grid of 1/2^k degrees about an eighth of its span.
 * People looking at about the same place then ask the same question, and the server's kept answer for it
 * (reports' public map) serves them all instead of one box per screen size and pan. The box grows by less
 * than an eighth of its span on each side (one grid step); what lies beyond the screen is simply not seen.
 */
export function snapBbox(bbox: string): string {
  const [w, s, e, n] = bbox.split(',').map(Number) as [number, number, number, number];
  const span = Math.max(e - w, n - s);
  if (![w, s, e, n].every(Number.isFinite) || !(span > 0)) return bbox;
  const step = 2 ** Math.floor(Math.log2(span / 8));
  const down = (x: number) => Math.floor(x / step) * step;
  const up = (x: number) => Math.ceil(x / step) * step;
  const clamp = (x: number, limit: number) => Math.min(limit, Math.max(-limit, x));
  return [clamp(down(w), 180), clamp(down(s), 90), clamp(up(e), 180), clamp(up(n), 90)].map((x) => Number(x.toFixed(7))).join(',');
}
