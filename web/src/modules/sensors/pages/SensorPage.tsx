import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMe } from '../../../api/auth/useMe';
import { ChartView, type Series as ChartSeries } from '../../../components/Chart';
import { FormMessage } from '../../../components/FormMessage';
import { LoadError, Loading } from '../../../components/Status';
import { LIMIT_LINES, type PropertyName } from '../../../../../src/shared/sensor-properties';
import { useFollowMutation, useFollows, useSensor, useSeries } from '../api/queries';
import { BandBadge } from '../components/Band';
import { fmt, propertyLabel, unit, when } from '../format';
import { FeedLink } from '../../notifications';

const PERIODS = [
  { key: 'day', interval: 'hour', days: 1 },
  { key: 'month', interval: 'day', days: 30 },
  { key: 'year', interval: 'day', days: 365 },
] as const;

function SeriesChart({ tenant, id, property, period }: { tenant: string; id: string; property: string; period: (typeof PERIODS)[number] }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const s = useSeries(tenant, id, property, period.interval, period.days);
  if (s.isLoading) return <Loading />;
  if (s.isError || !s.data) return <LoadError onRetry={() => void s.refetch()} />;
  const points = s.data.points;
  const fmtTime = new Intl.DateTimeFormat(lng, period.interval === 'hour' ? { hour: '2-digit', minute: '2-digit' } : { day: 'numeric', month: 'short' });
  const limits = LIMIT_LINES[property as PropertyName];
  const series: ChartSeries[] = [{ label: t(period.interval === 'hour' ? 'sensors.chart.hourly' : 'sensors.chart.daily'), values: points.map((p) => Math.round(p.value * 10) / 10) }];
  if (limits) {
    series.push({ label: t('sensors.chart.who', { value: limits.who24h }), values: points.map(() => limits.who24h), reference: true, color: '#8a5300' });
    series.push({ label: t('sensors.chart.eu', { value: limits.eu24h }), values: points.map(() => limits.eu24h), reference: true, color: '#a4161a' });
  }
  const title = t(`sensors.chart.${period.key}`, { property: propertyLabel(property, t) });
  if (points.length === 0) return <p>{t('sensors.chart.empty', { title })}</p>;
  return <ChartView kind="line" title={title} labels={points.map((p) => fmtTime.format(new Date(p.time)))} series={series} yLabel={unit(s.data.unit)} />;
}

/** One sensor: its latest values and charts over a day, a month and a year (from the roll-ups) with the WHO and EU limits. */
export function SensorPage() {
  const { t, i18n } = useTranslation();
  const { tenant, id } = useParams();
  const sensor = useSensor(tenant, id);
  const me = useMe();
  const signedIn = !!me.data?.authenticated;
  const follows = useFollows(tenant, signedIn);
  const follow = useFollowMutation(tenant ?? '');
  const lng = i18n.language;
  const [property, setProperty] = useState<string | null>(null);

  if (sensor.isLoading) return <Loading />;
  if (sensor.isError || !sensor.data) return <LoadError onRetry={() => void sensor.refetch()} />;
  const s = sensor.data;
  const props = s.latest.map((l) => l.property);
  const current = property ?? (props.includes('pm25') ? 'pm25' : (props[0] ?? 'pm25'));
  const following = !!follows.data?.some((f) => f.sensor === s.id);

  return (
    <>
      <p>
        <Link to={`/${tenant}/air`}>{t('sensors.sensor.back')}</Link>
      </p>
      <h1>{s.name}</h1>
      <FeedLink tenant={tenant ?? ''} kind="sensors.sensor" id={String(s.id)} title={s.name} />
      <p>
        {s.area ? `${t('sensors.list.area')}: ${s.area}. ` : ''}
        {s.owner ? `${t('sensors.sensor.owner')}: ${s.owner}. ` : ''}
        {s.description}
      </p>
      <p>
        {t('sensors.list.band')}: <BandBadge band={s.band} />
      </p>
      {signedIn ? (
        <div className="follow">
          <button type="button" className="button" disabled={follow.isPending} onClick={() => follow.mutate({ on: !following, sensor: s.id })}>
            {following ? t('sensors.follow.unfollowSensor') : t('sensors.follow.followSensor')}
          </button>
          {following ? <p role="status">{t('sensors.follow.followingSensor')}</p> : null}
          <FormMessage error={follow.error} />
        </div>
      ) : (
        <p className="meta">{t('sensors.follow.signInHint')}</p>
      )}

      <h2>{t('sensors.sensor.latest')}</h2>
      <div className="table-wrap" role="region" aria-label={t('sensors.sensor.latest')} tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('sensors.sensor.property')}</th>
              <th scope="col">{t('sensors.sensor.value')}</th>
              <th scope="col">{t('sensors.list.band')}</th>
              <th scope="col">{t('sensors.sensor.time')}</th>
            </tr>
          </thead>
          <tbody>
            {s.latest.map((l) => (
              <tr key={l.property}>
                <th scope="row">{propertyLabel(l.property, t)}</th>
                <td>
                  {fmt(l.value, lng)} {unit(l.unit)}
                </td>
                <td>{l.band ? <BandBadge band={l.band} /> : '—'}</td>
                <td>{when(l.time, lng)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{t('sensors.sensor.charts')}</h2>
      {props.length > 1 ? (
        <div className="field">
          <label htmlFor="aq-property">{t('sensors.sensor.chooseProperty')}</label>
          <select id="aq-property" value={current} onChange={(e) => setProperty(e.target.value)}>
            {props.map((p) => (
              <option key={p} value={p}>
                {propertyLabel(p, t)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {PERIODS.map((p) => (
        <section key={p.key} aria-label={t(`sensors.chart.${p.key}`, { property: propertyLabel(current, t) })}>
          <SeriesChart tenant={tenant!} id={id!} property={current} period={p} />
        </section>
      ))}
    </>
  );
}
