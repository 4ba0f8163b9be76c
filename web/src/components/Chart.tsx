/**
 * The one chart component, on Chart.js. Every chart carries a text alternative: the canvas is an image
 * with a label, and the data are available as a table under a "show the data" toggle.
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
import { useTranslation } from 'react-i18next';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend, Filler);

export interface Series {
  label: string;
  values: (number | null)[];
  color?: string;
  dashed?: boolean;
  /** draw as a horizontal reference line (limit, target) */
  reference?: boolean;
}

export interface ChartProps {
  kind: 'line' | 'bar';
  title: string;
  labels: string[];
  series: Series[];
  yLabel?: string;
  height?: number;
  stacked?: boolean;
}

const AXIS_LABEL_MAX = 22;
const shorten = (label: string) => (label.length > AXIS_LABEL_MAX ? `${label.slice(0, AXIS_LABEL_MAX - 1)}…` : label);

const PALETTE = ['#0b5394', '#a4161a', '#1e6b2e', '#8a5300', '#5b2a86', '#00687a'];

export function ChartView({ kind, title, labels, series, yLabel, height = 280, stacked }: ChartProps) {
  const { t } = useTranslation();
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

  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div className="chart__canvas" style={{ height }}>
        <canvas ref={canvas} role="img" aria-label={title} />
      </div>
      <details>
        <summary>{t('chart.showData')}</summary>
        {/* A table that scrolls sideways on a phone must be reachable by keyboard (WCAG 2.1.1). */}
        <div className="table-wrap" tabIndex={0} role="region" aria-label={`${title}: ${t('chart.showData')}`}>
          <table>
            <thead>
              <tr>
                <th scope="col">{yLabel ?? ''}</th>
                {series.map((s) => (
                  <th scope="col" key={s.label}>
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {labels.map((l, i) => (
                <tr key={`${l}-${i}`}>
                  <th scope="row">{l}</th>
                  {series.map((s) => (
                    <td key={s.label}>{s.values[i] ?? '—'}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
