import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useCan } from '../../../api/auth/useCan';
import { ChartView } from '../../../components/Chart';
import { Field } from '../../../components/Field';
import { FormMessage } from '../../../components/FormMessage';
import { LoadError, Loading } from '../../../components/Status';
import { MapView } from '../../../components/MapView';
import { useTenant } from '../../../api/tenants/useTenants';
import { useAreas, useCounter, useStats } from '../api/queries';

const median = (xs: number[]) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Response times per month (median and 90th percentile) and the share fixed within target, as charts, a table and CSV. */
export function StatsPage() {
  const { t, i18n } = useTranslation();
  const { tenant = '' } = useParams();
  const stats = useStats(tenant);
  const triage = useCan(tenant)('reports.triage');
  const counter = useCounter(tenant);
  const areas = useAreas(tenant);
  const city = useTenant(tenant);
  // the neighbourhood layer: each polygon shaded by its reports in the period (five steps of the maximum)
  const areaFeatures = useMemo(() => {
    const counts = new Map((stats.data?.areas ?? []).map((a) => [a.area, a.submitted]));
    const max = Math.max(1, ...counts.values());
    const shades = ['#f1e6ea', '#d9b3c1', '#c07f97', '#a04c6c', '#7a1f3d'];
    return (areas.data?.items ?? [])
      .filter((a) => a.boundary)
      .map((a) => {
        const n = counts.get(a.code) ?? 0;
        return { id: a.code, geometry: a.boundary as GeoJSON.Geometry, color: shades[Math.min(4, Math.floor((n / max) * 4.999))], label: t('reports.area.mapItem', { name: a.name, count: n }), href: `/${tenant}/reports?area=${a.code}` };
      });
  }, [areas.data, stats.data, t, tenant]);
  const [month, setMonth] = useState(new Date().toISOString().slice(0, 7));
  const [count, setCount] = useState('');
  const fmt = (v: number | null) => (v === null ? '—' : v.toLocaleString(i18n.language, { maximumFractionDigits: 1 }));

  // Per month over all categories (medians of the categories' medians are shown only as a rough guide;
  // the CSV has the exact per-category figures).
  const months = useMemo(() => {
    const by = new Map<string, { submitted: number; fixed: number; inTarget: number; fix: number[]; fixP90: number[]; ack: number[] }>();
    for (const r of stats.data?.rows ?? []) {
      const m = by.get(r.month) ?? { submitted: 0, fixed: 0, inTarget: 0, fix: [], fixP90: [], ack: [] };
      m.submitted += r.submitted;
      m.fixed += r.fixed;
      m.inTarget += r.fixedWithinTarget;
      if (r.fixMedianDays !== null) m.fix.push(r.fixMedianDays);
      if (r.fixP90Days !== null) m.fixP90.push(r.fixP90Days);
      if (r.ackMedianDays !== null) m.ack.push(r.ackMedianDays);
      by.set(r.month, m);
    }
    return [...by.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => ({ month: k, ...v, share: v.submitted ? v.inTarget / v.submitted : null, fixMedian: median(v.fix), fixP90: median(v.fixP90), ackMedian: median(v.ack) }));
  }, [stats.data]);

  const saveCounter = (e: FormEvent) => {
    e.preventDefault();
    counter.mutate({ month, count: Number(count) });
  };

  return (
    <>
      <h1>{t('reports.stats.title')}</h1>
      <p className="lead">{t('reports.stats.intro')}</p>
      <p><a href={`/api/v1/tenants/${tenant}/reports/stats.csv`} download>{t('reports.stats.csv')}</a></p>
      {stats.isPending ? <Loading /> : stats.isError ? <LoadError onRetry={() => void stats.refetch()} /> : null}
      {stats.data ? (
        <>
          <ChartView kind="bar" title={t('reports.stats.volume')} labels={months.map((m) => m.month)} series={[{ label: t('reports.stats.submitted'), values: months.map((m) => m.submitted) }, { label: t('reports.stats.fixed'), values: months.map((m) => m.fixed) }]} />
          <ChartView kind="line" title={t('reports.stats.times')} yLabel={t('reports.stats.daysUnit')} labels={months.map((m) => m.month)} series={[{ label: t('reports.stats.ackMedian'), values: months.map((m) => m.ackMedian) }, { label: t('reports.stats.fixMedian'), values: months.map((m) => m.fixMedian) }, { label: t('reports.stats.fixP90'), values: months.map((m) => m.fixP90), dashed: true }]} />
          <div className="table-wrap" role="region" aria-label={t('reports.stats.table')} tabIndex={0}>
            <table>
              <caption>{t('reports.stats.table')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reports.stats.month')}</th>
                  <th scope="col">{t('reports.stats.submitted')}</th>
                  <th scope="col">{t('reports.stats.fixed')}</th>
                  <th scope="col">{t('reports.stats.ackMedian')}</th>
                  <th scope="col">{t('reports.stats.fixMedian')}</th>
                  <th scope="col">{t('reports.stats.fixP90')}</th>
                  <th scope="col">{t('reports.stats.share')}</th>
                </tr>
              </thead>
              <tbody>
                {months.map((m) => (
                  <tr key={m.month}>
                    <th scope="row">{m.month}</th>
                    <td>{m.submitted}</td>
                    <td>{m.fixed}</td>
                    <td>{fmt(m.ackMedian)}</td>
                    <td>{fmt(m.fixMedian)}</td>
                    <td>{fmt(m.fixP90)}</td>
                    <td>{m.share === null ? '—' : `${Math.round(m.share * 100)} %`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <section aria-labelledby="st-areas">
            <h2 id="st-areas">{t('reports.area.statsTitle')}</h2>
            <p>{areas.data && !areas.data.approximate ? t('reports.area.notePolygons') : t('reports.area.note')}</p>
            {areaFeatures.length && city.data ? (
              <>
                <MapView label={t('reports.area.map')} center={[city.data.centre.lat, city.data.centre.lon]} zoom={city.data.defaultZoom} boundary={city.data.boundary as GeoJSON.Geometry | null} features={areaFeatures} height={380} />
                {areas.data?.attribution ? <p className="muted">{t('reports.area.credit', { source: areas.data.attribution })}</p> : null}
              </>
            ) : null}
            <p><a href={`/api/v1/tenants/${tenant}/reports/stats.csv?by=area`} download>{t('reports.area.csv')}</a></p>
            <ChartView kind="bar" title={t('reports.area.chart')} labels={stats.data.areas.map((a) => a.name ?? t('reports.area.none'))} series={[{ label: t('reports.stats.submitted'), values: stats.data.areas.map((a) => a.submitted) }, { label: t('reports.area.stillOpen'), values: stats.data.areas.map((a) => a.stillOpen) }, { label: t('reports.stats.fixed'), values: stats.data.areas.map((a) => a.fixed) }]} />
            <div className="table-wrap" role="region" aria-label={t('reports.area.table')} tabIndex={0}>
              <table>
                <caption>{t('reports.area.table')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('reports.area.label')}</th>
                    <th scope="col">{t('reports.stats.submitted')}</th>
                    <th scope="col">{t('reports.area.stillOpen')}</th>
                    <th scope="col">{t('reports.stats.fixed')}</th>
                    <th scope="col">{t('reports.stats.fixMedian')}</th>
                    <th scope="col">{t('reports.stats.share')}</th>
                  </tr>
                </thead>
                <tbody>
                  {stats.data.areas.map((a) => (
                    <tr key={a.area ?? '-'}>
                      <th scope="row">{a.name ?? t('reports.area.none')}</th>
                      <td>{a.submitted}</td>
                      <td>{a.stillOpen}</td>
                      <td>{a.fixed}</td>
                      <td>{fmt(a.fixMedianDays)}</td>
                      <td>{a.shareFixedWithinTarget === null ? '—' : `${Math.round(a.shareFixedWithinTarget * 100)} %`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      ) : null}
      {triage ? (
        <section aria-labelledby="st-counter">
          <h2 id="st-counter">{t('reports.stats.counterTitle')}</h2>
          <p>{t('reports.stats.counterIntro')}</p>
          <FormMessage error={counter.error} success={counter.isSuccess ? t('reports.triage.saved') : undefined} />
          <form className="inline-form" onSubmit={saveCounter}>
            <Field label={t('reports.stats.month')} type="month" value={month} onChange={(e) => setMonth(e.target.value)} required />
            <Field label={t('reports.stats.counterCount')} type="number" min={0} value={count} onChange={(e) => setCount(e.target.value)} required />
            <button type="submit" className="button">{t('reports.triage.save')}</button>
          </form>
        </section>
      ) : null}
    </>
  );
}
