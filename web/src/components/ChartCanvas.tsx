/**
 * The Chart.js half of the one chart component: Chart.tsx loads it on demand, so Chart.js reaches only pages
 * that draw a chart, and only after their text has painted (issue 18).
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'react';
import type { ChartProps } from './Chart';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend, Filler);

const AXIS_LABEL_MAX = 22;
const shorten = (label: string) => (label.length > AXIS_LABEL_MAX ? `${label.slice(0, AXIS_LABEL_MAX - 1)}…` : label);

const PALETTE = ['#0b5394', '#a4161a', '#1e6b2e', '#8a5300', '#5b2a86', '#00687a'];

export function ChartCanvas({ kind, title, labels, series, yLabel, stacked }: Omit<ChartProps, 'height'>) {
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    if (!canvas.current) return;
    const config: ChartConfiguration = {
      type: kind,
      data: {
        labels,
        datasets: series.map((s, i) => ({
          label: s.label,
          data: s.values,
          borderColor: s.color ?? PALETTE[i % PALETTE.length],
          backgroundColor: s.color ?? PALETTE[i % PALETTE.length],
          borderDash: s.dashed || s.reference ? [6, 4] : [],
          pointRadius: s.reference ? 0 : 3,
          spanGaps: true,
          tension: 0.2,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { position: 'bottom' } },
        // Long category labels (survey options) are shortened on the axis so they cannot squeeze the plot
        // to a sliver; the full text is in the data table below the chart.
        scales: {
          x: { stacked: !!stacked, ticks: { maxRotation: 45, callback: (v, i) => shorten(typeof v === 'number' ? (labels[i] ?? String(v)) : String(v)) } },
          y: { stacked: !!stacked, title: yLabel ? { display: true, text: yLabel } : { display: false } },
        },
      },
    };
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [kind, labels, series, yLabel, stacked]);

  return <canvas ref={canvas} role="img" aria-label={title} />;
}
