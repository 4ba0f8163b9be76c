/**
 * The one chart component. Every chart carries a text alternative: the canvas is an image with a label,
 * and the data are available as a table under a "show the data" toggle. Chart.js (about 60 KB brotli) loads
 * on demand (ChartCanvas.tsx) into a box of the chart's final height, so the text around it paints first
 * and nothing moves when the chart arrives (issue 18).
 */
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';

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

const ChartCanvas = lazy(() => import('./ChartCanvas').then((m) => ({ default: m.ChartCanvas })));

export function ChartView({ kind, title, labels, series, yLabel, height = 280, stacked }: ChartProps) {
  const { t } = useTranslation();

  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div className="chart__canvas" style={{ height }}>
        <Suspense fallback={null}>
          <ChartCanvas kind={kind} title={title} labels={labels} series={series} yLabel={yLabel} stacked={stacked} />
        </Suspense>
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
