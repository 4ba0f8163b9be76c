/**
 * A KPI chart's geometry, computed once and drawn by both renderers (SVG in the HTML report, vector paths
 * in the PDF): the line of measurements, the baseline and target lines, the value axis with round ticks.
 */
import type { ChartBlock } from './evaluations.report-doc.js';

export interface ChartGeometry {
  width: number;
  height: number;
  plot: { x: number; y: number; w: number; h: number };
  points: { x: number; y: number }[];
  yTicks: { y: number; label: string }[];
  xLabels: { x: number; label: string; anchor: 'start' | 'end' }[];
  lines: { kind: 'baseline' | 'target'; y: number; label: string }[];
}

/** "Nice" tick step (1, 2 or 5 × 10^n) for about `count` ticks over `span`. */
function step(span: number, count: number): number {
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const r = raw / mag;
  return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * mag;
}

export function chartGeometry(c: ChartBlock, width: number, height: number): ChartGeometry {
  const plot = { x: 56, y: 12, w: width - 56 - 88, h: height - 12 - 28 };
  const values = [...c.points.map((p) => p.value), ...(c.baseline !== null ? [c.baseline] : []), ...(c.target !== null ? [c.target] : [])];
  let lo = Math.min(...values, 0 <= Math.min(...values) ? 0 : Math.min(...values));
  let hi = Math.max(...values);
  if (hi === lo) hi = lo + (Math.abs(lo) || 1);
  const s = step(hi - lo, 4);
  lo = Math.floor(lo / s) * s;
  hi = Math.ceil(hi / s) * s;
  const y = (v: number) => plot.y + plot.h - ((v - lo) / (hi - lo)) * plot.h;
  const n = c.points.length;
  const x = (i: number) => plot.x + (n === 1 ? plot.w / 2 : (i / (n - 1)) * plot.w);
  const yTicks: ChartGeometry['yTicks'] = [];
  for (let v = lo; v <= hi + s / 2; v += s) yTicks.push({ y: y(v), label: c.fmt(Number(v.toPrecision(12))) });
  const lines: ChartGeometry['lines'] = [];
  if (c.baseline !== null) lines.push({ kind: 'baseline', y: y(c.baseline), label: c.labels.baseline });
  if (c.target !== null) lines.push({ kind: 'target', y: y(c.target), label: c.labels.target });
  const xLabels: ChartGeometry['xLabels'] = [{ x: x(0), label: c.points[0]!.label, anchor: 'start' }];
  if (n > 1) xLabels.push({ x: x(n - 1), label: c.points[n - 1]!.label, anchor: 'end' });
  return { width, height, plot, points: c.points.map((p, i) => ({ x: x(i), y: y(p.value) })), yTicks, xLabels, lines };
}
